// Several real processes (fork) writing one results database at once: nothing may be lost, and
// a fold may be claimed by only one of them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <iostream>

#include "framework/storage/results_db.h"
#include "framework/storage/schema.h"
#include "tests/storage/storage_fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::storage;

namespace {

constexpr int kWorkers = 4;
constexpr int kFoldsPerWorker = 12;
constexpr int kPredsPerFold = 25;
constexpr int kEpochs = 4;
constexpr int kSharedFolds = 16;

// Body of one child. Opens its own connection (a connection must not cross fork()).
int worker(const std::filesystem::path& path, int w) {
  try {
    auto db = ResultsDb::open(path);
    const std::string own = "run-w" + std::to_string(w);
    db.register_run(test::make_run(own));
    db.register_run(test::make_run("shared"));  // every worker registers it: idempotent
    for (int f = 0; f < kFoldsPerWorker; ++f) {
      if (!db.start_fold({own, f, {"sub" + std::to_string(f)}})) return 3;
      db.heartbeat(own, f);
      db.add_epoch(own, f, test::make_result(own, f, 1).epochs[0]);
      if (!db.complete_fold(test::make_result(own, f, kPredsPerFold, kEpochs))) return 4;
      // Contend for the shared run's folds; the claim decides who writes each one.
      for (int s = f; s < kSharedFolds; s += kFoldsPerWorker) {
        if (db.start_fold({"shared", s, {"sub" + std::to_string(s)}})) {
          db.add_artifact({"shared", s, "claimed_by", "worker" + std::to_string(w), 0});
          if (!db.complete_fold(test::make_result("shared", s, 3, 1))) return 5;
        }
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "worker " << w << ": " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

TEST(StorageConcurrency, ForkedWritersLoseNothing) {
  test::TempDir dir("merlab-store-mp");
  const auto path = default_db_path(dir.path(), "mp");
  std::vector<pid_t> children;
  for (int w = 0; w < kWorkers; ++w) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(worker(path, w));  // _exit: never run the parent's gtest teardown
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "child " << pid;
  }
  SQLite::Database d(path.string(), SQLite::OPEN_READONLY);
  auto n = [&](const std::string& sql) { return d.execAndGet(sql).getInt64(); };
  EXPECT_EQ(n("SELECT count(*) FROM runs"), kWorkers + 1);
  EXPECT_EQ(n("SELECT count(*) FROM folds WHERE status='DONE' AND run_id LIKE 'run-w%'"), kWorkers * kFoldsPerWorker);
  EXPECT_EQ(n("SELECT count(*) FROM predictions WHERE run_id LIKE 'run-w%'"),
            kWorkers * kFoldsPerWorker * kPredsPerFold);
  EXPECT_EQ(n("SELECT count(*) FROM epochs WHERE run_id LIKE 'run-w%'"), kWorkers * kFoldsPerWorker * kEpochs);
  EXPECT_EQ(n("SELECT count(*) FROM params"), (kWorkers + 1) * 2);
  // Each shared fold was claimed exactly once and completed by its claimer.
  EXPECT_EQ(n("SELECT count(*) FROM folds WHERE run_id='shared' AND status='DONE'"), kSharedFolds);
  EXPECT_EQ(n("SELECT count(*) FROM artifacts WHERE run_id='shared'"), kSharedFolds);
  EXPECT_EQ(n("SELECT max(attempt) FROM folds"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM predictions WHERE run_id='shared'"), kSharedFolds * 3);
}

TEST(StorageConcurrency, SimultaneousFirstOpensAllSucceed) {
  // Many processes creating the same new database at once: each either creates it complete or
  // finds it complete (never "schema version 0"), and the file has every table.
  for (int round = 0; round < 3; ++round) {
    merlab::test::TempDir dir("merlab-create-race");
    const auto path = dir / "sweep" / "results.sqlite";
    std::vector<pid_t> children;
    for (int i = 0; i < 12; ++i) {
      pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        int code = 0;
        try {
          auto db = ResultsDb::open(path);
          OpenOptions ro;
          ro.read_only = true;
          ResultsDb::open(path, ro);  // a reader right after creation
        } catch (const std::exception& e) {
          std::cerr << e.what() << "\n";
          code = 1;
        }
        ::_exit(code);
      }
      children.push_back(pid);
    }
    int failed = 0;
    for (pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    EXPECT_EQ(failed, 0) << "round " << round;
    EXPECT_EQ(ResultsDb::open(path).schema_version(), schema::latest_version());
    // No temporary file is left beside it.
    for (const auto& e : std::filesystem::directory_iterator(path.parent_path())) {
      EXPECT_EQ(e.path().filename().string().find(".creating-"), std::string::npos) << e.path();
    }
  }
}
