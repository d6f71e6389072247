#include "framework/storage/records.h"

#include "framework/common/error.h"

namespace merlab::storage {

namespace {
const char* kNames[] = {"PENDING", "RUNNING", "DONE", "FAILED"};

int parse_status(const std::string& text) {
  for (int i = 0; i < 4; ++i)
    if (text == kNames[i]) return i;
  throw RuntimeError("unknown status '" + text + "' in results database; expected PENDING, RUNNING, DONE or FAILED");
}
}  // namespace

const char* to_string(RunStatus s) { return kNames[static_cast<int>(s)]; }
const char* to_string(FoldStatus s) { return kNames[static_cast<int>(s)]; }
RunStatus parse_run_status(const std::string& text) { return static_cast<RunStatus>(parse_status(text)); }
FoldStatus parse_fold_status(const std::string& text) { return static_cast<FoldStatus>(parse_status(text)); }

}  // namespace merlab::storage
