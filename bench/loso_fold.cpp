// One LOSO fold at demo scale in the engine against the same fold in a plain PyTorch script, and
// sweep throughput with one and two worker processes.
//
//   bench_loso_fold [--threads N] [--repeats K] [--mer PATH] [--keep] [--set key=value ...]
//
// --set adds a config override to the fold (e.g. model.channels_last=false; both sides follow it).
// Data: the default synthetic set (8 subjects x 10 clips, 96 px) generated into a temporary
// folder. Fold 0 of LOSO with the demo's LEARNet recipe (train=fast, 6 epochs, batch 16,
// single_di, 112 px). The engine side times run_fold() from its start to the predictions: the
// run's DIs are already in memory (SampleBank), as they are in a sweep after the first fold. The
// fold's training and test DIs are exported as PNG files with a CSV of labels, and
// bench/loso_fold_torch.py (run with /usr/bin/python3) reads them with cv2, normalises them the
// same way, trains the same LEARNet with the same optimizer, loss, clipping, batch size, epochs
// and threads, and predicts; it times itself from reading the PNG files to the predictions.
// Medians of K repeats on both sides, interleaved; prints the C++/PyTorch ratio.
//
// Sweep throughput: `mer sweep` of 2 runs (seed=0,1), kfold with 2 folds, 2 epochs, on the same
// data and DI cache, with --workers 1 and --workers 2; prints folds/minute for both. Needs the
// `mer` executable (default: next to this build's bench/ folder); skipped when it is absent.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/synthetic.h"
#include "framework/faces/face_stage.h"
#include "framework/augment/builtin.h"
#include "framework/augment/spatial.h"
#include "framework/config/config.h"
#include "framework/engine/experiment.h"
#include "framework/engine/fold_runner.h"
#include "framework/engine/sample_bank.h"
#include "framework/models/model_zoo.h"
#include "framework/models/runtime.h"
#include "framework/train/registration.h"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kEpochs = 6, kBatch = 16;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// User + system CPU seconds of this process (all threads): less sensitive to other load than
// wall time, and shows whether more threads ran than asked for.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Single-quoted for /bin/sh (temporary paths contain no quote, but be safe).
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Stdout of a shell command; throws when it fails.
std::string capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  if (::pclose(pipe) != 0) throw std::runtime_error("command failed: " + command + "\n" + out);
  return out;
}

// The `mer` of this build: <build>/mer, this program being <build>/bench/bench_loso_fold.
fs::path default_mer() {
  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / "mer";
}

struct Exported {
  int n_train = 0, n_test = 0;
};

// Writes the fold's DIs exactly as the engine holds them (8-bit BGR, lossless PNG) and
// labels.csv: split,file,label,clip (the test clip index, for averaging a clip's DIs).
Exported export_fold(const merlab::FoldSamples& fs, const std::vector<merlab::Clip>& clips, const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream csv(dir / "labels.csv");
  csv << "split,file,label,clip\n";
  Exported e;
  for (std::size_t i = 0; i < fs.train.size(); ++i) {
    const auto& s = fs.train[i];
    auto name = fmt::format("train_{:04d}.png", i);
    cv::imwrite((dir / name).string(), s.image);
    csv << "train," << name << ',' << clips[static_cast<std::size_t>(s.clip)].label << ",-1\n";
    ++e.n_train;
  }
  for (std::size_t g = 0; g < fs.test_groups.size(); ++g) {
    for (int64_t i : fs.test_groups[g]) {
      const auto& s = fs.test[static_cast<std::size_t>(i)];
      auto name = fmt::format("test_{:04d}.png", i);
      cv::imwrite((dir / name).string(), s.image);
      csv << "test," << name << ',' << clips[static_cast<std::size_t>(s.clip)].label << ',' << g << "\n";
      ++e.n_test;
    }
  }
  return e;
}

