// The sample bank builds each fold's training set from the training subjects only, with the
// phases the temporal strategy asks for.
#include "framework/engine/sample_bank.h"

#include <gtest/gtest.h>

#include <set>

#include "datasets/synthetic.h"
#include "framework/augment/temporal_strategy.h"
#include "tests/support/test_support.h"

using namespace merlab;

namespace {

struct Fixture {
  test::TempDir dir{"merlab-bank"};
  DatasetLoad data;
  Fixture() {
    SynthOptions o;
    o.subjects = 3;
    o.clips_per_subject = 3;
    o.size = 40;
    o.min_frames = 8;
    o.max_frames = 12;
    generate_synthetic(o, dir / "synth");
    YAML::Node node;
    node["name"] = "synthetic";
    node["root"] = (dir / "synth").string();
    data = load_dataset(node);
  }
};

TemporalStrategy strategy(const std::string& name) {
  YAML::Node n;
  n["name"] = name;
  return TemporalStrategy::from_config(n);
}

}  // namespace

TEST(EngineSampleBank, TrainingSamplesNeverComeFromTheHeldOutSubject) {
  Fixture f;
  ASSERT_EQ(f.data.clips.size(), 9u);
  auto s = TemporalStrategy::from_config(YAML::Load("{name: dual_phase_only, test: full}"));
  SampleBank bank(f.data, s, DiOptions{}, 32, f.dir / "cache");
  auto folds = make_folds(bank.clips(), ProtocolOptions{});
  ASSERT_EQ(folds.size(), 3u);
  for (const auto& fold : folds) {
    auto fs = bank.fold_samples(fold, SpatialPipeline(), 0);
    for (const auto& sample : fs.train) {
      EXPECT_NE(bank.clips()[static_cast<std::size_t>(sample.clip)].subject, fold.test_subjects[0]);
      EXPECT_NE(sample.phase, Phase::full);  // phase-only reading: the two phase DIs
    }
    for (const auto& sample : fs.test) {
      EXPECT_EQ(bank.clips()[static_cast<std::size_t>(sample.clip)].subject, fold.test_subjects[0]);
      EXPECT_EQ(sample.phase, Phase::full);  // test representation `full`
    }
    EXPECT_EQ(fs.train.size(), 2u * 6u);  // 6 training clips x 2 phases
    EXPECT_EQ(fs.test_clips.size(), 3u);
  }
}

TEST(EngineSampleBank, PhaseMeanGroupsThePhaseDisOfEachTestClip) {
  Fixture f;
  YAML::Node n;
  n["name"] = "single_di";
  n["test"] = "phase_mean";
  auto s = TemporalStrategy::from_config(n);
  SampleBank bank(f.data, s, DiOptions{}, 32, f.dir / "cache");
  auto fold = make_folds(bank.clips(), ProtocolOptions{})[0];
  auto fs = bank.fold_samples(fold, SpatialPipeline(), 0);
  ASSERT_EQ(fs.test_groups.size(), 3u);
  for (const auto& g : fs.test_groups) EXPECT_EQ(g.size(), 2u);
  EXPECT_EQ(fs.train.size(), 6u);  // single_di: one full DI per training clip
}

TEST(EngineSampleBank, OnlineAugmentationIsDeterministicPerSeedEpochAndSample) {
  Fixture f;
  SampleBank bank(f.data, strategy("single_di"), DiOptions{}, 32, f.dir / "cache");
  auto fold = make_folds(bank.clips(), ProtocolOptions{})[0];
  YAML::Node spatial = YAML::Load("{mode: online, ops: [{name: hflip, p: 0.5}, {name: gaussian_noise, p: 1.0, sigma: 5}]}");
  SpatialPipeline pipeline(spatial);
  auto fs = bank.fold_samples(fold, pipeline, 0);
  auto a = assemble_batch(fs.train, {0, 1, 2}, &pipeline, 7, 3);
  auto b = assemble_batch(fs.train, {2, 1, 0}, &pipeline, 7, 3);  // order does not matter
  EXPECT_TRUE(torch::equal(a[0], b[2]));
  auto c = assemble_batch(fs.train, {0, 1, 2}, &pipeline, 7, 4);  // another epoch, another draw
  EXPECT_FALSE(torch::equal(a, c));
  auto plain = assemble_batch(fs.train, {0}, nullptr, 7, 3);  // evaluation: never augmented
  auto plain2 = assemble_batch(fs.train, {0}, nullptr, 8, 9);
  EXPECT_TRUE(torch::equal(plain, plain2));
  EXPECT_EQ(a.sizes(), (std::vector<int64_t>{3, 3, 32, 32}));
}

TEST(EngineFolds, LosoAndKFoldBySubject) {
  std::vector<Clip> clips(6);
  const char* subjects[] = {"s3", "s1", "s2", "s1", "s4", "s2"};
  for (int i = 0; i < 6; ++i) clips[static_cast<std::size_t>(i)].subject = subjects[i];
  auto loso = make_folds(clips, ProtocolOptions{});
  ASSERT_EQ(loso.size(), 4u);
  EXPECT_EQ(loso[0].test_subjects, std::vector<std::string>{"s1"});
  ProtocolOptions k;
  k.name = "kfold";
  k.folds = 2;
  auto kf = make_folds(clips, k);
  ASSERT_EQ(kf.size(), 2u);
  EXPECT_EQ(kf[0].test_subjects, (std::vector<std::string>{"s1", "s3"}));
  EXPECT_EQ(kf[1].test_subjects, (std::vector<std::string>{"s2", "s4"}));
}
