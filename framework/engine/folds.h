// Evaluation protocols: leave-one-subject-out (one fold per subject, the MER standard),
// k-fold by subject (subjects dealt round-robin, in sorted order, into k folds) and, on a
// composite dataset (datasets/composite.h), leave-one-dataset-out (one fold per part, parts
// sorted by label: train on the others, test on all its subjects). A subject is never split
// across training and test.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "datasets/clip.h"

namespace merlab {

struct Fold {
  int index = 0;
  std::vector<std::string> test_subjects;
  std::string held_out_part;  // lodo: the part tested ("casme2"); empty otherwise
};

struct ProtocolOptions {
  std::string name = "loso";  // loso | kfold | lodo
  int folds = 5;              // kfold only
  static ProtocolOptions from_config(const YAML::Node& protocol_node);
};

// Subjects are sorted, so fold indices are stable across runs and machines.
std::vector<Fold> make_folds(const std::vector<Clip>& clips, const ProtocolOptions& protocol);

}  // namespace merlab
