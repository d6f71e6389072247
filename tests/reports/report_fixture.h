// A results database for the report tests (and bench/report.cpp), written through the storage
// API. Default: 2 models x 2 strategies x 2 seeds (DONE), 4 subjects (one LOSO fold each),
// 3 classes, plus one FAILED and one PENDING run that reports must leave out.
// With `variants` > 1 every (model, strategy, seed) is run once per variant (run id suffix
// "-v<k>", accuracy rising with k) and `params` gives each run its flattened config.
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "framework/storage/results_db.h"
#include "reports/bootstrap.h"
#include "reports/report.h"

namespace merlab::test {

struct ReportFixture {
  std::string dataset = "casme2";
  int models = 2, strategies = 2, seeds = 2, subjects = 4, clips_per_subject = 9, epochs = 4;
  bool unfinished_runs = true;  // add the FAILED and PENDING runs
  int variants = 1;
  // Model names in row order (default: learnet, resnet18, vgg11, vit_b16, mobilenet_v2).
  std::vector<std::string> model_names;
  // Flattened config of a run: (model index, strategy index, seed, variant) -> "a.b" -> value.
  std::function<std::map<std::string, std::string>(int, int, int, int)> params;
  // A composite dataset: subject f is "<parts[f % size]>/sub<f+1>" (datasets/composite.h).
  std::vector<std::string> parts;
};

// Report options for tables only (no gnuplot), few bootstrap resamples: fast table tests.
inline reports::ReportOptions tables_only(const std::filesystem::path& dir, int resamples = 50) {
  reports::ReportOptions o;
  o.input = dir;
  o.figures = false;
  o.bootstrap_resamples = resamples;
  return o;
}

inline void build_report_fixture(const std::filesystem::path& db_path, const ReportFixture& spec) {
  const auto& dataset = spec.dataset;
  const int models = spec.models, seeds = spec.seeds, subjects = spec.subjects;
  const int clips_per_subject = spec.clips_per_subject;
  auto db = storage::ResultsDb::open(db_path);
  storage::SweepRecord sw;
  sw.name = "paper";
  sw.config_yaml = "dataset:\n  name: casme2\ntrain:\n  epochs: 3\n";
  sw.grid_spec = "model.name: [learnet, resnet18]\naugment: [single_di, dual_phase_di]\nseed: [1, 2]";
  sw.command = "mer sweep paper --grid <a & b>";
  sw.n_points = 8;
  db.upsert_sweep(sw);
  const std::vector<std::string> model_names =
      spec.model_names.empty() ? std::vector<std::string>{"learnet", "resnet18", "vgg11", "vit_b16", "mobilenet_v2"}
                               : spec.model_names;
  const int n_names = static_cast<int>(model_names.size());
  const char* strategies[] = {"single_di", "dual_phase_di", "single_di_spatial", "dual_phase_di_spatial"};
  int point = 0;
  for (int m = 0; m < models; ++m)
    for (int s = 0; s < spec.strategies; ++s)
      for (int seed = 1; seed <= seeds; ++seed)
        for (int v = 0; v < spec.variants; ++v, ++point) {
          storage::RunRecord r;
          r.run_id = model_names[static_cast<std::size_t>(m % n_names)] + (m >= n_names ? std::to_string(m) : "") + "-" + strategies[s] + "-s" +
                     std::to_string(seed) + "-" + dataset + (spec.variants > 1 ? "-v" + std::to_string(v) : "");
          if (spec.params) r.params = spec.params(m, s, seed, v);
          // The grid point's overrides, as a sweep stores them (swept parameters of mer runs, runs.csv).
          r.overrides = {"model=" + model_names[static_cast<std::size_t>(m % n_names)], std::string("aug=") + strategies[s],
                         "seed=" + std::to_string(seed)};
          if (spec.variants > 1) r.overrides.push_back("+variant=" + std::to_string(v));
          r.sweep = "paper";
          r.point_index = point;
          r.config_yaml = "model: " + r.run_id + "\n";
          r.config_hash = "h-" + r.run_id;
          r.dataset = dataset;
          r.model = model_names[static_cast<std::size_t>(m % n_names)] + (m >= n_names ? std::to_string(m) : "");
          r.strategy = strategies[s];
          r.seed = seed;
          r.classes = {"negative", "positive", "surprise"};
          r.n_folds = subjects;
          r.git_commit = "abc1234";
          r.versions = {{"libtorch", "1.13.1"}, {"opencv", "4.6.0"}};
          db.register_run(r);
          // Accuracy grows with the model index and the dual-phase strategy; the seed adds noise.
          reports::SplitMix64 rng(static_cast<std::uint64_t>(point * 7919 + 13));
          const int good = std::min(950, 400 + 70 * m + 100 * s + 120 * v);  // per mille
          for (int f = 0; f < subjects; ++f) {
            const std::string subject =
                (spec.parts.empty() ? "" : spec.parts[static_cast<std::size_t>(f) % spec.parts.size()] + "/") + "sub" +
                std::to_string(f + 1);
            storage::FoldStart start(r.run_id, f, {subject});
            db.start_fold(start);
            storage::FoldResult fr;
            fr.run_id = r.run_id;
            fr.fold = f;
            fr.n_train = 30;
            for (int e = 0; e < spec.epochs; ++e) {
              storage::EpochRecord er;
              er.epoch = e;
              er.train_loss = 1.2 / (e + 1) + 0.01 * f;
              er.train_acc = 1.0 - 0.6 * std::exp(-0.3 * e);
              er.lr = 1e-3;
              if (e % 2 == 0) er.val_acc = 0.8 - 0.45 * std::exp(-0.25 * e);
              er.monitor_test_loss = 0.7 + 0.4 * std::exp(-0.2 * e);
              er.monitor_test_acc = 0.6 - 0.3 * std::exp(-0.2 * e);
              fr.epochs.push_back(er);
            }
            for (int c = 0; c < clips_per_subject; ++c) {
              storage::Prediction p;
              p.clip_id = subject + "_clip" + std::to_string(c);
              p.subject = subject;
              p.y_true = (c + f) % 3;
              const bool ok = static_cast<int>(rng.below(1000)) < good;
              p.y_pred = ok ? p.y_true : static_cast<int>((p.y_true + 1 + rng.below(2)) % 3);
              p.scores = {0.2f, 0.3f, 0.5f};
              fr.predictions.push_back(p);
            }
            db.complete_fold(fr);
          }
          db.finish_run(r.run_id);
        }
  if (!spec.unfinished_runs) return;
  // Not DONE: must not appear in tables.
  storage::RunRecord failed;
  failed.run_id = "failed-run-" + dataset;
  failed.sweep = "paper";
  failed.config_hash = "h-failed-" + dataset;
  failed.dataset = dataset;
  failed.model = "learnet";
  failed.strategy = "single_di";
  failed.classes = {"negative", "positive", "surprise"};
  db.register_run(failed);
  db.fail_run(failed.run_id, "out of memory");
  storage::RunRecord pending = failed;
  pending.run_id = "pending-run-" + dataset;
  pending.config_hash = "h-pending-" + dataset;
  pending.model = "zzz_pending_model";
  db.register_run(pending);
}


inline void build_report_fixture(const std::filesystem::path& db_path, const std::string& dataset = "casme2",
                                 int models = 2, int seeds = 2, int subjects = 4, int clips_per_subject = 9) {
  ReportFixture spec;
  spec.dataset = dataset;
  spec.models = models;
  spec.seeds = seeds;
  spec.subjects = subjects;
  spec.clips_per_subject = clips_per_subject;
  build_report_fixture(db_path, spec);
}

}  // namespace merlab::test
