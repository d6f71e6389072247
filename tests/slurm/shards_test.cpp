#include "framework/slurm/shards.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "framework/common/strings.h"
#include "framework/slurm/jobs.h"
#include "framework/slurm/layout.h"
#include "framework/slurm/status_view.h"
#include "framework/storage/results_db.h"
#include "tests/storage/storage_fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::slurm;
using merlab::test::make_result;
using merlab::test::make_run;
using storage::FoldStatus;
using storage::ResultsDb;

namespace {

// A sweep folder whose database holds runs r1 and r2 (PENDING, fold count not known yet), as
// prepare_sweep leaves it before submitting.
struct SweepFixture {
  merlab::test::TempDir tmp{"merlab-slurm"};
  std::filesystem::path dir = tmp.path() / "sw";
  std::filesystem::path db_path = dir / "results.sqlite";
  SweepFixture() {
    auto db = ResultsDb::open(db_path);
    storage::SweepRecord s;
    s.name = "sw";
    s.n_points = 2;
    db.upsert_sweep(s);
    db.register_run(make_run("r1"));
    db.register_run(make_run("r2"));
  }
  // Runs task `task` of submission `k`: copies the run into its shard and completes `folds`
  // (with `n` predictions each), claiming `running` without finishing them.
  std::filesystem::path shard(int k, int task, const std::string& run, std::vector<int> folds,
                              std::vector<int> running = {}, int n = 6, int n_folds = 2) {
    auto path = shard_path(dir, k, task);
    prepare_shard(db_path, path, run);
    auto db = ResultsDb::open(path);
    db.set_run_folds(run, n_folds);
    for (int f : folds) {
      storage::FoldStart start(run, f, {"sub" + std::to_string(f)});
      start.slurm_job_id = "77";
      start.slurm_task_id = task;
      EXPECT_TRUE(db.start_fold(start));
      EXPECT_TRUE(db.complete_fold(make_result(run, f, n)));
    }
    for (int f : running) EXPECT_TRUE(db.start_fold(storage::FoldStart(run, f)));
    return path;
  }
};

// Every row of every table, as text: "changes nothing" means this is identical.
std::string dump(const std::filesystem::path& db_path) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  std::string out;
  for (const char* t : {"sweeps", "runs", "params", "folds", "epochs", "predictions", "artifacts"}) {
    SQLite::Statement st(db, std::string("SELECT * FROM ") + t + " ORDER BY 1, 2");
    while (st.executeStep()) {
      out += t;
      for (int i = 0; i < st.getColumnCount(); ++i) out += "|" + st.getColumn(i).getString();
      out += "\n";
    }
  }
  return out;
}

}  // namespace

TEST(SlurmMerge, CopiesDoneFoldsAndPoolsLikeASingleDatabase) {
  SweepFixture fx;
  fx.shard(0, 0, "r1", {0, 1});
  fx.shard(0, 1, "r2", {0});
  auto summary = merge_shards(fx.dir);
  ASSERT_EQ(summary.shards.size(), 2u);
  EXPECT_EQ(summary.shards[0].done_copied, 2);
  EXPECT_EQ(summary.shards[1].done_copied, 1);
  EXPECT_EQ(summary.runs_finished, std::vector<std::string>{"r1"});
  EXPECT_EQ(summary.conflicts(), 0);

  // Reference: the same folds completed directly in one database.
  merlab::test::TempDir ref_dir("merlab-slurm-ref");
  auto ref = ResultsDb::open(ref_dir / "ref.sqlite");
  ref.register_run(make_run("r1"));
  ref.set_run_folds("r1", 2);
  for (int f : {0, 1}) {
    ASSERT_TRUE(ref.start_fold(storage::FoldStart("r1", f)));
    ASSERT_TRUE(ref.complete_fold(make_result("r1", f, 6)));
  }
  auto expected = ref.finish_run("r1");

  auto db = ResultsDb::open(fx.db_path);
  auto r1 = db.get_run("r1");
  EXPECT_EQ(r1.status, storage::RunStatus::done);
  EXPECT_EQ(r1.n_folds, 2);
  EXPECT_DOUBLE_EQ(*r1.acc, expected.accuracy);
  EXPECT_DOUBLE_EQ(*r1.uf1, expected.uf1);
  EXPECT_DOUBLE_EQ(*r1.uar, expected.uar);
  EXPECT_EQ(db.predictions("r1").size(), 12u);
  EXPECT_EQ(db.epochs("r1", 1).size(), 3u);
  // Slurm ids travel with the fold.
  auto folds = db.folds("r1");
  ASSERT_EQ(folds.size(), 2u);
  EXPECT_EQ(folds[0].slurm_job_id, "77");
  EXPECT_EQ(folds[0].slurm_task_id, 0);
  // r2 has one of two folds: not finished.
  EXPECT_EQ(db.get_run("r2").status, storage::RunStatus::pending);
  EXPECT_EQ(db.completed_folds("r2"), std::vector<int>{0});
}

