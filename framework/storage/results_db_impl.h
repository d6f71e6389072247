// Private to framework/storage: the connection behind a ResultsDb and the row readers that the
// files implementing it share (results_db.cpp: runs and sweeps; fold_claims.cpp: the fold
// protocol; merge.cpp; slurm_jobs.cpp). Nothing outside framework/storage includes this.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "framework/metrics/classification.h"
#include "framework/storage/records.h"
#include "framework/storage/results_db.h"

namespace merlab::storage {

struct ResultsDb::Impl {
  std::filesystem::path path;
  SQLite::Database db;
  int version = 0;
  Impl(const std::filesystem::path& p, int flags, int timeout_ms) : path(p), db(p.string(), flags, timeout_ms) {}
  std::string where() const { return path.string(); }
};

namespace detail {

// Column lists kept next to their readers so that SELECT order and parsing cannot drift apart.
extern const char* const kRunColumns;
extern const char* const kFoldColumns;
RunRecord read_run(SQLite::Statement& st, const std::string& where);
FoldRecord read_fold(SQLite::Statement& st, const std::string& where);

std::optional<double> finite_or_null(double v);
// Pooled metrics of `preds` over the run's classes; throws when a label is outside them.
metrics::Metrics metrics_of(const RunRecord& run, const std::vector<Prediction>& preds,
                            const metrics::MetricOptions& options, const std::string& where);

}  // namespace detail
}  // namespace merlab::storage
