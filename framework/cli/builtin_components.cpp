#include "framework/cli/builtin_components.h"

#include <mutex>

// COMPONENT-HEADERS (one include per module below this line)
#include "framework/models/model_zoo.h"
#include "framework/augment/builtin.h"
#include "framework/train/registration.h"
#include "datasets/dataset.h"

namespace merlab {

void register_builtin_components() {
  static std::once_flag once;
  std::call_once(once, [] {
    // COMPONENT-REGISTRATION (one call per module below this line; each publishes its registry)
    register_builtin_models();
    register_builtin_augmentations();
    register_builtin_train_components();
    register_builtin_datasets();
  });
}

}  // namespace merlab