TEST(SlurmMerge, MergingTwiceChangesNothing) {
  SweepFixture fx;
  fx.shard(0, 0, "r1", {0, 1});
  fx.shard(0, 1, "r2", {0}, {1});
  merge_shards(fx.dir);
  const auto before = dump(fx.db_path);
  auto again = merge_shards(fx.dir);
  EXPECT_EQ(dump(fx.db_path), before);
  ASSERT_EQ(again.shards.size(), 2u);
  EXPECT_EQ(again.shards[0].done_copied, 0);
  EXPECT_EQ(again.shards[0].duplicates, 2);
  EXPECT_EQ(again.shards[1].duplicates, 1);
  EXPECT_TRUE(again.runs_finished.empty());
  EXPECT_EQ(again.conflicts(), 0);
}

TEST(SlurmMerge, PartialShardKeepsOnlyCompleteFolds) {
  SweepFixture fx;
  // The task was killed while computing fold 1 (time limit): fold 1 stays RUNNING in its shard.
  fx.shard(0, 0, "r1", {0}, {1});
  auto summary = merge_shards(fx.dir);
  ASSERT_EQ(summary.shards.size(), 1u);
  EXPECT_EQ(summary.shards[0].done_copied, 1);
  EXPECT_EQ(summary.shards[0].incomplete, 1);
  auto db = ResultsDb::open(fx.db_path);
  auto folds = db.folds("r1");
  ASSERT_EQ(folds.size(), 1u);
  EXPECT_EQ(folds[0].fold, 0);
  EXPECT_EQ(folds[0].status, FoldStatus::done);
  EXPECT_EQ(db.get_run("r1").status, storage::RunStatus::pending);
  EXPECT_FALSE(db.get_run("r1").acc);

  // The resubmitted task (next submission) completes fold 1; the run is then pooled.
  fx.shard(1, 0, "r1", {1});
  auto second = merge_shards(fx.dir);
  EXPECT_EQ(second.runs_finished, std::vector<std::string>{"r1"});
  EXPECT_EQ(ResultsDb::open(fx.db_path).get_run("r1").status, storage::RunStatus::done);
}

TEST(SlurmMerge, ConflictingShardsKeepFirstAndReport) {
  SweepFixture fx;
  fx.shard(0, 0, "r1", {0, 1});
  // A second shard with the same DONE fold 0 but other predictions (e.g. another build).
  auto other = shard_path(fx.dir, 0, 1);
  prepare_shard(fx.db_path, other, "r1");
  {
    auto db = ResultsDb::open(other);
    ASSERT_TRUE(db.start_fold(storage::FoldStart("r1", 0)));
    auto result = make_result("r1", 0, 6);
    result.predictions[1].y_pred = (result.predictions[1].y_pred + 1) % 3;
    ASSERT_TRUE(db.complete_fold(result));
  }
  auto summary = merge_shards(fx.dir);
  ASSERT_EQ(summary.shards.size(), 2u);
  EXPECT_TRUE(summary.shards[0].conflicts.empty());
  EXPECT_EQ(summary.shards[1].conflicts, std::vector<std::string>{"run r1 fold 0"});
  EXPECT_EQ(summary.conflicts(), 1);
  // The first merged predictions are kept.
  auto db = ResultsDb::open(fx.db_path);
  auto kept = make_result("r1", 0, 6);
  auto preds = db.predictions("r1");
  ASSERT_EQ(preds.size(), 12u);
  for (int i = 0; i < 6; ++i) {
    const auto it = std::find_if(preds.begin(), preds.end(), [&](const auto& p) {
      return p.fold == 0 && p.clip_id == kept.predictions[static_cast<std::size_t>(i)].clip_id;
    });
    ASSERT_NE(it, preds.end());
    EXPECT_EQ(it->y_pred, kept.predictions[static_cast<std::size_t>(i)].y_pred);
  }
  // Identical predictions in a third shard are a duplicate, not a conflict.
  fx.shard(0, 2, "r1", {1});
  auto third = merge_shards(fx.dir);
  EXPECT_EQ(third.shards[2].duplicates, 1);
  EXPECT_TRUE(third.shards[2].conflicts.empty());
}

