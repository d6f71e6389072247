// The fold lease: one claim, ended exactly once; a lease dropped unfinished fails its fold; the
// heartbeat thread refreshes the claim while it is held and stops with it.
#include "framework/storage/fold_lease.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "framework/storage/results_db.h"
#include "tests/storage/storage_fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using merlab::test::make_result;
using merlab::test::make_run;
using storage::FoldStatus;
using storage::ResultsDb;

namespace {

storage::FoldRecord fold_of(const ResultsDb& db, const std::string& run, int fold) {
  for (const auto& f : db.folds(run))
    if (f.fold == fold) return f;
  ADD_FAILURE() << "no fold " << fold;
  return {};
}

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

}  // namespace

TEST(FoldLease, DestroyedUnfinishedFailsTheFold) {
  merlab::test::TempDir dir("merlab-lease");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  {
    auto lease = storage::claim(db, {"r1", 0, {"sub0"}}, 0);
    ASSERT_TRUE(lease.has_value());
    EXPECT_EQ(fold_of(db, "r1", 0).status, FoldStatus::running);
    // A second claim of a fold held by a live worker is refused.
    EXPECT_FALSE(storage::claim(db, {"r1", 0, {"sub0"}}, 0).has_value());
  }  // e.g. an exception nobody caught between claim and completion
  const auto f = fold_of(db, "r1", 0);
  EXPECT_EQ(f.status, FoldStatus::failed);
  EXPECT_NE(f.error.find("without completing"), std::string::npos) << f.error;
  // The fold is free again.
  EXPECT_TRUE(storage::claim(db, {"r1", 0, {"sub0"}}, 0).has_value());
}

TEST(FoldLease, CompleteAndFailEndTheLeaseOnce) {
  merlab::test::TempDir dir("merlab-lease");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  {
    auto lease = storage::claim(db, {"r1", 0, {"sub0"}}, 0);
    ASSERT_TRUE(lease);
    EXPECT_TRUE(lease->complete(make_result("r1", 0, 5)));
    EXPECT_TRUE(lease->finished());
  }  // destroying a finished lease changes nothing
  EXPECT_EQ(fold_of(db, "r1", 0).status, FoldStatus::done);
  EXPECT_FALSE(storage::claim(db, {"r1", 0, {"sub0"}}, 0).has_value());  // DONE

  {
    auto lease = storage::claim(db, {"r1", 1, {"sub1"}}, 0);
    ASSERT_TRUE(lease);
    lease->fail("boom");
  }
  EXPECT_EQ(fold_of(db, "r1", 1).status, FoldStatus::failed);
  EXPECT_EQ(fold_of(db, "r1", 1).error, "boom");
}

TEST(FoldLease, HeartbeatRunsWhileHeldAndStopsWithTheLease) {
  merlab::test::TempDir dir("merlab-lease");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  const double period = 0.05;
  {
    auto lease = storage::claim(db, {"r1", 0, {"sub0"}}, period);
    ASSERT_TRUE(lease);
    const double claimed = *fold_of(db, "r1", 0).heartbeat;
    sleep_s(10 * period);
    EXPECT_GT(*fold_of(db, "r1", 0).heartbeat, claimed);  // refreshed by the lease's thread
    EXPECT_GT(*db.get_run("r1").heartbeat, claimed);
  }  // destroyed unfinished: FAILED, and the thread is gone
  const double after = *db.get_run("r1").heartbeat;
  sleep_s(10 * period);
  EXPECT_EQ(*db.get_run("r1").heartbeat, after);
  EXPECT_EQ(fold_of(db, "r1", 0).status, FoldStatus::failed);

  // Completing stops it too.
  auto lease = storage::claim(db, {"r1", 1, {"sub1"}}, period);
  ASSERT_TRUE(lease);
  ASSERT_TRUE(lease->complete(make_result("r1", 1, 5)));
  const double done = *db.get_run("r1").heartbeat;
  sleep_s(10 * period);
  EXPECT_EQ(*db.get_run("r1").heartbeat, done);
}

TEST(FoldLease, SlurmIdsAreRecordedOnlyWhenPassedIn) {
  merlab::test::TempDir dir("merlab-lease");
  auto db = ResultsDb::open(dir / "r.sqlite");
  db.register_run(make_run("r1"));
  ::setenv("SLURM_ARRAY_JOB_ID", "999", 1);  // the database itself never reads the environment
  {
    auto lease = storage::claim(db, {"r1", 0, {"sub0"}}, 0);
    ASSERT_TRUE(lease);
    lease->fail("x");
  }
  ::unsetenv("SLURM_ARRAY_JOB_ID");
  EXPECT_EQ(fold_of(db, "r1", 0).slurm_job_id, "");
  storage::FoldStart start("r1", 1, {"sub1"});
  start.slurm_job_id = "77";
  start.slurm_task_id = 3;
  auto lease = storage::claim(db, start, 0);
  ASSERT_TRUE(lease);
  EXPECT_EQ(fold_of(db, "r1", 1).slurm_job_id, "77");
  EXPECT_EQ(*fold_of(db, "r1", 1).slurm_task_id, 3);
  lease->fail("x");
}
