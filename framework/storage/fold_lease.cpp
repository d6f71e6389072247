#include "framework/storage/fold_lease.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "framework/common/log.h"

namespace merlab::storage {

// Refreshes the heartbeat from its own connection: a ResultsDb is not shared between threads.
class FoldLease::Heartbeat {
 public:
  Heartbeat(std::filesystem::path db_path, std::string run_id, int fold, double period_s)
      : thread_([this, db_path = std::move(db_path), run_id = std::move(run_id), fold, period_s] {
          std::optional<ResultsDb> db;
          try {
            db.emplace(ResultsDb::open(db_path));
          } catch (const std::exception& e) {
            log::warn("heartbeat of {} fold {}: cannot open {}: {}", run_id, fold, db_path.string(), e.what());
            return;
          }
          std::unique_lock<std::mutex> lock(mutex_);
          while (!cv_.wait_for(lock, std::chrono::duration<double>(period_s), [this] { return stop_; })) {
            try {
              db->heartbeat(run_id, fold);
            } catch (const std::exception& e) {
              log::warn("heartbeat of {} fold {} failed: {}", run_id, fold, e.what());
            }
          }
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: started once the members it uses exist
};

FoldLease::FoldLease(ResultsDb& db, std::string run_id, int fold, double heartbeat_period_s)
    : db_(&db), run_id_(std::move(run_id)), fold_(fold) {
  if (heartbeat_period_s > 0) heartbeat_ = std::make_unique<Heartbeat>(db.path(), run_id_, fold_, heartbeat_period_s);
}

FoldLease::FoldLease(FoldLease&& other) noexcept
    : db_(other.db_), run_id_(std::move(other.run_id_)), fold_(other.fold_), finished_(other.finished_),
      heartbeat_(std::move(other.heartbeat_)) {
  other.finished_ = true;  // the moved-from lease no longer holds the fold
}

FoldLease::~FoldLease() {
  if (finished_) return;
  try {
    fail("the worker ended without completing the fold");
  } catch (const std::exception& e) {
    log::error("run {} fold {}: cannot record the fold as FAILED: {}", run_id_, fold_, e.what());
  } catch (...) {
  }
}

void FoldLease::stop_heartbeat() { heartbeat_.reset(); }

void FoldLease::heartbeat() {
  if (!finished_) db_->heartbeat(run_id_, fold_);
}

bool FoldLease::complete(const FoldResult& result) {
  // Stopped first: a heartbeat after the fold is DONE would only touch the run's row, but the
  // thread must not outlive the claim it refreshes.
  stop_heartbeat();
  const bool stored = db_->complete_fold(result);
  finished_ = true;
  return stored;
}

void FoldLease::fail(const std::string& message) {
  stop_heartbeat();
  finished_ = true;
  db_->fail_fold(run_id_, fold_, message);
}

std::optional<FoldLease> claim(ResultsDb& db, const FoldStart& start, double heartbeat_period_s) {
  if (!db.start_fold(start)) return std::nullopt;
  return FoldLease(db, start.run_id, start.fold, heartbeat_period_s);
}

}  // namespace merlab::storage
