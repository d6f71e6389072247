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
