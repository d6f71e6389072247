// `mer models predict`, run as the real binary, against torchvision on the same weights file
// and image (tests/models/make_predict_fixture.py: random weights, no download).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/models/float_fixture.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

namespace fs = std::filesystem;

constexpr int kClasses = 5;

std::vector<double> json_numbers(const std::string& line, const std::string& key) {
  std::vector<double> out;
  auto at = line.find("\"" + key + "\": [");
  if (at == std::string::npos) return out;
  const char* p = line.c_str() + line.find('[', at) + 1;
  while (*p && *p != ']') {
    char* end = nullptr;
    out.push_back(std::strtod(p, &end));
    p = end;
    while (*p == ',' || *p == ' ') ++p;
  }
  return out;
}

class ModelsPredict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Every zoo model with a torchvision counterpart, at 32 px; VGG files are 530 MB, so RAM disk.
    dir_ = new fs::path(test::python_fixture_dir("merlab-predict"));
    auto r = test::run_fixture_script("make_predict_fixture.py",
                                      test::shell_quote(dir_->string()) +
                                          " 32 resnet18 resnet50 vgg16 vgg16_bn mobilenet_v2 efficientnet_b0 vit_b_16");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }

  void check(const std::string& name) {
    const auto image = (*dir_ / "image.png").string();
    auto r = test::run_mer({"models", "predict", name, "--weights", (*dir_ / (name + ".pth")).string(),
                            "--input-size", "32", "--num-classes", std::to_string(kClasses), image});
    fs::remove(*dir_ / (name + ".pth"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"image\": \"" + image + "\""), std::string::npos) << r.out;
    auto logits = json_numbers(r.out, "logits");
    auto probs = json_numbers(r.out, "probabilities");
    ASSERT_EQ(logits.size(), static_cast<std::size_t>(kClasses)) << r.out;
    ASSERT_EQ(probs.size(), static_cast<std::size_t>(kClasses)) << r.out;
    const auto want = test::read_floats(*dir_ / (name + ".expected.bin"), {kClasses});
    double scale = 1e-12, diff = 0, sum = 0;
    for (int i = 0; i < kClasses; ++i) {
      const double w = want[i].item<float>();
      scale = std::max(scale, std::abs(w));
      diff = std::max(diff, std::abs(logits[i] - w));
      sum += probs[i];
    }
    EXPECT_LT(diff / scale, 1e-4) << name << "\n" << r.out;
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }

  static fs::path* dir_;
};
fs::path* ModelsPredict::dir_ = nullptr;

TEST_F(ModelsPredict, Resnet18MatchesTorchvision) { check("resnet18"); }
TEST_F(ModelsPredict, Resnet50MatchesTorchvision) { check("resnet50"); }
TEST_F(ModelsPredict, Vgg16MatchesTorchvision) { check("vgg16"); }
TEST_F(ModelsPredict, Vgg16BnMatchesTorchvision) { check("vgg16_bn"); }
TEST_F(ModelsPredict, MobilenetV2MatchesTorchvision) { check("mobilenet_v2"); }
TEST_F(ModelsPredict, EfficientnetB0MatchesTorchvision) { check("efficientnet_b0"); }
TEST_F(ModelsPredict, VitB16MatchesTorchvision) { check("vit_b_16"); }

TEST(ModelsPredictCli, OneObjectPerImageHelpAndErrors) {
  test::TempDir dir;
  // Any readable image; random initialisation (no --weights).
  auto r = test::run_shell(test::shell_quote(test::reference_python()) + " -c " +
                           test::shell_quote("import cv2, numpy; cv2.imwrite('" + (dir / "a.png").string() +
                                             "', numpy.full((20, 30, 3), 128, numpy.uint8))"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = (dir / "a.png").string();
  auto two = test::run_mer({"models", "predict", "learnet", "--num-classes", "3", a, a});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(std::count(two.out.begin(), two.out.end(), '\n'), 2) << two.out;
  EXPECT_EQ(json_numbers(two.out, "probabilities").size(), 3u) << two.out;
  auto help = test::run_mer({"models", "predict", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("ImageNet mean (0.485, 0.456, 0.406)"), std::string::npos) << help.out;
  auto missing = test::run_mer({"models", "predict", "resnet18", (dir / "nope.png").string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot read image"), std::string::npos) << missing.err;
  auto no_image = test::run_mer({"models", "predict", "resnet18"});
  EXPECT_EQ(no_image.exit_code, 2);
  auto no_weights = test::run_mer({"models", "predict", "learnet", "--weights", "imagenet", a});
  EXPECT_EQ(no_weights.exit_code, 2);
  EXPECT_NE(no_weights.err.find("'learnet' has no torchvision ImageNet weights"), std::string::npos) << no_weights.err;
}

}  // namespace
}  // namespace merlab
