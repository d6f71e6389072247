// `mer status` on a real results database.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "framework/common/process.h"

#include "framework/storage/results_db.h"
#include "tests/storage/storage_fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::storage;
using namespace merlab::test;

TEST(StorageStatusCli, ReportsProgressFailuresAndStaleFolds) {
  TempDir dir("merlab-status");
  const auto sweep_dir = dir / "demo";
  {
    auto db = ResultsDb::open(default_db_path(dir.path(), "demo"));
    auto done = make_run("run-done-0001", "demo");
    done.n_folds = 2;
    db.register_run(done);
    for (int f = 0; f < 2; ++f) db.complete_fold(make_result("run-done-0001", f, 6));
    db.finish_run("run-done-0001");
    auto partial = make_run("run-part-0002", "demo");
    partial.n_folds = 5;
    partial.model = "learnet";
    db.register_run(partial);
    db.complete_fold(make_result("run-part-0002", 0, 6));
    db.start_fold({"run-part-0002", 1, {"sub1"}});
    db.start_fold({"run-part-0002", 2, {"sub2"}});
    db.fail_fold("run-part-0002", 2, "NaN loss at epoch 3");
    db.register_run(make_run("run-pend-0003", "demo"));
  }
  auto r = run_mer({"status", sweep_dir.string(), "--stale", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 runs: 1 DONE, 1 RUNNING, 0 FAILED, 1 PENDING"), std::string::npos) << r.out;
  // done/run/fail/pend of the partial run: 1 1 1 2
  EXPECT_NE(r.out.find("run-part-0002      RUNNING      1     1     1     2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("run run-part-0002 fold 2 (sub2), attempt 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NaN loss at epoch 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stale RUNNING folds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("run run-part-0002 fold 1 (sub1)"), std::string::npos) << r.out;

  // With the default threshold nothing is stale yet; the file path works like the directory.
  auto fresh = run_mer({"status", default_db_path(dir.path(), "demo").string()});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_EQ(fresh.out.find("stale RUNNING folds"), std::string::npos) << fresh.out;

  EXPECT_EQ(run_mer({"status", (dir / "nothing").string()}).exit_code, 1);
  EXPECT_EQ(run_mer({"status"}).exit_code, 2);
}

TEST(StorageStatusCli, AFoldOfADeadOrZombieProcessIsStaleAtOnce) {
  // Two children that exit at once: one reaped (its pid is gone), one left a zombie (kill(pid, 0)
  // still succeeds for it). Both hold a RUNNING fold with a fresh heartbeat.
  const pid_t reaped = ::fork();
  if (reaped == 0) ::_exit(0);
  ASSERT_GT(reaped, 0);
  ::waitpid(reaped, nullptr, 0);
  const pid_t zombie = ::fork();
  if (zombie == 0) ::_exit(0);
  ASSERT_GT(zombie, 0);
  for (int i = 0; i < 200 && merlab::process_alive(zombie); ++i) ::usleep(10000);
  EXPECT_FALSE(merlab::process_alive(zombie));
  EXPECT_FALSE(merlab::process_alive(reaped));
  EXPECT_TRUE(merlab::process_alive(::getpid()));

  TempDir dir("merlab-status-dead");
  {
    auto db = ResultsDb::open(default_db_path(dir.path(), "s"));
    auto run = make_run("run-dead-0001", "s");
    run.n_folds = 3;
    db.register_run(run);
    FoldStart a("run-dead-0001", 0, {"sub1"});
    a.pid = reaped;
    db.start_fold(a);
    FoldStart b("run-dead-0001", 1, {"sub2"});
    b.pid = zombie;
    db.start_fold(b);
    db.start_fold({"run-dead-0001", 2, {"sub3"}});  // this (live) process
  }
  auto r = run_mer({"status", (dir / "s").string()});  // default --stale: 600 s
  ::waitpid(zombie, nullptr, 0);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stale RUNNING folds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fold 0 (sub1), host "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fold 1 (sub2), host "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("fold 2 (sub3), host "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("its process is not running on this host"), std::string::npos) << r.out;
}
