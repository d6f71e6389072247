#include "framework/engine/folds.h"

#include <map>
#include <set>

#include "framework/common/error.h"
#include "framework/config/access.h"

namespace merlab {

ProtocolOptions ProtocolOptions::from_config(const YAML::Node& node) {
  ProtocolOptions p;
  p.name = cfg::choice(node, "name", "loso", {"loso", "kfold", "lodo"}, "protocol");
  p.folds = cfg::value_or<int>(node, "folds", 5, "protocol");
  if (p.name == "kfold" && p.folds < 2) throw ConfigError("config key 'protocol.folds': expected at least 2, got " + std::to_string(p.folds));
  return p;
}

std::vector<Fold> make_folds(const std::vector<Clip>& clips, const ProtocolOptions& protocol) {
  std::set<std::string> subject_set;
  for (const auto& c : clips) subject_set.insert(c.subject);
  std::vector<std::string> subjects(subject_set.begin(), subject_set.end());
  if (subjects.size() < 2) {
    throw RuntimeError("the dataset has " + std::to_string(subjects.size()) +
                       " subject(s); subject-wise evaluation needs at least 2");
  }
  std::vector<Fold> folds;
  if (protocol.name == "lodo") {
    // One fold per part of a composite (Clip::dataset); its subjects are "<part>/<subject>".
    std::map<std::string, std::vector<std::string>> by_part;
    for (const auto& s : subjects) {
      const auto slash = s.find('/');
      if (slash == std::string::npos)
        throw RuntimeError("protocol.name=lodo needs a composite dataset (dataset=composite or megc2019): subject '" +
                           s + "' belongs to no part");
      by_part[s.substr(0, slash)].push_back(s);
    }
    if (by_part.size() < 2)
      throw RuntimeError("protocol.name=lodo needs clips of at least 2 datasets; the composite has clips of " +
                         std::to_string(by_part.size()));
    for (auto& [part, subs] : by_part) folds.push_back({static_cast<int>(folds.size()), std::move(subs), part});
    return folds;
  }
  if (protocol.name == "loso") {
    for (std::size_t i = 0; i < subjects.size(); ++i) folds.push_back({static_cast<int>(i), {subjects[i]}});
    return folds;
  }
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(protocol.folds), subjects.size());
  folds.resize(k);
  for (std::size_t i = 0; i < k; ++i) folds[i].index = static_cast<int>(i);
  for (std::size_t i = 0; i < subjects.size(); ++i) folds[i % k].test_subjects.push_back(subjects[i]);
  return folds;
}

}  // namespace merlab
