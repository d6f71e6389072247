#include "framework/storage/results_db.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>
#include <thread>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/metrics/json.h"
#include "framework/storage/results_db_impl.h"
#include "framework/storage/schema.h"
#include "framework/storage/sqlite_util.h"

namespace merlab::storage {

using sql::WriteTxn;

std::filesystem::path default_db_path(const std::filesystem::path& runs_root, const std::string& sweep) {
  return runs_root / sweep / "results.sqlite";
}

int current_schema_version() { return schema::latest_version(); }

double unix_now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string host_name() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  std::string h = buf;
  auto dot = h.find('.');
  return dot == std::string::npos ? h : h.substr(0, dot);
}

// Helpers shared with fold_claims.cpp and merge.cpp (declared in results_db_impl.h).
namespace detail {

const char* const kRunColumns =
    "run_id, sweep, point_index, config_yaml, config_hash, overrides, status, created, started, ended, heartbeat, "
    "host, git_commit, git_dirty, versions, seed, dataset, model, strategy, classes, n_folds, acc, uf1, uar, error";

// A JSON column that does not parse names the file, the row and the column (a database edited
// by hand, or damaged), not only the JSON error.
template <typename Parse>
auto json_column(const std::string& where, const std::string& row, const char* column, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::exception& e) {
    throw RuntimeError(where + ": " + row + ": column '" + column + "' is not valid JSON (" + e.what() + ")");
  }
}

RunRecord read_run(SQLite::Statement& st, const std::string& where) {
  RunRecord r;
  r.run_id = st.getColumn(0).getString();
  r.sweep = st.getColumn(1).isNull() ? "" : st.getColumn(1).getString();
  r.point_index = st.getColumn(2).getInt();
  r.config_yaml = st.getColumn(3).getString();
  r.config_hash = st.getColumn(4).getString();
  const std::string row = "run " + r.run_id;
  r.overrides = json_column(where, row, "overrides", st.getColumn(5).getString(), json::parse_string_array);
  r.status = parse_run_status(st.getColumn(6).getString());
  r.created = sql::get_opt_double(st.getColumn(7));
  r.started = sql::get_opt_double(st.getColumn(8));
  r.ended = sql::get_opt_double(st.getColumn(9));
  r.heartbeat = sql::get_opt_double(st.getColumn(10));
  r.host = st.getColumn(11).getString();
  r.git_commit = st.getColumn(12).getString();
  r.git_dirty = st.getColumn(13).getInt() != 0;
  r.versions = json_column(where, row, "versions", st.getColumn(14).getString(), json::parse_string_map);
  r.seed = st.getColumn(15).getInt64();
  r.dataset = st.getColumn(16).getString();
  r.model = st.getColumn(17).getString();
  r.strategy = st.getColumn(18).getString();
  r.classes = json_column(where, row, "classes", st.getColumn(19).getString(), json::parse_string_array);
  r.n_folds = st.getColumn(20).getInt();
  r.acc = sql::get_opt_double(st.getColumn(21));
  r.uf1 = sql::get_opt_double(st.getColumn(22));
  r.uar = sql::get_opt_double(st.getColumn(23));
  r.error = st.getColumn(24).getString();
  return r;
}

const char* const kFoldColumns =
    "run_id, fold, subjects, status, attempt, started, ended, heartbeat, duration_s, n_train, n_test, acc, uf1, uar, "
    "selected_epoch, error, host, pid, slurm_job_id, slurm_task_id, steps, provenance";

