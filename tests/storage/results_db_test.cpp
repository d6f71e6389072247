#include "framework/storage/results_db.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "framework/common/error.h"
#include "framework/storage/schema.h"
#include "tests/storage/storage_fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::storage;
using merlab::test::make_result;
using merlab::test::make_run;
using merlab::test::TempDir;

namespace {
long long count(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  return d.execAndGet(sql).getInt64();
}
}  // namespace

TEST(StorageSchema, CreatedAtLatestVersionWithWal) {
  TempDir dir("merlab-store");
  auto path = default_db_path(dir.path(), "sweep-a");
  EXPECT_EQ(path, dir.path() / "sweep-a" / "results.sqlite");
  {
    auto db = ResultsDb::open(path);
    EXPECT_EQ(db.schema_version(), current_schema_version());
    EXPECT_GE(current_schema_version(), 1);
  }
  SQLite::Database d(path.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(d.execAndGet("PRAGMA user_version").getInt(), current_schema_version());
  EXPECT_EQ(d.execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* t : {"sweeps", "runs", "params", "folds", "epochs", "predictions", "artifacts"}) {
    EXPECT_TRUE(d.tableExists(t)) << t;
  }
  // Reopening does not re-run migrations.
  auto again = ResultsDb::open(path);
  EXPECT_EQ(again.schema_version(), current_schema_version());
}

TEST(StorageSchema, MigratesVersionZeroAndRefusesNewer) {
  TempDir dir("merlab-store");
  auto old_file = dir / "old.sqlite";
  { SQLite::Database d(old_file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); d.exec("PRAGMA user_version=0"); }
  // Read-only opening never migrates.
  OpenOptions ro;
  ro.read_only = true;
  EXPECT_THROW(ResultsDb::open(old_file, ro), RuntimeError);
  EXPECT_EQ(ResultsDb::open(old_file).schema_version(), schema::latest_version());
  EXPECT_EQ(ResultsDb::open(old_file, ro).schema_version(), schema::latest_version());

  auto future = dir / "future.sqlite";
  {
    SQLite::Database d(future.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    d.exec("PRAGMA user_version=" + std::to_string(schema::latest_version() + 1));
  }
  try {
    ResultsDb::open(future);
    FAIL() << "expected a RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this build"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ResultsDb::open(dir / "none.sqlite", ro), RuntimeError);
}

TEST(StorageRuns, RegisterIsIdempotentByRunId) {
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  SweepRecord s;
  s.name = "sw";
  s.grid_spec = "model: [resnet18, learnet]";
  s.n_points = 2;
  db.upsert_sweep(s);
  auto run = make_run("r1");
  EXPECT_TRUE(db.register_run(run));
  db.set_run_status("r1", RunStatus::running);
  auto again = run;
  again.model = "changed";
  EXPECT_FALSE(db.register_run(again));  // existing record and status untouched
  auto got = db.get_run("r1");
  EXPECT_EQ(got.model, "resnet18");
  EXPECT_EQ(got.status, RunStatus::running);
  EXPECT_TRUE(got.started.has_value());
  EXPECT_EQ(got.overrides, run.overrides);
  EXPECT_EQ(got.classes, run.classes);
  EXPECT_EQ(got.versions.at("libtorch"), "1.13.1");
  EXPECT_EQ(db.params("r1").at("model.name"), "resnet18");
  EXPECT_EQ(db.runs("sw").size(), 1u);
  EXPECT_EQ(db.get_sweep("sw")->n_points, 2);
  auto clash = run;
  clash.config_hash = "other";
  EXPECT_THROW(db.register_run(clash), RuntimeError);
  EXPECT_THROW(db.get_run("nope"), RuntimeError);
  // A run whose sweep was never upserted gets a placeholder sweep row (foreign key).
  EXPECT_TRUE(db.register_run(make_run("r2", "other-sweep")));
  EXPECT_TRUE(db.get_sweep("other-sweep").has_value());
  EXPECT_EQ(count(db.path(), "SELECT count(*) FROM params WHERE key='model.name' AND value='resnet18'"), 2);
}

TEST(StorageRuns, ReRegisteringRefreshesTheConfigButKeepsStatusAndFolds) {
  // Same run id = same identity: only paths and other non-identity values can differ, and the
  // latest ones are those a resume must use (a moved dataset folder).
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  auto run = make_run("r1");
  run.config_yaml = "dataset: {root: /old}";
  run.params = {{"dataset.root", "/old"}, {"model.name", "resnet18"}};
  ASSERT_TRUE(db.register_run(run));
  db.set_run_status("r1", RunStatus::running);
  auto moved = run;
  moved.config_yaml = "dataset: {root: /new}";
  moved.params = {{"dataset.root", "/new"}, {"model.name", "resnet18"}};
  EXPECT_FALSE(db.register_run(moved));
  auto got = db.get_run("r1");
  EXPECT_EQ(got.config_yaml, "dataset: {root: /new}");
  EXPECT_EQ(got.status, RunStatus::running);
  EXPECT_EQ(db.params("r1").at("dataset.root"), "/new");
  EXPECT_EQ(db.params("r1").size(), 2u);
}

TEST(StorageFolds, CompletionIsAtomic) {
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  ASSERT_TRUE(db.start_fold({"r1", 0, {"sub0"}}));
  db.add_epoch("r1", 0, make_result("r1", 0, 1).epochs[0]);  // live progress row
  auto bad = make_result("r1", 0, 12, 4);
  bad.predictions.back().clip_id = bad.predictions.front().clip_id;  // fails on the LAST insert
  EXPECT_THROW(db.complete_fold(bad), std::exception);
  // Nothing of the failed transaction is visible: fold still RUNNING, no predictions, and the
  // live epoch written before is still the only one.
  auto folds = db.folds("r1");
  ASSERT_EQ(folds.size(), 1u);
  EXPECT_EQ(folds[0].status, FoldStatus::running);
  EXPECT_FALSE(folds[0].acc.has_value());
  EXPECT_TRUE(db.predictions("r1").empty());
  EXPECT_EQ(db.epochs("r1", 0).size(), 1u);
  EXPECT_TRUE(db.completed_folds("r1").empty());

  auto good = make_result("r1", 0, 12, 4);
  EXPECT_TRUE(db.complete_fold(good));
  folds = db.folds("r1");
  EXPECT_EQ(folds[0].status, FoldStatus::done);
  EXPECT_EQ(folds[0].n_test, 12);
  EXPECT_EQ(folds[0].selected_epoch, 3);
  EXPECT_TRUE(folds[0].duration_s.has_value());
  // Fold metrics computed from the predictions: 4 of 12 wrong.
  EXPECT_NEAR(*folds[0].acc, 8.0 / 12.0, 1e-12);
  EXPECT_EQ(db.predictions("r1").size(), 12u);
  EXPECT_EQ(db.predictions("r1")[0].scores, (std::vector<float>{0.1f, 0.7f, 0.2f}));
  EXPECT_EQ(db.epochs("r1", 0).size(), 4u);  // replaced the live row
  EXPECT_EQ(db.completed_folds("r1"), std::vector<int>{0});
  // A second completion (e.g. a worker that was presumed dead) changes nothing.
  EXPECT_FALSE(db.complete_fold(make_result("r1", 0, 5)));
  EXPECT_EQ(db.predictions("r1").size(), 12u);
  // Empty predictions and labels outside the run's classes are refused before writing.
  EXPECT_THROW(db.complete_fold(make_result("r1", 1, 0)), RuntimeError);
  auto out_of_range = make_result("r1", 1, 3);
  out_of_range.predictions[0].y_pred = 7;
  EXPECT_THROW(db.complete_fold(out_of_range), RuntimeError);
  EXPECT_EQ(db.folds("r1").size(), 1u);
}

TEST(StorageFolds, ClaimingRetryAndFailures) {
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  EXPECT_THROW(db.start_fold({"nope", 0, {}}), RuntimeError);
  EXPECT_TRUE(db.start_fold({"r1", 2, {"sub2"}}));
  EXPECT_FALSE(db.start_fold({"r1", 2, {"sub2"}}));  // RUNNING with a fresh heartbeat
  EXPECT_EQ(db.get_run("r1").status, RunStatus::running);
  db.fail_fold("r1", 2, "CUDA out of memory");
  auto f = db.folds("r1").at(0);
  EXPECT_EQ(f.status, FoldStatus::failed);
  EXPECT_EQ(f.error, "CUDA out of memory");
  EXPECT_EQ(f.subjects, std::vector<std::string>{"sub2"});
  EXPECT_TRUE(db.start_fold({"r1", 2, {"sub2"}}));  // retry of a FAILED fold
  f = db.folds("r1").at(0);
  EXPECT_EQ(f.attempt, 2);
  EXPECT_EQ(f.error, "");
  // Takeover of a RUNNING fold only when its heartbeat is older than reclaim_after_s.
  FoldStart s{"r1", 2, {"sub2"}};
  s.reclaim_after_s = 3600;
  EXPECT_FALSE(db.start_fold(s));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  s.reclaim_after_s = 0.001;
  EXPECT_TRUE(db.start_fold(s));
  EXPECT_EQ(db.folds("r1").at(0).attempt, 3);
  EXPECT_TRUE(db.complete_fold(make_result("r1", 2, 6)));
  EXPECT_FALSE(db.start_fold(s));  // DONE folds are never restarted
  db.fail_fold("r1", 2, "late failure");  // ignored: the fold is DONE
  EXPECT_EQ(db.folds("r1").at(0).status, FoldStatus::done);
  // fail_fold on a fold never started creates it.
  db.fail_fold("r1", 5, "dataset missing");
  EXPECT_EQ(db.folds("r1").size(), 2u);

  auto progress = db.progress("sw");
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].done, 1);
  EXPECT_EQ(progress[0].failed, 1);
  ASSERT_EQ(progress[0].failures.size(), 1u);
  EXPECT_EQ(progress[0].failures[0].error, "dataset missing");
}

