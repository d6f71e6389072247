#include "framework/train/trainer.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/train/toy.h"

namespace merlab {
namespace {

using test::flat_state;
using test::make_toy;
using test::TinyConvBnImpl;
using test::TinyLinearImpl;

TrainOptions quick(int64_t epochs, double lr = 0.05, const std::string& optimizer = "adam") {
  auto o = TrainOptions::defaults();
  o.epochs = epochs;
  o.batch_size = 8;
  o.optimizer = YAML::Load("{name: " + optimizer + ", lr: " + std::to_string(lr) + "}");
  return o;
}

ClassifierPtr linear_model(uint64_t init_seed, double dropout = 0.0) {
  torch::manual_seed(init_seed);
  return std::make_shared<TinyLinearImpl>(48, 3, dropout);
}

double accuracy(const torch::Tensor& logits, const torch::Tensor& labels) {
  return logits.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
}

TEST(TrainFit, LossDecreasesOnLearnableToyProblem) {
  auto toy = make_toy(4, 16, 3, 1);
  auto model = linear_model(0);
  auto r = Trainer().fit(model, test::train_data(toy), quick(12));
  ASSERT_EQ(r.history.size(), 12u);
  EXPECT_EQ(r.epochs_run, 12);
  EXPECT_EQ(r.selected_epoch, 11);  // fixed epochs: the final model
  EXPECT_FALSE(r.stopped_early);
  EXPECT_EQ(r.num_classes, 3);
  EXPECT_EQ(r.history[0].steps, 8);
  EXPECT_EQ(r.history[0].n_train, 64);
  EXPECT_LT(r.history.back().train_loss, 0.5 * r.history.front().train_loss);
  EXPECT_GT(r.history.back().train_acc, 0.9);
  auto fresh = make_toy(2, 16, 3, 99);  // new samples of the same classes
  EXPECT_GT(accuracy(predict(model, test::batch_fn(fresh.images), 32), fresh.labels), 0.9);
}

TEST(TrainFit, SameSeedIsBitIdenticalAndAnotherSeedDiffers) {
  auto toy = make_toy(4, 10, 3, 2);
  auto data = test::train_data(toy);
  auto run = [&](uint64_t seed, bool conv) {
    torch::manual_seed(0);
    ClassifierPtr m = conv ? ClassifierPtr(std::make_shared<TinyConvBnImpl>(3))
                           : ClassifierPtr(std::make_shared<TinyLinearImpl>(48, 3, 0.3));
    auto o = quick(3);
    o.seed = seed;
    Trainer().fit(m, data, o);
    return std::make_pair(flat_state(*m), predict(m, test::batch_fn(toy.images), 40));
  };
  for (bool conv : {false, true}) {
    auto a = run(7, conv), b = run(7, conv), c = run(8, conv);
    EXPECT_TRUE(torch::equal(a.first, b.first)) << "conv=" << conv;
    EXPECT_TRUE(torch::equal(a.second, b.second)) << "conv=" << conv;
    EXPECT_FALSE(torch::equal(a.second, c.second)) << "conv=" << conv;
  }
}

TEST(TrainFit, NonFiniteLossThrowsWithEpochAndStep) {
  auto toy = make_toy(2, 8, 3, 3);
  auto data = test::train_data(toy);
  try {
    Trainer().fit(linear_model(0), data, quick(3, 1e38, "sgd"));
    FAIL() << "a learning rate of 1e38 trained without a non-finite loss";
  } catch (const NonFiniteLossError& e) {
    EXPECT_GE(e.step(), 0);
    EXPECT_FALSE(std::isfinite(e.value()));
    EXPECT_NE(std::string(e.what()).find("epoch " + std::to_string(e.epoch())), std::string::npos) << e.what();
  }
  torch::manual_seed(0);
  try {
    Trainer().fit(std::make_shared<test::NanModelImpl>(3), data, quick(1));
    FAIL() << "NaN logits did not fail";
  } catch (const NonFiniteLossError& e) {
    EXPECT_EQ(e.epoch(), 0);
    EXPECT_EQ(e.step(), 0);
    EXPECT_NE(std::string(e.what()).find("epoch 0 step 0"), std::string::npos) << e.what();
    const RuntimeError& as_runtime = e;  // the engine maps it like any runtime failure
    (void)as_runtime;
  }
}

// The fold's training subjects go into TrainData; the test subject is not in it at all. With
// early stopping, optimisation batches come only from the inner training subjects and validation
// batches only from the held-out training subjects.
TEST(TrainFit, NeverRequestsSamplesOutsideTheTrainingSet) {
  auto toy = make_toy(5, 8, 3, 4);
  const int64_t n = toy.labels.size(0);
  auto data = test::train_data(toy);
  std::set<int64_t> seen_train, seen_val;
  auto inner = data.make_batch;
  data.make_batch = [&](const std::vector<int64_t>& idx, int64_t epoch, bool train) {
    for (auto i : idx) {
      EXPECT_GE(i, 0);
      EXPECT_LT(i, n);
      (train ? seen_train : seen_val).insert(i);
    }
    return inner(idx, epoch, train);
  };
  auto o = quick(4);
  o.early_stopping.enabled = true;
  o.early_stopping.val_fraction = 0.4;
  o.early_stopping.patience = 10;
  auto r = Trainer().fit(linear_model(0), data, o);

  EXPECT_EQ(r.validation_groups.size(), 2u);  // round(0.4 * 5) whole subjects
  std::set<int64_t> train_set(r.train_indices.begin(), r.train_indices.end());
  std::set<int64_t> val_set(r.validation_indices.begin(), r.validation_indices.end());
  EXPECT_EQ(seen_train, train_set);
  EXPECT_EQ(seen_val, val_set);
  EXPECT_EQ(train_set.size() + val_set.size(), static_cast<std::size_t>(n));
  std::set<std::string> val_groups(r.validation_groups.begin(), r.validation_groups.end());
  for (auto i : r.validation_indices) EXPECT_TRUE(val_groups.count(toy.groups[i]));
  for (auto i : r.train_indices) EXPECT_FALSE(val_groups.count(toy.groups[i]));
  EXPECT_EQ(r.history[0].n_validation, static_cast<int64_t>(val_set.size()));
}

// budget: steps gives a strategy with three samples per clip the steps of one sample per clip.
TEST(TrainFit, StepBudgetEqualsTheOneSamplePerClipBaseline) {
  auto toy = make_toy(4, 10, 3, 6);  // 40 clips
  const int64_t n = toy.labels.size(0);
  // Three samples per clip (as dual-phase DI: full + two phases), clip ids 0..39 repeated.
  auto tripled = test::train_data(toy);
  auto inner = tripled.make_batch;
  std::vector<int64_t> labels;
  for (int r = 0; r < 3; ++r)
    for (int64_t i = 0; i < n; ++i) {
      labels.push_back(toy.labels[i].item<int64_t>());
      tripled.clips.push_back(i);
      tripled.groups.push_back(toy.groups[static_cast<std::size_t>(i)]);
    }
  tripled.labels = torch::tensor(labels, torch::kLong);
  std::vector<int64_t> passes;
  tripled.make_batch = [&, inner](const std::vector<int64_t>& idx, int64_t pass, bool train) {
    if (train && (passes.empty() || passes.back() != pass)) passes.push_back(pass);
    std::vector<int64_t> base;
    for (auto i : idx) base.push_back(i % n);
    return inner(base, 0, train);
  };
  auto o = quick(4);  // batch 8: ceil(40 / 8) = 5 steps per epoch for the baseline
  auto by_epochs = Trainer().fit(linear_model(0), tripled, o);
  EXPECT_EQ(by_epochs.steps, 4 * 15);  // 120 samples per epoch
  EXPECT_EQ(by_epochs.history[0].samples, 120);
  passes.clear();
  o.budget = Budget::steps;
  auto by_steps = Trainer().fit(linear_model(0), tripled, o);
  EXPECT_EQ(by_steps.steps, 4 * 5);
  EXPECT_EQ(by_steps.steps_per_epoch, 5);
  ASSERT_EQ(by_steps.history.size(), 4u);
  for (const auto& e : by_steps.history) {
    EXPECT_EQ(e.steps, 5);
    EXPECT_EQ(e.samples, 40);
  }
  // 20 batches of 8 cover 160 of the 120-sample passes: the second pass starts inside epoch 3.
  EXPECT_EQ(passes, (std::vector<int64_t>{0, 1}));

  // For one sample per clip the two budgets are the same run, step for step.
  auto single = test::train_data(toy);
  auto a = linear_model(0), b = linear_model(0);
  auto ra = Trainer().fit(a, single, quick(4));
  auto qs = quick(4);
  qs.budget = Budget::steps;
  auto rb = Trainer().fit(b, single, qs);
  EXPECT_EQ(ra.steps, rb.steps);
  EXPECT_TRUE(torch::equal(flat_state(*a), flat_state(*b)));
}

// What the callback computes on the test subject (here: two different test sets, plus draws from
// the global generator) cannot change the selected epoch or the weights; the selection follows
// the inner-validation loss alone.
TEST(TrainFit, SelectedEpochDependsOnlyOnValidationSubjects) {
  auto toy = make_toy(5, 8, 3, 5);
  auto data = test::train_data(toy);
  auto o = quick(6, 0.2);
  o.early_stopping.enabled = true;
  o.early_stopping.val_fraction = 0.4;
  o.early_stopping.patience = 2;

  auto run = [&](const test::ToyData* test_set) {
    auto model = linear_model(0, 0.2);
    EpochCallback cb;
    if (test_set) {
      cb = [&, model](const EpochStats&) {
        auto logits = predict(model, test::batch_fn(test_set->images), test_set->labels.size(0));
        (void)accuracy(logits, test_set->labels);
        (void)torch::rand({100});
      };
    }
    auto r = Trainer().fit(model, data, o, cb);
    return std::make_tuple(r, flat_state(*model));
  };
  auto test_a = make_toy(1, 8, 3, 50, "test");
  auto test_b = make_toy(1, 8, 3, 51, "test");
  auto [ra, wa] = run(&test_a);
  auto [rb, wb] = run(&test_b);
  auto [rn, wn] = run(nullptr);
  EXPECT_EQ(ra.selected_epoch, rb.selected_epoch);
  EXPECT_EQ(ra.selected_epoch, rn.selected_epoch);
  EXPECT_TRUE(torch::equal(wa, wb));
  EXPECT_TRUE(torch::equal(wa, wn));
  ASSERT_EQ(ra.history.size(), rn.history.size());
  for (std::size_t e = 0; e < ra.history.size(); ++e) EXPECT_EQ(ra.history[e].val_loss, rn.history[e].val_loss);

  int64_t argmin = 0;
  for (std::size_t e = 0; e < ra.history.size(); ++e)
    if (ra.history[e].val_loss < ra.history[argmin].val_loss) argmin = static_cast<int64_t>(e);
  EXPECT_EQ(ra.selected_epoch, argmin);
}

TEST(TrainFit, EarlyStoppingRestoresBestWeightsAndBuffers) {
  auto toy = make_toy(5, 8, 3, 6);
  auto o = quick(30, 0.05);
  o.early_stopping.enabled = true;
  o.early_stopping.val_fraction = 0.4;
  o.early_stopping.patience = 3;
  // The inner split depends only on the subjects and the seed: learn it, then give the held-out
  // subjects labels that contradict the training rule, so validation worsens as training improves.
  auto split_run = o;
  split_run.epochs = 1;
  torch::manual_seed(0);
  auto split = Trainer().fit(std::make_shared<TinyConvBnImpl>(3), test::train_data(toy), split_run);
  auto labels = toy.labels.clone();
  for (auto i : split.validation_indices) labels[i] = (labels[i].item<int64_t>() + 1) % 3;
  toy.labels = labels;

  torch::manual_seed(0);
  auto model = std::make_shared<TinyConvBnImpl>(3);
  std::vector<torch::Tensor> states;
  auto r = Trainer().fit(model, test::train_data(toy), o, [&](const EpochStats&) { states.push_back(flat_state(*model)); });
  EXPECT_EQ(r.validation_groups, split.validation_groups);
  EXPECT_TRUE(r.stopped_early);
  EXPECT_EQ(r.epochs_run, r.selected_epoch + 1 + o.early_stopping.patience);
  ASSERT_EQ(states.size(), static_cast<std::size_t>(r.epochs_run));
  EXPECT_TRUE(r.history[r.selected_epoch].best);
  EXPECT_TRUE(torch::equal(flat_state(*model), states[r.selected_epoch]));
  EXPECT_FALSE(torch::equal(flat_state(*model), states.back()));
}

TEST(TrainFit, CallbackCannotInfluenceTraining) {
  auto toy = make_toy(3, 8, 3, 7);
  auto data = test::train_data(toy);
  auto plain = linear_model(0, 0.5);
  Trainer().fit(plain, data, quick(3));
  auto watched = linear_model(0, 0.5);
  int calls = 0;
  Trainer().fit(watched, data, quick(3), [&](const EpochStats& s) {
    EXPECT_EQ(s.epoch, calls++);
    predict(watched, test::batch_fn(toy.images), 24, {5});
    watched->eval();
    (void)torch::rand({1000});
  });
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(torch::equal(flat_state(*plain), flat_state(*watched)));
}

// One SGD step with lr 1 moves the weights by exactly the (clipped) gradient.
TEST(TrainFit, GradClipBoundsTheUpdate) {
  auto toy = make_toy(2, 8, 3, 8);
  auto step_norm = [&](double clip) {
    auto model = linear_model(0);
    auto before = flat_state(*model);
    auto o = quick(1, 1.0, "sgd");
    o.batch_size = 16;
    o.grad_clip = clip;
    Trainer().fit(model, test::train_data(toy), o);
    return (flat_state(*model) - before).norm().item<double>();
  };
  EXPECT_GT(step_norm(0.0), 0.05);
  EXPECT_LE(step_norm(0.05), 0.05 + 1e-6);
  EXPECT_GT(step_norm(0.05), 0.049);
}

TEST(TrainFit, BalancedClassWeightsComeFromTrainingLabels) {
  auto toy = make_toy(2, 5, 3, 9);
  toy.labels = torch::tensor(std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 1, 2, 2}, torch::kLong);
  auto o = quick(1);
  o.class_weights.mode = ClassWeightSpec::Mode::balanced;
  auto r = Trainer().fit(linear_model(0), test::train_data(toy), o);
  ASSERT_EQ(r.class_weights.size(), 3u);
  EXPECT_NEAR(r.class_weights[0], 10.0 / (3 * 6), 1e-6);
  EXPECT_NEAR(r.class_weights[1], 10.0 / (3 * 2), 1e-6);
  EXPECT_NEAR(r.class_weights[2], 10.0 / (3 * 2), 1e-6);
}

TEST(TrainFit, ScheduleDrivesTheLearningRate) {
  auto toy = make_toy(4, 8, 3, 10);  // 32 samples, batch 8: 4 steps per epoch
  auto o = quick(4, 0.01);
  o.scheduler = YAML::Load("{name: cosine, warmup_epochs: 1}");
  auto r = Trainer().fit(linear_model(0), test::train_data(toy), o);
  EXPECT_DOUBLE_EQ(r.history[0].lr, 0.01 / 4);
  EXPECT_DOUBLE_EQ(r.history[1].lr, 0.01);
  EXPECT_NEAR(r.history[2].lr, 0.01 * 0.5 * (1 + std::cos(M_PI / 3)), 1e-12);
}

TEST(TrainFit, LoneTrailingSampleJoinsTheLastBatch) {
  auto toy = make_toy(1, 17, 3, 11);
  torch::manual_seed(0);
  auto model = std::make_shared<TinyConvBnImpl>(3);  // BatchNorm cannot train on one sample
  auto r = Trainer().fit(model, test::train_data(toy), quick(2));
  EXPECT_EQ(r.history[0].steps, 2);
  EXPECT_EQ(r.history[0].n_train, 17);
}

TEST(TrainFit, RejectsInvalidData) {
  auto toy = make_toy(1, 8, 3, 12);
  auto data = test::train_data(toy);
  auto bad = data;
  bad.labels = toy.labels.to(torch::kFloat32);
  EXPECT_THROW(Trainer().fit(linear_model(0), bad, quick(1)), RuntimeError);
  bad = data;
  bad.labels = toy.labels + 3;  // beyond the model's 3 classes
  EXPECT_THROW(Trainer().fit(linear_model(0), bad, quick(1)), RuntimeError);
  auto o = quick(1);
  o.early_stopping.enabled = true;  // a single subject cannot be split
  EXPECT_THROW(Trainer().fit(linear_model(0), data, o), ConfigError);
}

TEST(TrainPredict, BatchingDoesNotChangeLogitsAndModeIsRestored) {
  auto toy = make_toy(1, 11, 3, 13);
  torch::manual_seed(0);
  auto model = std::make_shared<TinyConvBnImpl>(3);
  model->train();
  auto a = predict(model, test::batch_fn(toy.images), 11, {3});
  auto b = predict(model, test::batch_fn(toy.images), 11, {64});
  EXPECT_TRUE(model->is_training());
  ASSERT_EQ(a.sizes(), (std::vector<int64_t>{11, 3}));
  EXPECT_TRUE(torch::allclose(a, b, 1e-5, 1e-6));
  EXPECT_FALSE(a.requires_grad());
  // Eval mode: BatchNorm uses running statistics, so a sample's logits do not depend on its batch.
  auto single = predict(model, test::batch_fn(toy.images.slice(0, 4, 5)), 1);
  EXPECT_TRUE(torch::allclose(single[0], a[4], 1e-5, 1e-6));
}

}  // namespace
}  // namespace merlab
