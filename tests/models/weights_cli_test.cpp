// `mer weights list`, model.pretrained in sweeps (before anything trains), tools/fetch-weights.py.
#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace merlab {
namespace {

TEST(WeightsCli, ListShowsEveryZooModelWithFileAndState) {
  test::TempDir dir;
  test::write_file(dir / "resnet18-f37072fd.pth", "not the real file");
  auto r = test::run_mer({"weights", "list", "--dir", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* expected :
       {"resnet50 ", "resnet50-0676ba61.pth", "vgg16_bn-6c64b313.pth", "mobilenet_v2-b0353104.pth",
        "efficientnet_b0_rwightman-3dd342df.pth", "vit_b_16-c867db91.pth", "missing", "HASH MISMATCH",
        "no torchvision ImageNet weights", "6 missing", "tools/fetch-weights.py --out"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("weights folder: " + dir.path().string()), std::string::npos) << r.out;
  // The config key, as an override.
  auto c = test::run_mer({"weights", "list", "--no-hash", "weights.dir=" + dir.path().string()});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("weights folder: " + dir.path().string()), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("present  hash not checked"), std::string::npos) << c.out;
}

TEST(WeightsCli, SweepDryRunRefusesAnotherModelsFileNamingBoth) {
  auto r = test::run_mer({"sweep", "--dry-run", "model.pretrained=/weights/resnet18-f37072fd.pth", "-m",
                          "model=resnet18,vgg16"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("torchvision's file for resnet18, but model.name is vgg16"), std::string::npos) << r.err;
}

TEST(WeightsCli, SweepDryRunRefusesOneUserFileForSeveralModels) {
  auto r = test::run_mer({"sweep", "--dry-run", "model.pretrained=/w/mine.pth", "-m", "model=resnet18,mobilenet_v2"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("set for 2 models in one sweep"), std::string::npos) << r.err;
}

TEST(WeightsCli, SweepDryRunAcceptsImagenetPerModelAndRefusesModelsWithout) {
  auto ok = test::run_mer({"sweep", "--dry-run", "model.pretrained=imagenet", "-m", "model=resnet18,vgg16,vit_b_16"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("3 grid points"), std::string::npos) << ok.out;
  auto bad = test::run_mer({"sweep", "--dry-run", "model.pretrained=imagenet", "-m", "model=resnet18,learnet"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'learnet' has no torchvision ImageNet weights"), std::string::npos) << bad.err;
}

TEST(WeightsCli, MissingImagenetFileIsAConfigErrorBeforeTraining) {
  test::TempDir runs, weights;
  auto r = test::run_mer({"sweep", "--quiet", "model.pretrained=imagenet", "weights.dir=" + weights.path().string(),
                          "output.root=" + runs.path().string(), "-m", "model=resnet18,mobilenet_v2"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("resnet18-f37072fd.pth"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is not in the weights folder " + weights.path().string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/usr/bin/python3 tools/fetch-weights.py --out " + weights.path().string()), std::string::npos)
      << r.err;
}

TEST(WeightsCli, FetchScriptListsTorchvisionsFiles) {
  const auto script = test::shell_quote((test::source_dir() / "tools/fetch-weights.py").string());
  auto help = test::run_shell(test::shell_quote(test::reference_python()) + " " + script + " --help");
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos) << help.out;
  auto dry = test::run_shell(test::shell_quote(test::reference_python()) + " " + script + " --out /tmp/x --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  // The same files as framework/models/weights.cpp, from torchvision's own enums.
  for (const char* file : {"resnet18-f37072fd.pth", "resnet50-0676ba61.pth", "vgg16-397923af.pth",
                           "vgg16_bn-6c64b313.pth", "mobilenet_v2-b0353104.pth",
                           "efficientnet_b0_rwightman-3dd342df.pth", "vit_b_16-c867db91.pth"}) {
    EXPECT_NE(dry.out.find(std::string("https://download.pytorch.org/models/") + file), std::string::npos) << dry.out;
  }
  EXPECT_EQ(std::count(dry.out.begin(), dry.out.end(), '\n'), 7) << dry.out;
}

}  // namespace
}  // namespace merlab
