#include "reports/figure_style.h"

#include <set>

namespace merlab::reports {

namespace {

const char* kBaselineColour = "#7f7f7f";
// Okabe & Ito (2008), without its black and its yellow (too light for thin bars on white).
const std::vector<std::string> kPalette = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#8c564b", "#332288"};

}  // namespace

StrategyColours::StrategyColours(const std::vector<DatasetTable>& tables) {
  std::set<std::string> seen;
  std::string baseline;
  for (const auto& t : tables) {
    baseline = t.baseline;
    for (const auto& s : t.column_strategy)
      if (!s.empty()) seen.insert(s);
  }
  std::size_t next = 0;
  for (const auto& s : order_strategies(std::vector<std::string>(seen.begin(), seen.end()), baseline))
    colours_[s] = s == baseline ? kBaselineColour : kPalette[std::min(next++, kPalette.size() - 1)];
}

std::string StrategyColours::of(const std::string& strategy) const {
  auto it = colours_.find(strategy);
  return it == colours_.end() ? kPalette.back() : it->second;
}

std::string StrategyColours::column(const DatasetTable& t, std::size_t column) const {
  return t.column_strategy[column].empty() ? "#333333" : of(t.column_strategy[column]);
}

std::string StrategyColours::fill(const DatasetTable& t, std::size_t column) {
  int earlier = 0;
  for (std::size_t c = 0; c < column; ++c) earlier += t.column_strategy[c] == t.column_strategy[column] ? 1 : 0;
  return earlier == 0 ? "fs solid 0.85 border -1" : "fs pattern " + std::to_string(1 + (earlier - 1) % 6) + " border -1";
}

}  // namespace merlab::reports