FoldRecord read_fold(SQLite::Statement& st, const std::string& where) {
  FoldRecord f;
  f.run_id = st.getColumn(0).getString();
  f.fold = st.getColumn(1).getInt();
  auto subjects = st.getColumn(2).getString();
  if (!subjects.empty()) f.subjects = split(subjects, ',');
  f.status = parse_fold_status(st.getColumn(3).getString());
  f.attempt = st.getColumn(4).getInt();
  f.started = sql::get_opt_double(st.getColumn(5));
  f.ended = sql::get_opt_double(st.getColumn(6));
  f.heartbeat = sql::get_opt_double(st.getColumn(7));
  f.duration_s = sql::get_opt_double(st.getColumn(8));
  f.n_train = st.getColumn(9).getInt64();
  f.n_test = st.getColumn(10).getInt64();
  f.acc = sql::get_opt_double(st.getColumn(11));
  f.uf1 = sql::get_opt_double(st.getColumn(12));
  f.uar = sql::get_opt_double(st.getColumn(13));
  f.selected_epoch = sql::get_opt_int(st.getColumn(14));
  f.error = st.getColumn(15).getString();
  f.host = st.getColumn(16).getString();
  f.pid = st.getColumn(17).getInt64();
  f.slurm_job_id = st.getColumn(18).getString();
  f.slurm_task_id = sql::get_opt_int64(st.getColumn(19));
  f.steps = sql::get_opt_int64(st.getColumn(20));
  f.provenance = json_column(where, "run " + f.run_id + " fold " + std::to_string(f.fold), "provenance",
                             st.getColumn(21).getString(), json::parse_string_map);
  return f;
}

std::optional<double> finite_or_null(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

int num_classes_for(const RunRecord& run, const std::vector<Prediction>& preds, const std::string& where) {
  int max_label = -1;
  for (const auto& p : preds) {
    if (p.y_true < 0 || p.y_pred < 0) {
      throw RuntimeError(where + ": run " + run.run_id + ": negative label in prediction of clip '" + p.clip_id + "'");
    }
    max_label = std::max({max_label, p.y_true, p.y_pred});
  }
  if (run.classes.empty()) return max_label + 1;
  if (max_label >= static_cast<int>(run.classes.size())) {
    throw RuntimeError(where + ": run " + run.run_id + ": label " + std::to_string(max_label) + " outside the run's " +
                       std::to_string(run.classes.size()) + " classes (" + join(run.classes, ",") + ")");
  }
  return static_cast<int>(run.classes.size());
}

metrics::Metrics metrics_of(const RunRecord& run, const std::vector<Prediction>& preds,
                            const metrics::MetricOptions& options, const std::string& where) {
  const int k = num_classes_for(run, preds, where);
  metrics::ConfusionMatrix cm(k);
  for (const auto& p : preds) cm.add(p.y_true, p.y_pred);
  return metrics::compute_metrics(cm, options, run.classes);
}

}  // namespace detail

using detail::finite_or_null;
using detail::kRunColumns;
using detail::metrics_of;
using detail::read_run;

namespace {

void set_journal_mode_wal(SQLite::Database& db) {
  // Switching to WAL needs a moment of exclusive access; a concurrent opener may hold a lock.
  for (int i = 1;; ++i) {
    try {
      db.exec("PRAGMA journal_mode=WAL");
      return;
    } catch (const SQLite::Exception& e) {
      if (!sql::is_busy(e) || i >= 8) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * i));
    }
  }
}

// Creates the database at `path` complete or not at all, so that any number of processes
// starting the same sweep at once succeed: the schema is built in a private temporary file
// beside it, which is then hard-linked to `path` (link() fails if another process was first;
// its file is then as complete as ours). A reader therefore never sees a file without tables.
void create_atomically(const std::filesystem::path& path, int busy_timeout_ms) {
  const std::string tmp = path.string() + ".creating-" + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::filesystem::remove(tmp);
  try {
    {
      SQLite::Database db(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
      db.exec("PRAGMA foreign_keys=ON");
      db.exec("PRAGMA journal_mode=WAL");  // persistent in the file header
      WriteTxn txn(db);
      schema::migrate(db, path.string());
      txn.commit();
    }  // closing checkpoints and removes the WAL, so the file alone is the database
    if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      throw RuntimeError(path.string() + ": cannot create the results database: " + std::strerror(errno));
    }
  } catch (...) {
    std::filesystem::remove(tmp);
    throw;
  }
  std::filesystem::remove(tmp);
}

