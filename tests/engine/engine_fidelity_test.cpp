// End-to-end checks that a strategy comparison means what it says: equal step budgets, exact
// reproduction whatever the launch, the facts that explain a difference, and clip problems that
// never abort a run.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>

#include "tests/engine/engine_support.h"

using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

std::string db_of(const TempDir& dir, const std::string& sweep) { return (dir / "runs" / sweep / "results.sqlite").string(); }

// Steps of each fold of the run whose strategy label is `strategy`, as "s0,s1,...".
std::string fold_steps(const std::string& db, const std::string& strategy) {
  return scalar(db, "SELECT group_concat(steps) FROM (SELECT f.steps FROM folds f JOIN runs r USING(run_id) "
                    "WHERE r.strategy='" + strategy + "' ORDER BY f.fold)");
}

// Frame files of a clip folder, sorted by name.
std::vector<fs::path> frames_of(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The data of tiny_overrides(dir), written beforehand so that a test can damage it.
int write_tiny_synthetic(const TempDir& dir) {
  return run_mer({"synth", "--out", (dir / "synth").string(), "--subjects", "3", "--clips-per-subject", "4", "--size",
                  "48", "--min-frames", "8", "--max-frames", "14"})
      .exit_code;
}

}  // namespace

TEST(EngineBudget, StepBudgetGivesEveryStrategyTheBaselineSteps) {
  TempDir dir("merlab-budget");
  auto base = with(tiny_overrides(dir, 2), {"train.batch_size=4"});
  auto steps = run_mer(with({"sweep", "--quiet", "--name", "steps", "-m", "aug=single_di,dual_phase_di,dual_phase_only",
                             "train.budget=steps"},
                            base));
  ASSERT_EQ(steps.exit_code, 0) << steps.err;
  const auto db = db_of(dir, "steps");
  const auto baseline = fold_steps(db, "single_di");
  ASSERT_FALSE(baseline.empty());
  EXPECT_NE(baseline.find(','), std::string::npos);  // one value per fold
  EXPECT_EQ(fold_steps(db, "dual_phase_di"), baseline);
  EXPECT_EQ(fold_steps(db, "dual_phase_only"), baseline);

  // With the epochs budget, three samples per clip take about three times the steps.
  auto epochs = run_mer(with({"sweep", "--quiet", "--name", "epochs", "-m", "aug=single_di,dual_phase_di"}, base));
  ASSERT_EQ(epochs.exit_code, 0) << epochs.err;
  const auto db2 = db_of(dir, "epochs");
  EXPECT_EQ(fold_steps(db2, "single_di"), baseline);  // identical for one sample per clip
  const auto total = [&](const std::string& strategy) {
    return std::stoi(scalar(db2, "SELECT SUM(f.steps) FROM folds f JOIN runs r USING(run_id) WHERE r.strategy='" +
                                     strategy + "'"));
  };
  EXPECT_GE(total("dual_phase_di"), 2 * total("single_di"));
}

TEST(EngineReproduce, RunOfOneOfTwoWorkersReproducesExactlyInAPlainProcess) {
  TempDir dir("merlab-repro-workers");
  auto base = tiny_overrides(dir);
  for (auto& o : base)
    if (o == "runtime.threads=1") o = "runtime.threads=2";
  auto r = run_mer(with({"sweep", "--quiet", "--name", "w", "--workers", "2", "-m", "seed=0,1"}, base));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto db = db_of(dir, "w");
  // Each fold records the thread count it ran with: the run's own, not cores / workers.
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE json_extract(provenance, '$.threads') = '2'"), "6");
  EXPECT_EQ(scalar(db, "SELECT COUNT(DISTINCT json_extract(provenance, '$.dataset_fingerprint')) FROM folds"), "1");
  // Both workers took part (each claimed at least one fold) ...
  EXPECT_EQ(scalar(db, "SELECT COUNT(DISTINCT pid) FROM folds"), "2");
  // ... and a plain process reproduces a run bit for bit.
  auto id = scalar(db, "SELECT run_id FROM runs WHERE seed=1");
  auto rep = run_mer({"reproduce", id, "--quiet", "--runs-root", (dir / "runs").string()});
  EXPECT_EQ(rep.exit_code, 0) << rep.out << rep.err;
  EXPECT_NE(rep.out.find("reproduced exactly"), std::string::npos) << rep.out;
}

TEST(EngineReproduce, NamesTheRecordedFactsThatDiffer) {
  TempDir dir("merlab-repro-diff");
  ASSERT_EQ(run_mer(with({"run", "--quiet", "--name", "r"}, tiny_overrides(dir))).exit_code, 0);
  const auto db = db_of(dir, "r");
  const auto id = scalar(db, "SELECT run_id FROM runs");
  {
    // As if the run had been made with another LibTorch that predicted differently.
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("UPDATE folds SET provenance = json_set(provenance, '$.\"version.libtorch\"', '0.0-other') WHERE fold = 0");
    d.exec("UPDATE predictions SET scores = '[0.0]' WHERE fold = 0");
  }
  auto rep = run_mer({"reproduce", id, "--quiet", "--runs-root", (dir / "runs").string()});
  EXPECT_NE(rep.exit_code, 0);
  EXPECT_NE(rep.out.find("NOT reproduced exactly"), std::string::npos) << rep.out;
  EXPECT_NE(rep.out.find("differs: version.libtorch: 0.0-other -> "), std::string::npos) << rep.out;
  EXPECT_NE(rep.out.find("(folds 0)"), std::string::npos) << rep.out;
}