TEST(StorageFolds, StaleHeartbeatDetection) {
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  ASSERT_TRUE(db.start_fold({"r1", 0, {"s0"}}));
  ASSERT_TRUE(db.start_fold({"r1", 1, {"s1"}}));
  const double t0 = unix_now();
  EXPECT_TRUE(db.stale_running_folds(60, t0).empty());
  auto stale = db.stale_running_folds(60, t0 + 120);
  ASSERT_EQ(stale.size(), 2u);
  EXPECT_EQ(stale[0].fold, 0);
  EXPECT_EQ(stale[0].pid, static_cast<std::int64_t>(::getpid()));
  EXPECT_FALSE(stale[0].host.empty());
  // A heartbeat refreshes one fold; a completed fold is never stale.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  db.heartbeat("r1", 1);
  const double t1 = unix_now();
  stale = db.stale_running_folds(0.02, t1);
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].fold, 0);
  db.complete_fold(make_result("r1", 0, 3));
  EXPECT_EQ(db.stale_running_folds(0, t1 + 1000).size(), 1u);
}

TEST(StorageRuns, FinishRunPoolsStoredPredictions) {
  TempDir dir("merlab-store");
  auto db = ResultsDb::open(dir / "r.sqlite");
  auto run = make_run("r1");
  run.n_folds = 3;
  db.register_run(run);
  std::vector<int> yt, yp;
  for (int f = 0; f < 3; ++f) {
    auto r = make_result("r1", f, 4 + 3 * f);
    for (const auto& p : r.predictions) {
      yt.push_back(p.y_true);
      yp.push_back(p.y_pred);
    }
    if (f < 2) db.complete_fold(r);
  }
  EXPECT_THROW(db.finish_run("r1"), RuntimeError);  // 2 of 3 folds
  db.start_fold({"r1", 2, {"sub2"}});
  EXPECT_THROW(db.finish_run("r1"), RuntimeError);  // fold 2 RUNNING
  db.complete_fold(make_result("r1", 2, 10));
  auto m = db.finish_run("r1");
  auto want = metrics::compute_metrics(yt, yp, 3);
  EXPECT_DOUBLE_EQ(m.uf1, want.uf1);
  auto got = db.get_run("r1");
  EXPECT_EQ(got.status, RunStatus::done);
  EXPECT_DOUBLE_EQ(*got.uf1, want.uf1);
  EXPECT_DOUBLE_EQ(*got.uar, want.uar);
  EXPECT_DOUBLE_EQ(*got.acc, want.accuracy);
  EXPECT_TRUE(got.ended.has_value());
  db.add_artifact({"r1", -1, "metrics_json", "r1/metrics.json", 0});
  db.add_artifact({"r1", -1, "metrics_json", "r1/metrics.json", 0});
  db.add_artifact({"r1", 0, "checkpoint", "r1/fold0.pt", 0});
  EXPECT_EQ(db.artifacts("r1").size(), 2u);
}

