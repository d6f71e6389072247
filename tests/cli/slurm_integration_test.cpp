// End to end on a real one-node Slurm cluster (tools/slurm-one-node.sh): `mer sweep
// launcher=slurm` submits a job array plus a merge job; the merged database must equal, bit for
// bit, the same sweep run locally. Skipped (not failed) where the daemons cannot start (not root,
// Slurm or munge missing, no free port).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "tests/engine/engine_support.h"
#include "tests/support/test_support.h"

using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

// Starts the cluster in the constructor and stops exactly the daemons it started (by the PID
// files the script wrote) in the destructor.
class OneNodeCluster {
 public:
  explicit OneNodeCluster(const fs::path& dir) : dir_(dir) {
    script_ = (source_dir() / "tools" / "slurm-one-node.sh").string();
    auto r = run_shell("sh " + shell_quote(script_) + " start " + shell_quote(dir.string()));
    started_ = r.exit_code == 0;
    message_ = r.err;
  }
  ~OneNodeCluster() { run_shell("sh " + shell_quote(script_) + " stop " + shell_quote(dir_.string())); }
  bool started() const { return started_; }
  const std::string& message() const { return message_; }
  std::string env() const { return "SLURM_CONF=" + shell_quote((dir_ / "slurm.conf").string()) + " "; }

 private:
  fs::path dir_;
  std::string script_, message_;
  bool started_ = false;
};

struct RunRow {
  int point = 0;
  std::string status;
  double acc = 0, uf1 = 0, uar = 0;
};

std::vector<RunRow> run_rows(const fs::path& db_path) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT point_index, status, acc, uf1, uar FROM runs ORDER BY point_index");
  std::vector<RunRow> rows;
  while (q.executeStep()) {
    rows.push_back({q.getColumn(0).getInt(), q.getColumn(1).getString(), q.getColumn(2).getDouble(),
                    q.getColumn(3).getDouble(), q.getColumn(4).getDouble()});
  }
  return rows;
}

