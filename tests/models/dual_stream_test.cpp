// The two-stream model: both streams reach the output under every fusion, shared weights halve
// the backbone, options are checked, and a backbone without a feature map is refused.
#include "framework/models/dual_stream.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/models/model_zoo.h"

namespace merlab {
namespace {

ClassifierPtr make(const std::string& extra, int64_t classes = 3) {
  YAML::Node node = YAML::Load("{name: dual_stream, input_size: 32, dropout: 0.0, backbone: {name: learnet}" +
                               (extra.empty() ? std::string() : ", " + extra) + "}");
  return build_model(node, classes);
}

// Output changes when only the first stream's image changes, and when only the second's does.
void expect_both_streams_matter(ClassifierImpl& m) {
  m.eval();
  torch::NoGradGuard no_grad;
  torch::manual_seed(3);
  auto x = torch::randn({2, 6, 32, 32});
  auto y = m.forward(x);
  ASSERT_EQ(y.sizes(), (std::vector<int64_t>{2, 3}));
  auto xa = x.clone();
  xa.narrow(1, 0, 3).normal_();
  EXPECT_FALSE(torch::allclose(m.forward(xa), y, 1e-5, 1e-6)) << "the onset->apex stream does not reach the output";
  auto xb = x.clone();
  xb.narrow(1, 3, 3).normal_();
  EXPECT_FALSE(torch::allclose(m.forward(xb), y, 1e-5, 1e-6)) << "the apex->offset stream does not reach the output";
  EXPECT_TRUE(torch::allclose(m.forward(x), y));  // and it is deterministic in eval mode
}

TEST(DualStream, EitherStreamChangesTheOutputUnderEveryFusion) {
  for (const char* extra : {"", "fusion: concat", "fusion: sum", "direction: onset_queries_offset",
                            "direction: offset_queries_onset", "shared: true"}) {
    SCOPED_TRACE(extra);
    auto m = make(extra);
    EXPECT_EQ(m->input_channels(), 6);
    expect_both_streams_matter(*m);
  }
}

TEST(DualStream, SharedWeightsAndFusionChangeTheParameterCount) {
  // learnet at 32 px: feature map 256 x 1 x 1 -> one token per stream.
  const int64_t proj = 256 * 128 + 128, pos = 128;
  const int64_t attention = 4 * (128 * 128 + 128) + 2 * 128;  // q, k, v, out + LayerNorm
  auto concat = make("fusion: concat");
  auto sum = make("fusion: sum");
  auto cross = make("");
  auto shared = make("fusion: concat, shared: true");
  const int64_t head2 = 256 * 3 + 3, head1 = 128 * 3 + 3;
  const int64_t backbones_concat = count_trainable_parameters(*concat) - 2 * (proj + pos) - head2;
  EXPECT_EQ(count_trainable_parameters(*sum), backbones_concat + 2 * (proj + pos) + head1);
  EXPECT_EQ(count_trainable_parameters(*cross), backbones_concat + 2 * (proj + pos) + 2 * attention + head2);
  EXPECT_EQ(count_trainable_parameters(*shared), backbones_concat / 2 + proj + pos + head2);
  // The backbones' own heads are frozen: one learnet without its fc2 (256 x 3 + 3 at 32 px).
  YAML::Node single = YAML::Load("{name: learnet, input_size: 32}");
  EXPECT_EQ(backbones_concat, 2 * (count_trainable_parameters(*build_model(single, 3)) - (256 * 3 + 3)));
}

TEST(DualStream, ResNetBackboneAtTheDefaultSize) {
  auto m = build_model(YAML::Load("{name: dual_stream, backbone: resnet18}"), 5);
  m->eval();
  torch::NoGradGuard no_grad;
  EXPECT_EQ(m->forward(torch::randn({1, 6, 112, 112})).sizes(), (std::vector<int64_t>{1, 5}));
}

TEST(DualStream, BadOptionsAreConfigErrors) {
  EXPECT_THROW(make("fusion: product"), ConfigError);
  EXPECT_THROW(make("heads: 3"), ConfigError);  // 128 does not divide by 3
  EXPECT_THROW(make("direction: sideways"), ConfigError);
  EXPECT_THROW(make("colour: red"), ConfigError);
  EXPECT_THROW(build_model(YAML::Load("{name: dual_stream, input_size: 32, backbone: {name: vit_tiny}}"), 3), ConfigError);
  EXPECT_THROW(build_model(YAML::Load("{name: dual_stream, input_size: 32, backbone: {name: learnet, input_size: 64}}"), 3),
               ConfigError);
  EXPECT_THROW(build_model(YAML::Load("{name: dual_stream, input_size: 32, pretrained: imagenet}"), 3), ConfigError);
  EXPECT_EQ(model_input_streams("dual_stream"), 2);
  EXPECT_EQ(model_input_streams("learnet"), 1);
  // A single-stream input is refused with the shape named, not silently split.
  auto m = make("");
  EXPECT_THROW(m->forward(torch::randn({1, 3, 32, 32})), RuntimeError);
}

}  // namespace
}  // namespace merlab