TEST(SlurmMerge, FailedFoldVisibleThenReplacedByDone) {
  SweepFixture fx;
  auto path = fx.shard(0, 0, "r1", {0}, {});
  {
    auto db = ResultsDb::open(path);
    ASSERT_TRUE(db.start_fold(storage::FoldStart("r1", 1)));
    db.fail_fold("r1", 1, "loss is NaN");
  }
  auto summary = merge_shards(fx.dir);
  EXPECT_EQ(summary.shards[0].failed_copied, 1);
  EXPECT_EQ(summary.runs_failed, std::vector<std::string>{"r1"});
  {
    auto db = ResultsDb::open(fx.db_path);
    auto folds = db.folds("r1");
    ASSERT_EQ(folds.size(), 2u);
    EXPECT_EQ(folds[1].status, FoldStatus::failed);
    EXPECT_EQ(folds[1].error, "loss is NaN");
    EXPECT_EQ(db.get_run("r1").status, storage::RunStatus::failed);
  }
  fx.shard(1, 0, "r1", {1});
  auto second = merge_shards(fx.dir);
  EXPECT_EQ(second.runs_finished, std::vector<std::string>{"r1"});
  auto db = ResultsDb::open(fx.db_path);
  EXPECT_EQ(db.get_run("r1").status, storage::RunStatus::done);
  EXPECT_EQ(db.completed_folds("r1"), (std::vector<int>{0, 1}));
}

TEST(SlurmMerge, ShardOfAnotherSweepIsRefusedOthersStillMerged) {
  SweepFixture fx;
  fx.shard(0, 0, "r1", {0});
  {
    auto db = ResultsDb::open(shard_path(fx.dir, 0, 1));
    db.register_run(make_run("stranger"));
  }
  auto summary = merge_shards(fx.dir);
  ASSERT_EQ(summary.shards.size(), 2u);
  EXPECT_TRUE(summary.shards[0].error.empty());
  EXPECT_NE(summary.shards[1].error.find("run stranger is not in"), std::string::npos) << summary.shards[1].error;
  EXPECT_EQ(summary.errors(), 1);
  EXPECT_EQ(ResultsDb::open(fx.db_path).completed_folds("r1"), std::vector<int>{0});
}

TEST(SlurmShard, PrepareCopiesRunAsPendingAndFailsLeftoverRunningFolds) {
  SweepFixture fx;
  {
    auto db = ResultsDb::open(fx.db_path);
    db.set_run_status("r1", storage::RunStatus::failed, "earlier failure");
  }
  auto path = fx.shard(0, 0, "r1", {0}, {1});
  // The task is requeued: its shard is reopened; the fold it was computing is released.
  prepare_shard(fx.db_path, path, "r1");
  auto db = ResultsDb::open(path);
  auto run = db.get_run("r1");
  EXPECT_EQ(run.config_hash, "hash-r1");
  EXPECT_EQ(db.params("r1").at("model.name"), "resnet18");
  EXPECT_TRUE(db.get_sweep("sw").has_value());
  auto folds = db.folds("r1");
  ASSERT_EQ(folds.size(), 2u);
  EXPECT_EQ(folds[0].status, FoldStatus::done);
  EXPECT_EQ(folds[1].status, FoldStatus::failed);
  EXPECT_TRUE(db.start_fold(storage::FoldStart("r1", 1)));
}

TEST(SlurmStatus, ShowsJobsAndFoldsFromShardsAndMergedDatabase) {
  SweepFixture fx;
  EXPECT_EQ(status_text(fx.db_path, 600), "");  // never submitted: nothing Slurm-specific
  record_job(fx.db_path, {0, "array", "77", 2, "/x/array-0.sbatch", 0});
  record_job(fx.db_path, {0, "merge", "78", 0, "/x/merge-0.sbatch", 0});
  auto jobs = list_jobs(fx.db_path);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].kind, "array");
  EXPECT_EQ(jobs[1].job_id, "78");

  fx.shard(0, 0, "r1", {0});
  merge_shards(fx.dir);
  fx.shard(0, 1, "r2", {}, {1});  // still computing, not merged
  const std::string text = status_text(fx.db_path, 600);
  EXPECT_NE(text.find("array job 77 (2 tasks)"), std::string::npos) << text;
  EXPECT_NE(text.find("merge job 78"), std::string::npos) << text;
  auto has_row = [&](const std::string& run, int fold, const std::string& status, const std::string& source) {
    for (const auto& line : merlab::split(text, '\n')) {
      if (line.rfind(run + " ", 0) == 0 && line.find(" " + std::to_string(fold) + "  " + status) != std::string::npos &&
          line.find(source) != std::string::npos)
        return true;
    }
    return false;
  };
  EXPECT_TRUE(has_row("r1", 0, "DONE", "merged")) << text;
  EXPECT_TRUE(has_row("r2", 1, "RUNNING", "shard")) << text;
  EXPECT_NE(text.find("77_0"), std::string::npos) << text;
}
