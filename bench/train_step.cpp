// Training-step time of zoo models in C++ against the same model and step in python3-torch.
//
//   bench_train_step [--threads N] [--steps K] [--channels-last-sweep]
//
// For resnet18, mobilenet_v2, vit_tiny and learnet at 112x112, batch 32: one SGD (momentum 0.9)
// step on cross-entropy, median of K timed steps after 2 warm-up steps. The PyTorch side
// (bench/train_step_torch.py, run here with /usr/bin/python3) uses the same thread count and the
// same memory format. Prints the C++/PyTorch time ratio, and the achieved GFLOP/s (training
// step = 3x the forward FLOPs of `mer models summary`) against a float GEMM peak measured in
// this run. --channels-last-sweep times every model in both memory formats (C++ only).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "framework/models/model_zoo.h"
#include "framework/models/runtime.h"
#include "framework/models/summary.h"
#include "framework/models/zoo_classifier.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kBatch = 32, kSize = 112, kClasses = 5, kWarmup = 2;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Best of a few 2048^3 float matmuls: what BLAS delivers on this machine with these threads.
double gemm_peak_gflops() {
  const int64_t n = 2048;
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm-up
  double best = 1e30;
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    torch::mm_out(c, a, b);
    best = std::min(best, seconds_since(t0));
  }
  return 2.0 * n * n * n / best / 1e9;
}

merlab::ClassifierPtr make(const std::string& name, bool channels_last) {
  YAML::Node node;
  node["name"] = name;
  node["input_size"] = kSize;
  node["channels_last"] = channels_last;
  return merlab::build_model(node, kClasses);
}

double cpp_step_seconds(const std::string& name, bool channels_last, int steps) {
  torch::manual_seed(0);
  auto model = make(name, channels_last);
  model->train();
  torch::optim::SGD opt(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  auto x = torch::randn({kBatch, 3, kSize, kSize});
  if (channels_last) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  auto y = torch::randint(0, kClasses, {kBatch}, torch::kLong);
  std::vector<double> times;
  for (int step = 0; step < kWarmup + steps; ++step) {
    auto t0 = Clock::now();
    for (auto& p : model->parameters()) p.mutable_grad() = torch::Tensor();  // set_to_none, as the Python side
    auto loss = torch::nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    opt.step();
    if (step >= kWarmup) times.push_back(seconds_since(t0));
  }
  return median(times);
}

// Runs the Python side once for all models; returns model spec -> median seconds.
std::map<std::string, double> torch_step_seconds(const std::vector<std::string>& specs, int threads, int steps) {
  std::string cmd = fmt::format("/usr/bin/python3 {}/train_step_torch.py --threads {} --batch {} --size {} --steps {} --warmup {}",
                                MERLAB_BENCH_DIR, threads, kBatch, kSize, steps, kWarmup);
  for (const auto& s : specs) cmd += " " + s;
  std::map<std::string, double> out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + cmd);
  char buf[4096];
  while (fgets(buf, sizeof buf, pipe)) {
    auto node = YAML::Load(buf);  // JSON is YAML
    out[node["model"].as<std::string>()] = node["median_s"].as<double>();
  }
  if (pclose(pipe) != 0) throw std::runtime_error("PyTorch side failed: " + cmd);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0, steps = 5;
  bool sweep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (a == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
    else if (a == "--channels-last-sweep") sweep = true;
    else {
      std::cerr << "usage: bench_train_step [--threads N] [--steps K] [--channels-last-sweep]\n";
      return 2;
    }
  }
  merlab::configure_threads(threads);
  threads = torch::get_num_threads();
  merlab::register_builtin_models();
  const auto blas = merlab::detect_blas();
  const double peak = gemm_peak_gflops();
  std::cout << fmt::format("train step, batch {}, {}x{}, {} threads, BLAS {}; GEMM peak {:.1f} GFLOP/s\n", kBatch,
                           kSize, kSize, threads, blas.name, peak);

  const std::vector<std::string> models = {"resnet18", "mobilenet_v2", "vit_tiny", "learnet"};
  if (sweep) {
    std::cout << fmt::format("{:<14} {:>14} {:>14} {:>8}\n", "model", "contiguous s", "channels-last s", "cl/cont");
    for (const auto& m : models) {
      double a = cpp_step_seconds(m, false, steps), b = cpp_step_seconds(m, true, steps);
      std::cout << fmt::format("{:<14} {:>14.3f} {:>14.3f} {:>8.2f}\n", m, a, b, b / a);
    }
    return 0;
  }

  std::map<std::string, bool> channels_last;
  std::vector<std::string> specs;
  for (const auto& d : merlab::builtin_model_defaults()) {
    if (std::find(models.begin(), models.end(), d.name) == models.end()) continue;
    channels_last[d.name] = d.channels_last;
  }
  for (const auto& m : models) specs.push_back(m + (channels_last[m] ? ":cl" : ""));

  std::cout << fmt::format("{:<14} {:>6} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9}\n", "model", "layout", "C++ s",
                           "PyTorch s", "C++/PT", "GFLOP/step", "GFLOP/s", "of peak");
  bool all_within = true;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const auto& m = models[i];
    // Both sides of a model run back to back, so that load from other processes on a shared
    // machine affects them alike (one Python process per model).
    const double cpp = cpp_step_seconds(m, channels_last[m], steps);
    const double pt = torch_step_seconds({specs[i]}, threads, steps).at(specs[i]);
    auto model = make(m, false);
    const double gflop = 3.0 * static_cast<double>(merlab::summarize(*model, kSize).total_flops) * kBatch / 1e9;
    const double ratio = cpp / pt;
    all_within = all_within && ratio <= 1.0;
    std::cout << fmt::format("{:<14} {:>6} {:>10.3f} {:>10.3f} {:>10.2f} {:>10.1f} {:>9.1f} {:>8.0f}%\n", m,
                             channels_last[m] ? "NHWC" : "NCHW", cpp, pt, ratio, gflop, gflop / cpp,
                             100.0 * gflop / cpp / peak);
  }
  std::cout << (all_within ? "every C++/PyTorch ratio <= 1.0\n" : "some C++/PyTorch ratio > 1.0\n");
  return 0;
}
