// Conditions of a report: which resolved-config keys tell runs apart, and the row/column labels
// that keep every such condition in its own table cell (two conditions are never averaged).
//
// A run's condition is its value on every *dimension*:
//   model.name         the model (RunRecord::model), shown bare ("resnet18")
//   strategy           the strategy label (RunRecord::strategy), shown bare ("dual_phase_di")
//   aug.temporal.test  the test input ("full" when the config does not set it; "phase_mean" under
//                      repr=phase_flow, which tests on the phase flows' mean), always shown
//   splitting keys     every other flattened config key ("a.b") whose value differs between
//                      runs of the same (dataset, model, strategy): seeds of one cell must share it
// A key that varies but is constant within every (dataset, model, strategy) group (e.g.
// model.input_size zipped with model.name, aug.temporal.name behind the strategy label) splits
// nothing and is not shown. Keys that never change results are ignored (ignored_config_key).
//
// Axes: rows default to model.name plus the splitting keys under `model.`; columns to strategy,
// the test input and the other splitting keys. `--rows/--cols` name the keys of each axis in
// order; a splitting key (or the test input) named in neither is appended to the columns, and so
// are model.name and strategy when the named keys do not determine them.
//
// Labels: bare values for model.name and strategy, `name=value` for the others, where name is
// the key's shortest dotted suffix that no other shown key shares (train.optimizer.lr -> lr).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "framework/storage/records.h"

namespace merlab::reports {

inline constexpr const char* kModelKey = "model.name";
inline constexpr const char* kStrategyKey = "strategy";
inline constexpr const char* kTestKey = "aug.temporal.test";
inline constexpr const char* kDefaultTest = "full";

// The one place that lists the keys which never change results (the seed is what a cell
// averages over; paths, logging and launch settings only move files around).
const std::vector<std::string>& ignored_config_keys();  // exact keys, or prefixes ending in '.'
bool ignored_config_key(const std::string& key);

// A run's value of a key: model.name and strategy from the run record, the test input defaulting
// to "full", other keys from RunRecord::params ("unset" when the config has no such key).
std::string condition_value(const storage::RunRecord& run, const std::string& key);

struct ConditionOptions {
  std::vector<std::string> rows, cols;  // empty: the defaults above
  std::string baseline = "single_di";   // first column of the strategy order
};

class Conditions {
 public:
  // Throws UsageError for a key in rows/cols that is not a dimension and does not vary among
  // `runs` (the message lists the keys that vary), or for a key named twice.
  Conditions(const std::vector<const storage::RunRecord*>& runs, const ConditionOptions& options);

  const std::vector<std::string>& row_keys() const { return rows_; }
  const std::vector<std::string>& col_keys() const { return cols_; }
  // The test input and the splitting keys: what tells two runs of one (model, strategy) apart.
  const std::vector<std::string>& identity_keys() const { return identity_; }
  // Every key that may be named in rows/cols: the dimensions and every key that varies.
  const std::vector<std::string>& selectable_keys() const { return selectable_; }

  std::vector<std::string> row_values(const storage::RunRecord& run) const { return values(run, rows_); }
  std::vector<std::string> col_values(const storage::RunRecord& run) const { return values(run, cols_); }
  std::string row_label(const std::vector<std::string>& values) const { return label(rows_, values); }
  std::string col_label(const std::vector<std::string>& values) const { return label(cols_, values); }
  // Table order of rows (models by name) and columns (strategy order: baseline, paper order,
  // others; "full" test first; numbers numerically).
  bool row_less(const std::vector<std::string>& a, const std::vector<std::string>& b) const { return less(rows_, a, b); }
  bool col_less(const std::vector<std::string>& a, const std::vector<std::string>& b) const { return less(cols_, a, b); }
  // Header of the row axis ("Model" for the default rows) and of the column axis.
  std::string row_header() const;
  std::string col_header() const;
  // "name" shown for a key in labels.
  std::string short_name(const std::string& key) const;
  // The run's identity keys as "key=value" joined by spaces, leaving out the default test input,
  // so that the cells of a sweep without extra keys keep the ids they always had (seeds, stems).
  std::string condition_id(const storage::RunRecord& run) const;
  // One line for the report page: which keys form the rows and the columns.
  std::string describe() const;

 private:
  std::vector<std::string> values(const storage::RunRecord& run, const std::vector<std::string>& keys) const;
  std::string label(const std::vector<std::string>& keys, const std::vector<std::string>& values) const;
  bool less(const std::vector<std::string>& keys, const std::vector<std::string>& a,
            const std::vector<std::string>& b) const;

  std::string baseline_;
  std::vector<std::string> rows_, cols_, identity_, selectable_;
  std::map<std::string, std::string> short_names_;
};

}  // namespace merlab::reports
