#include "framework/train/schedulers.h"

#include <cmath>
#include <mutex>

#include "framework/config/access.h"
#include "framework/config/known_keys.h"
#include "framework/train/optimizers.h"

namespace merlab {

LrScheduler::LrScheduler(double base_lr, int64_t epochs, int64_t steps_per_epoch, int64_t warmup_epochs)
    : base_lr_(base_lr), epochs_(epochs), steps_per_epoch_(steps_per_epoch), warmup_epochs_(warmup_epochs) {
  if (steps_per_epoch_ < 1) throw RuntimeError("learning-rate schedule: steps_per_epoch must be >= 1");
}

double LrScheduler::lr_at(int64_t epoch, int64_t step_in_epoch) const {
  const int64_t warmup_steps = warmup_epochs_ * steps_per_epoch_;
  const int64_t global_step = epoch * steps_per_epoch_ + step_in_epoch;
  if (global_step < warmup_steps) {
    return base_lr_ * static_cast<double>(global_step + 1) / static_cast<double>(warmup_steps);
  }
  return after_warmup(epoch - warmup_epochs_, static_cast<double>(step_in_epoch) / steps_per_epoch_);
}

namespace {

const std::string kWhere = "train.scheduler";

int64_t warmup_of(const YAML::Node& node, int64_t epochs) {
  auto w = cfg::value_or<int64_t>(node, "warmup_epochs", 0, kWhere);
  if (w < 0 || (w > 0 && w >= epochs)) {
    throw ConfigError("config key '" + kWhere + ".warmup_epochs': expected 0 <= warmup_epochs < train.epochs (" +
                      std::to_string(epochs) + "), got " + std::to_string(w));
  }
  return w;
}

double gamma_of(const YAML::Node& node) {
  double g = cfg::value_or<double>(node, "gamma", 0.1, kWhere);
  if (!(g > 0.0 && g <= 1.0)) {
    throw ConfigError("config key '" + kWhere + ".gamma': expected a number in (0, 1], got " + std::to_string(g));
  }
  return g;
}

class Constant : public LrScheduler {
 public:
  using LrScheduler::LrScheduler;

 protected:
  double after_warmup(int64_t, double) const override { return base_lr(); }
};

class Step : public LrScheduler {
 public:
  Step(double base, int64_t epochs, int64_t spe, int64_t warmup, int64_t step_size, double gamma)
      : LrScheduler(base, epochs, spe, warmup), step_size_(step_size), gamma_(gamma) {}

 protected:
  double after_warmup(int64_t epoch, double) const override {
    return base_lr() * std::pow(gamma_, static_cast<double>(epoch / step_size_));
  }

 private:
  int64_t step_size_;
  double gamma_;
};

class MultiStep : public LrScheduler {
 public:
  MultiStep(double base, int64_t epochs, int64_t spe, int64_t warmup, std::vector<int64_t> milestones, double gamma)
      : LrScheduler(base, epochs, spe, warmup), milestones_(std::move(milestones)), gamma_(gamma) {}

 protected:
  double after_warmup(int64_t epoch, double) const override {
    int passed = 0;
    for (auto m : milestones_) passed += epoch >= m ? 1 : 0;
    return base_lr() * std::pow(gamma_, passed);
  }

 private:
  std::vector<int64_t> milestones_;
  double gamma_;
};

class Cosine : public LrScheduler {
 public:
  Cosine(double base, int64_t epochs, int64_t spe, int64_t warmup, double min_lr)
      : LrScheduler(base, epochs, spe, warmup), min_lr_(min_lr) {}

 protected:
  double after_warmup(int64_t epoch, double fraction) const override {
    const double span = static_cast<double>(epochs() - warmup_epochs());
    const double t = std::min(static_cast<double>(epoch) + fraction, span);
    return min_lr_ + (base_lr() - min_lr_) * 0.5 * (1.0 + std::cos(M_PI * t / span));
  }

 private:
  double min_lr_;
};

}  // namespace

SchedulerRegistry& scheduler_registry() {
  static SchedulerRegistry registry("scheduler");
  return registry;
}

void register_builtin_schedulers() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = scheduler_registry();
    r.add("none", "constant learning rate", [](const YAML::Node& n, double base, int64_t epochs, int64_t spe) {
      config::check_known_keys(n, {"name"}, kWhere);
      return std::unique_ptr<LrScheduler>(std::make_unique<Constant>(base, epochs, spe, 0));
    });
    r.add("warmup", "linear warmup over warmup_epochs (default 1), then constant",
          [](const YAML::Node& n, double base, int64_t epochs, int64_t spe) {
            config::check_known_keys(n, {"name", "warmup_epochs"}, kWhere);
            YAML::Node copy = YAML::Clone(n);
            if (!copy["warmup_epochs"]) copy["warmup_epochs"] = std::min<int64_t>(1, epochs - 1);
            return std::unique_ptr<LrScheduler>(std::make_unique<Constant>(base, epochs, spe, warmup_of(copy, epochs)));
          });
    r.add("step", "multiply by gamma (0.1) every step_size epochs (required)",
          [](const YAML::Node& n, double base, int64_t epochs, int64_t spe) {
            config::check_known_keys(n, {"name", "step_size", "gamma", "warmup_epochs"}, kWhere);
            auto size = cfg::require<int64_t>(n, "step_size", kWhere);
            if (size < 1) throw ConfigError("config key '" + kWhere + ".step_size': expected an integer >= 1, got " +
                                            std::to_string(size));
            return std::unique_ptr<LrScheduler>(
                std::make_unique<Step>(base, epochs, spe, warmup_of(n, epochs), size, gamma_of(n)));
          });
    r.add("multistep", "multiply by gamma (0.1) at each epoch in milestones (required)",
          [](const YAML::Node& n, double base, int64_t epochs, int64_t spe) {
            config::check_known_keys(n, {"name", "milestones", "gamma", "warmup_epochs"}, kWhere);
            if (!n["milestones"]) throw ConfigError("config key '" + kWhere + ".milestones' is required (a list of epochs)");
            auto ms = cfg::list_or<int64_t>(n, "milestones", {}, kWhere);
            for (std::size_t i = 0; i < ms.size(); ++i) {
              if (ms[i] < 1 || (i > 0 && ms[i] <= ms[i - 1])) {
                throw ConfigError("config key '" + kWhere + ".milestones': expected increasing epochs >= 1");
              }
            }
            return std::unique_ptr<LrScheduler>(
                std::make_unique<MultiStep>(base, epochs, spe, warmup_of(n, epochs), ms, gamma_of(n)));
          });
    r.add("cosine", "cosine decay to min_lr (0) per step, after optional linear warmup",
          [](const YAML::Node& n, double base, int64_t epochs, int64_t spe) {
            config::check_known_keys(n, {"name", "min_lr", "warmup_epochs"}, kWhere);
            double min_lr = cfg::value_or<double>(n, "min_lr", 0.0, kWhere);
            if (!(min_lr >= 0.0 && min_lr <= base)) {
              throw ConfigError("config key '" + kWhere + ".min_lr': expected 0 <= min_lr <= the optimizer lr (" +
                                std::to_string(base) + "), got " + std::to_string(min_lr));
            }
            return std::unique_ptr<LrScheduler>(
                std::make_unique<Cosine>(base, epochs, spe, warmup_of(n, epochs), min_lr));
          });
    publish_registry(&r);
  });
}

}  // namespace merlab
