// One LOSO fold: build the model from the seed, train on the training subjects' samples, predict
// the held-out clips. The held-out subject is seen only by predict() after training, and by the
// optional MONITOR-ONLY per-epoch metrics, which never influence training or selection.
#pragma once

#include <functional>

#include "framework/engine/experiment.h"
#include "framework/engine/progress.h"
#include "framework/engine/sample_bank.h"
#include "framework/storage/records.h"

namespace merlab {

struct FoldContext {
  const ExperimentSpec& spec;
  const SampleBank& bank;
  const Fold& fold;
  int num_classes = 0;
  std::string run_id;
  std::function<void()> on_epoch_end;   // heartbeat, interrupt check
  Progress* progress = nullptr;
  std::filesystem::path checkpoint_path;  // empty: no checkpoint
};

// Throws NonFiniteLossError, Interrupted or RuntimeError; the caller records the failure.
storage::FoldResult run_fold(const FoldContext& ctx);

}  // namespace merlab
