// The fold protocol of a results database: claim (start_fold), heartbeat, live epochs, atomic
// completion and failure, and the fold reads. A worker normally goes through a FoldLease
// (fold_lease.h), which pairs every claim with exactly one completion or failure.
#include <unistd.h>

#include <set>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/metrics/json.h"
#include "framework/storage/results_db.h"
#include "framework/storage/results_db_impl.h"
#include "framework/storage/sqlite_util.h"

namespace merlab::storage {

using detail::finite_or_null;
using detail::kFoldColumns;
using detail::metrics_of;
using detail::read_fold;
using sql::WriteTxn;

bool ResultsDb::start_fold(const FoldStart& s) {
  const std::string where = impl_->where();
  auto& db = impl_->db;
  const double now = unix_now();
  WriteTxn txn(db);
  if (!find_run(s.run_id)) throw RuntimeError(where + ": start_fold: no run '" + s.run_id + "'");
  bool exists = false;
  {
    SQLite::Statement q(db, "SELECT status, heartbeat FROM folds WHERE run_id=? AND fold=?");
    q.bind(1, s.run_id);
    q.bind(2, s.fold);
    if (q.executeStep()) {
      exists = true;
      auto status = parse_fold_status(q.getColumn(0).getString());
      if (status == FoldStatus::done) return false;
      if (status == FoldStatus::running) {
        auto hb = sql::get_opt_double(q.getColumn(1));
        const bool stale = s.reclaim_after_s >= 0 && (!hb || *hb < now - s.reclaim_after_s);
        if (!stale) return false;
        log::warn("{}: run {} fold {}: taking over a RUNNING fold whose heartbeat is {:.0f} s old", where, s.run_id,
                  s.fold, hb ? now - *hb : -1.0);
      }
    }
  }
  const std::string host = s.host.empty() ? host_name() : s.host;
  const std::int64_t pid = s.pid ? s.pid : static_cast<std::int64_t>(::getpid());
  const std::string& job = s.slurm_job_id;
  const std::optional<std::int64_t>& task = s.slurm_task_id;
  SQLite::Statement st(db, exists
                               ? "UPDATE folds SET subjects=?1, status='RUNNING', attempt=attempt+1, started=?2, ended=NULL, "
                                 "heartbeat=?2, duration_s=NULL, error='', host=?3, pid=?4, slurm_job_id=?5, "
                                 "slurm_task_id=?6 WHERE run_id=?7 AND fold=?8"
                               : "INSERT INTO folds(subjects, status, attempt, started, heartbeat, host, pid, slurm_job_id, "
                                 "slurm_task_id, run_id, fold) VALUES (?1,'RUNNING',1,?2,?2,?3,?4,?5,?6,?7,?8)");
  st.bind(1, join(s.subjects, ","));
  st.bind(2, now);
  st.bind(3, host);
  st.bind(4, static_cast<int64_t>(pid));
  st.bind(5, job);
  sql::bind_opt(st, 6, task);
  st.bind(7, s.run_id);
  st.bind(8, s.fold);
  st.exec();
  // Live epochs of an earlier attempt describe a training that will not finish.
  SQLite::Statement del(db, "DELETE FROM epochs WHERE run_id=? AND fold=?");
  del.bind(1, s.run_id);
  del.bind(2, s.fold);
  del.exec();
  SQLite::Statement run(db,
                        "UPDATE runs SET status='RUNNING', started=COALESCE(started, ?1), heartbeat=?1, host=?2, "
                        "ended=NULL, error='' WHERE run_id=?3 AND status!='DONE'");
  run.bind(1, now);
  run.bind(2, host);
  run.bind(3, s.run_id);
  run.exec();
  txn.commit();
  return true;
}

void ResultsDb::heartbeat(const std::string& run_id, int fold) {
  auto& db = impl_->db;
  const double now = unix_now();
  WriteTxn txn(db);
  SQLite::Statement f(db, "UPDATE folds SET heartbeat=? WHERE run_id=? AND fold=? AND status='RUNNING'");
  f.bind(1, now);
  f.bind(2, run_id);
  f.bind(3, fold);
  f.exec();
  SQLite::Statement r(db, "UPDATE runs SET heartbeat=? WHERE run_id=?");
  r.bind(1, now);
  r.bind(2, run_id);
  r.exec();
  txn.commit();
}

namespace {
void insert_epoch(SQLite::Database& db, const std::string& run_id, int fold, const EpochRecord& e) {
  SQLite::Statement st(db,
                       "INSERT OR REPLACE INTO epochs(run_id, fold, epoch, train_loss, train_acc, lr, val_loss, val_acc, "
                       "monitor_test_loss, monitor_test_acc, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, run_id);
  st.bind(2, fold);
  st.bind(3, e.epoch);
  st.bind(4, e.train_loss);
  st.bind(5, e.train_acc);
  st.bind(6, e.lr);
  sql::bind_opt(st, 7, e.val_loss);
  sql::bind_opt(st, 8, e.val_acc);
  sql::bind_opt(st, 9, e.monitor_test_loss);
  sql::bind_opt(st, 10, e.monitor_test_acc);
  st.bind(11, e.seconds);
  st.exec();
}
}  // namespace

void ResultsDb::add_epoch(const std::string& run_id, int fold, const EpochRecord& epoch) {
  auto& db = impl_->db;
  WriteTxn txn(db);
  insert_epoch(db, run_id, fold, epoch);
  txn.commit();
}

bool ResultsDb::complete_fold(const FoldResult& r) {
  const std::string where = impl_->where();
  if (r.predictions.empty()) {
    throw RuntimeError(where + ": complete_fold " + r.run_id + " fold " + std::to_string(r.fold) +
                       ": no predictions (a fold is DONE only with its predictions)");
  }
  auto& db = impl_->db;
  const double now = unix_now();
  WriteTxn txn(db);
  auto run = get_run(r.run_id);
  std::optional<double> started;
  bool exists = false;
  {
    SQLite::Statement q(db, "SELECT status, started FROM folds WHERE run_id=? AND fold=?");
    q.bind(1, r.run_id);
    q.bind(2, r.fold);
    if (q.executeStep()) {
      exists = true;
      if (q.getColumn(0).getString() == "DONE") {
        log::warn("{}: run {} fold {} is already DONE; this result is discarded", where, r.run_id, r.fold);
        return false;
      }
      started = sql::get_opt_double(q.getColumn(1));
    }
  }
  const auto m = metrics_of(run, r.predictions, {}, where);

  SQLite::Statement del(db, "DELETE FROM epochs WHERE run_id=? AND fold=?");
  del.bind(1, r.run_id);
  del.bind(2, r.fold);
  del.exec();
  for (const auto& e : r.epochs) insert_epoch(db, r.run_id, r.fold, e);

  SQLite::Statement delp(db, "DELETE FROM predictions WHERE run_id=? AND fold=?");
  delp.bind(1, r.run_id);
  delp.bind(2, r.fold);
  delp.exec();
  SQLite::Statement ins(db,
                        "INSERT INTO predictions(run_id, fold, clip_id, subject, y_true, y_pred, scores) "
                        "VALUES (?,?,?,?,?,?,?)");
  std::set<std::string> subjects;
  for (const auto& p : r.predictions) {
    ins.bind(1, r.run_id);
    ins.bind(2, r.fold);
    ins.bind(3, p.clip_id);
    ins.bind(4, p.subject);
    ins.bind(5, p.y_true);
    ins.bind(6, p.y_pred);
    ins.bind(7, json::number_array(p.scores));
    ins.exec();  // a duplicate clip_id throws here and the whole fold rolls back
    ins.reset();
    subjects.insert(p.subject);
  }

  SQLite::Statement up(db, exists
                               ? "UPDATE folds SET status='DONE', ended=?1, heartbeat=?1, duration_s=?2, n_train=?3, "
                                 "n_test=?4, acc=?5, uf1=?6, uar=?7, selected_epoch=?8, error='', "
                                 "subjects=CASE WHEN subjects='' THEN ?9 ELSE subjects END, steps=?14, provenance=?15 "
                                 "WHERE run_id=?10 AND fold=?11"
                               : "INSERT INTO folds(status, ended, heartbeat, duration_s, n_train, n_test, acc, uf1, uar, "
                                 "selected_epoch, subjects, run_id, fold, attempt, host, pid, steps, provenance) "
                                 "VALUES ('DONE',?1,?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,1,?12,?13,?14,?15)");
  up.bind(1, now);
  sql::bind_opt(up, 2, started ? std::optional<double>(now - *started) : std::nullopt);
  up.bind(3, static_cast<int64_t>(r.n_train));
  up.bind(4, static_cast<int64_t>(r.predictions.size()));
  sql::bind_opt(up, 5, finite_or_null(m.accuracy));
  sql::bind_opt(up, 6, finite_or_null(m.uf1));
  sql::bind_opt(up, 7, finite_or_null(m.uar));
  sql::bind_opt(up, 8, r.selected_epoch);
  up.bind(9, join(std::vector<std::string>(subjects.begin(), subjects.end()), ","));
  up.bind(10, r.run_id);
  up.bind(11, r.fold);
  if (!exists) {
    up.bind(12, host_name());
    up.bind(13, static_cast<int64_t>(::getpid()));
  }
  sql::bind_opt(up, 14, r.steps);
  up.bind(15, json::string_map(r.provenance));
  up.exec();
  SQLite::Statement hb(db, "UPDATE runs SET heartbeat=? WHERE run_id=?");
  hb.bind(1, now);
  hb.bind(2, r.run_id);
  hb.exec();
  txn.commit();
  return true;
}

void ResultsDb::fail_fold(const std::string& run_id, int fold, const std::string& error) {
  const std::string where = impl_->where();
  auto& db = impl_->db;
  const double now = unix_now();
  WriteTxn txn(db);
  if (!find_run(run_id)) throw RuntimeError(where + ": fail_fold: no run '" + run_id + "'");
  SQLite::Statement q(db, "SELECT status FROM folds WHERE run_id=? AND fold=?");
  q.bind(1, run_id);
  q.bind(2, fold);
  const bool exists = q.executeStep();
  if (exists && q.getColumn(0).getString() == "DONE") {
    log::warn("{}: run {} fold {} is DONE; ignoring failure '{}'", where, run_id, fold, error);
    return;
  }
  SQLite::Statement st(db, exists
                               ? "UPDATE folds SET status='FAILED', error=?1, ended=?2, "
                                 "duration_s=CASE WHEN started IS NULL THEN NULL ELSE ?2 - started END "
                                 "WHERE run_id=?3 AND fold=?4"
                               : "INSERT INTO folds(error, ended, run_id, fold, status, host, pid) "
                                 "VALUES (?1, ?2, ?3, ?4, 'FAILED', ?5, ?6)");
  st.bind(1, error);
  st.bind(2, now);
  st.bind(3, run_id);
  st.bind(4, fold);
  if (!exists) {
    st.bind(5, host_name());
    st.bind(6, static_cast<int64_t>(::getpid()));
  }
  st.exec();
  txn.commit();
}

std::vector<FoldRecord> ResultsDb::folds(const std::string& run_id) const {
  SQLite::Statement st(impl_->db, std::string("SELECT ") + kFoldColumns + " FROM folds WHERE run_id=? ORDER BY fold");
  st.bind(1, run_id);
  std::vector<FoldRecord> out;
  while (st.executeStep()) out.push_back(read_fold(st, impl_->where()));
  return out;
}

std::vector<int> ResultsDb::completed_folds(const std::string& run_id) const {
  SQLite::Statement st(impl_->db, "SELECT fold FROM folds WHERE run_id=? AND status='DONE' ORDER BY fold");
  st.bind(1, run_id);
  std::vector<int> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getInt());
  return out;
}

std::vector<FoldRecord> ResultsDb::stale_running_folds(double max_age_s, std::optional<double> now) const {
  SQLite::Statement st(impl_->db, std::string("SELECT ") + kFoldColumns +
                                      " FROM folds WHERE status='RUNNING' AND (heartbeat IS NULL OR heartbeat < ?) "
                                      "ORDER BY run_id, fold");
  st.bind(1, (now ? *now : unix_now()) - max_age_s);
  std::vector<FoldRecord> out;
  while (st.executeStep()) out.push_back(read_fold(st, impl_->where()));
  return out;
}

std::vector<EpochRecord> ResultsDb::epochs(const std::string& run_id, int fold) const {
  SQLite::Statement st(impl_->db,
                       "SELECT epoch, train_loss, train_acc, lr, val_loss, val_acc, monitor_test_loss, monitor_test_acc, "
                       "seconds FROM epochs WHERE run_id=? AND fold=? ORDER BY epoch");
  st.bind(1, run_id);
  st.bind(2, fold);
  std::vector<EpochRecord> out;
  while (st.executeStep()) {
    EpochRecord e;
    e.epoch = st.getColumn(0).getInt();
    e.train_loss = st.getColumn(1).getDouble();
    e.train_acc = st.getColumn(2).getDouble();
    e.lr = st.getColumn(3).getDouble();
    e.val_loss = sql::get_opt_double(st.getColumn(4));
    e.val_acc = sql::get_opt_double(st.getColumn(5));
    e.monitor_test_loss = sql::get_opt_double(st.getColumn(6));
    e.monitor_test_acc = sql::get_opt_double(st.getColumn(7));
    e.seconds = st.getColumn(8).getDouble();
    out.push_back(e);
  }
  return out;
}

}  // namespace merlab::storage
