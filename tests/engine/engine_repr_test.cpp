// The representation axis end to end: flow images train a flow network under LOSO, and
// phase_flow gives every clip its two phase flows as samples.
#include <gtest/gtest.h>

#include "tests/engine/engine_support.h"

using namespace merlab::test;

TEST(EngineRepr, FlowStrainAndPhaseFlowRunUnderLoso) {
  TempDir dir;
  auto flow = run_mer(with({"run", "--name", "flow", "--quiet"},
                           with(tiny_overrides(dir), {"repr=flow_strain", "model=ststnet", "model.input_size=28"})));
  ASSERT_EQ(flow.exit_code, 0) << flow.out << flow.err;
  const std::string db = (dir / "runs" / "flow" / "results.sqlite").string();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");
  EXPECT_EQ(scalar(db, "SELECT value FROM params WHERE key='repr.name'"), "flow_strain");

  auto phase = run_mer(with({"run", "--name", "phase", "--quiet"},
                            with(tiny_overrides(dir), {"repr=phase_flow", "model=ststnet", "model.input_size=28"})));
  ASSERT_EQ(phase.exit_code, 0) << phase.out << phase.err;
  const std::string db2 = (dir / "runs" / "phase" / "results.sqlite").string();
  // Two phase flows per training clip instead of one onset->apex flow; one prediction per clip.
  const int one = std::stoi(scalar(db, "SELECT n_train FROM folds WHERE fold = 0"));
  EXPECT_EQ(std::stoi(scalar(db2, "SELECT n_train FROM folds WHERE fold = 0")), 2 * one);
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM predictions"), scalar(db, "SELECT COUNT(*) FROM predictions"));

  auto bad = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"repr=flow", "repr.flow.tau=0.5"})));
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("repr.flow.tau"), std::string::npos) << bad.err;
}

TEST(EngineRepr, DualStreamTrainsOnPhaseDiPairsAndPhaseFlowPairs) {
  TempDir dir;
  const std::vector<std::string> dual = {"model=dual_stream", "model.input_size=32", "model.backbone.name=learnet",
                                         "aug=phase_pair"};
  auto di = run_mer(with({"run", "--name", "pair_di", "--quiet"}, with(tiny_overrides(dir), dual)));
  ASSERT_EQ(di.exit_code, 0) << di.out << di.err;
  auto flow = run_mer(with({"run", "--name", "pair_flow", "--quiet"},
                           with(tiny_overrides(dir), with(dual, {"repr=flow_strain", "model.fusion=concat"}))));
  ASSERT_EQ(flow.exit_code, 0) << flow.out << flow.err;
  auto single = run_mer(with({"run", "--name", "single", "--quiet"}, with(tiny_overrides(dir), {"aug=single_di"})));
  ASSERT_EQ(single.exit_code, 0) << single.out << single.err;
  const std::string db_single = (dir / "runs" / "single" / "results.sqlite").string();
  for (const char* name : {"pair_di", "pair_flow"}) {
    SCOPED_TRACE(name);
    const std::string db = (dir / "runs" / name / "results.sqlite").string();
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");
    // One pair per training clip (as many samples as single_di's one full DI per clip) and one
    // prediction per test clip.
    EXPECT_EQ(scalar(db, "SELECT SUM(n_train) FROM folds"), scalar(db_single, "SELECT SUM(n_train) FROM folds"));
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions"), scalar(db_single, "SELECT COUNT(*) FROM predictions"));
    EXPECT_EQ(scalar(db, "SELECT value FROM params WHERE key='aug.temporal.name'"), "phase_pair");
  }
  // Mismatched pairings are refused before any fold, naming what to use.
  auto wrong_aug = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"model=dual_stream", "aug=dual_phase_di"})));
  EXPECT_EQ(wrong_aug.exit_code, 2) << wrong_aug.out << wrong_aug.err;
  EXPECT_NE(wrong_aug.err.find("aug=phase_pair"), std::string::npos) << wrong_aug.err;
  auto wrong_model = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"aug=phase_pair"})));
  EXPECT_EQ(wrong_model.exit_code, 2) << wrong_model.out << wrong_model.err;
  EXPECT_NE(wrong_model.err.find("model=dual_stream"), std::string::npos) << wrong_model.err;
}
