// End-to-end engine tests through the real `mer` binary on a tiny synthetic dataset.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/engine/engine_support.h"

using namespace merlab::test;
namespace fs = std::filesystem;

namespace {
std::string db_of(const TempDir& dir, const std::string& sweep) { return (dir / "runs" / sweep / "results.sqlite").string(); }
}  // namespace

TEST(EngineRun, RunsLosoAndLogsEveryFoldEpochAndPrediction) {
  TempDir dir("merlab-engine");
  auto r = run_mer(with({"run", "--name", "one", "--quiet"}, tiny_overrides(dir, 2)));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto db = db_of(dir, "one");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM runs WHERE status='DONE'"), "1");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");  // one fold per subject
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM epochs"), "6");                      // 3 folds x 2 epochs
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions"), "12");                // every clip once
  EXPECT_EQ(scalar(db, "SELECT COUNT(DISTINCT clip_id) FROM predictions"), "12");
  EXPECT_NE(scalar(db, "SELECT uf1 FROM runs"), "NULL");
  // The held-out subject of each fold is exactly the subject of its predictions.
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions p JOIN folds f ON f.run_id=p.run_id AND f.fold=p.fold "
                       "WHERE f.subjects <> p.subject"), "0");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM params WHERE key='model.name' AND value='learnet'"), "1");
}

TEST(EngineRun, SameConfigAndSeedGiveIdenticalPredictions) {
  TempDir a("merlab-det-a"), b("merlab-det-b");
  auto ra = run_mer(with({"run", "--name", "d", "--quiet", "seed=3"}, tiny_overrides(a)));
  auto rb = run_mer(with({"run", "--name", "d", "--quiet", "seed=3"}, tiny_overrides(b)));
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  auto pa = prediction_rows(db_of(a, "d")), pb = prediction_rows(db_of(b, "d"));
  ASSERT_EQ(pa.size(), 12u);
  // Paths differ between a and b, so run ids differ; compare everything after the run id.
  for (std::size_t i = 0; i < pa.size(); ++i) EXPECT_EQ(pa[i].substr(pa[i].find('|')), pb[i].substr(pb[i].find('|')));
}

TEST(EngineRun, InvalidConfigFailsBeforeTrainingWithExit2) {
  TempDir dir("merlab-bad");
  auto r = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"model=resnet81"})));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("resnet18"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "runs"));
  r = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"train.optimizer.name=adamw2"})));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir / "runs"));
}

TEST(EngineRun, NonFiniteLossFailsTheFoldAndTheSweepGoesOn) {
  TempDir dir("merlab-nan");
  // Plain SGD with a huge step overflows the weights after the first update.
  auto r = run_mer(with({"sweep", "--quiet", "--name", "nan", "-m", "train.optimizer.lr=1e30,0.001"},
                        with(tiny_overrides(dir, 3), {"train.optimizer.name=sgd", "train.optimizer.weight_decay=0"})));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one run failed
  const auto db = db_of(dir, "nan");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM runs WHERE status='DONE'"), "1");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM runs WHERE status='FAILED'"), "1");
  auto msg = scalar(db, "SELECT error FROM folds WHERE status='FAILED' LIMIT 1");
  EXPECT_TRUE(msg.find("nan") != std::string::npos || msg.find("inf") != std::string::npos ||
              msg.find("finite") != std::string::npos) << msg;
}

TEST(EngineSweep, ChangedGridUnderTheSameNameNeedsNew) {
  TempDir dir("merlab-new");
  auto base = tiny_overrides(dir);
  ASSERT_EQ(run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,1"}, base)).exit_code, 0);
  // Same grid again: resumes, nothing to do, same results.
  auto before = prediction_rows(db_of(dir, "s"));
  auto again = run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,1"}, base));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(prediction_rows(db_of(dir, "s")), before);
  auto changed = run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,2"}, base));
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.err.find("--new"), std::string::npos) << changed.err;
  auto replaced = run_mer(with({"sweep", "--quiet", "--name", "s", "--new", "-m", "seed=0,2"}, base));
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_TRUE(fs::exists(dir / "runs" / "s.old-1" / "results.sqlite"));  // nothing lost
}