// Predictions keyed by grid position (the two sweeps live in different databases), with the
// per-class scores as stored.
std::vector<std::string> predictions_by_point(const fs::path& db_path) {
  SQLite::Database db(db_path.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db,
                      "SELECT r.point_index, p.fold, p.clip_id, p.y_true, p.y_pred, p.scores, f.acc, f.uf1, f.uar "
                      "FROM predictions p JOIN runs r USING(run_id) JOIN folds f USING(run_id, fold) "
                      "ORDER BY r.point_index, p.fold, p.clip_id");
  std::vector<std::string> rows;
  char buf[128];
  while (q.executeStep()) {
    std::string row;
    for (int i = 0; i < 6; ++i) row += q.getColumn(i).getString() + "|";
    for (int i = 6; i < 9; ++i) {
      std::snprintf(buf, sizeof buf, "%a|", q.getColumn(i).getDouble());  // exact (hex float)
      row += buf;
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST(SlurmIntegration, ArraySweepMatchesLocalSweepBitForBit) {
  if (::geteuid() != 0) GTEST_SKIP() << "the one-node Slurm cluster needs root (slurmd starts jobs as their user)";
  TempDir dir("merlab-slurm-it");
  OneNodeCluster cluster(dir / "cluster");
  if (!cluster.started()) GTEST_SKIP() << "one-node Slurm cluster did not start:\n" << cluster.message();

  // 4 runs (2 seeds x 2 learning rates) x 3 LOSO folds.
  const auto base = with(tiny_overrides(dir), {"-m", "seed=0,1", "-m", "train.optimizer.lr=0.003,0.001"});
  auto local = run_mer(with({"sweep", "--quiet", "--name", "local"}, base));
  ASSERT_EQ(local.exit_code, 0) << local.err;

  const std::vector<std::string> slurm_args = {"launcher=slurm", "launcher.cpus_per_task=1", "launcher.mem=500M",
                                               "launcher.time=5", "launcher.array_parallelism=2",
                                               "launcher.granularity=fold"};
  const fs::path sweep_dir = dir / "runs" / "cluster";
  // Waits for every job of the private cluster to leave the queue (bounded).
  auto wait_for_queue = [&] {
    for (int i = 0; i < 400; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      auto q = run_shell(cluster.env() + "squeue -h -o %i");
      if (q.exit_code == 0 && q.out.empty()) return true;
    }
    return false;
  };
  const std::regex submitted_re(R"(submitted (\d+) array tasks? .* as job (\d+), merge job (\d+))");

  // Submission 0: task 1 (run 0, fold 1) dies in its setup line, before computing anything.
  const auto t0 = std::chrono::steady_clock::now();
  auto first = run_mer(with(with({"sweep", "--name", "cluster"}, base),
                            with(slurm_args, {"launcher.setup='test \"x$SLURM_ARRAY_TASK_ID\" != x1 || exit 3'"})),
                       cluster.env());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.out, m, submitted_re)) << first.out;
  EXPECT_EQ(m[1], "12");
  const std::string first_job = m[2], first_merge = m[3];
  ASSERT_TRUE(wait_for_queue()) << "jobs still queued after 100 s";
  auto log0 = read_file(sweep_dir / "slurm" / "logs" / ("merge-" + first_merge + ".out"));
  EXPECT_NE(log0.find("merged 11 shard(s): 11 DONE folds new"), std::string::npos) << log0;
  EXPECT_NE(log0.find("runs: 3 of 4 DONE"), std::string::npos) << log0;
  auto status0 = run_mer({"status", sweep_dir.string()});
  EXPECT_NE(status0.out.find("task " + first_job + "_1 (run "), std::string::npos) << status0.out;

  // Resume: merges, then submits only the missing fold.
  auto resumed = run_mer(with(with({"sweep", "--resume", "--name", "cluster"}, base), slurm_args), cluster.env());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  ASSERT_TRUE(std::regex_search(resumed.out, m, submitted_re)) << resumed.out;
  EXPECT_EQ(m[1], "1");
  const std::string array_job = m[2], merge_job = m[3];
  const auto run0 = scalar((sweep_dir / "results.sqlite").string(), "SELECT run_id FROM runs WHERE point_index = 0");
  EXPECT_NE(read_file(sweep_dir / "slurm" / "tasks-1.tsv").find("\n0\t" + run0 + "\t1\n"), std::string::npos);
  ASSERT_TRUE(wait_for_queue()) << "jobs still queued after 100 s";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto log1 = read_file(sweep_dir / "slurm" / "logs" / ("merge-" + merge_job + ".out"));
  EXPECT_NE(log1.find("merged 12 shard(s): 1 DONE folds new"), std::string::npos) << log1;

  // Same predictions, scores and fold metrics; same pooled metrics, bit for bit.
  const auto local_db = dir / "runs" / "local" / "results.sqlite", slurm_db = sweep_dir / "results.sqlite";
  const auto local_preds = predictions_by_point(local_db);
  EXPECT_EQ(local_preds.size(), 4u * 12u);
  EXPECT_EQ(predictions_by_point(slurm_db), local_preds);
  const auto a = run_rows(local_db), b = run_rows(slurm_db);
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].status, "DONE");
    EXPECT_EQ(a[i].acc, b[i].acc) << "run " << i;
    EXPECT_EQ(a[i].uf1, b[i].uf1) << "run " << i;
    EXPECT_EQ(a[i].uar, b[i].uar) << "run " << i;
    std::printf("[slurm-vs-local] point %zu  local acc %.17g uf1 %.17g uar %.17g | slurm acc %.17g uf1 %.17g uar %.17g\n",
                i, a[i].acc, a[i].uf1, a[i].uar, b[i].acc, b[i].uf1, b[i].uar);
  }
  std::printf("[slurm-vs-local] submission to merged: %.1f s\n", seconds);
  // Every fold records the array job and task that computed it.
  EXPECT_EQ(scalar(slurm_db.string(), "SELECT COUNT(DISTINCT slurm_task_id) FROM folds WHERE slurm_job_id = '" + first_job + "'"),
            "11");
  EXPECT_EQ(scalar(slurm_db.string(), "SELECT fold FROM folds WHERE slurm_job_id = '" + array_job + "' AND slurm_task_id = 0"),
            "1");

  auto status = run_mer({"status", sweep_dir.string()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("4 DONE"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("array job " + first_job + " (12 tasks)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("array job " + array_job + " (1 tasks)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find(first_job + "_11"), std::string::npos) << status.out;

  // Merging again changes nothing; submitting again finds nothing missing.
  auto again = run_mer({"merge", sweep_dir.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 DONE folds new"), std::string::npos) << again.out;
  auto resume = run_mer(with(with({"sweep", "--resume", "--name", "cluster"}, base), slurm_args), cluster.env());
  EXPECT_EQ(resume.exit_code, 0) << resume.err;
  EXPECT_NE(resume.out.find("nothing to submit"), std::string::npos) << resume.out;
}
