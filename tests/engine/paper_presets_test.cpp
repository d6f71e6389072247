// The paper presets as shipped: every grid point validates as a run, each model is paired with
// its own recipe (ImageNet weights and fine-tuning for the torchvision models at 224 px, LEARNet
// from scratch at 112 px, the floor's convex recipe), and the scratch variants load no weights.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "framework/augment/builtin.h"
#include "framework/config/sweep_plan.h"
#include "framework/engine/experiment.h"
#include "framework/models/model_zoo.h"
#include "framework/models/weights.h"
#include "framework/train/registration.h"

namespace merlab {
namespace {

const std::filesystem::path kConfRoot = std::filesystem::path(MERLAB_TESTS_DIR) / ".." / "experiments" / "conf";

struct Recipe {
  bool imagenet;
  int64_t input_size;
  std::string optimizer;
  int epochs;
};

// The model -> recipe pairing of every point; fails when one model appears with two recipes.
std::map<std::string, Recipe> recipes_of(const std::string& experiment, std::size_t* points) {
  register_builtin_models();
  register_builtin_augmentations();
  register_builtin_train_components();
  auto plan = config::plan_sweep({"experiment=" + experiment}, {}, kConfRoot);
  *points = plan.points.size();
  std::map<std::string, Recipe> seen;
  std::vector<YAML::Node> roots;
  for (const auto& p : plan.points) {
    roots.push_back(p.composed.node);
    auto spec = ExperimentSpec::from_config(p.composed.node, /*check_weight_files=*/false);
    const YAML::Node w = p.composed.node["model"]["pretrained"];
    Recipe r{w && !w.IsNull() && w.as<std::string>() == kImagenetWeights, spec.input_size,
             spec.train.optimizer["name"].as<std::string>(), spec.train.epochs};
    EXPECT_EQ(spec.train.budget, Budget::steps) << experiment << " " << spec.model_name;
    EXPECT_EQ(p.composed.node["dataset"]["frames"].as<std::string>(), "aligned") << experiment;
    auto [it, fresh] = seen.emplace(spec.model_name, r);
    if (!fresh) {
      EXPECT_EQ(it->second.imagenet, r.imagenet) << spec.model_name;
      EXPECT_EQ(it->second.input_size, r.input_size) << spec.model_name;
      EXPECT_EQ(it->second.optimizer, r.optimizer) << spec.model_name;
      EXPECT_EQ(it->second.epochs, r.epochs) << spec.model_name;
    }
  }
  EXPECT_NO_THROW(check_sweep_weights(roots, /*check_files=*/false)) << experiment;
  return seen;
}

TEST(PaperPresets, FineTunedPresetsPairEachModelWithItsRecipe) {
  for (const std::string name : {"paper_casme2", "paper_samm", "megc2019"}) {
    std::size_t points = 0;
    auto r = recipes_of(name, &points);
    EXPECT_EQ(points, 7u * 5u * 3u) << name;  // 7 models x 5 strategies x 3 seeds
    ASSERT_EQ(r.size(), 7u) << name;
    for (const std::string cnn : {"resnet18", "resnet50", "vgg16", "mobilenet_v2"}) {
      EXPECT_TRUE(r.at(cnn).imagenet) << name << " " << cnn;
      EXPECT_EQ(r.at(cnn).input_size, 224) << cnn;
      EXPECT_EQ(r.at(cnn).optimizer, "sgd") << cnn;
    }
    EXPECT_TRUE(r.at("vit_b_16").imagenet);
    EXPECT_EQ(r.at("vit_b_16").input_size, 224);
    EXPECT_EQ(r.at("vit_b_16").optimizer, "adamw");
    EXPECT_FALSE(r.at("learnet").imagenet);
    EXPECT_EQ(r.at("learnet").input_size, 112);  // as published, from scratch
    EXPECT_FALSE(r.at("linear_probe").imagenet);
  }
}

TEST(PaperPresets, ScratchVariantsLoadNoWeights) {
  for (const std::string name : {"paper_casme2_scratch", "paper_samm_scratch"}) {
    std::size_t points = 0;
    auto r = recipes_of(name, &points);
    EXPECT_EQ(points, 105u) << name;
    ASSERT_EQ(r.size(), 7u) << name;
    for (const auto& [model, recipe] : r) EXPECT_FALSE(recipe.imagenet) << name << " " << model;
    EXPECT_EQ(r.at("resnet18").optimizer, "adam");
    EXPECT_EQ(r.at("vit_b_16").input_size, 224);
  }
}

}  // namespace
}  // namespace merlab
