#include "framework/storage/schema.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "framework/common/error.h"

namespace merlab::storage::schema {

namespace {

// Version 1. Times are REAL seconds since the Unix epoch (UTC). Status columns are text so that
// ad-hoc SQL stays readable. Child tables cascade on run deletion.
const char* kV1 = R"SQL(
CREATE TABLE sweeps (
  name        TEXT PRIMARY KEY,
  created     REAL NOT NULL,
  config_yaml TEXT NOT NULL DEFAULT '',
  grid_spec   TEXT NOT NULL DEFAULT '',
  command     TEXT NOT NULL DEFAULT '',
  n_points    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE runs (
  run_id      TEXT PRIMARY KEY,
  sweep       TEXT REFERENCES sweeps(name) ON DELETE SET NULL,
  point_index INTEGER NOT NULL DEFAULT -1,
  config_yaml TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  overrides   TEXT NOT NULL DEFAULT '[]',
  status      TEXT NOT NULL DEFAULT 'PENDING'
              CHECK (status IN ('PENDING','RUNNING','DONE','FAILED')),
  created     REAL NOT NULL,
  started     REAL,
  ended       REAL,
  heartbeat   REAL,
  host        TEXT NOT NULL DEFAULT '',
  git_commit  TEXT NOT NULL DEFAULT '',
  git_dirty   INTEGER NOT NULL DEFAULT 0,
  versions    TEXT NOT NULL DEFAULT '{}',
  seed        INTEGER NOT NULL DEFAULT 0,
  dataset     TEXT NOT NULL DEFAULT '',
  model       TEXT NOT NULL DEFAULT '',
  strategy    TEXT NOT NULL DEFAULT '',
  classes     TEXT NOT NULL DEFAULT '[]',
  n_folds     INTEGER NOT NULL DEFAULT 0,
  acc         REAL,
  uf1         REAL,
  uar         REAL,
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_sweep ON runs(sweep, point_index);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_model_strategy ON runs(dataset, model, strategy);

CREATE TABLE params (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX params_key_value ON params(key, value);

CREATE TABLE folds (
  run_id         TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  fold           INTEGER NOT NULL,
  subjects       TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'PENDING'
                 CHECK (status IN ('PENDING','RUNNING','DONE','FAILED')),
  attempt        INTEGER NOT NULL DEFAULT 0,
  started        REAL,
  ended          REAL,
  heartbeat      REAL,
  duration_s     REAL,
  n_train        INTEGER NOT NULL DEFAULT 0,
  n_test         INTEGER NOT NULL DEFAULT 0,
  acc            REAL,
  uf1            REAL,
  uar            REAL,
  selected_epoch INTEGER,
  error          TEXT NOT NULL DEFAULT '',
  host           TEXT NOT NULL DEFAULT '',
  pid            INTEGER NOT NULL DEFAULT 0,
  slurm_job_id   TEXT NOT NULL DEFAULT '',
  slurm_task_id  INTEGER,
  PRIMARY KEY (run_id, fold)
);
CREATE INDEX folds_status_heartbeat ON folds(status, heartbeat);

CREATE TABLE epochs (
  run_id            TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  fold              INTEGER NOT NULL,
  epoch             INTEGER NOT NULL,
  train_loss        REAL NOT NULL,
  train_acc         REAL NOT NULL,
  lr                REAL NOT NULL,
  val_loss          REAL,
  val_acc           REAL,
  monitor_test_loss REAL,
  monitor_test_acc  REAL,
  seconds           REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, fold, epoch)
);

CREATE TABLE predictions (
  run_id  TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  fold    INTEGER NOT NULL,
  clip_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  y_true  INTEGER NOT NULL,
  y_pred  INTEGER NOT NULL,
  scores  TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (run_id, fold, clip_id)
);
CREATE INDEX predictions_subject ON predictions(run_id, subject);

CREATE TABLE artifacts (
  id      INTEGER PRIMARY KEY,
  run_id  TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  fold    INTEGER NOT NULL DEFAULT -1,
  kind    TEXT NOT NULL,
  path    TEXT NOT NULL,
  created REAL NOT NULL,
  UNIQUE (run_id, fold, kind, path)
);
)SQL";

// Version 2. Per fold: the optimizer steps it took (train.budget makes them comparable across
// strategies) and the facts that decide whether it can be reproduced exactly (effective
// threads, device, environment overrides, library versions, commit, DI cache code version,
// dataset fingerprint) as a JSON object of strings. A fold, not a run, records them because
// the folds of one run may be computed by different processes or hosts.
const char* kV2 = R"SQL(
ALTER TABLE folds ADD COLUMN steps INTEGER;
ALTER TABLE folds ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
)SQL";

// Version 3. The Slurm jobs submitted for a sweep (`mer sweep launcher=slurm`). Builds before
// version 3 created this table on first submission, outside the migrations; IF NOT EXISTS keeps
// such a file's rows.
const char* kV3 = R"SQL(
CREATE TABLE IF NOT EXISTS slurm_jobs (
  submission INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  job_id     TEXT NOT NULL,
  n_tasks    INTEGER NOT NULL DEFAULT 0,
  script     TEXT NOT NULL DEFAULT '',
  submitted  REAL NOT NULL,
  PRIMARY KEY (submission, kind)
);
)SQL";

}  // namespace

const std::vector<std::string>& migrations() {
  // Append new versions; never edit a released one (files in the field are at that version).
  static const std::vector<std::string> list = {kV1, kV2, kV3};
  return list;
}

int latest_version() { return static_cast<int>(migrations().size()); }

int version_of(SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); }

void migrate(SQLite::Database& db, const std::string& file_for_messages) {
  int v = version_of(db);
  if (v > latest_version()) {
    throw RuntimeError(file_for_messages + ": results database schema version " + std::to_string(v) +
                       " is newer than this build supports (" + std::to_string(latest_version()) +
                       "); use a newer mer");
  }
  for (; v < latest_version(); ++v) {
    db.exec(migrations()[static_cast<std::size_t>(v)]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
  }
}

}  // namespace merlab::storage::schema
