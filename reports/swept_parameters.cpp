#include "reports/swept_parameters.h"

#include <algorithm>
#include <set>

namespace merlab::reports {

namespace {

// The key an override sets ("" for a deletion or a word without '=').
std::string override_key(const std::string& o) {
  const auto eq = o.find('=');
  if (eq == std::string::npos || o.empty() || o[0] == '~') return "";
  std::string key = o.substr(0, eq);
  key.erase(0, std::min(key.find_first_not_of('+'), key.size()));
  return key;
}

}  // namespace

std::map<std::string, std::string> override_values(const storage::RunRecord& run) {
  std::map<std::string, std::string> out;
  for (const auto& o : run.overrides) {
    const auto key = override_key(o);
    if (!key.empty()) out[key] = o.substr(o.find('=') + 1);
  }
  return out;
}

std::vector<std::string> swept_keys(const std::vector<const storage::RunRecord*>& runs) {
  std::vector<std::string> order;  // first appearance in the overrides: the grid's own order
  std::map<std::string, std::set<std::string>> values;
  std::vector<std::map<std::string, std::string>> per_run;
  for (const auto* r : runs) {
    per_run.push_back(override_values(*r));
    for (const auto& o : r->overrides) {
      const auto key = override_key(o);
      if (!key.empty() && !values.count(key)) order.push_back(key), values[key];
    }
  }
  for (const auto& m : per_run)
    for (const auto& key : order) {
      auto it = m.find(key);
      values[key].insert(it == m.end() ? "" : it->second);
    }
  std::vector<std::string> out;
  for (const auto& key : order)
    if (values[key].size() > 1) out.push_back(key);
  return out;
}

}  // namespace merlab::reports
