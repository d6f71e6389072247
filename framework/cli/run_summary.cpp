#include "framework/cli/run_summary.h"

#include <fmt/format.h>

#include "framework/storage/results_db.h"
#include "reports/format.h"

namespace merlab::cli {

std::string pooled_metrics_line(const std::filesystem::path& db_path, const std::string& run_id) {
  storage::OpenOptions o;
  o.read_only = true;
  const auto run = storage::ResultsDb::open(db_path, o).get_run(run_id);
  auto pct = [](const std::optional<double>& v) { return v ? reports::pct(*v) + "%" : std::string("-"); };
  return fmt::format("pooled over {} folds: acc {}  UF1 {}  UAR {}", run.n_folds, pct(run.acc), pct(run.uf1), pct(run.uar));
}

}  // namespace merlab::cli
