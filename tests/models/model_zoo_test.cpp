// Model zoo: registry, config handling, parameter counts against torchvision 0.14, layouts.
#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/models/checkpoint.h"
#include "framework/models/model_zoo.h"
#include "framework/models/vit.h"
#include "framework/models/zoo_classifier.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

ClassifierPtr make(const std::string& name, int64_t input_size, int64_t classes = 5) {
  YAML::Node node;
  node["name"] = name;
  node["input_size"] = input_size;
  return build_model(node, classes);
}

// Counts of torchvision 0.14 models built with 5 classes (ViTs at torchvision's 224 px, where the
// position embedding has 197 tokens; vit_tiny/vit_small measured on torchvision's
// VisionTransformer with the same hyper-parameters).
TEST(ModelZoo, TrainableParameterCountsMatchTorchvision) {
  const std::vector<std::pair<std::string, int64_t>> expected = {
      {"resnet18", 11179077},       {"resnet50", 23518277},  {"vgg16", 134281029},
      {"vgg16_bn", 134289477},      {"mobilenet_v2", 2230277}, {"efficientnet_b0", 4013953},
      {"vit_b_16", 85802501},       {"vit_tiny", 5525381},   {"learnet", 1866053}};
  for (const auto& [name, count] : expected) {
    auto size = name == "learnet" ? 112 : 224;
    EXPECT_EQ(count_trainable_parameters(*make(name, size)), count) << name;
  }
}

TEST(ModelZoo, LinearProbeIsLogisticRegressionOnA32x32GreyImage) {
  auto probe = make("linear_probe", 64);
  EXPECT_EQ(count_trainable_parameters(*probe), 32 * 32 * 5 + 5);
  // Zero-initialised: uniform prediction before training, whatever the input.
  auto x = torch::randn({3, 3, 64, 64}, torch::TensorOptions().dtype(torch::kFloat32));
  auto logits = probe->forward(x);
  ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(logits.abs().max().item<float>(), 0.0f);
  // Standardised per sample: a brighter, higher-contrast copy of an input gives the same logits.
  auto* impl = dynamic_cast<zoo::ZooClassifierImpl*>(probe.get());
  ASSERT_NE(impl, nullptr);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : probe->parameters()) p.uniform_(-0.1, 0.1);
  }
  auto a = probe->forward(x), b = probe->forward(x * 3.0 + 2.0);
  EXPECT_LT((a - b).abs().max().item<float>(), 1e-4f);
}

TEST(ModelZoo, VitParameterCountFollowsTokenCount) {
  // 112 px / patch 16 = 7x7 tokens + class token: 50 position embeddings instead of 197.
  EXPECT_EQ(count_trainable_parameters(*make("vit_tiny", 112)), 5525381 - 147 * 192);
  EXPECT_EQ(count_trainable_parameters(*make("vit_small", 112)), 21611141);
}

TEST(ModelZoo, EveryBuiltinIsRegisteredWithADefaultInputSize) {
  register_builtin_models();
  for (const auto& d : builtin_model_defaults()) {
    EXPECT_TRUE(model_registry().contains(d.name)) << d.name;
    const bool flow_net = d.name == "ststnet" || d.name == "off_apexnet";  // published 28 px flow input
    EXPECT_EQ(default_input_size(d.name), d.name == "linear_probe" ? 64 : d.name == "vit_b_16" ? 224 : flow_net ? 28 : 112)
        << d.name;
  }
  EXPECT_EQ(model_registry().names().size(), builtin_model_defaults().size());
}

TEST(ModelZoo, ConfigErrorsNameTheKey) {
  YAML::Node typo;
  typo["name"] = "resnet18";
  typo["dropuot"] = 0.1;
  try {
    build_model(typo, 5);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("model.dropuot"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("dropout"), std::string::npos) << e.what();
  }
  YAML::Node unknown;
  unknown["name"] = "resnet81";
  try {
    build_model(unknown, 5);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("resnet18"), std::string::npos) << e.what();
  }
  YAML::Node bad;
  bad["name"] = "learnet";
  bad["dropout"] = 1.5;
  EXPECT_THROW(build_model(bad, 5), ConfigError);
  YAML::Node vit;
  vit["name"] = "vit_tiny";
  vit["input_size"] = 100;  // not a multiple of the patch size
  EXPECT_THROW(build_model(vit, 5), ConfigError);
  YAML::Node missing;
  missing["name"] = "resnet18";
  missing["pretrained"] = "/nonexistent/weights.pth";
  EXPECT_THROW(build_model(missing, 5), ConfigError);
}