std::string schema_mismatch(const std::string& where, int version) {
  if (version > schema::latest_version()) {
    return where + ": written by a newer MERLab (schema version " + std::to_string(version) + "; this build reads " +
           std::to_string(schema::latest_version()) + "); read it with that version of mer or a later one";
  }
  return where + ": written by an older MERLab (schema version " + std::to_string(version) + "; this build reads " +
         std::to_string(schema::latest_version()) +
         "); resuming its sweep with this build ('mer sweep' with the same arguments) migrates it, or read it with the "
         "older build";
}

}  // namespace

ResultsDb::ResultsDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultsDb::ResultsDb(ResultsDb&&) noexcept = default;
ResultsDb& ResultsDb::operator=(ResultsDb&&) noexcept = default;
ResultsDb::~ResultsDb() = default;

ResultsDb ResultsDb::open(const std::filesystem::path& path, const OpenOptions& options) {
  const std::string where = path.string();
  const bool exists = std::filesystem::exists(path);
  if (!exists && (options.read_only || !options.create)) {
    throw RuntimeError(where + ": no results database there");
  }
  if (!exists && path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::unique_ptr<Impl> impl;
  try {
    if (!exists) create_atomically(path, options.busy_timeout_ms);
    int flags = options.read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    impl = std::make_unique<Impl>(path, flags, options.busy_timeout_ms);
    auto& db = impl->db;
    db.exec("PRAGMA foreign_keys=ON");
    if (options.read_only) {
      impl->version = schema::version_of(db);
      if (impl->version == 0) {
        throw RuntimeError(where + ": not a MERLab results database (no schema version; was it written by another program?)");
      }
      if (impl->version != schema::latest_version()) throw RuntimeError(schema_mismatch(where, impl->version));
    } else {
      set_journal_mode_wal(db);
      // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
      // last commits, never corrupt the file.
      db.exec("PRAGMA synchronous=NORMAL");
      WriteTxn txn(db);
      schema::migrate(db, where);
      txn.commit();
      impl->version = schema::version_of(db);
    }
    // A file at the right version but without one of the tables (damaged, or edited by hand)
    // would otherwise fail later in some query, with an error that names no file.
    for (const char* table : {"sweeps", "runs", "params", "folds", "epochs", "predictions", "artifacts", "slurm_jobs"}) {
      if (!impl->db.tableExists(table)) {
        throw RuntimeError(where + ": not a complete MERLab results database: table '" + table + "' is missing");
      }
    }
  } catch (const SQLite::Exception& e) {
    throw RuntimeError(where + ": cannot open results database: " + e.what());
  }
  return ResultsDb(std::move(impl));
}

const std::filesystem::path& ResultsDb::path() const { return impl_->path; }
int ResultsDb::schema_version() const { return impl_->version; }

// --- sweeps ------------------------------------------------------------------------------------

void ResultsDb::upsert_sweep(const SweepRecord& s) {
  if (s.name.empty()) throw RuntimeError(impl_->where() + ": sweep without a name");
  auto& db = impl_->db;
  WriteTxn txn(db);
  SQLite::Statement st(db,
                       "INSERT INTO sweeps(name, created, config_yaml, grid_spec, command, n_points) "
                       "VALUES (?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET config_yaml=excluded.config_yaml, "
                       "grid_spec=excluded.grid_spec, command=excluded.command, n_points=excluded.n_points");
  st.bind(1, s.name);
  st.bind(2, s.created > 0 ? s.created : unix_now());
  st.bind(3, s.config_yaml);
  st.bind(4, s.grid_spec);
  st.bind(5, s.command);
  st.bind(6, s.n_points);
  st.exec();
  txn.commit();
}

namespace {
SweepRecord read_sweep(SQLite::Statement& st) {
  SweepRecord s;
  s.name = st.getColumn(0).getString();
  s.created = st.getColumn(1).getDouble();
  s.config_yaml = st.getColumn(2).getString();
  s.grid_spec = st.getColumn(3).getString();
  s.command = st.getColumn(4).getString();
  s.n_points = st.getColumn(5).getInt();
  return s;
}
}  // namespace

std::optional<SweepRecord> ResultsDb::get_sweep(const std::string& name) const {
  SQLite::Statement st(impl_->db, "SELECT name, created, config_yaml, grid_spec, command, n_points FROM sweeps WHERE name=?");
  st.bind(1, name);
  if (!st.executeStep()) return std::nullopt;
  return read_sweep(st);
}

std::vector<SweepRecord> ResultsDb::sweeps() const {
  SQLite::Statement st(impl_->db, "SELECT name, created, config_yaml, grid_spec, command, n_points FROM sweeps ORDER BY created, name");
  std::vector<SweepRecord> out;
  while (st.executeStep()) out.push_back(read_sweep(st));
  return out;
}

// --- runs --------------------------------------------------------------------------------------

namespace {
void write_params(SQLite::Database& db, const RunRecord& r) {
  SQLite::Statement p(db, "INSERT INTO params(run_id, key, value) VALUES (?,?,?)");
  for (const auto& [k, v] : r.params) {
    p.bind(1, r.run_id);
    p.bind(2, k);
    p.bind(3, v);
    p.exec();
    p.reset();
  }
}
}  // namespace

bool ResultsDb::register_run(const RunRecord& r) {
  const std::string where = impl_->where();
  if (r.run_id.empty()) throw RuntimeError(where + ": register_run: empty run_id");
  if (r.config_hash.empty()) throw RuntimeError(where + ": register_run " + r.run_id + ": empty config_hash");
  auto& db = impl_->db;
  WriteTxn txn(db);
  {
    SQLite::Statement q(db, "SELECT config_hash FROM runs WHERE run_id=?");
    q.bind(1, r.run_id);
    if (q.executeStep()) {
      auto stored = q.getColumn(0).getString();
      if (stored != r.config_hash) {
        throw RuntimeError(where + ": run " + r.run_id + " is already registered with config hash " + stored +
                           ", not " + r.config_hash + "; a run_id must identify one configuration");
      }
      // Same identity: only non-identity values (paths, output, launcher, threads) can differ.
      // The latest invocation's config is the one a resume executes, so that a moved dataset
      // or runs folder is found; status, folds and results are left untouched.
      SQLite::Statement up(db, "UPDATE runs SET config_yaml=?, overrides=? WHERE run_id=?");
      up.bind(1, r.config_yaml);
      up.bind(2, json::string_array(r.overrides));
      up.bind(3, r.run_id);
      up.exec();
      SQLite::Statement del(db, "DELETE FROM params WHERE run_id=?");
      del.bind(1, r.run_id);
      del.exec();
      write_params(db, r);
      txn.commit();
      return false;
    }
  }
  if (!r.sweep.empty()) {
    // A run may be registered before its sweep record; keep the foreign key satisfied.
    SQLite::Statement s(db, "INSERT OR IGNORE INTO sweeps(name, created) VALUES (?, ?)");
    s.bind(1, r.sweep);
    s.bind(2, unix_now());
    s.exec();
  }
  SQLite::Statement ins(db, std::string("INSERT INTO runs(") + kRunColumns +
                                ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int i = 1;
  ins.bind(i++, r.run_id);
  if (r.sweep.empty()) ins.bind(i++);
  else ins.bind(i++, r.sweep);
  ins.bind(i++, r.point_index);
  ins.bind(i++, r.config_yaml);
  ins.bind(i++, r.config_hash);
  ins.bind(i++, json::string_array(r.overrides));
  ins.bind(i++, to_string(r.status));
  ins.bind(i++, r.created ? *r.created : unix_now());
  sql::bind_opt(ins, i++, r.started);
  sql::bind_opt(ins, i++, r.ended);
  sql::bind_opt(ins, i++, r.heartbeat);
  ins.bind(i++, r.host);
  ins.bind(i++, r.git_commit);
  ins.bind(i++, r.git_dirty ? 1 : 0);
  ins.bind(i++, json::string_map(r.versions));
  ins.bind(i++, static_cast<int64_t>(r.seed));
  ins.bind(i++, r.dataset);
  ins.bind(i++, r.model);
  ins.bind(i++, r.strategy);
  ins.bind(i++, json::string_array(r.classes));
  ins.bind(i++, r.n_folds);
  sql::bind_opt(ins, i++, r.acc);
  sql::bind_opt(ins, i++, r.uf1);
  sql::bind_opt(ins, i++, r.uar);
  ins.bind(i++, r.error);
  ins.exec();
  write_params(db, r);
  txn.commit();
  return true;
}

std::optional<RunRecord> ResultsDb::find_run(const std::string& run_id) const {
  SQLite::Statement st(impl_->db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE run_id=?");
  st.bind(1, run_id);
  if (!st.executeStep()) return std::nullopt;
  return read_run(st, impl_->where());
}

RunRecord ResultsDb::get_run(const std::string& run_id) const {
  auto r = find_run(run_id);
  if (!r) throw RuntimeError(impl_->where() + ": no run '" + run_id + "'");
  return *r;
}

std::vector<RunRecord> ResultsDb::runs(const std::string& sweep) const {
  std::string q = std::string("SELECT ") + kRunColumns + " FROM runs";
  if (!sweep.empty()) q += " WHERE sweep=?";
  q += " ORDER BY point_index, run_id";
  SQLite::Statement st(impl_->db, q);
  if (!sweep.empty()) st.bind(1, sweep);
  std::vector<RunRecord> out;
  while (st.executeStep()) out.push_back(read_run(st, impl_->where()));
  return out;
}

std::map<std::string, std::string> ResultsDb::params(const std::string& run_id) const {
  SQLite::Statement st(impl_->db, "SELECT key, value FROM params WHERE run_id=? ORDER BY key");
  st.bind(1, run_id);
  std::map<std::string, std::string> out;
  while (st.executeStep()) out[st.getColumn(0).getString()] = st.getColumn(1).getString();
  return out;
}

namespace {
void require_changed(SQLite::Database& db, const std::string& where, const std::string& what) {
  if (db.getChanges() == 0) throw RuntimeError(where + ": " + what);
}
}  // namespace

void ResultsDb::set_run_status(const std::string& run_id, RunStatus status, const std::string& error) {
  auto& db = impl_->db;
  const double now = unix_now();
  WriteTxn txn(db);
  SQLite::Statement st(db,
                       "UPDATE runs SET status=?1, "
                       "started = CASE WHEN ?1='RUNNING' THEN COALESCE(started, ?2) ELSE started END, "
                       "heartbeat = CASE WHEN ?1='RUNNING' THEN ?2 ELSE heartbeat END, "
                       "host = CASE WHEN ?1='RUNNING' THEN ?3 ELSE host END, "
                       "ended = CASE WHEN ?1 IN ('DONE','FAILED') THEN ?2 ELSE NULL END, "
                       "error = ?4 WHERE run_id=?5");
  st.bind(1, to_string(status));
  st.bind(2, now);
  st.bind(3, host_name());
  st.bind(4, status == RunStatus::failed ? error : std::string());
  st.bind(5, run_id);
  st.exec();
  require_changed(db, impl_->where(), "set_run_status: no run '" + run_id + "'");
  txn.commit();
}

void ResultsDb::set_run_folds(const std::string& run_id, int n_folds) {
  auto& db = impl_->db;
  WriteTxn txn(db);
  SQLite::Statement st(db, "UPDATE runs SET n_folds=? WHERE run_id=?");
  st.bind(1, n_folds);
  st.bind(2, run_id);
  st.exec();
  require_changed(db, impl_->where(), "set_run_folds: no run '" + run_id + "'");
  txn.commit();
}

void ResultsDb::fail_run(const std::string& run_id, const std::string& error) {
  set_run_status(run_id, RunStatus::failed, error);
}

metrics::Metrics ResultsDb::finish_run(const std::string& run_id, const metrics::MetricOptions& options) {
  const std::string where = impl_->where();
  auto& db = impl_->db;
  WriteTxn txn(db);
  auto run = get_run(run_id);
  int done = 0;
  std::vector<std::string> not_done;
  for (const auto& f : folds(run_id)) {
    if (f.status == FoldStatus::done) ++done;
    else not_done.push_back(std::to_string(f.fold) + " (" + to_string(f.status) + ")");
  }
  if (!not_done.empty()) {
    throw RuntimeError(where + ": finish_run " + run_id + ": folds not DONE: " + join(not_done, ", "));
  }
  if (run.n_folds > 0 && done < run.n_folds) {
    throw RuntimeError(where + ": finish_run " + run_id + ": only " + std::to_string(done) + " of " +
                       std::to_string(run.n_folds) + " folds are DONE");
  }
  auto preds = predictions(run_id);
  if (preds.empty()) throw RuntimeError(where + ": finish_run " + run_id + ": no predictions stored");
  auto m = metrics_of(run, preds, options, where);
  SQLite::Statement st(db, "UPDATE runs SET status='DONE', ended=?, acc=?, uf1=?, uar=?, error='' WHERE run_id=?");
  st.bind(1, unix_now());
  sql::bind_opt(st, 2, finite_or_null(m.accuracy));
  sql::bind_opt(st, 3, finite_or_null(m.uf1));
  sql::bind_opt(st, 4, finite_or_null(m.uar));
  st.bind(5, run_id);
  st.exec();
  txn.commit();
  return m;
}

// --- predictions and artifacts -------------------------------------------------------------------

std::vector<Prediction> ResultsDb::predictions(const std::string& run_id) const {
  SQLite::Statement st(impl_->db,
                       "SELECT fold, clip_id, subject, y_true, y_pred, scores FROM predictions WHERE run_id=? "
                       "ORDER BY fold, clip_id");
  st.bind(1, run_id);
  std::vector<Prediction> out;
  while (st.executeStep()) {
    Prediction p;
    p.fold = st.getColumn(0).getInt();
    p.clip_id = st.getColumn(1).getString();
    p.subject = st.getColumn(2).getString();
    p.y_true = st.getColumn(3).getInt();
    p.y_pred = st.getColumn(4).getInt();
    p.scores = json::parse_number_array(st.getColumn(5).getString());
    out.push_back(std::move(p));
  }
  return out;
}

void ResultsDb::add_artifact(const ArtifactRecord& a) {
  auto& db = impl_->db;
  WriteTxn txn(db);
  SQLite::Statement st(db, "INSERT OR IGNORE INTO artifacts(run_id, fold, kind, path, created) VALUES (?,?,?,?,?)");
  st.bind(1, a.run_id);
  st.bind(2, a.fold);
  st.bind(3, a.kind);
  st.bind(4, a.path);
  st.bind(5, a.created > 0 ? a.created : unix_now());
  st.exec();
  txn.commit();
}

std::vector<ArtifactRecord> ResultsDb::artifacts(const std::string& run_id) const {
  SQLite::Statement st(impl_->db,
                       "SELECT run_id, fold, kind, path, created FROM artifacts WHERE run_id=? ORDER BY fold, kind, path");
  st.bind(1, run_id);
  std::vector<ArtifactRecord> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getDouble()});
  }
  return out;
}

// --- summaries -----------------------------------------------------------------------------------

std::vector<RunProgress> ResultsDb::progress(const std::string& sweep) const {
  std::vector<RunProgress> out;
  for (auto& run : runs(sweep)) {
    RunProgress p;
    for (auto& f : folds(run.run_id)) {
      switch (f.status) {
        case FoldStatus::done: ++p.done; break;
        case FoldStatus::running: ++p.running; break;
        case FoldStatus::failed:
          ++p.failed;
          p.failures.push_back(std::move(f));
          break;
        case FoldStatus::pending: ++p.pending; break;
      }
    }
    // Folds not started yet have no row; n_folds says how many there will be.
    p.pending = std::max(p.pending, run.n_folds - p.done - p.running - p.failed);
    p.run = std::move(run);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace merlab::storage
