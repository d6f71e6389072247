// One line with a finished run's pooled LOSO metrics in percent, read from its database:
//   pooled over 8 folds: acc 61.11%  UF1 58.30%  UAR 59.26%
#pragma once

#include <filesystem>
#include <string>

namespace merlab::cli {

std::string pooled_metrics_line(const std::filesystem::path& db_path, const std::string& run_id);

}  // namespace merlab::cli
