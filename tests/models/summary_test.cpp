// Layer summary: shapes, parameters and FLOPs per layer from one recorded forward pass.
#include <gtest/gtest.h>

#include "framework/models/model_zoo.h"
#include "framework/models/summary.h"

namespace merlab {
namespace {

ClassifierPtr make(const std::string& name, int64_t size) {
  YAML::Node node;
  node["name"] = name;
  node["input_size"] = size;
  return build_model(node, 5);
}

const LayerSummary& find(const ModelSummary& s, const std::string& name) {
  for (const auto& l : s.layers)
    if (l.name == name) return l;
  throw std::runtime_error("no layer " + name);
}

TEST(ModelSummary, ResNet18LayersShapesAndFlops) {
  auto model = make("resnet18", 224);
  model->train();
  auto s = summarize(*model, 224);
  EXPECT_TRUE(model->is_training());  // restored
  ASSERT_FALSE(s.layers.empty());
  EXPECT_EQ(s.layers.front().name, "conv1");
  EXPECT_EQ(s.layers.front().output_shape, (std::vector<int64_t>{64, 112, 112}));
  EXPECT_EQ(s.layers.front().parameters, 64 * 3 * 7 * 7);
  EXPECT_EQ(s.layers.front().flops, 2LL * 64 * 112 * 112 * 3 * 7 * 7);
  const auto& fc = find(s, "fc");
  EXPECT_EQ(fc.output_shape, (std::vector<int64_t>{5}));
  EXPECT_EQ(fc.flops, 2 * 512 * 5);
  EXPECT_EQ(find(s, "layer2.0.downsample.0").output_shape, (std::vector<int64_t>{128, 28, 28}));
  EXPECT_EQ(s.total_parameters, count_trainable_parameters(*model));
  EXPECT_EQ(s.other_parameters, 0);
  // ResNet-18 at 224 px is the well-known ~1.82 G multiply-accumulates.
  EXPECT_NEAR(static_cast<double>(s.total_flops) / 2e9, 1.82, 0.01);
  EXPECT_NE(format_summary(s).find("11,179,077"), std::string::npos);
}

TEST(ModelSummary, VitCountsAttentionProductsAndTokenParameters) {
  auto s = summarize(*make("vit_tiny", 112), 112);
  const auto& attn = find(s, "encoder.layers.encoder_layer_0.self_attention");
  const int64_t l = 50, d = 192;
  EXPECT_EQ(attn.output_shape, (std::vector<int64_t>{l, d}));
  EXPECT_EQ(attn.flops, 2 * l * 3 * d * d + 4 * l * l * d);
  EXPECT_EQ(attn.parameters, 3 * d * d + 3 * d);
  EXPECT_EQ(s.other_parameters, d + l * d);  // class token and position embeddings
  EXPECT_EQ(s.total_parameters, count_trainable_parameters(*make("vit_tiny", 112)));
}

TEST(ModelSummary, GroupThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1866053), "1,866,053");
  EXPECT_EQ(group_thousands(-1000), "-1,000");
}

}  // namespace
}  // namespace merlab
