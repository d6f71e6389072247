// Labelling protocols: which raw emotion labels become which class, and which are dropped.
// A protocol belongs to a dataset family ("casme2", "samm") because the same protocol name
// (megc_3class) groups different raw labels on each.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace merlab {

struct Protocol {
  std::string name;
  std::vector<std::string> class_names;
  std::map<std::string, int> classes;    // normalized raw label -> class index
  std::vector<std::string> known_labels;  // every label the dataset defines (normalized)

  // Class index, kDropped for a known label outside the protocol, kUnknown otherwise.
  static constexpr int kDropped = -1;
  static constexpr int kUnknown = -2;
  int classify(const std::string& raw_label) const;
};

// Lower case, surrounding blanks removed: "Happiness " -> "happiness".
std::string normalize_label(const std::string& raw);

// Throws ConfigError naming the valid protocols of the family when `name` is unknown.
Protocol find_protocol(const std::string& family, const std::string& name);
std::vector<std::string> protocol_names(const std::string& family);

}  // namespace merlab
