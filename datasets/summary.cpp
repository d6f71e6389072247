#include "datasets/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace merlab {

std::string format_dataset_summary(const DatasetLoad& d) {
  std::string out = fmt::format("dataset {} (protocol {}): {} usable clips from {} sheet rows; {} errors, {} warnings\n",
                                d.name, d.protocol, d.clips.size(), d.sheet_rows, d.error_count(), d.warning_count());

  // Clips per class per subject.
  std::map<std::string, std::vector<int>> per_subject;
  std::vector<int> totals(d.class_names.size(), 0);
  for (const auto& c : d.clips) {
    auto& row = per_subject[c.subject];
    row.resize(d.class_names.size(), 0);
    ++row[static_cast<std::size_t>(c.label)];
    ++totals[static_cast<std::size_t>(c.label)];
  }
  std::size_t first_w = 7;
  for (const auto& [s, _] : per_subject) first_w = std::max(first_w, s.size());
  std::vector<std::size_t> w;
  for (const auto& n : d.class_names) w.push_back(std::max<std::size_t>(n.size(), 4));
  auto line = [&](const std::string& head, const std::vector<std::string>& cells, const std::string& total) {
    std::string l = fmt::format("  {:<{}}", head, first_w);
    for (std::size_t i = 0; i < cells.size(); ++i) l += fmt::format("  {:>{}}", cells[i], w[i]);
    return l + fmt::format("  {:>5}\n", total);
  };
  out += "\nclips per class and subject:\n";
  out += line("subject", d.class_names, "total");
  for (const auto& [s, counts] : per_subject) {
    std::vector<std::string> cells;
    int sum = 0;
    for (int n : counts) {
      cells.push_back(std::to_string(n));
      sum += n;
    }
    out += line(s, cells, std::to_string(sum));
  }
  std::vector<std::string> cells;
  for (int n : totals) cells.push_back(std::to_string(n));
  out += line("total", cells, std::to_string(d.clips.size()));
  out += fmt::format("  ({} subjects)\n", per_subject.size());

  out += "\ndropped clips:\n";
  if (d.dropped_by_reason.empty()) out += "  none\n";
  for (const auto& [reason, n] : d.dropped_by_reason) out += fmt::format("  {:<32} {:>5}\n", reason, n);

  if (!d.corrections_applied.empty()) {
    out += "\ncorrections applied:\n";
    for (const auto& c : d.corrections_applied) out += "  " + c + "\n";
  }

  out += fmt::format("\nproblems ({} errors, {} warnings):\n", d.error_count(), d.warning_count());
  if (d.problems.empty()) out += "  none\n";
  for (const auto& p : d.problems)
    out += fmt::format("  {:<7} [{}] {}\n", p.is_error() ? "error" : "warning", p.kind, p.message);
  return out;
}

}  // namespace merlab
