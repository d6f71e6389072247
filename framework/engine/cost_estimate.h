// Before a sweep starts: how long will it take on this machine?
//
// Each distinct (model, input size, batch size, threads, device) of the grid trains for two
// short epochs on random images, and the second epoch's time per training sample is taken as
// the rate (the first pays for allocation and warm-up). A grid point then costs, per fold,
// epochs x training samples x that rate, plus its test samples at the rate of a forward pass
// (a third of a training step, the usual forward/backward ratio). The fold sizes come from the
// dataset itself (its clips, subjects and protocol) and the strategy's samples per clip.
// Not included: computing dynamic images the first time (they are cached), loading data, early
// stopping ending sooner. It is an estimate to tell hours from weeks, printed as such.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/engine/experiment.h"

namespace merlab {

struct MeasuredRate {
  std::string model;
  int64_t input_size = 0;
  int64_t batch_size = 0;
  int threads = 0;
  std::string device;
  double seconds_per_sample = 0;  // one training sample: forward, backward and optimizer step
};

struct PointCost {
  int folds = 0;
  int64_t train_samples_per_fold = 0;  // average over folds, per epoch
  int64_t test_samples_per_fold = 0;
  double seconds = 0;  // the whole run (all folds)
};

struct CostEstimate {
  std::vector<MeasuredRate> rates;  // one per distinct model setting
  std::vector<PointCost> points;    // in grid order
  double seconds = 0;               // the whole sweep, one worker
};

// Measures and estimates; `measure_batches` training batches per measured epoch.
CostEstimate estimate_sweep_cost(const std::vector<ExperimentSpec>& specs, int measure_batches = 2);

// "3 h 20 min", "45 s": for people.
std::string human_duration(double seconds);

}  // namespace merlab
