// Reading a predictions file for `mer eval-preds`: CSV with a header naming the columns
// `subject`, `y_true`, `y_pred` (any order; other columns are ignored).
//
// Labels are either all class names or all class indices (a label that reads as a number,
// such as 3, -1 or 1.5, is meant as an index):
//   - with an explicit class list (--classes a,b,c): every label is one of those names, or
//     every label is an integer index 0..C-1 into the list;
//   - without: indices are non-negative integers below Limits::max_classes and the label space
//     is 0..max; names are the distinct labels of both columns, sorted (byte order).
// A negative or fractional index, an index beyond the classes and a file mixing indices and
// names are errors naming the line, the label and what was expected.
//
// The file is read line by line, never whole: its size and each line's length are bounded by
// Limits::csv_max_file_bytes and Limits::csv_max_line_bytes.
// Errors (missing column, empty file, ragged row, bad label, a limit exceeded) throw
// RuntimeError with "file:line: what was expected".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "framework/common/limits.h"
#include "framework/metrics/loso.h"

namespace merlab::metrics {

struct PredictionTable {
  std::vector<std::string> class_names;       // index -> name
  std::vector<LabeledPrediction> rows;        // group = subject
};

PredictionTable read_predictions_csv(const std::filesystem::path& file,
                                     const std::vector<std::string>& classes = {},
                                     const Limits& limits = Limits{});

// Splits one CSV record (RFC 4180 quotes, "" inside quotes); a trailing '\r' is dropped.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace merlab::metrics
