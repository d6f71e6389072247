// The progress line fits the terminal and names the run; finished folds report their UF1.
#include <gtest/gtest.h>

#include "framework/engine/progress.h"

using namespace merlab;

TEST(Progress, StatusLineFitsTheTerminalAndNamesRunAndFold) {
  Progress p(true, 18, 144);
  p.start_run(2, "resnet18 / dual_phase_di_spatial test=full / seed 1", 8);
  p.start_fold(0, "sub01", 6);
  p.epoch(2, 0.8123, 0.61);
  for (int width : {20, 40, 80, 120, 300}) {
    const auto line = p.status_line(width);
    EXPECT_LE(static_cast<int>(line.size()), width - 1) << width << ": " << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
  const auto wide = p.status_line(300);
  for (const char* text : {"0/144 ETA", "run 3/18", "resnet18 / dual_phase_di_spatial test=full / seed 1", "fold 1/8 sub01",
                           "ep 3/6"})
    EXPECT_NE(wide.find(text), std::string::npos) << text << " in " << wide;
  // In 80 columns the sweep and the run's whole name; the fold from 100 columns on; the
  // epoch's details are what is cut.
  const auto narrow = p.status_line(80);
  EXPECT_NE(narrow.find("0/144 ETA ? | run 3/18 resnet18 / dual_phase_di_spatial test=full / seed 1"), std::string::npos)
      << narrow;
  EXPECT_EQ(narrow.find('['), std::string::npos) << "no bar in 80 columns: " << narrow;
  EXPECT_NE(p.status_line(100).find("| fold 1/8 sub01"), std::string::npos) << p.status_line(100);
  EXPECT_EQ(wide.find("[...."), 0u) << wide;
}

TEST(Progress, FoldDoneTextHasTheFoldsUf1) {
  std::vector<storage::Prediction> preds(4);
  const int truth[] = {0, 1, 2, 0}, guess[] = {0, 1, 1, 0};
  for (int i = 0; i < 4; ++i) preds[static_cast<std::size_t>(i)].y_true = truth[i], preds[static_cast<std::size_t>(i)].y_pred = guess[i];
  // Classes 0 (F1 1), 1 (precision 1/2, recall 1: F1 2/3), 2 (F1 0): UF1 = 5/9.
  EXPECT_EQ(fold_done_text(3, {"sub04"}, preds, 3), "fold 3 (sub04) UF1 55.56%");
  EXPECT_EQ(fold_done_text(3, {"sub04"}, {}, 3), "fold 3 (sub04)");
}
