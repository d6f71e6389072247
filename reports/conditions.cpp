#include "reports/conditions.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "reports/table_data.h"

namespace merlab::reports {

namespace {

using Runs = std::vector<const storage::RunRecord*>;

bool shown_bare(const std::string& key) { return key == kModelKey || key == kStrategyKey; }

// True when runs of one dataset that agree on `by` always agree on `key` too.
bool determined_by(const Runs& runs, const std::vector<std::string>& by, const std::string& key) {
  std::map<std::vector<std::string>, std::string> seen;
  for (const auto* r : runs) {
    std::vector<std::string> k = {r->dataset};
    for (const auto& b : by) k.push_back(condition_value(*r, b));
    const auto v = condition_value(*r, key);
    auto [it, inserted] = seen.emplace(std::move(k), v);
    if (!inserted && it->second != v) return false;
  }
  return true;
}

// Numbers compare numerically (1e-4 < 1e-3, 64 < 224), everything else as text.
bool number(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

int compare_values(const std::string& key, const std::string& a, const std::string& b, const std::string& baseline) {
  if (a == b) return 0;
  if (key == kStrategyKey) {
    const auto order = order_strategies({a, b}, baseline);
    return order.front() == a ? -1 : 1;
  }
  if (key == kTestKey) {
    if (a == kDefaultTest) return -1;
    if (b == kDefaultTest) return 1;
  }
  double x = 0, y = 0;
  if (number(a, &x) && number(b, &y) && x != y) return x < y ? -1 : 1;
  return a < b ? -1 : 1;
}

// Shortest dotted suffix of each key that no other key in `keys` ends with. A selector ending in
// ".name" is named by what it selects ("protocol.name" -> "protocol", not "name").
std::map<std::string, std::string> short_names(const std::vector<std::string>& raw_keys) {
  auto base_of = [](const std::string& k) { return ends_with(k, ".name") ? k.substr(0, k.size() - 5) : k; };
  std::vector<std::string> keys;
  for (const auto& k : raw_keys) keys.push_back(base_of(k));
  std::map<std::string, std::string> out;
  for (std::size_t ki = 0; ki < keys.size(); ++ki) {
    const std::string& key = keys[ki];
    const auto parts = split(key, '.');
    std::string name = key;
    for (std::size_t n = 1; n <= parts.size(); ++n) {
      std::vector<std::string> tail(parts.end() - static_cast<std::ptrdiff_t>(n), parts.end());
      const std::string candidate = join(tail, ".");
      const bool shared = std::any_of(keys.begin(), keys.end(), [&](const std::string& other) {
        return other != key && (other == candidate || (other.size() > candidate.size() &&
                                                       other.compare(other.size() - candidate.size(), candidate.size(), candidate) == 0 &&
                                                       other[other.size() - candidate.size() - 1] == '.'));
      });
      if (!shared) {
        name = candidate;
        break;
      }
    }
    out[raw_keys[ki]] = name;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& ignored_config_keys() {
  static const std::vector<std::string> keys = {"seed", "output.", "runtime.", "launcher.", "di.cache_dir", "dataset.root"};
  return keys;
}

bool ignored_config_key(const std::string& key) {
  for (const auto& k : ignored_config_keys()) {
    if (k.back() == '.' ? key.compare(0, k.size(), k) == 0 : key == k) return true;
  }
  return false;
}

std::string condition_value(const storage::RunRecord& run, const std::string& key) {
  if (key == kModelKey) return run.model;
  if (key == kStrategyKey) return run.strategy;
  if (key == kTestKey) {
    // repr=phase_flow tests on the mean of the two phase flows whatever aug.temporal.test says
    // (ExperimentSpec rewrites the strategy; paired strategies keep their own "pair").
    auto repr = run.params.find("repr.name");
    auto test = run.params.find(key);
    const std::string given = test == run.params.end() ? kDefaultTest : test->second;
    if (repr != run.params.end() && repr->second == "phase_flow" && given != "pair") return "phase_mean";
    return given;
  }
  auto it = run.params.find(key);
  if (it != run.params.end()) return it->second;
  return "unset";
}

Conditions::Conditions(const Runs& runs, const ConditionOptions& options) : baseline_(options.baseline) {
  // Keys that vary among the runs (a key missing from some configs varies too).
  std::set<std::string> all_keys;
  for (const auto* r : runs)
    for (const auto& [k, v] : r->params) all_keys.insert(k);
  std::vector<std::string> varying, splitting;
  for (const auto& key : all_keys) {
    if (ignored_config_key(key) || key == kModelKey || key == kTestKey) continue;
    std::set<std::string> values;
    for (const auto* r : runs) values.insert(condition_value(*r, key));
    if (values.size() < 2) continue;
    varying.push_back(key);
    if (!determined_by(runs, {kModelKey, kStrategyKey}, key)) splitting.push_back(key);
  }
  identity_ = {kTestKey};
  identity_.insert(identity_.end(), splitting.begin(), splitting.end());
  selectable_ = {kModelKey, kStrategyKey, kTestKey};
  selectable_.insert(selectable_.end(), varying.begin(), varying.end());

  std::set<std::string> named;
  for (const auto* axis : {&options.rows, &options.cols})
    for (const auto& key : *axis) {
      if (std::find(selectable_.begin(), selectable_.end(), key) == selectable_.end())
        throw UsageError("mer report: --rows/--cols: '" + key + "' is not a config key that varies among the report's runs; " +
                         "keys that vary: " + join(selectable_, ", "));
      if (!named.insert(key).second) throw UsageError("mer report: --rows/--cols: '" + key + "' is named twice");
    }
  auto unnamed = [&](const std::string& key) { return named.count(key) == 0; };

  // Defaults for an axis not given, leaving out what the other axis names.
  if (options.rows.empty()) {
    if (unnamed(kModelKey)) rows_.push_back(kModelKey);
    for (const auto& k : splitting)
      if (k.rfind("model.", 0) == 0 && unnamed(k)) rows_.push_back(k);
  } else {
    rows_ = options.rows;
  }
  if (options.cols.empty()) {
    for (const std::string k : {kStrategyKey, kTestKey})
      if (unnamed(k)) cols_.push_back(k);
    for (const auto& k : splitting)
      if (k.rfind("model.", 0) != 0 && unnamed(k)) cols_.push_back(k);
  } else {
    cols_ = options.cols;
  }
  // Whatever tells runs apart and is on neither axis goes to the columns, so that a cell never
  // mixes two conditions.
  auto on_axes = [&](const std::string& key) {
    return std::find(rows_.begin(), rows_.end(), key) != rows_.end() ||
           std::find(cols_.begin(), cols_.end(), key) != cols_.end();
  };
  // Model and strategy come before the appended condition keys, as in the default labels.
  std::vector<std::string> appended;
  for (const auto& k : identity_)
    if (!on_axes(k)) appended.push_back(k);
  std::vector<std::string> axes = rows_;
  axes.insert(axes.end(), cols_.begin(), cols_.end());
  axes.insert(axes.end(), appended.begin(), appended.end());
  for (const std::string k : {kModelKey, kStrategyKey})
    if (!on_axes(k) && !determined_by(runs, axes, k)) cols_.push_back(k);
  cols_.insert(cols_.end(), appended.begin(), appended.end());

  std::vector<std::string> labelled;
  for (const auto* axis : {&rows_, &cols_})
    for (const auto& k : *axis)
      if (!shown_bare(k)) labelled.push_back(k);
  short_names_ = short_names(labelled);
}

std::vector<std::string> Conditions::values(const storage::RunRecord& run, const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(condition_value(run, k));
  return out;
}

std::string Conditions::short_name(const std::string& key) const {
  auto it = short_names_.find(key);
  return it == short_names_.end() ? key : it->second;
}

std::string Conditions::label(const std::vector<std::string>& keys, const std::vector<std::string>& values) const {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i)
    parts.push_back(shown_bare(keys[i]) ? values[i] : short_name(keys[i]) + "=" + values[i]);
  return join(parts, " ");
}

bool Conditions::less(const std::vector<std::string>& keys, const std::vector<std::string>& a,
                      const std::vector<std::string>& b) const {
  for (std::size_t i = 0; i < keys.size() && i < a.size() && i < b.size(); ++i) {
    const int c = compare_values(keys[i], a[i], b[i], baseline_);
    if (c != 0) return c < 0;
  }
  return false;
}

namespace {
std::string header(const std::vector<std::string>& keys, const Conditions& c) {
  if (keys.empty()) return "";
  if (keys.front() == kModelKey) return "Model";
  if (keys.front() == kStrategyKey) return "Strategy";
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(c.short_name(k));
  return join(names, " ");
}
}  // namespace

std::string Conditions::row_header() const { return header(rows_, *this); }
std::string Conditions::col_header() const { return header(cols_, *this); }

std::string Conditions::condition_id(const storage::RunRecord& run) const {
  std::vector<std::string> parts;
  for (const auto& k : identity_) {
    const auto v = condition_value(run, k);
    if (k == kTestKey && v == kDefaultTest) continue;
    parts.push_back(k + "=" + v);
  }
  return join(parts, " ");
}

std::string Conditions::describe() const {
  return "Rows: " + join(rows_, ", ") + ". Columns: " + join(cols_, ", ") + ".";
}

}  // namespace merlab::reports
