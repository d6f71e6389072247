// Evaluation protocols: leave-one-subject-out (one fold per subject, the MER standard) and
// k-fold by subject (subjects dealt round-robin, in sorted order, into k folds). A subject is
// never split across training and test.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "datasets/clip.h"

namespace merlab {

struct Fold {
  int index = 0;
  std::vector<std::string> test_subjects;
};

struct ProtocolOptions {
  std::string name = "loso";  // loso | kfold
  int folds = 5;              // kfold only
  static ProtocolOptions from_config(const YAML::Node& protocol_node);
};

// Subjects are sorted, so fold indices are stable across runs and machines.
std::vector<Fold> make_folds(const std::vector<Clip>& clips, const ProtocolOptions& protocol);

}  // namespace merlab