// Wall time of one `mer sweep` (fresh sweep name, so nothing is resumed).
double time_sweep(const fs::path& mer, const fs::path& tmp, int workers) {
  auto cmd = fmt::format(
      "{} sweep --quiet --workers {} --name sweep-w{} dataset.root={} di.cache_dir={} output.root={} model=learnet "
      "train=fast train.epochs=2 train.batch_size=16 protocol.name=kfold protocol.folds=2 runtime.threads=0 "
      "-m seed=0,1 > {} 2>&1",
      quoted(mer.string()), workers, workers, quoted((tmp / "data").string()), quoted((tmp / "cache").string()),
      quoted((tmp / "runs").string()), quoted((tmp / fmt::format("sweep-w{}.log", workers)).string()));
  auto t0 = Clock::now();
  int rc = std::system(cmd.c_str());
  double s = seconds_since(t0);
  if (rc != 0) throw std::runtime_error(fmt::format("mer sweep failed (see {})", (tmp / fmt::format("sweep-w{}.log", workers)).string()));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 2, repeats = 3;
  bool keep = false;
  std::vector<std::string> extra_overrides;
  fs::path mer = default_mer();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--mer") && i + 1 < argc) mer = argv[++i];
    else if (!std::strcmp(argv[i], "--keep")) keep = true;
    else if (!std::strcmp(argv[i], "--set") && i + 1 < argc) extra_overrides.push_back(argv[++i]);
    else {
      std::fprintf(stderr, "usage: bench_loso_fold [--threads N] [--repeats K] [--mer PATH] [--keep] [--set key=value ...]\n");
      return 2;
    }
  }
  try {
    merlab::register_builtin_models();
    merlab::register_builtin_augmentations();
    merlab::register_builtin_train_components();
    merlab::register_builtin_datasets();
    merlab::configure_threads(threads);

    const fs::path tmp = fs::temp_directory_path() / fmt::format("merlab-bench-loso-{}", ::getpid());
    fs::remove_all(tmp);
    auto t0 = Clock::now();
    merlab::generate_synthetic(merlab::SynthOptions{}, tmp / "data");
    fmt::print("synthetic data (8 subjects x 10 clips, 96 px): {:.1f} s, in {}\n", seconds_since(t0), tmp.string());

    merlab::config::ComposeOptions co;
    co.overrides = {"dataset.root=" + (tmp / "data").string(),
                    "di.cache_dir=" + (tmp / "cache").string(),
                    "model=learnet",
                    "aug=single_di",
                    "train=fast",
                    fmt::format("train.epochs={}", kEpochs),
                    fmt::format("train.batch_size={}", kBatch),
                    "protocol.name=loso",
                    fmt::format("runtime.threads={}", threads)};
    co.overrides.insert(co.overrides.end(), extra_overrides.begin(), extra_overrides.end());
    const auto composed = merlab::config::compose(co);
    const auto spec = merlab::ExperimentSpec::from_config(composed.node);
    const auto dataset = merlab::load_run_dataset(spec.dataset, spec.faces, spec.limits);
    const int num_classes = static_cast<int>(dataset.class_names.size());

    t0 = Clock::now();
    merlab::SampleBank bank(dataset, spec.strategy, spec.di, spec.input_size, spec.di.cache_dir);
    fmt::print("DIs of {} clips computed into the bank: {:.1f} s (once per run; not in the fold time)\n",
               bank.clips().size(), seconds_since(t0));

    const auto folds = merlab::make_folds(dataset.clips, spec.protocol);
    const merlab::Fold& fold = folds.at(0);
    merlab::SpatialPipeline spatial(spec.spatial_node, "aug.spatial");
    const auto exported = export_fold(bank.fold_samples(fold, spatial, spec.seed), bank.clips(), tmp / "fold0");
    fmt::print("fold 0 of {} (test subject {}): {} training DIs, {} test DIs exported as PNG\n", folds.size(),
               fold.test_subjects.at(0), exported.n_train, exported.n_test);

    int64_t cpp_params = 0;
    for (const auto& p : merlab::build_model(spec.model, num_classes)->parameters()) cpp_params += p.numel();

    // The two sides alternate, one repeat each, so that a change in machine load hits both.
    const auto py_cmd = fmt::format(
        "/usr/bin/python3 {} --dir {} --threads {} --epochs {} --batch {} --eval-batch {} --lr {} --weight-decay {} "
        "--grad-clip {} --size {} --classes {} --repeats 1 --seed {}{}",
        quoted(std::string(MERLAB_BENCH_DIR) + "/loso_fold_torch.py"), quoted((tmp / "fold0").string()), threads,
        spec.train.epochs, spec.train.batch_size, spec.train.eval_batch_size,
        composed.node["train"]["optimizer"]["lr"].as<double>(),
        composed.node["train"]["optimizer"]["weight_decay"].as<double>(), spec.train.grad_clip, spec.input_size,
        num_classes, spec.seed, spec.model["channels_last"].as<bool>(false) ? " --channels-last" : "");
    std::vector<double> cpp_times, py_times, cpp_cpu, py_cpu;
    std::size_t n_pred = 0;
    int correct = 0;
    YAML::Node py;
    for (int r = 0; r < repeats; ++r) {
      merlab::FoldContext ctx{spec, bank, fold, num_classes, "bench", {}, nullptr, {}};
      t0 = Clock::now();
      const double c0 = cpu_seconds();
      auto result = merlab::run_fold(ctx);
      cpp_times.push_back(seconds_since(t0));
      cpp_cpu.push_back(cpu_seconds() - c0);
      n_pred = result.predictions.size();
      correct = 0;
      for (const auto& p : result.predictions) correct += p.y_true == p.y_pred;

      // The script prints one JSON object on its last line (JSON is YAML).
      auto py_out = capture(py_cmd);
      auto last_nl = py_out.find_last_of('\n', py_out.size() >= 2 ? py_out.size() - 2 : 0);
      py = YAML::Load(last_nl == std::string::npos ? py_out : py_out.substr(last_nl + 1));
      py_times.push_back(py["seconds"].as<double>());
      py_cpu.push_back(py["cpu_seconds"].as<double>());
    }

    const double cpp_s = median(cpp_times), py_s = median(py_times);
    fmt::print("LEARNet parameters: C++ {}  PyTorch {}{}\n", cpp_params, py["params"].as<int64_t>(),
               cpp_params == py["params"].as<int64_t>() ? "" : "  (MISMATCH)");
    fmt::print("one LOSO fold, {} epochs, batch {}, {} thread(s), median of {}:\n", spec.train.epochs,
               spec.train.batch_size, threads, repeats);
    fmt::print("  C++ run_fold (DIs in memory)     {:7.2f} s   {} predictions, {} correct\n", cpp_s, n_pred, correct);
    fmt::print("  PyTorch (PNG read -> predictions) {:7.2f} s   {} predictions, {} correct\n", py_s,
               py["predictions"].as<int>(), py["correct"].as<int>());
    fmt::print("  each repeat: C++ {:.2f} s, PyTorch {:.2f} s\n", fmt::join(cpp_times, " "), fmt::join(py_times, " "));
    fmt::print("  CPU time (median): C++ {:.2f} s, PyTorch {:.2f} s\n", median(cpp_cpu), median(py_cpu));
    fmt::print("  C++/PyTorch time ratio: {:.2f} (target <= 0.70)\n", cpp_s / py_s);

    if (!mer.empty() && fs::exists(mer)) {
      const double folds_total = 4;  // 2 runs x 2 folds
      const double s1 = time_sweep(mer, tmp, 1);
      const double s2 = time_sweep(mer, tmp, 2);
      fmt::print("sweep of 2 runs x 2 folds (kfold, 2 epochs), wall time incl. process start:\n");
      fmt::print("  --workers 1: {:6.1f} s  {:5.1f} folds/min\n", s1, folds_total * 60 / s1);
      fmt::print("  --workers 2: {:6.1f} s  {:5.1f} folds/min  (x{:.2f})\n", s2, folds_total * 60 / s2, s1 / s2);
    } else {
      fmt::print("sweep throughput skipped: no mer executable at '{}' (pass --mer PATH)\n", mer.string());
    }
    if (keep) fmt::print("kept {}\n", tmp.string());
    else fs::remove_all(tmp);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_loso_fold: %s\n", e.what());
    return 1;
  }
  return 0;
}
