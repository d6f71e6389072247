// `mer runs`: the runs of one sweep (or of every sweep under the runs root) as a table, CSV or
// JSON, filtered and sorted without SQL. Columns: the run's identity (id, sweep, status,
// dataset, model, strategy, seed), the swept parameters (override keys whose values differ
// between the listed runs, reports/swept_parameters.h) and the pooled metrics.
//
//   mer runs demo --where model.name=learnet --sort uf1
//   mer runs runs/demo --where 'uf1>=50' --where status=DONE --format csv
#include <fmt/format.h>
#include <fnmatch.h>

#include <functional>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "framework/cli/commands.h"
#include "framework/cli/sweep_path.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/storage/results_db.h"
#include "reports/format.h"
#include "reports/swept_parameters.h"

namespace merlab::cli {
namespace fs = std::filesystem;
namespace {

struct Listed {
  storage::RunRecord run;
  std::map<std::string, std::string> overrides;  // swept values, by override key
};

const std::vector<std::string> kIdentity = {"run_id", "sweep", "status", "dataset", "model", "strategy", "seed"};
const std::vector<std::string> kMetricKeys = {"acc", "uf1", "uar"};

bool is_metric(const std::string& key) { return std::find(kMetricKeys.begin(), kMetricKeys.end(), key) != kMetricKeys.end(); }

std::optional<double> metric_of(const storage::RunRecord& r, const std::string& key) {
  return key == "acc" ? r.acc : key == "uf1" ? r.uf1 : r.uar;
}

// Value of a key for filtering and sorting: identity columns, metrics (percent, as shown), the
// run's overrides, then its flattened config (params). nullopt when the run has no such key.
std::optional<std::string> value_of(const Listed& l, const std::string& key) {
  const auto& r = l.run;
  if (key == "run_id") return r.run_id;
  if (key == "sweep") return r.sweep;
  if (key == "status") return std::string(storage::to_string(r.status));
  if (key == "dataset") return r.dataset;
  if (key == "model") return r.model;
  if (key == "strategy") return r.strategy;
  if (key == "seed") return std::to_string(r.seed);
  if (is_metric(key)) {
    const auto v = metric_of(r, key);
    return v ? std::optional<std::string>(reports::num(100 * *v)) : std::nullopt;
  }
  if (auto it = l.overrides.find(key); it != l.overrides.end()) return it->second;
  if (auto it = r.params.find(key); it != r.params.end()) return it->second;
  return std::nullopt;
}

std::optional<double> as_number(const std::string& s) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

struct Condition {
  std::string key, op, value;  // op: = != < <= > >=
  std::string text;
};

Condition parse_condition(const std::string& text) {
  // Two-character operators first so that "a>=1" is not read as "a>" "=1".
  for (const char* op : {"!=", "<=", ">=", "=", "<", ">"}) {
    const auto at = text.find(op);
    if (at == std::string::npos || at == 0) continue;
    Condition c{trim(text.substr(0, at)), op, trim(text.substr(at + std::string(op).size())), text};
    if (!c.key.empty()) return c;
  }
  throw UsageError("mer runs: --where '" + text + "': expected KEY=VALUE, KEY!=VALUE or KEY<, <=, >, >= NUMBER "
                   "(e.g. model.name=learnet, 'uf1>=50')");
}

bool matches(const Listed& l, const Condition& c) {
  const auto v = value_of(l, c.key);
  if (c.op == "=" || c.op == "!=") {
    // Globs as in the shell: model.name='res*'.
    const bool eq = v && fnmatch(c.value.c_str(), v->c_str(), 0) == 0;
    return c.op == "=" ? eq : !eq;
  }
  const auto want = as_number(c.value);
  if (!want) throw UsageError("mer runs: --where '" + c.text + "': '" + c.value + "' is not a number");
  const auto have = v ? as_number(*v) : std::nullopt;
  if (!have) return false;
  if (c.op == "<") return *have < *want;
  if (c.op == "<=") return *have <= *want;
  if (c.op == ">") return *have > *want;
  return *have >= *want;
}

// Every key a --where or --sort may name, for the error message.
std::vector<std::string> known_keys(const std::vector<Listed>& runs) {
  std::set<std::string> keys(kIdentity.begin(), kIdentity.end());
  keys.insert(kMetricKeys.begin(), kMetricKeys.end());
  for (const auto& l : runs) {
    for (const auto& [k, v] : l.overrides) keys.insert(k);
    for (const auto& [k, v] : l.run.params) keys.insert(k);
  }
  return {keys.begin(), keys.end()};
}

void check_key(const std::vector<Listed>& runs, const std::string& key, const std::string& option) {
  const auto keys = known_keys(runs);
  if (std::find(keys.begin(), keys.end(), key) == keys.end())
    throw UsageError("mer runs: " + option + ": no run has the key '" + key + "'" + suggestion_text(key, keys));
}

std::vector<Listed> load(const fs::path& db_path, const std::string& sweep) {
  storage::OpenOptions o;
  o.read_only = true;
  auto db = storage::ResultsDb::open(db_path, o);
  std::vector<Listed> out;
  for (auto& r : db.runs(sweep)) {
    Listed l;
    l.run = std::move(r);
    l.run.params = db.params(l.run.run_id);
    out.push_back(std::move(l));
  }
  return out;
}

// Swept keys that only repeat an identity column (model=learnet next to model learnet,
// aug=dual_phase_di next to strategy dual_phase_di, seed=1) are left out.
std::vector<std::string> shown_swept_keys(const std::vector<Listed>& runs) {
  std::vector<const storage::RunRecord*> records;
  for (const auto& l : runs) records.push_back(&l.run);
  std::vector<std::string> out;
  const std::map<std::string, std::string> repeats = {{"model", "model"}, {"aug", "strategy"}, {"seed", "seed"}, {"dataset", "dataset"}};
  for (const auto& key : reports::swept_keys(records)) {
    auto it = repeats.find(key);
    bool same = it != repeats.end();
    for (const auto& l : runs) {
      auto o = l.overrides.find(key);  // runs without the override (not from a grid) say nothing
      if (same && o != l.overrides.end() && o->second != value_of(l, it->second)) same = false;
    }
    if (!same) out.push_back(key);
  }
  return out;
}

std::string cell_text(const Listed& l, const std::string& key) {
  if (is_metric(key)) {
    return reports::pct(metric_of(l.run, key));
  }
  const auto v = value_of(l, key);
  return v ? *v : "-";
}

std::string header_text(const std::string& key) {
  if (key == "acc") return "acc%";
  if (key == "uf1") return "UF1%";
  if (key == "uar") return "UAR%";
  return key;
}

void print_table(const std::vector<Listed>& runs, const std::vector<std::string>& columns) {
  std::vector<std::size_t> width;
  for (const auto& c : columns) {
    std::size_t w = header_text(c).size();
    for (const auto& l : runs) w = std::max(w, cell_text(l, c).size());
    width.push_back(w);
  }
  auto line = [&](const std::function<std::string(std::size_t)>& text) {
    std::string s;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto t = text(i);
      // Numbers right-aligned, text left-aligned; no trailing blanks.
      const bool right = is_metric(columns[i]) || columns[i] == "seed";
      const std::string pad(width[i] - t.size(), ' ');
      s += (i ? "  " : "") + (right ? pad + t : (i + 1 < columns.size() ? t + pad : t));
    }
    std::cout << s << "\n";
  };
  line([&](std::size_t i) { return header_text(columns[i]); });
  for (const auto& l : runs) line([&](std::size_t i) { return cell_text(l, columns[i]); });
  std::cout << runs.size() << " run" << (runs.size() == 1 ? "" : "s") << "\n";
}

// Machine formats hold fractions at full precision, like the report's CSV files.
std::string machine_value(const Listed& l, const std::string& key) {
  if (is_metric(key)) {
    const auto v = metric_of(l.run, key);
    return v ? reports::num(*v) : "";
  }
  return value_of(l, key).value_or("");
}

void print_csv(const std::vector<Listed>& runs, const std::vector<std::string>& columns) {
  std::vector<std::string> head;
  for (const auto& c : columns) head.push_back(reports::csv_field(c));
  std::cout << join(head, ",") << "\n";
  for (const auto& l : runs) {
    std::vector<std::string> row;
    for (const auto& c : columns) row.push_back(reports::csv_field(machine_value(l, c)));
    std::cout << join(row, ",") << "\n";
  }
}

void print_json(const std::vector<Listed>& runs, const std::vector<std::string>& swept) {
  auto all = nlohmann::json::array();
  for (const auto& l : runs) {
    const auto& r = l.run;
    nlohmann::json j = {{"run_id", r.run_id},   {"sweep", r.sweep},       {"status", storage::to_string(r.status)},
                        {"dataset", r.dataset}, {"model", r.model},       {"strategy", r.strategy},
                        {"seed", r.seed},       {"n_folds", r.n_folds}};
    for (const auto& m : kMetricKeys) {
      const auto v = metric_of(r, m);
      j[m] = v ? nlohmann::json(*v) : nlohmann::json();
    }
    auto params = nlohmann::json::object();
    for (const auto& k : swept) {
      const auto v = value_of(l, k);
      params[k] = v ? nlohmann::json(*v) : nlohmann::json();
    }
    j["swept"] = params;
    if (!r.error.empty()) j["error"] = r.error;
    all.push_back(j);
  }
  std::cout << all.dump(2) << "\n";
}

int run_runs(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("where", po::value<std::vector<std::string>>()->composing(),
       "keep runs where KEY=VALUE (glob), KEY!=VALUE, or KEY<, <=, >, >= NUMBER; repeatable (all must hold). "
       "KEY: run_id, sweep, status, dataset, model, strategy, seed, acc, uf1, uar (percent), an override key "
       "(aug, train.epochs) or any config key (model.name)")
      ("sort", po::value<std::string>(), "sort by this key: metrics best first, other keys ascending (numbers by value)")
      ("reverse", "reverse the sort order")
      ("format", po::value<std::string>()->default_value("table"), "table | csv | json")
      ("sweep", po::value<std::string>(), "only runs of this sweep (default: all in the database)");
  auto parsed = parse_args("runs", "mer runs [SWEEP | sweep-dir | results.sqlite] [--where KEY=VALUE]... [--sort KEY] "
                                   "[--format table|csv|json]",
                           args, opts, 1);
  if (parsed.help) return 0;
  const auto format = parsed.vm["format"].as<std::string>();
  if (format != "table" && format != "csv" && format != "json")
    throw UsageError("mer runs: --format '" + format + "'; valid: table, csv, json");
  const std::string sweep = parsed.vm.count("sweep") ? parsed.vm["sweep"].as<std::string>() : "";

  std::vector<Listed> runs;
  if (!parsed.positional.empty()) {
    runs = load(resolve_sweep_db(parsed.positional[0], "mer runs"), sweep);
  } else {
    // Every sweep under the runs root, in name order.
    const auto dbs = sweep_dbs_under_runs_root();
    if (dbs.empty())
      throw RuntimeError("mer runs: no sweep under " + runs_root().string() + " (give a sweep name, folder or results.sqlite)");
    for (const auto& db : dbs)
      for (auto& l : load(db, sweep)) runs.push_back(std::move(l));
  }
  // Overrides first, so that the swept columns and --where see them.
  for (auto& l : runs) l.overrides = reports::override_values(l.run);

  std::vector<Condition> where;
  if (parsed.vm.count("where"))
    for (const auto& w : parsed.vm["where"].as<std::vector<std::string>>()) where.push_back(parse_condition(w));
  for (const auto& c : where) check_key(runs, c.key, "--where '" + c.text + "'");
  std::vector<Listed> kept;
  for (auto& l : runs)
    if (std::all_of(where.begin(), where.end(), [&](const Condition& c) { return matches(l, c); })) kept.push_back(std::move(l));

  if (parsed.vm.count("sort")) {
    const auto key = parsed.vm["sort"].as<std::string>();
    check_key(kept.empty() ? runs : kept, key, "--sort");
    const bool best_first = is_metric(key);
    std::stable_sort(kept.begin(), kept.end(), [&](const Listed& a, const Listed& b) {
      const auto va = value_of(a, key), vb = value_of(b, key);
      if (!va || !vb) return va.has_value() && !vb.has_value();  // runs without a value last
      const auto na = as_number(*va), nb = as_number(*vb);
      if (na && nb) return best_first ? *na > *nb : *na < *nb;
      return best_first ? *va > *vb : *va < *vb;
    });
    if (parsed.vm.count("reverse")) std::reverse(kept.begin(), kept.end());
  }

  const auto swept = shown_swept_keys(kept);
  std::vector<std::string> columns = kIdentity;
  columns.insert(columns.end(), swept.begin(), swept.end());
  columns.insert(columns.end(), kMetricKeys.begin(), kMetricKeys.end());
  if (format == "table") print_table(kept, columns);
  else if (format == "csv") print_csv(kept, columns);
  else print_json(kept, swept);
  return 0;
}

}  // namespace

void add_runs_commands(CommandTable& table) {
  table.add({"runs", "list runs without SQL: --where model.name=learnet --sort uf1 --format table|csv|json", run_runs});
}

}  // namespace merlab::cli