TEST(StorageRuns, MergeFromPerTaskDatabases) {
  TempDir dir("merlab-store");
  auto run = make_run("r1");
  run.n_folds = 4;
  for (int task = 0; task < 2; ++task) {
    auto db = ResultsDb::open(dir / ("task" + std::to_string(task) + ".sqlite"));
    db.register_run(run);
    for (int f = task * 2; f < task * 2 + 2; ++f) {
      db.start_fold({"r1", f, {"sub" + std::to_string(f)}});
      db.complete_fold(make_result("r1", f, 5));
    }
    if (task == 1) db.fail_fold("r1", 9, "boom");
  }
  auto merged = ResultsDb::open(dir / "merged.sqlite");
  EXPECT_EQ(merged.merge_from(dir / "task0.sqlite"), 2);
  EXPECT_EQ(merged.merge_from(dir / "task1.sqlite"), 3);
  EXPECT_EQ(merged.merge_from(dir / "task1.sqlite"), 0);  // idempotent
  EXPECT_EQ(merged.completed_folds("r1"), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(merged.predictions("r1").size(), 20u);
  EXPECT_EQ(merged.epochs("r1", 3).size(), 3u);
  EXPECT_EQ(merged.params("r1").size(), 2u);
  EXPECT_THROW(merged.merge_from(dir / "absent.sqlite"), RuntimeError);
}
