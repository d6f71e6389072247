// Per-step cost of Trainer::fit() against a bare LibTorch loop doing the same work.
//
//   bench_trainer_overhead [--threads N] [--epochs K]
//
// A small conv net on 112x112x3 inputs (the DI size), 5 classes, 64 samples, batch 16, Adam,
// balanced class weights, grad clipping: one-epoch fit() calls against a hand-written loop with
// the same forward, loss, backward, clipping and step, interleaved. The difference is what the
// trainer adds (set-up, shuffling, schedule, loss checks, statistics). Medians of K each.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "framework/models/runtime.h"
#include "framework/train/loss.h"
#include "framework/train/trainer.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kN = 64, kBatch = 16, kClasses = 5, kSize = 112;

class SmallNetImpl : public merlab::ClassifierImpl {
 public:
  SmallNetImpl()
      : c1(register_module("c1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3).stride(2).padding(1)))),
        b1(register_module("b1", torch::nn::BatchNorm2d(16))),
        c2(register_module("c2", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 3).stride(2).padding(1)))),
        fc(register_module("fc", torch::nn::Linear(32, kClasses))) {}
  torch::Tensor forward(torch::Tensor x) override {
    x = torch::relu(b1(c1(x)));
    x = torch::relu(c2(x));
    return fc(x.mean({2, 3}));
  }
  torch::nn::Conv2d c1;
  torch::nn::BatchNorm2d b1;
  torch::nn::Conv2d c2;
  torch::nn::Linear fc;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 2, epochs = 9;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--epochs")) epochs = std::atoi(argv[++i]);
  }
  merlab::configure_threads(threads);
  torch::manual_seed(0);
  auto images = torch::randn({kN, 3, kSize, kSize});
  auto labels = torch::randint(0, kClasses, {kN}, torch::kLong);

  merlab::TrainData data;
  data.labels = labels;
  data.make_batch = [&](const std::vector<int64_t>& idx, int64_t, bool) {
    return images.index_select(0, torch::tensor(idx, torch::kLong));
  };
  auto opts = merlab::TrainOptions::from_config(YAML::Load(
      "{epochs: 1, batch_size: 16, optimizer: {name: adam, lr: 0.001}, scheduler: {name: none}, "
      "class_weights: balanced, grad_clip: 5.0}"));

  // Bare loop: same model, optimizer, loss, clipping and batch gathering (index_select of a
  // shuffled order); no schedule, checks or statistics.
  torch::manual_seed(0);
  auto bare = std::make_shared<SmallNetImpl>();
  torch::optim::Adam adam(bare->parameters(), torch::optim::AdamOptions(0.001));
  auto weight = merlab::class_weights({merlab::ClassWeightSpec::Mode::balanced, {}}, labels, kClasses);
  auto bare_epoch = [&] {
    auto t0 = Clock::now();
    auto order = torch::randperm(kN, torch::kLong);
    for (int64_t b = 0; b < kN; b += kBatch) {
      auto idx = order.slice(0, b, b + kBatch);
      auto x = images.index_select(0, idx);
      auto y = labels.index_select(0, idx);
      auto loss = merlab::classification_loss(bare->forward(x), y, weight, 0.0);
      adam.zero_grad();
      loss.backward();
      merlab::clip_gradients(bare->parameters(), 5.0);
      adam.step();
    }
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  // One-epoch fit() calls (whole call timed, set-up included), interleaved with bare epochs so
  // that load from other processes hits both alike.
  torch::manual_seed(0);
  auto model = std::make_shared<SmallNetImpl>();
  auto fit_epoch = [&] {
    auto t0 = Clock::now();
    merlab::Trainer().fit(model, data, opts);
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  fit_epoch();
  bare_epoch();
  std::vector<double> fit_times, bare_times;
  for (int e = 0; e < epochs; ++e) {
    if (e % 2) {
      fit_times.push_back(fit_epoch());
      bare_times.push_back(bare_epoch());
    } else {
      bare_times.push_back(bare_epoch());
      fit_times.push_back(fit_epoch());
    }
  }
  const double steps = static_cast<double>(kN / kBatch);
  const double f = median(fit_times), b = median(bare_times);
  fmt::print("trainer overhead: {} samples of 3x{}x{}, batch {}, {} threads, median of {} epochs\n", kN, kSize, kSize,
             kBatch, threads, epochs);
  fmt::print("  Trainer::fit epoch   {:8.1f} ms ({:.2f} ms/step)\n", f * 1e3, f * 1e3 / steps);
  fmt::print("  bare LibTorch loop   {:8.1f} ms ({:.2f} ms/step)\n", b * 1e3, b * 1e3 / steps);
  fmt::print("  overhead             {:+8.1f} ms/step ({:+.1f}%)\n", (f - b) * 1e3 / steps, 100.0 * (f / b - 1.0));
  return 0;
}
