// read_predictions_csv in process (the CLI's behaviour is in eval_preds_test.cpp).
#include "framework/metrics/predictions_csv.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {
std::string error_of(const std::filesystem::path& file) {
  try {
    metrics::read_predictions_csv(file);
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return "<no error>";
}
}  // namespace

TEST(PredictionsCsv, IntegerLabelsAreClassIndices) {
  test::TempDir dir("merlab-preds");
  test::write_file(dir / "p.csv", "subject,y_true,y_pred\ns1,0,2\ns2,1,1\n");
  auto t = metrics::read_predictions_csv(dir / "p.csv");
  EXPECT_EQ(t.class_names, (std::vector<std::string>{"0", "1", "2"}));
  ASSERT_EQ(t.rows.size(), 2u);
}

// Run through fuzz/predictions_csv_fuzz, a 40-byte file with the label 99999999 ran out of
// memory: the inferred label space 0..99999999 is allocated (class names, then the k x k
// confusion matrix). Inferred classes are bounded; an explicit class list is not affected.
TEST(PredictionsCsv, HugeIntegerLabelIsAnErrorNamingTheLine) {
  test::TempDir dir("merlab-preds");
  test::write_file(dir / "p.csv", "subject,y_true,y_pred\ns1,0,1\ns2,99999999,0\n");
  auto msg = error_of(dir / "p.csv");
  EXPECT_NE(msg.find("p.csv:3: y_true label '99999999' is not a class index: expected an integer 0..999"),
            std::string::npos)
      << msg;
  test::write_file(dir / "q.csv", "subject,y_true,y_pred\ns1,0,999\n");
  EXPECT_EQ(metrics::read_predictions_csv(dir / "q.csv").class_names.size(), 1000u);
}
