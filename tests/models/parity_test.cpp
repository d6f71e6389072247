// Parity with torchvision 0.14: random torchvision weights saved by torch.save(model.state_dict())
// load key for key into our models, and eval outputs agree on the same input.
//
// One Python run writes every fixture (importing torch costs seconds). VGG-16's 134M parameters
// (530 MB per file) make disk speed matter, so fixtures go to /dev/shm when it exists.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "framework/models/checkpoint.h"
#include "framework/models/model_zoo.h"
#include "framework/models/vit.h"
#include "tests/models/float_fixture.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kImage = 32;  // every architecture here accepts 32 px (adaptive pooling, ViT pos-emb)
constexpr int64_t kBatch = 2, kClasses = 5;

using test::read_floats;

double max_relative_difference(const torch::Tensor& got, const torch::Tensor& want) {
  return (got - want).abs().max().item<double>() / std::max(want.abs().max().item<double>(), 1e-12);
}

class TorchvisionParity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(test::python_fixture_dir("merlab-parity"));
    // vit_tiny's weights are made at 224 px and resized to 32 px (torchvision's
    // interpolate_embeddings on the Python side, ours on load).
    auto r = test::run_fixture_script("make_parity_fixture.py",
                                      test::shell_quote(dir_->string()) +
                                          " resnet18:32 resnet50:32 vgg16:32 vgg16_bn:32 mobilenet_v2:32"
                                          " efficientnet_b0:32 vit_b_16:32 vit_tiny:32:224 vit_small:32");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }

  void check(const std::string& name) {
    YAML::Node node;
    node["name"] = name;
    node["input_size"] = kImage;
    node["pretrained"] = (*dir_ / (name + ".pth")).string();
    auto model = build_model(node, kClasses);
    model->eval();
    auto x = read_floats(*dir_ / (name + ".input.bin"), {kBatch, 3, kImage, kImage});
    auto want = read_floats(*dir_ / (name + ".expected.bin"), {kBatch, kClasses});
    torch::NoGradGuard no_grad;
    auto got = model->forward(x);
    ASSERT_EQ(got.sizes(), want.sizes());
    EXPECT_LT(max_relative_difference(got, want), 1e-4) << name << "\ngot  " << got << "\nwant " << want;
    // Fixtures may live in RAM (/dev/shm): free each one once used.
    fs::remove(*dir_ / (name + ".pth"));
  }

  static fs::path* dir_;
};
fs::path* TorchvisionParity::dir_ = nullptr;

TEST_F(TorchvisionParity, Resnet18) { check("resnet18"); }
TEST_F(TorchvisionParity, Resnet50) { check("resnet50"); }
TEST_F(TorchvisionParity, Vgg16) { check("vgg16"); }
TEST_F(TorchvisionParity, Vgg16Bn) { check("vgg16_bn"); }
TEST_F(TorchvisionParity, MobilenetV2) { check("mobilenet_v2"); }
TEST_F(TorchvisionParity, EfficientnetB0) { check("efficientnet_b0"); }
TEST_F(TorchvisionParity, VitB16) { check("vit_b_16"); }
TEST_F(TorchvisionParity, VitTinyWeightsMadeAt224) { check("vit_tiny"); }
TEST_F(TorchvisionParity, VitSmall) { check("vit_small"); }

}  // namespace
}  // namespace merlab