TEST(ModelZoo, OutputShapesAtSmallInputs) {
  torch::NoGradGuard no_grad;
  for (const auto& d : builtin_model_defaults()) {
    if (d.name == "vgg16" || d.name == "vgg16_bn" || d.name == "vit_b_16") continue;  // large; parity tests cover them
    auto m = make(d.name, 64, 3);
    m->eval();
    // Two-stream models take both images stacked on channels.
    const int64_t channels = m->input_channels();
    EXPECT_EQ(channels, 3 * d.input_streams) << d.name;
    EXPECT_EQ(m->forward(torch::randn({2, channels, 64, 64})).sizes(), (std::vector<int64_t>{2, 3})) << d.name;
  }
}

TEST(ModelZoo, ChannelsLastGivesTheSameOutputs) {
  torch::manual_seed(3);
  auto model = make("resnet18", 32);
  model->eval();
  auto zoo_model = std::dynamic_pointer_cast<zoo::ZooClassifierImpl>(model);
  ASSERT_TRUE(zoo_model);
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 3, 32, 32});
  zoo_model->set_channels_last(false);
  auto a = model->forward(x);
  zoo_model->set_channels_last(true);
  for (const auto& p : model->parameters()) {
    if (p.dim() == 4) {
      EXPECT_TRUE(p.is_contiguous(torch::MemoryFormat::ChannelsLast));
    }
  }
  auto b = model->forward(x);
  EXPECT_TRUE(torch::allclose(a, b, 1e-4, 1e-5));
}

TEST(ModelZoo, VitAcceptsOtherInputSizesByResizingPositionEmbeddings) {
  auto model = make("vit_tiny", 32);
  model->eval();
  torch::NoGradGuard no_grad;
  EXPECT_EQ(model->forward(torch::randn({1, 3, 64, 64})).sizes(), (std::vector<int64_t>{1, 5}));
  // Resizing to the same grid is the identity; the class token is never interpolated.
  torch::manual_seed(0);
  auto pos = torch::randn({1, 1 + 14 * 14, 8});
  EXPECT_TRUE(torch::equal(zoo::interpolate_pos_embedding(pos, 14), pos));
  auto small = zoo::interpolate_pos_embedding(pos, 7);
  EXPECT_EQ(small.sizes(), (std::vector<int64_t>{1, 50, 8}));
  EXPECT_TRUE(torch::equal(small.slice(1, 0, 1), pos.slice(1, 0, 1)));
  // align_corners: grid corners are kept (up to the rounding of the bicubic weights, hence an
  // absolute tolerance: values near zero make a purely relative comparison flaky).
  EXPECT_TRUE(torch::allclose(small[0][1], pos[0][1], 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(small[0][49], pos[0][196], 1e-5, 1e-5));
}

TEST(ModelZoo, OwnCheckpointRoundTrip) {
  test::TempDir dir;
  torch::manual_seed(5);
  auto a = make("learnet", 64);
  auto b = make("learnet", 64);
  a->eval();
  b->eval();
  auto x = torch::randn({2, 3, 64, 64});
  torch::NoGradGuard no_grad;
  ASSERT_FALSE(torch::allclose(a->forward(x), b->forward(x)));
  save_checkpoint(*a, (dir / "a.pt").string());
  load_checkpoint(*b, (dir / "a.pt").string());
  EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));
  auto other = make("resnet18", 64);
  EXPECT_THROW(load_checkpoint(*other, (dir / "a.pt").string()), RuntimeError);
}

}  // namespace
}  // namespace merlab
