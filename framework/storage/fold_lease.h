// A worker's hold on one fold: claim() moves the fold to RUNNING and returns a lease, and the
// lease ends the claim exactly once, by complete(result) or fail(message). A lease destroyed
// unfinished (an exception the worker did not handle, a forgotten branch) fails the fold
// itself, so a claim never outlives its worker as a RUNNING fold that only a heartbeat timeout
// could release. While it is held, a thread with its own connection refreshes the fold's
// heartbeat; it stops when the lease ends.
//
//   if (auto lease = storage::claim(db, {run_id, fold, subjects}, spec.output.heartbeat_s)) {
//     try { lease->complete(train_and_predict()); } catch (const std::exception& e) { lease->fail(e.what()); }
//   }
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "framework/storage/results_db.h"

namespace merlab::storage {

class FoldLease {
 public:
  FoldLease(FoldLease&&) noexcept;
  FoldLease& operator=(FoldLease&&) = delete;
  FoldLease(const FoldLease&) = delete;
  FoldLease& operator=(const FoldLease&) = delete;
  ~FoldLease();  // unfinished: fails the fold ("the worker ended without completing the fold")

  const std::string& run_id() const { return run_id_; }
  int fold() const { return fold_; }
  bool finished() const { return finished_; }

  // Refreshes the heartbeat now (the thread does so every period anyway).
  void heartbeat();
  // ResultsDb::complete_fold; ends the lease. Returns false when the fold was DONE already
  // (completed by another worker after a takeover). On an exception the lease is still held
  // (fail() it).
  bool complete(const FoldResult& result);
  // ResultsDb::fail_fold; ends the lease.
  void fail(const std::string& message);

 private:
  friend std::optional<FoldLease> claim(ResultsDb& db, const FoldStart& start, double heartbeat_period_s);
  class Heartbeat;
  FoldLease(ResultsDb& db, std::string run_id, int fold, double heartbeat_period_s);
  void stop_heartbeat();

  ResultsDb* db_;  // the claiming connection; must outlive the lease
  std::string run_id_;
  int fold_ = 0;
  bool finished_ = false;
  std::unique_ptr<Heartbeat> heartbeat_;
};

// ResultsDb::start_fold; std::nullopt when the fold is DONE or held by a live worker.
// heartbeat_period_s <= 0: no heartbeat thread (the caller calls heartbeat()).
std::optional<FoldLease> claim(ResultsDb& db, const FoldStart& start, double heartbeat_period_s);

}  // namespace merlab::storage
