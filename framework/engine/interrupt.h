// Ctrl-C / SIGTERM: the first signal asks the engine to stop after the current training step;
// the fold in progress is marked FAILED ("interrupted") so a resumed sweep redoes it, and the
// database stays consistent. A second signal exits at once (SQLite's journal still protects the
// file).
#pragma once

#include "framework/common/error.h"

namespace merlab {

struct Interrupted : RuntimeError {
  Interrupted() : RuntimeError("interrupted by signal") {}
};

void install_interrupt_handlers();
bool interrupt_requested();
// Throws Interrupted when a signal arrived.
void check_interrupt();

}  // namespace merlab
