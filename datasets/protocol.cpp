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
  static const std::vector<std::string> mmew = {"happiness", "anger", "surprise", "disgust", "fear", "sadness",
                                                "others"};
  static const std::vector<std::string> casme3 = {"happy", "sad", "anger", "disgust", "fear", "surprise", "others"};
  static const std::vector<std::string> fourdme = {"positive", "negative", "surprise", "repression", "others"};
  static const std::vector<std::string> smic = {"negative", "positive", "surprise"};
  static const std::vector<std::string> none;
  if (family == "casme2") return casme2;
  if (family == "samm") return samm;
  if (family == "mmew") return mmew;
  if (family == "casme3") return casme3;
  if (family == "4dme") return fourdme;
  if (family == "smic") return smic;
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
      // MMEW: every label as a class, and MEGC's grouping ("others" dropped as for CASME-II).
      {"mmew", "mmew_7class",
       {{"happiness", {"happiness"}}, {"anger", {"anger"}}, {"surprise", {"surprise"}}, {"disgust", {"disgust"}},
        {"fear", {"fear"}}, {"sadness", {"sadness"}}, {"others", {"others"}}}},
      {"mmew", "megc_3class",
       {{"negative", {"anger", "disgust", "fear", "sadness"}}, {"positive", {"happiness"}},
        {"surprise", {"surprise"}}}},
      // CAS(ME)^3's own 7-, 4- and 3-class tasks (Li et al. 2022).
      {"casme3", "casme3_7class",
       {{"happy", {"happy"}}, {"sad", {"sad"}}, {"anger", {"anger"}}, {"disgust", {"disgust"}}, {"fear", {"fear"}},
        {"surprise", {"surprise"}}, {"others", {"others"}}}},
      {"casme3", "casme3_4class",
       {{"negative", {"sad", "anger", "disgust", "fear"}}, {"positive", {"happy"}}, {"surprise", {"surprise"}},
        {"others", {"others"}}}},
      {"casme3", "megc_3class",
       {{"negative", {"sad", "anger", "disgust", "fear"}}, {"positive", {"happy"}}, {"surprise", {"surprise"}}}},
      // 4DME's five labels; repression is negative under MEGC, as for CASME-II.
      {"4dme", "fourdme_5class",
       {{"positive", {"positive"}}, {"negative", {"negative"}}, {"surprise", {"surprise"}},
        {"repression", {"repression"}}, {"others", {"others"}}}},
      // SMIC's labels are already MEGC's three classes (folder names under micro/).
      {"smic", "smic_3class", {{"negative", {"negative"}}, {"positive", {"positive"}}, {"surprise", {"surprise"}}}},
      {"smic", "megc_3class", {{"negative", {"negative"}}, {"positive", {"positive"}}, {"surprise", {"surprise"}}}},
      {"4dme", "megc_3class",
       {{"negative", {"negative", "repression"}}, {"positive", {"positive"}}, {"surprise", {"surprise"}}}},
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
