// Small builders shared by the storage tests.
#pragma once

#include <string>
#include <vector>

#include "framework/storage/records.h"

namespace merlab::test {

inline storage::RunRecord make_run(const std::string& id, const std::string& sweep = "sw") {
  storage::RunRecord r;
  r.run_id = id;
  r.sweep = sweep;
  r.config_yaml = "model:\n  name: resnet18\n";
  r.config_hash = "hash-" + id;
  r.overrides = {"model=resnet18", "seed=1"};
  r.params = {{"model.name", "resnet18"}, {"seed", "1"}};
  r.dataset = "casme2";
  r.model = "resnet18";
  r.strategy = "dual_phase_di";
  r.classes = {"negative", "positive", "surprise"};
  r.seed = 1;
  r.versions = {{"libtorch", "1.13.1"}};
  return r;
}

// `n` predictions for one fold; clip ids unique within the fold; every third one wrong.
inline storage::FoldResult make_result(const std::string& run_id, int fold, int n, int epochs = 3) {
  storage::FoldResult r;
  r.run_id = run_id;
  r.fold = fold;
  r.n_train = 100;
  r.selected_epoch = epochs - 1;
  for (int e = 0; e < epochs; ++e) {
    storage::EpochRecord er;
    er.epoch = e;
    er.train_loss = 1.0 / (e + 1);
    er.train_acc = 0.5 + 0.1 * e;
    er.lr = 1e-3;
    er.val_acc = 0.4 + 0.1 * e;
    er.monitor_test_acc = 0.3;
    er.seconds = 0.5;
    r.epochs.push_back(er);
  }
  for (int i = 0; i < n; ++i) {
    storage::Prediction p;
    p.clip_id = "f" + std::to_string(fold) + "_c" + std::to_string(i);
    p.subject = "sub" + std::to_string(fold);
    p.y_true = i % 3;
    p.y_pred = i % 3 == 0 ? (i + 1) % 3 : i % 3;
    p.scores = {0.1f, 0.7f, 0.2f};
    r.predictions.push_back(p);
  }
  return r;
}

}  // namespace merlab::test
