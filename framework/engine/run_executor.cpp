#include "framework/engine/run_executor.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "datasets/dataset.h"
#include "datasets/fingerprint.h"
#include "framework/faces/face_stage.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/process.h"
#include "framework/config/config.h"
#include "framework/engine/experiment.h"
#include "framework/engine/fold_runner.h"
#include "framework/engine/interrupt.h"
#include "framework/engine/provenance.h"
#include "framework/models/runtime.h"
#include "framework/storage/fold_lease.h"
#include "framework/train/trainer.h"

namespace merlab {

struct RunExecutor::Cache {
  // The dataset and DI bank of the last run, reused by the next run with the same data
  // (e.g. the same dataset and strategy for another model).
  std::string dataset_key;
  std::shared_ptr<const DatasetLoad> dataset;
  std::string dataset_fingerprint;
  std::string bank_key;
  std::unique_ptr<SampleBank> bank;
  std::map<std::string, std::shared_ptr<const DatasetLoad>> preloaded;  // reuse_datasets
};

RunExecutor::RunExecutor(std::filesystem::path db_path, std::filesystem::path sweep_dir, ExecutorOptions options)
    : db_path_(std::move(db_path)), sweep_dir_(std::move(sweep_dir)), options_(std::move(options)),
      cache_(std::make_unique<Cache>()) {}
RunExecutor::~RunExecutor() = default;

void RunExecutor::reuse_datasets(const std::map<std::string, std::shared_ptr<const DatasetLoad>>& datasets) {
  for (const auto& [key, d] : datasets) cache_->preloaded[key] = d;
}

const DatasetLoad& RunExecutor::dataset_for(const ExperimentSpec& spec) {
  auto key = spec.data_key();
  if (cache_->dataset_key != key) {
    cache_->bank.reset();  // it refers to the previous dataset
    cache_->bank_key.clear();
    auto pre = cache_->preloaded.find(key);
    if (pre != cache_->preloaded.end()) {
      cache_->dataset = pre->second;
    } else {
      cache_->dataset = std::make_unique<DatasetLoad>(load_run_dataset(spec.dataset, spec.faces, spec.limits));
      require_no_face_errors(*cache_->dataset);
      log::debug("loaded dataset '{}' ({} clips)", spec.dataset_name, cache_->dataset->clips.size());
    }
    cache_->dataset_key = key;
    cache_->dataset_fingerprint.clear();  // computed when a fold first needs it (execute)
  }
  return *cache_->dataset;
}

int RunExecutor::count_folds(const LoadedRun& run) {
  return static_cast<int>(make_folds(dataset_for(run.spec).clips, run.spec.protocol).size());
}

RunExecution RunExecutor::execute(const std::string& run_id, Progress* progress, int run_index) {
  LoadedRun run = [&] {
    auto db = storage::ResultsDb::open(db_path_);
    return load_run(db, run_id);
  }();
  return execute(run, progress, run_index);
}

RunExecution RunExecutor::execute(const LoadedRun& run, Progress* progress, int run_index) {
  auto db = storage::ResultsDb::open(db_path_);
  const std::string& run_id = run.record.run_id;
  const ExperimentSpec& spec = run.spec;
  const YAML::Node& config = spec.config;
  // The run's own thread count (runtime.threads), whatever the number of workers, so that its
  // numbers do not depend on how a sweep was launched. ExecutorOptions::threads (--threads, or
  // MERLAB_THREADS as the Slurm script sets it) overrides it; a reproduction sets the original
  // fold's count. Either way the effective count is recorded with every fold.
  const int run_threads = options_.threads > 0 ? options_.threads : spec.threads;

  const DatasetLoad& dataset = dataset_for(spec);
  // Only runs that compute folds need the fingerprint (it stats every frame file): a sweep's
  // coordinator counting folds never does.
  if (cache_->dataset_fingerprint.empty()) cache_->dataset_fingerprint = dataset_fingerprint(dataset);
  if (dataset.clips.empty()) {
    db.fail_run(run_id, "dataset '" + spec.dataset_name + "' has no usable clip (run 'mer datasets check')");
    throw RuntimeError("run " + run_id + ": dataset has no usable clip");
  }
  auto folds = make_folds(dataset.clips, spec.protocol);
  db.set_run_folds(run_id, static_cast<int>(folds.size()));

  std::string bank_key = cache_->dataset_key + "|" + spec.di.pixel_key() + "|" + std::to_string(spec.input_size) +
                         "|" + spec.strategy.describe() + "|" + config::canonical_yaml(config["di"]) + "|" +
                         spec.repr.pixel_key();
  RunExecution out;
  out.folds_total = static_cast<int>(folds.size());
  if (progress) progress->start_run(run_index,
                                    spec.model_name + " / " + spec.strategy_label + " test=" + to_string(spec.strategy.test) +
                                        " / seed " + std::to_string(spec.seed),
                                    out.folds_total);

  auto done = db.completed_folds(run_id);
  for (const auto& fold : folds) {
    check_interrupt();
    if (fold_filter_ && !fold_filter_->count(fold.index)) continue;
    if (std::find(done.begin(), done.end(), fold.index) != done.end()) {
      if (progress) progress->fold_done(false);
      continue;
    }
    // A fold left RUNNING by a dead process on this host is taken over at once; one on another
    // host only after its heartbeat has been silent for output.stale_after_s.
    for (const auto& f : db.folds(run_id)) {
      if (f.fold == fold.index && f.status == storage::FoldStatus::running && f.host == storage::host_name() &&
          !process_alive(f.pid)) {
        db.fail_fold(run_id, fold.index, "worker process " + std::to_string(f.pid) + " died");
      }
    }
    storage::FoldStart start(run_id, fold.index, fold.test_subjects);
    start.reclaim_after_s = spec.output.stale_after_s;
    start.slurm_job_id = options_.slurm_job_id;
    start.slurm_task_id = options_.slurm_task_id;
    auto lease = storage::claim(db, start, spec.output.heartbeat_s);
    if (!lease) {  // DONE meanwhile, or a live worker has it
      for (const auto& f : db.folds(run_id)) {
        if (f.fold == fold.index && f.status == storage::FoldStatus::running) {
          log::info("run {} fold {}: being computed by pid {} on {}; left to it", run_id, fold.index, f.pid, f.host);
        }
      }
      continue;
    }

    auto threads_it = fold_threads_.find(fold.index);
    configure_threads(threads_it != fold_threads_.end() ? threads_it->second : run_threads);
    std::filesystem::path checkpoint;
    if (spec.output.save_checkpoints) checkpoint = sweep_dir_ / run_id / ("fold" + std::to_string(fold.index) + ".pt");
    // Everything after the claim is inside the fold's error handling: a data error (a clip
    // whose DIs cannot be computed under di.clip_errors: error) fails the fold with its
    // message instead of leaving it RUNNING.
    try {
      if (!cache_->bank || cache_->bank_key != bank_key) {
        cache_->bank.reset();
        cache_->bank = std::make_unique<SampleBank>(dataset, spec.strategy, spec.di, spec.input_size, spec.di.cache_dir,
                                                    spec.repr);
        cache_->bank_key = bank_key;
        for (const auto& [clip, why] : cache_->bank->skipped_clips()) log::warn("clip {} skipped: {}", clip, why);
      }
      FoldContext ctx{spec, *cache_->bank, fold, static_cast<int>(dataset.class_names.size()), run_id, {}, progress,
                      checkpoint};
      auto result = run_fold(ctx);
      result.provenance = current_provenance(torch::get_num_threads(), spec.train.device.str(), cache_->dataset_fingerprint);
      if (lease->complete(result)) {
        ++out.folds_computed;
        if (!checkpoint.empty()) db.add_artifact({run_id, fold.index, "checkpoint", checkpoint.string(), 0});
      }
      if (progress) progress->fold_done(true, fold_done_text(fold.index, fold.test_subjects, result.predictions, static_cast<int>(dataset.class_names.size())));
    } catch (const Interrupted&) {
      if (!lease->finished()) lease->fail("interrupted by signal");
      throw;
    } catch (const std::exception& e) {
      // NaN loss and data errors fail this fold; the sweep goes on.
      if (!lease->finished()) lease->fail(e.what());
      ++out.folds_failed;
      log::error("run {} fold {} failed: {}", run_id, fold.index, e.what());
      if (progress) progress->fold_done(false);
    }
  }

  auto folds_now = db.folds(run_id);
  int n_done = 0, n_failed = 0, n_running = 0;
  for (const auto& f : folds_now) {
    n_done += f.status == storage::FoldStatus::done;
    n_failed += f.status == storage::FoldStatus::failed;
    n_running += f.status == storage::FoldStatus::running;
  }
  if (n_done == out.folds_total) {
    db.finish_run(run_id);
    out.finished = true;
  } else if (n_failed > 0 && n_running == 0 && n_done + n_failed == out.folds_total) {
    db.fail_run(run_id, std::to_string(n_failed) + " of " + std::to_string(out.folds_total) + " folds failed");
  }
  return out;
}

}  // namespace merlab
