// One entry point for builtin_components.cpp: registers the optimizers and the schedulers.
#pragma once

namespace merlab {

void register_builtin_train_components();

}  // namespace merlab
