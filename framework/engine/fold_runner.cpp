#include "framework/engine/fold_runner.h"

#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/engine/interrupt.h"
#include "framework/models/model_zoo.h"
#include "framework/train/device.h"
#include "framework/train/trainer.h"

namespace merlab {
namespace {

// Averages the logits of each test clip's samples (one for `full`, two for `phase_mean`).
torch::Tensor clip_logits(const torch::Tensor& sample_logits, const FoldSamples& fs) {
  std::vector<torch::Tensor> rows;
  for (const auto& group : fs.test_groups) {
    auto idx = torch::tensor(group, torch::kLong);
    rows.push_back(sample_logits.index_select(0, idx).mean(0));
  }
  return torch::stack(rows);
}

}  // namespace

storage::FoldResult run_fold(const FoldContext& ctx) {
  const ExperimentSpec& spec = ctx.spec;
  SpatialPipeline spatial(spec.spatial_node, "aug.spatial");
  FoldSamples fs = ctx.bank.fold_samples(ctx.fold, spatial, spec.seed);
  const auto& clips = ctx.bank.clips();
  if (fs.train.empty()) throw RuntimeError("fold " + std::to_string(ctx.fold.index) + ": no training samples");
  if (fs.test.empty()) throw RuntimeError("fold " + std::to_string(ctx.fold.index) + ": no test samples");

  make_deterministic(spec.seed, spec.train.device);
  ClassifierPtr model = build_model(spec.model, ctx.num_classes);

  TrainData data;
  std::vector<int64_t> labels;
  for (const auto& s : fs.train) {
    labels.push_back(clips[static_cast<std::size_t>(s.clip)].label);
    data.groups.push_back(clips[static_cast<std::size_t>(s.clip)].subject);
    data.clips.push_back(s.clip);
  }
  data.labels = torch::tensor(labels, torch::kLong);
  data.make_batch = [&](const std::vector<int64_t>& idx, int64_t epoch, bool train) {
    return assemble_batch(fs.train, idx, train ? &spatial : nullptr, spec.seed, epoch);
  };
  auto test_batch = [&](const std::vector<int64_t>& idx) { return assemble_batch(fs.test, idx, nullptr, 0, 0); };
  std::vector<int64_t> test_labels;
  for (int c : fs.test_clips) test_labels.push_back(clips[static_cast<std::size_t>(c)].label);
  const auto test_y = torch::tensor(test_labels, torch::kLong);
  PredictOptions popts{spec.train.eval_batch_size, spec.train.device};

  storage::FoldResult result;
  result.run_id = ctx.run_id;
  result.fold = ctx.fold.index;
  result.n_train = static_cast<int64_t>(fs.train.size());
  if (ctx.progress) ctx.progress->start_fold(ctx.fold.index, subjects_text(ctx.fold.test_subjects), static_cast<int>(spec.train.epochs));

  Trainer trainer;
  FitResult fit = trainer.fit(model, data, spec.train, [&](const EpochStats& s) {
    storage::EpochRecord e;
    e.epoch = static_cast<int>(s.epoch);
    e.train_loss = s.train_loss;
    e.train_acc = s.train_acc;
    e.lr = s.lr;
    e.seconds = s.seconds;
    if (s.has_validation) {
      e.val_loss = s.val_loss;
      e.val_acc = s.val_acc;
    }
    if (spec.output.monitor_test) {
      // MONITOR ONLY: recorded for curves; the trainer restores its state after this callback.
      auto logits = clip_logits(predict(model, test_batch, static_cast<int64_t>(fs.test.size()), popts), fs);
      e.monitor_test_loss = torch::nn::functional::cross_entropy(logits, test_y).item<double>();
      e.monitor_test_acc = logits.argmax(1).eq(test_y).to(torch::kDouble).mean().item<double>();
    }
    result.epochs.push_back(e);
    if (ctx.progress) ctx.progress->epoch(static_cast<int>(s.epoch), s.train_loss, s.train_acc);
    if (ctx.on_epoch_end) ctx.on_epoch_end();
    check_interrupt();
  });
  result.steps = fit.steps;
  if (fit.selected_epoch >= 0 && spec.train.early_stopping.enabled) result.selected_epoch = static_cast<int>(fit.selected_epoch);

  auto logits = clip_logits(predict(model, test_batch, static_cast<int64_t>(fs.test.size()), popts), fs);
  auto pred = logits.argmax(1);
  for (std::size_t i = 0; i < fs.test_clips.size(); ++i) {
    const Clip& clip = clips[static_cast<std::size_t>(fs.test_clips[i])];
    storage::Prediction p;
    p.fold = ctx.fold.index;
    p.clip_id = clip.clip_id;
    p.subject = clip.subject;
    p.y_true = clip.label;
    p.y_pred = static_cast<int>(pred[static_cast<int64_t>(i)].item<int64_t>());
    auto row = logits[static_cast<int64_t>(i)].contiguous();
    p.scores.assign(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
    result.predictions.push_back(std::move(p));
  }
  if (!ctx.checkpoint_path.empty()) {
    std::filesystem::create_directories(ctx.checkpoint_path.parent_path());
    torch::serialize::OutputArchive archive;
    model->save(archive);
    archive.save_to(ctx.checkpoint_path.string());
  }
  return result;
}

}  // namespace merlab