TEST(EngineSweep, RunIdsDoNotDependOnPathsAndAMovedDatasetResumes) {
  TempDir dir("merlab-identity");
  auto base = tiny_overrides(dir);
  ASSERT_EQ(run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,1"}, base)).exit_code, 0);
  const std::string ids = "SELECT group_concat(run_id, ',') FROM (SELECT run_id FROM runs ORDER BY run_id)";
  const auto first = scalar(db_of(dir, "s"), ids);
  const auto before = prediction_rows(db_of(dir, "s"));

  // The same experiment in another runs folder, with another thread count and cache: same ids.
  auto elsewhere = with(base, {"output.root=" + (dir / "runs2").string(), "runtime.threads=2",
                               "di.cache_dir=" + (dir / "cache2").string(), "output.heartbeat_s=1"});
  auto r = run_mer(with({"sweep", "--quiet", "--name", "s", "--dry-run", "-m", "seed=0,1"}, elsewhere));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("per model (1 recipe)"), std::string::npos) << r.out;  // both seeds, one recipe
  ASSERT_EQ(run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,1"}, elsewhere)).exit_code, 0);
  EXPECT_EQ(scalar((dir / "runs2" / "s" / "results.sqlite").string(), ids), first);

  // The dataset folder moves: the sweep is still the same sweep (no --new), nothing is recomputed,
  // and the stored config now names the new folder.
  fs::rename(dir / "synth", dir / "moved");
  auto moved = with(base, {"dataset.root=" + (dir / "moved").string()});
  auto again = run_mer(with({"sweep", "--quiet", "--name", "s", "-m", "seed=0,1"}, moved));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(scalar(db_of(dir, "s"), ids), first);
  EXPECT_EQ(prediction_rows(db_of(dir, "s")), before);
  EXPECT_NE(scalar(db_of(dir, "s"), "SELECT config_yaml FROM runs LIMIT 1").find((dir / "moved").string()), std::string::npos);
}

TEST(EngineSweep, TwoWorkersGiveTheSameResultsAsOne) {
  TempDir dir("merlab-workers");
  auto base = tiny_overrides(dir);
  ASSERT_EQ(run_mer(with({"sweep", "--quiet", "--name", "w1", "-m", "seed=0,1"}, base)).exit_code, 0);
  auto r = run_mer(with({"sweep", "--quiet", "--name", "w2", "--workers", "2", "-m", "seed=0,1"}, base));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(prediction_rows(db_of(dir, "w1")), prediction_rows(db_of(dir, "w2")));
  EXPECT_EQ(scalar(db_of(dir, "w2"), "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "6");
}

TEST(EngineSweep, ResumesAfterAWorkerIsKilledMidFold) {
  TempDir dir("merlab-kill");
  auto base = with(tiny_overrides(dir, 6), {"output.heartbeat_s=0.2"});
  // Reference: the same sweep without interruption.
  ASSERT_EQ(run_mer(with({"sweep", "--quiet", "--name", "ref"}, base)).exit_code, 0);

  std::string cmd = shell_quote(MER_BINARY) + " sweep --quiet --name k";
  for (const auto& o : base) cmd += " " + shell_quote(o);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + cmd + " >/dev/null 2>&1").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill once the first fold is done and the second is running.
  const auto db = db_of(dir, "k");
  bool killed = false;
  for (int i = 0; i < 600 && !killed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!fs::exists(db)) continue;
    try {
      if (scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'") >= "1" &&
          scalar(db, "SELECT COUNT(*) FROM folds WHERE status='RUNNING'") == "1") {
        ::kill(pid, SIGKILL);
        killed = true;
      }
    } catch (const std::exception&) {
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(killed) << "the sweep finished before it could be killed";
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='RUNNING'"), "1");  // left behind by the dead worker
  auto resumed = run_mer(with({"sweep", "--quiet", "--name", "k"}, base));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");
  EXPECT_EQ(scalar(db, "SELECT MAX(attempt) FROM folds"), "2");  // the killed fold was redone
  auto ref = prediction_rows(db_of(dir, "ref")), got = prediction_rows(db);
  EXPECT_EQ(ref, got);  // same run ids (same config), same predictions
}

TEST(EngineReproduce, RerunsALoggedRunAndReportsAnExactMatch) {
  TempDir dir("merlab-repro");
  ASSERT_EQ(run_mer(with({"run", "--quiet", "--name", "r"}, tiny_overrides(dir))).exit_code, 0);
  auto id = scalar(db_of(dir, "r"), "SELECT run_id FROM runs");
  auto r = run_mer({"reproduce", id.substr(0, 8), "--quiet", "--runs-root", (dir / "runs").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("reproduced exactly"), std::string::npos) << r.out;
  auto missing = run_mer({"reproduce", "ffffffff", "--runs-root", (dir / "runs").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

// Weight files absent here do not stop an estimate (random weights cost the same per step), but
// the estimate names each missing file and the command that fetches them.
TEST(EngineSweep, EstimateNamesMissingWeightFilesWithoutLoadingThem) {
  TempDir dir("merlab-estimate-weights");
  auto args = tiny_overrides(dir);
  for (auto& a : args)
    if (a == "model=learnet") a = "model=resnet18";
  fs::create_directories(dir / "weights");
  auto r = run_mer(with({"sweep", "--estimate", "model.pretrained=imagenet", "model.input_size=32",
                         "weights.dir=" + (dir / "weights").string()},
                        args));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("resnet18-f37072fd.pth"), std::string::npos) << r.out;  // the weights column
  EXPECT_NE(r.out.find("1 weight file is missing here"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((dir / "weights" / "resnet18-f37072fd.pth").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fetch-weights.py"), std::string::npos) << r.out;
  // The same sweep without --estimate refuses to start, naming the file.
  auto run = run_mer(with({"sweep", "--quiet", "model.pretrained=imagenet", "model.input_size=32",
                           "weights.dir=" + (dir / "weights").string()},
                          args));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("resnet18-f37072fd.pth"), std::string::npos) << run.err;
}

TEST(EngineSweep, EstimateCountsFoldsAndTimesEachModelWithoutRunning) {
  TempDir dir("merlab-estimate");
  auto r = run_mer(with({"sweep", "--estimate", "-m", "seed=0,1"}, tiny_overrides(dir)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 3 subjects: 3 LOSO folds per run; one model setting measured once for both seeds.
  EXPECT_NE(r.out.find("2 runs, 6 folds; estimated wall time with one worker: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ms per training sample"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("learnet", r.out.find("ms per training sample") + 1), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "runs"));  // nothing was run or written
}