TEST(EngineClipProblems, AFrameMissingInsideAClipSkipsTheClipAndTheRunFinishes) {
  TempDir dir("merlab-clip-gap");
  auto base = tiny_overrides(dir);
  // Generate the data, then remove a frame in the middle of one clip.
  ASSERT_EQ(write_tiny_synthetic(dir), 0);
  fs::path clip;
  for (const auto& e : fs::directory_iterator(dir / "synth" / "CASME2_RAW_selected" / "sub01"))
    if (clip.empty() || e.path() < clip) clip = e.path();
  auto frames = frames_of(clip);
  ASSERT_GE(frames.size(), 8u);
  fs::remove(frames[frames.size() / 2]);

  auto r = run_mer(with({"run", "--quiet", "--name", "gap"}, base));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped"), std::string::npos) << r.err;
  const auto db = db_of(dir, "gap");
  EXPECT_EQ(scalar(db, "SELECT status FROM runs"), "DONE");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status <> 'DONE'"), "0");
  const std::string clip_id = "sub01/" + clip.filename().string();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions WHERE clip_id='" + clip_id + "'"), "0");

  // With di.clip_errors=error the folds fail with the clip named; none is left RUNNING.
  auto strict = run_mer(with({"run", "--quiet", "--name", "strict", "di.clip_errors=error"}, base));
  EXPECT_NE(strict.exit_code, 0);
  const auto db2 = db_of(dir, "strict");
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM folds WHERE status='RUNNING'"), "0");
  EXPECT_EQ(scalar(db2, "SELECT status FROM runs"), "FAILED");
  EXPECT_NE(scalar(db2, "SELECT error FROM folds WHERE fold=0").find(clip_id), std::string::npos);
  auto status = run_mer({"status", (dir / "runs" / "strict").string()});
  EXPECT_NE(status.out.find(clip_id), std::string::npos) << status.out;
}

TEST(EngineClipProblems, CorruptAndOddSizedFramesAreClipProblemsNeverARunningFold) {
  TempDir dir("merlab-clip-faults");
  auto base = tiny_overrides(dir);
  ASSERT_EQ(write_tiny_synthetic(dir), 0);
  std::vector<fs::path> clips;
  for (const auto& e : fs::directory_iterator(dir / "synth" / "CASME2_RAW_selected" / "sub02")) clips.push_back(e.path());
  std::sort(clips.begin(), clips.end());
  ASSERT_GE(clips.size(), 2u);
  // A frame that does not decode (its end marker intact, so only decoding finds it) and a
  // frame of another size, each in the middle of its clip by frame number (the generator
  // writes one frame before onset and a few after offset), so inside onset..offset.
  auto middle = [](const fs::path& clip) {
    auto frames = frames_of(clip);
    std::sort(frames.begin(), frames.end(), [](const fs::path& a, const fs::path& b) {
      return std::stol(a.stem().string().substr(3)) < std::stol(b.stem().string().substr(3));  // imgN.jpg
    });
    return frames[frames.size() / 2];
  };
  write_file(middle(clips[0]), std::string("not a JPEG at all\xFF\xD9"));
  cv::imwrite(middle(clips[1]).string(), cv::Mat(20, 30, CV_8UC3, cv::Scalar::all(128)));

  // `mer datasets check` finds both (it decodes every frame).
  auto check = run_mer(with({"datasets", "check"}, base));
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_NE(check.out.find("unreadable_image"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("frame_size"), std::string::npos) << check.out;

  // A run (verify_images: false) skips both clips and finishes.
  auto r = run_mer(with({"run", "--quiet", "--name", "faults"}, base));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto db = db_of(dir, "faults");
  EXPECT_EQ(scalar(db, "SELECT status FROM runs"), "DONE");
  for (const auto& c : clips) {
    const std::string id = "sub02/" + c.filename().string();
    if (c == clips[0] || c == clips[1]) {
      EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions WHERE clip_id='" + id + "'"), "0") << id;
    }
  }

  // With di.clip_errors=error every fold fails with the clip named, none stays RUNNING, and
  // `mer status` shows the failures.
  auto strict = run_mer(with({"run", "--quiet", "--name", "strict", "di.clip_errors=error"}, base));
  EXPECT_NE(strict.exit_code, 0);
  const auto db2 = db_of(dir, "strict");
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM folds WHERE status='RUNNING'"), "0");
  EXPECT_EQ(scalar(db2, "SELECT status FROM runs"), "FAILED");
  const auto error = scalar(db2, "SELECT error FROM folds WHERE fold=0");
  EXPECT_NE(error.find("sub02/"), std::string::npos) << error;
  auto status = run_mer({"status", (dir / "runs" / "strict").string()});
  EXPECT_NE(status.out.find("failures:"), std::string::npos) << status.out;
}
