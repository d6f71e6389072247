// Learning-rate schedules built from the `train.scheduler:` config node by name.
//
// LibTorch 1.13 ships only StepLR, so every schedule is a small pure function of the position in
// training: lr_at(epoch, step_in_epoch), both 0-based. The trainer calls it before every
// optimizer step and writes the value into all parameter groups (set_learning_rate), so the
// schedule never depends on hidden state and can be tested value by value.
//
// Every schedule accepts `warmup_epochs` (default 0): during the first W = warmup_epochs *
// steps_per_epoch steps the rate rises linearly, lr = base_lr * (g + 1) / W at global step g,
// reaching base_lr on the last warmup step; the schedule proper then starts at epoch 0 of its own
// clock (epoch - warmup_epochs). Names:
//   none      constant base_lr
//   warmup    linear warmup, then constant base_lr
//   step      base_lr * gamma^floor(e / step_size), changes at epoch boundaries (step_size, gamma)
//   multistep base_lr * gamma^(number of milestones <= e) (milestones: [..], gamma)
//   cosine    min_lr + (base_lr - min_lr) * (1 + cos(pi * t / T)) / 2 with t the fractional epoch
//             (e + step_in_epoch / steps_per_epoch) and T = epochs - warmup_epochs; updated every step
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "framework/registry/registry.h"

namespace merlab {

class LrScheduler {
 public:
  LrScheduler(double base_lr, int64_t epochs, int64_t steps_per_epoch, int64_t warmup_epochs);
  virtual ~LrScheduler() = default;

  // The learning rate for the optimizer step at (epoch, step_in_epoch).
  double lr_at(int64_t epoch, int64_t step_in_epoch) const;

  double base_lr() const { return base_lr_; }
  int64_t epochs() const { return epochs_; }
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  int64_t warmup_epochs() const { return warmup_epochs_; }

 protected:
  // The schedule after warmup; `epoch` counts from the end of warmup, `fraction` = step / steps_per_epoch.
  virtual double after_warmup(int64_t epoch, double fraction) const = 0;

 private:
  double base_lr_;
  int64_t epochs_, steps_per_epoch_, warmup_epochs_;
};

// Factory arguments: base learning rate (the optimizer's lr), total epochs, optimizer steps per epoch.
using SchedulerRegistry = Registry<std::unique_ptr<LrScheduler>, double, int64_t, int64_t>;

SchedulerRegistry& scheduler_registry();

// Adds none, warmup, step, multistep and cosine and publishes the registry. Idempotent.
void register_builtin_schedulers();

}  // namespace merlab
