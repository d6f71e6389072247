#include "datasets/protocol.h"

#include <algorithm>
#include <cctype>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab {
namespace {

struct Spec {
  std::string family, name;
  std::vector<std::pair<std::string, std::vector<std::string>>> classes;  // class -> raw labels
};

// Raw label sets as they appear in the distributed sheets (compared after normalize_label).
const std::vector<std::string>& family_labels(const std::string& family) {
  static const std::vector<std::string> casme2 = {"happiness", "disgust", "repression", "surprise",
                                                  "others", "fear", "sadness"};
  static const std::vector<std::string> samm = {"anger", "contempt", "disgust", "fear", "happiness",
                                                "sadness", "surprise", "other"};
  static const std::vector<std::string> none;
  if (family == "casme2") return casme2;
  if (family == "samm") return samm;
  return none;
}

const std::vector<Spec>& specs() {
  static const std::vector<Spec> all = {
      {"casme2", "casme2_5class",
       {{"happiness", {"happiness"}}, {"disgust", {"disgust"}}, {"repression", {"repression"}},
        {"surprise", {"surprise"}}, {"others", {"others"}}}},
      {"casme2", "megc_3class",
       {{"negative", {"disgust", "repression"}}, {"positive", {"happiness"}}, {"surprise", {"surprise"}}}},
      {"samm", "samm_5class",
       {{"anger", {"anger"}}, {"contempt", {"contempt"}}, {"happiness", {"happiness"}},
        {"surprise", {"surprise"}}, {"other", {"other"}}}},
      {"samm", "megc_3class",
       {{"negative", {"anger", "contempt", "disgust", "fear", "sadness"}}, {"positive", {"happiness"}},
        {"surprise", {"surprise"}}}},
  };
  return all;
}

}  // namespace

std::string normalize_label(const std::string& raw) {
  std::string t = trim(raw);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

int Protocol::classify(const std::string& raw_label) const {
  std::string l = normalize_label(raw_label);
  auto it = classes.find(l);
  if (it != classes.end()) return it->second;
  if (std::find(known_labels.begin(), known_labels.end(), l) != known_labels.end()) return kDropped;
  return kUnknown;
}

std::vector<std::string> protocol_names(const std::string& family) {
  std::vector<std::string> out;
  for (const auto& s : specs())
    if (s.family == family) out.push_back(s.name);
  return out;
}

Protocol find_protocol(const std::string& family, const std::string& name) {
  for (const auto& s : specs()) {
    if (s.family != family || s.name != name) continue;
    Protocol p;
    p.name = s.name;
    p.known_labels = family_labels(family);
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
      p.class_names.push_back(s.classes[i].first);
      for (const auto& raw : s.classes[i].second) p.classes[raw] = static_cast<int>(i);
    }
    return p;
  }
  throw ConfigError("config key 'dataset.protocol': unknown protocol '" + name + "' for dataset " + family +
                    suggestion_text(name, protocol_names(family)));
}

}  // namespace merlab
