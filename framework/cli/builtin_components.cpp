#include "framework/cli/builtin_components.h"

#include <mutex>

// COMPONENT-HEADERS (one include per module below this line)

namespace merlab {

void register_builtin_components() {
  static std::once_flag once;
  std::call_once(once, [] {
    // COMPONENT-REGISTRATION (one call per module below this line; each publishes its registry)
  });
}

}  // namespace merlab
