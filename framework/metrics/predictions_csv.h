// Reading a predictions file for `mer eval-preds`: CSV with a header naming the columns
// `subject`, `y_true`, `y_pred` (any order; other columns are ignored).
//
// Labels are class names or integers:
//   - with an explicit class list (--classes a,b,c): a label is one of those names, or an
//     integer index into the list;
//   - without: when every label is a non-negative integer, it is the class index and the label
//     space is 0..max; otherwise the distinct labels of both columns, sorted (byte order), are
//     the classes.
// Errors (missing column, empty file, ragged row, unknown label) throw RuntimeError with
// "file:line: what was expected".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "framework/metrics/loso.h"

namespace merlab::metrics {

struct PredictionTable {
  std::vector<std::string> class_names;       // index -> name
  std::vector<LabeledPrediction> rows;        // group = subject
};

PredictionTable read_predictions_csv(const std::filesystem::path& file,
                                     const std::vector<std::string>& classes = {});

// Splits one CSV record (RFC 4180 quotes, "" inside quotes); a trailing '\r' is dropped.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace merlab::metrics
