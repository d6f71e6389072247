// `mer compare A B`: two sweeps (or two runs) side by side. Prints the config keys whose
// values differ between A and B, then per (dataset, model, strategy) found in both the pooled
// UF1 and UAR of each side (mean over the seeds both have), the difference in percentage points
// and a paired two-sided Wilcoxon signed-rank test over subjects (per-subject UF1 / UAR,
// averaged over those seeds) where both sides held out the same subjects.
//
//   mer compare demo demo-long          # two sweeps under the runs root
//   mer compare 3f2a9c01d4e5b6a7 runs/other/results.sqlite:9a8b7c6d5e4f3a2b
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "framework/cli/commands.h"
#include "framework/cli/sweep_path.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/storage/results_db.h"
#include "reports/conditions.h"
#include "reports/format.h"
#include "reports/report_data.h"
#include "reports/wilcoxon.h"

namespace merlab::cli {
namespace fs = std::filesystem;
namespace {

struct Side {
  std::string label;                       // as given
  fs::path db;
  reports::ReportData data;
  std::vector<const reports::RunData*> runs;  // DONE runs compared
  bool single_run = false;
};

// "DB:RUN_ID" or a run id (full or a unique prefix) searched in the databases under the runs root.
Side load_run(const std::string& arg) {
  std::vector<fs::path> dbs;
  std::string id = arg;
  const auto colon = arg.rfind(':');
  if (colon != std::string::npos && colon > 0) {
    dbs.push_back(resolve_sweep_db(arg.substr(0, colon), "mer compare"));
    id = arg.substr(colon + 1);
  } else {
    dbs = sweep_dbs_under_runs_root();
  }
  std::vector<std::pair<fs::path, std::string>> found;
  for (const auto& db : dbs) {
    storage::OpenOptions o;
    o.read_only = true;
    for (const auto& r : storage::ResultsDb::open(db, o).runs())
      if (starts_with(r.run_id, id)) found.emplace_back(db, r.run_id);
  }
  if (found.empty())
    throw RuntimeError("mer compare: '" + arg + "' is neither a sweep (name, folder or results.sqlite) nor a run id in " +
                       (dbs.empty() ? runs_root().string() + " (no sweep there)" : std::to_string(dbs.size()) + " database(s) under " + runs_root().string()));
  if (found.size() > 1)
    throw UsageError("mer compare: run id prefix '" + id + "' is ambiguous: " + found[0].second + ", " + found[1].second +
                     (found.size() > 2 ? ", ..." : ""));
  Side s;
  s.label = arg;
  s.db = found[0].first;
  s.single_run = true;
  s.data = reports::load_report_data(s.db);
  for (const auto& r : s.data.runs)
    if (r.run.run_id == found[0].second) s.runs.push_back(&r);
  if (s.runs.empty()) throw RuntimeError("mer compare: run " + found[0].second + " in " + s.db.string() + " is not DONE");
  return s;
}

Side load_side(const std::string& arg) {
  fs::path db;
  try {
    db = resolve_sweep_db(arg, "mer compare");
  } catch (const RuntimeError&) {
    return load_run(arg);
  }
  Side s;
  s.label = arg;
  s.db = db;
  s.data = reports::load_report_data(db);
  for (const auto& r : s.data.runs) s.runs.push_back(&r);
  if (s.runs.empty()) throw RuntimeError("mer compare: " + db.string() + " has no DONE run");
  return s;
}

// Config keys whose value sets differ between the sides (keys that never change results left
// out): key -> (values in A, values in B), "(unset)" where a run lacks the key.
std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> config_differences(const Side& a, const Side& b) {
  std::set<std::string> keys;
  for (const auto* side : {&a, &b})
    for (const auto* r : side->runs)
      for (const auto& [k, v] : r->run.params)
        if (!reports::ignored_config_key(k)) keys.insert(k);
  auto values = [](const Side& s, const std::string& key) {
    std::set<std::string> out;
    for (const auto* r : s.runs) {
      auto it = r->run.params.find(key);
      out.insert(it == r->run.params.end() ? "(unset)" : it->second);
    }
    return out;
  };
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> out;
  for (const auto& k : keys) {
    auto va = values(a, k), vb = values(b, k);
    if (va != vb) out[k] = {va, vb};
  }
  return out;
}

std::string set_text(const std::set<std::string>& values) {
  std::string s = join(std::vector<std::string>(values.begin(), values.end()), ", ");
  return values.size() > 1 ? "{" + s + "}" : s;
}

using CellKey = std::tuple<std::string, std::string, std::string>;  // dataset, model, strategy

struct Pairing {
  std::vector<const reports::RunData*> a, b;  // same seeds, in seed order
};

// Runs of the two sides paired by (dataset, model, strategy, seed); two single runs pair
// whatever their labels (that is what was asked for).
std::map<CellKey, Pairing> pair_runs(const Side& a, const Side& b, std::vector<std::string>* unpaired) {
  std::map<CellKey, Pairing> out;
  if (a.single_run && b.single_run) {
    const auto& ra = a.runs.front()->run;
    const auto& rb = b.runs.front()->run;
    auto both = [](const std::string& x, const std::string& y) { return x == y ? x : x + " vs " + y; };
    out[{both(ra.dataset, rb.dataset), both(ra.model, rb.model), both(ra.strategy, rb.strategy)}] = {{a.runs.front()}, {b.runs.front()}};
    return out;
  }
  using RunKey = std::tuple<std::string, std::string, std::string, std::int64_t>;
  std::map<RunKey, const reports::RunData*> in_b;
  for (const auto* r : b.runs) in_b[{r->run.dataset, r->run.model, r->run.strategy, r->run.seed}] = r;
  std::set<RunKey> used;
  for (const auto* r : a.runs) {
    const RunKey k{r->run.dataset, r->run.model, r->run.strategy, r->run.seed};
    auto it = in_b.find(k);
    if (it == in_b.end() || used.count(k)) {
      unpaired->push_back("only in A: " + r->run.run_id + " (" + r->run.model + " / " + r->run.strategy + " / seed " +
                          std::to_string(r->run.seed) + ")");
      continue;
    }
    used.insert(k);
    auto& p = out[{r->run.dataset, r->run.model, r->run.strategy}];
    p.a.push_back(r);
    p.b.push_back(it->second);
  }
  for (const auto& [k, r] : in_b)
    if (!used.count(k))
      unpaired->push_back("only in B: " + r->run.run_id + " (" + r->run.model + " / " + r->run.strategy + " / seed " +
                          std::to_string(r->run.seed) + ")");
  return out;
}

// Per-subject score averaged over runs: subject -> value.
std::map<std::string, double> subject_means(const std::vector<const reports::RunData*>& runs, bool uar) {
  std::map<std::string, std::pair<double, int>> sum;
  for (const auto* r : runs)
    for (const auto& s : r->subjects) {
      auto& e = sum[s.subject];
      e.first += uar ? s.uar : s.uf1;
      ++e.second;
    }
  std::map<std::string, double> out;
  for (const auto& [subject, e] : sum) out[subject] = e.first / e.second;
  return out;
}

double mean_metric(const std::vector<const reports::RunData*>& runs, bool uar) {
  double s = 0;
  for (const auto* r : runs) s += uar ? r->pooled.uar : r->pooled.uf1;
  return runs.empty() ? NAN : s / static_cast<double>(runs.size());
}

struct Compared {
  double a = NAN, b = NAN;
  std::optional<reports::WilcoxonResult> test;  // nullopt when the held-out subjects differ
};

Compared compare_metric(const Pairing& p, bool uar) {
  Compared c{mean_metric(p.a, uar), mean_metric(p.b, uar), std::nullopt};
  const auto sa = subject_means(p.a, uar), sb = subject_means(p.b, uar);
  std::set<std::string> subjects_a, subjects_b;
  for (const auto& [s, v] : sa) subjects_a.insert(s);
  for (const auto& [s, v] : sb) subjects_b.insert(s);
  // Folds match when both sides held out the same subjects (LOSO over the same data).
  if (subjects_a != subjects_b || sa.empty()) return c;
  std::vector<double> x, y;
  for (const auto& [s, v] : sa) x.push_back(v), y.push_back(sb.at(s));
  c.test = reports::wilcoxon_signed_rank(x, y);
  return c;
}

std::string p_cell(const Compared& c) { return c.test ? reports::p_text(c.test->p_value) : "folds differ"; }

int run_compare(const std::vector<std::string>& args) {
  po::options_description opts("options");
  auto parsed = parse_args("compare",
                           "mer compare A B   (each a sweep name, sweep folder, results.sqlite, run id, or DB:RUN_ID)", args,
                           opts, 2);
  if (parsed.help) {
    std::cout << "Prints the config keys that differ between A and B, then per dataset, model and strategy the\n"
                 "pooled UF1 and UAR (%) of each side over the seeds both have, B - A in percentage points and\n"
                 "the paired Wilcoxon signed-rank p over subjects where both held out the same subjects.\n";
    return 0;
  }
  if (parsed.positional.size() != 2) throw UsageError("mer compare: expected two sweeps or runs, A and B (see 'mer compare --help')");
  const Side a = load_side(parsed.positional[0]);
  const Side b = load_side(parsed.positional[1]);
  std::cout << fmt::format("A: {} ({}, {} DONE run{})\nB: {} ({}, {} DONE run{})\n", a.label, a.db.string(), a.runs.size(),
                           a.runs.size() == 1 ? "" : "s", b.label, b.db.string(), b.runs.size(), b.runs.size() == 1 ? "" : "s");

  const auto diff = config_differences(a, b);
  std::cout << "\nconfig keys that differ (" << diff.size() << "):\n";
  if (diff.empty()) std::cout << "  none (paths, output and runtime settings are not compared)\n";
  for (const auto& [k, v] : diff) std::cout << "  " << k << ": A " << set_text(v.first) << "  B " << set_text(v.second) << "\n";

  std::vector<std::string> unpaired;
  const auto pairs = pair_runs(a, b, &unpaired);
  std::cout << "\n";
  if (pairs.empty()) {
    std::cout << "no (dataset, model, strategy, seed) is in both: nothing to pair\n";
  } else {
    const std::string head = fmt::format("{:<10} {:<14} {:<22} {:>5} {:>7} {:>7} {:>7} {:>12} {:>7} {:>7} {:>7} {:>12}",
                                         "dataset", "model", "strategy", "seeds", "UF1 A", "UF1 B", "B-A", "p (UF1)", "UAR A",
                                         "UAR B", "B-A", "p (UAR)");
    std::cout << head << "\n";
    for (const auto& [key, p] : pairs) {
      const auto uf1 = compare_metric(p, false), uar = compare_metric(p, true);
      std::cout << fmt::format("{:<10} {:<14} {:<22} {:>5} {:>7} {:>7} {:>+7.2f} {:>12} {:>7} {:>7} {:>+7.2f} {:>12}\n",
                               std::get<0>(key), std::get<1>(key), std::get<2>(key), p.a.size(), reports::pct(uf1.a),
                               reports::pct(uf1.b), 100 * (uf1.b - uf1.a), p_cell(uf1), reports::pct(uar.a),
                               reports::pct(uar.b), 100 * (uar.b - uar.a), p_cell(uar));
    }
    std::cout << "(UF1, UAR and B-A in %; p: paired two-sided Wilcoxon signed-rank over subjects, per-subject scores "
                 "averaged over the seeds)\n";
  }
  if (!unpaired.empty()) {
    std::cout << "\nunpaired runs (" << unpaired.size() << "):\n";
    for (const auto& u : unpaired) std::cout << "  " << u << "\n";
  }
  return 0;
}

}  // namespace

void add_compare_commands(CommandTable& table) {
  table.add({"compare", "two sweeps or runs side by side: config keys that differ, paired tests where folds match", run_compare});
}

}  // namespace merlab::cli
