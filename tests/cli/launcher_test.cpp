// One launcher interface for `mer run` and `mer sweep`: the launcher is not part of a run's
// identity, and `mer run launcher=slurm` submits (to a stand-in sbatch here) instead of
// running locally.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>

#include "tests/engine/engine_support.h"
#include "tests/support/test_support.h"

using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

// A stand-in sbatch that logs its arguments and prints a job id (as `--parsable` does), and
// a squeue that lists nothing.
std::vector<std::string> fake_slurm(const TempDir& dir) {
  const fs::path sbatch = dir / "sbatch", squeue = dir / "squeue";
  write_file(sbatch, "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/sbatch.log\"\n"
                     "case \"$*\" in *--dependency*) echo 4243 ;; *) echo 4242 ;; esac\n");
  write_file(squeue, "#!/bin/sh\nexit 0\n");
  ::chmod(sbatch.c_str(), 0755);
  ::chmod(squeue.c_str(), 0755);
  return {"launcher=slurm", "launcher.sbatch=" + sbatch.string(), "launcher.squeue=" + squeue.string()};
}

}  // namespace

TEST(Launchers, DryRunListsTheSameRunIdsUnderEveryLauncher) {
  TempDir dir("merlab-launch");
  const auto base = with(tiny_overrides(dir), {"-m", "seed=0,1"});
  auto local = run_mer(with({"sweep", "--dry-run"}, with(base, {"launcher=local"})));
  auto slurm = run_mer(with({"sweep", "--dry-run"}, with(base, {"launcher=slurm", "launcher.time=04:00:00"})));
  ASSERT_EQ(local.exit_code, 0) << local.err;
  ASSERT_EQ(slurm.exit_code, 0) << slurm.err;
  EXPECT_NE(local.out.find("2 grid points"), std::string::npos) << local.out;
  // Same lines: index, run id (identity hash) and overrides minus the launcher ones.
  const std::regex line_re(R"((\d+)  ([0-9a-f]{12})  )");
  std::vector<std::string> ids_local, ids_slurm;
  for (std::sregex_iterator it(local.out.begin(), local.out.end(), line_re), end; it != end; ++it) ids_local.push_back((*it)[2]);
  for (std::sregex_iterator it(slurm.out.begin(), slurm.out.end(), line_re), end; it != end; ++it) ids_slurm.push_back((*it)[2]);
  ASSERT_EQ(ids_local.size(), 2u) << local.out;
  EXPECT_EQ(ids_local, ids_slurm) << local.out << slurm.out;
}

TEST(Launchers, RunWithSlurmLauncherSubmitsAndDoesNotRunLocally) {
  TempDir dir("merlab-launch");
  auto submitted = run_mer(with(with({"run", "--quiet", "--name", "onslurm"}, tiny_overrides(dir)), fake_slurm(dir)));
  ASSERT_EQ(submitted.exit_code, 0) << submitted.out << submitted.err;
  EXPECT_NE(submitted.out.find("submitted 1 array task"), std::string::npos) << submitted.out;
  EXPECT_NE(submitted.out.find("as job 4242, merge job 4243"), std::string::npos) << submitted.out;
  const std::string db = (dir / "runs" / "onslurm" / "results.sqlite").string();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM runs WHERE status='PENDING'"), "1");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds"), "0");  // nothing computed here
  EXPECT_EQ(scalar(db, "SELECT group_concat(job_id) FROM (SELECT job_id FROM slurm_jobs ORDER BY kind)"), "4242,4243");
  EXPECT_NE(read_file(dir / "sbatch.log").find("--array=0-0"), std::string::npos) << read_file(dir / "sbatch.log");

  // The same config run here has the same run id.
  const std::string slurm_id = scalar(db, "SELECT run_id FROM runs");
  auto local = run_mer(with({"run", "--quiet", "--name", "here"}, tiny_overrides(dir)));
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(scalar((dir / "runs" / "here" / "results.sqlite").string(), "SELECT run_id FROM runs"), slurm_id);
  EXPECT_NE(local.out.find("run " + slurm_id + ": done"), std::string::npos) << local.out;
}

TEST(Launchers, UnknownLauncherIsAConfigError) {
  TempDir dir("merlab-launch");
  auto r = run_mer(with({"run", "--quiet"}, with(tiny_overrides(dir), {"launcher.name=pbs"})));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("launcher.name"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "runs"));
}
