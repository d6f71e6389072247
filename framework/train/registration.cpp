#include "framework/train/registration.h"

#include "framework/train/optimizers.h"
#include "framework/train/schedulers.h"

namespace merlab {

void register_builtin_train_components() {
  register_builtin_optimizers();
  register_builtin_schedulers();
}

}  // namespace merlab
