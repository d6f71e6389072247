// What every report figure shares so that a strategy looks the same everywhere: one colour per
// strategy label across all figures of a report (bars, improvement, per-subject bars, paper
// figures), the baseline in neutral grey and the others in the Okabe-Ito colour-blind-safe
// palette, assigned in the report's strategy order (baseline, paper order, others).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reports/table_data.h"

namespace merlab::reports {

class StrategyColours {
 public:
  explicit StrategyColours(const std::vector<DatasetTable>& tables);
  // "#rrggbb"; a strategy not seen in the tables gets the last palette colour.
  std::string of(const std::string& strategy) const;
  // gnuplot line/fill colour of a table column: its strategy's colour, or grey-black when the
  // column mixes strategies.
  std::string column(const DatasetTable& t, std::size_t column) const;
  // Fill of a column: solid for the first column of its strategy in the table, a hatch pattern
  // for further ones (e.g. the same strategy with another test input), so both stay apart.
  static std::string fill(const DatasetTable& t, std::size_t column);

 private:
  std::map<std::string, std::string> colours_;
};

// Scale of PNG files over their SVG/PDF size in pixels: the page shows them at the SVG size, so a
// figure is drawn at 2 x 100 = 200 pixels per inch of its nominal size.
inline constexpr int kPngScale = 2;

}  // namespace merlab::reports
