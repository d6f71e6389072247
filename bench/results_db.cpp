// Results database and metrics throughput:
//   1. complete_fold (one transaction: 50 epochs + 30 predictions) from one process;
//   2. the same from 4 forked processes writing one WAL file (contention cost);
//   3. pooled MEGC metrics over 1e6 predictions, against scikit-learn's f1/recall/accuracy.
// Usage: bench_results_db [folds_per_process=200]
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "framework/metrics/classification.h"
#include "framework/storage/results_db.h"

using namespace merlab;
using Clock = std::chrono::steady_clock;

namespace {

storage::RunRecord run_record(const std::string& id) {
  storage::RunRecord r;
  r.run_id = id;
  r.sweep = "bench";
  r.config_yaml = "model: {name: resnet18}\n";
  r.config_hash = "h-" + id;
  r.classes = {"negative", "positive", "surprise"};
  r.params = {{"model.name", "resnet18"}};
  return r;
}

storage::FoldResult fold_result(const std::string& run, int fold) {
  storage::FoldResult f;
  f.run_id = run;
  f.fold = fold;
  for (int e = 0; e < 50; ++e) f.epochs.push_back({e, 1.0, 0.5, 1e-3, 0.9, 0.5, 1.0, 0.4, 0.2});
  for (int i = 0; i < 30; ++i) {
    f.predictions.push_back({fold, "clip" + std::to_string(i), "sub" + std::to_string(fold), i % 3, (i * 7) % 3,
                             {0.2f, 0.5f, 0.3f}});
  }
  return f;
}

void write_folds(const std::filesystem::path& db_path, const std::string& run, int folds) {
  auto db = storage::ResultsDb::open(db_path);
  db.register_run(run_record(run));
  for (int f = 0; f < folds; ++f) {
    db.start_fold({run, f, {"sub" + std::to_string(f)}});
    db.complete_fold(fold_result(run, f));
  }
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const int folds = argc > 1 ? std::atoi(argv[1]) : 200;
  auto dir = std::filesystem::temp_directory_path() / ("merlab-bench-db-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  auto t0 = Clock::now();
  write_folds(dir / "single.sqlite", "solo", folds);
  const double single = seconds_since(t0);
  std::printf("1 process : %d folds (start + complete, 50 epochs + 30 predictions each) in %.3f s = %.0f folds/s\n",
              folds, single, folds / single);

  const int procs = 4;
  t0 = Clock::now();
  for (int p = 0; p < procs; ++p) {
    if (::fork() == 0) {
      try {
        write_folds(dir / "multi.sqlite", "w" + std::to_string(p), folds);
        ::_exit(0);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "worker %d: %s\n", p, e.what());
        ::_exit(1);
      }
    }
  }
  int failed = 0;
  for (int p = 0; p < procs; ++p) {
    int status = 0;
    ::wait(&status);
    failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const double multi = seconds_since(t0);
  std::printf("%d processes: %d folds in %.3f s = %.0f folds/s (%d workers failed)\n", procs, procs * folds, multi,
              procs * folds / multi, failed);

  const int n = 1000000;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> cls(0, 4);
  std::vector<int> yt(n), yp(n);
  for (int i = 0; i < n; ++i) {
    yt[i] = cls(rng);
    yp[i] = rng() % 2 ? yt[i] : cls(rng);
  }
  t0 = Clock::now();
  auto m = metrics::compute_metrics(yt, yp, 5);
  const double cpp = seconds_since(t0);
  std::printf("metrics   : %d predictions, 5 classes: %.1f ms (UF1 %.4f)\n", n, cpp * 1e3, m.uf1);

  // scikit-learn on the same sizes (timed inside Python, excluding its start-up and data creation).
  std::string cmd =
      "/usr/bin/python3 -c \"import numpy as np, time; from sklearn.metrics import f1_score, recall_score, "
      "accuracy_score; r=np.random.default_rng(1); t=r.integers(0,5,1000000); p=np.where(r.random(1000000)<0.5,t,"
      "r.integers(0,5,1000000)); s=time.perf_counter(); f1_score(t,p,average='macro'); recall_score(t,p,"
      "average='macro'); accuracy_score(t,p); print(time.perf_counter()-s)\" 2>/dev/null";
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    double py = 0;
    if (std::fscanf(f, "%lf", &py) == 1) {
      std::printf("sklearn   : %.1f ms for the same three metrics -> C++ is %.0fx faster\n", py * 1e3, py / cpp);
    }
    ::pclose(f);
  }
  std::filesystem::remove_all(dir);
  return failed ? 1 : 0;
}
