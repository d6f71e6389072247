// Human-readable report of a dataset load, as `mer datasets check` prints it: clips per class
// per subject, dropped clips by reason, corrections applied, and every problem.
#pragma once

#include <string>

#include "datasets/dataset.h"

namespace merlab {

std::string format_dataset_summary(const DatasetLoad& load);

}  // namespace merlab
