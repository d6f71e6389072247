// The one place every built-in component (dataset, strategy, augmentation, model, optimizer,
// scheduler) is registered. Idempotent.
#pragma once
namespace merlab {
void register_builtin_components();
}
