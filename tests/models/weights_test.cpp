// ImageNet weights by name (framework/models/weights.h) and torchvision's legacy ViT key names.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "framework/common/error.h"
#include "framework/models/checkpoint.h"
#include "framework/models/model_zoo.h"
#include "framework/models/vit.h"
#include "framework/models/weights.h"
#include "tests/models/float_fixture.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

namespace fs = std::filesystem;

using test::read_floats;

std::string config_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

TEST(WeightsLegacyVit, LegacyMlpKeysLoadAndMatchTorchvision) {
  // torchvision's VisionTransformer (ViT-B/16's key scheme, tiny sizes) saved with the
  // linear_1/linear_2 names of vit_b_16-c867db91.pth; torchvision's outputs as reference.
  test::TempDir dir;
  auto r = test::run_fixture_script("make_vit_legacy_fixture.py", test::shell_quote(dir.path().string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  zoo::VisionTransformer model(zoo::VitConfig{16, 16, 2, 2, 32}, 32, 5, 0.0);
  auto report = load_pretrained(*model, (dir / "vit_legacy.pth").string());
  EXPECT_TRUE(report.reinitialised.empty());
  model->eval();
  torch::NoGradGuard no_grad;
  auto got = model->forward(read_floats(dir / "vit_legacy.input.bin", {2, 3, 32, 32}));
  auto want = read_floats(dir / "vit_legacy.expected.bin", {2, 5});
  EXPECT_LT((got - want).abs().max().item<double>(), 1e-4) << "got  " << got << "\nwant " << want;
}

TEST(Weights, ImagenetResolvesToTorchvisionsFilePerModel) {
  const std::map<std::string, std::string> expected = {
      {"resnet18", "resnet18-f37072fd.pth"},        {"resnet50", "resnet50-0676ba61.pth"},
      {"vgg16", "vgg16-397923af.pth"},              {"vgg16_bn", "vgg16_bn-6c64b313.pth"},
      {"mobilenet_v2", "mobilenet_v2-b0353104.pth"}, {"efficientnet_b0", "efficientnet_b0_rwightman-3dd342df.pth"},
      {"vit_b_16", "vit_b_16-c867db91.pth"}};
  EXPECT_EQ(torchvision_weights().size(), expected.size());
  for (const auto& [model, file] : expected) {
    EXPECT_EQ(resolve_pretrained(model, "imagenet", "/w", /*check_files=*/false), "/w/" + file) << model;
  }
  EXPECT_EQ(resolve_pretrained("resnet18", "", "/w"), "");
}

TEST(Weights, ModelsWithoutImagenetWeightsAreConfigErrors) {
  for (const char* model : {"learnet", "linear_probe", "vit_tiny", "vit_small"}) {
    auto msg = config_error([&] { resolve_pretrained(model, "imagenet", "/w", false); });
    EXPECT_NE(msg.find(std::string("'") + model + "' has no torchvision ImageNet weights"), std::string::npos) << msg;
  }
}

TEST(Weights, MissingFileNamesFileFolderAndFetchCommand) {
  test::TempDir dir;
  auto msg = config_error([&] { resolve_pretrained("vgg16_bn", "imagenet", dir.path().string()); });
  EXPECT_NE(msg.find("vgg16_bn-6c64b313.pth"), std::string::npos) << msg;
  EXPECT_NE(msg.find(dir.path().string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("/usr/bin/python3 tools/fetch-weights.py --out " + dir.path().string()), std::string::npos) << msg;
}

TEST(Weights, HashPrefixIsCheckedAsTorchHubDoes) {
  test::TempDir dir;
  // SHA-256("abc") = ba7816bf8f01cfea...
  test::write_file(dir / "abc.bin", "abc");
  EXPECT_EQ(sha256_file((dir / "abc.bin").string()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(name_hash_prefix("/x/resnet18-f37072fd.pth"), "f37072fd");
  EXPECT_EQ(name_hash_prefix("efficientnet_b0_rwightman-3dd342df.pth"), "3dd342df");
  EXPECT_EQ(name_hash_prefix("my_model.pth"), "");
  EXPECT_EQ(name_hash_prefix("run-final.pth"), "");  // not hex: no hash claim
  test::write_file(dir / "thing-ba7816bf.pth", "abc");
  EXPECT_TRUE(hash_matches_name((dir / "thing-ba7816bf.pth").string()));
  // A torchvision name whose content does not match (truncated download, say) is refused.
  test::write_file(dir / "resnet18-f37072fd.pth", "abc");
  auto msg = config_error([&] { resolve_pretrained("resnet18", "imagenet", dir.path().string()); });
  EXPECT_NE(msg.find("SHA-256 does not start with f37072fd"), std::string::npos) << msg;
}

TEST(Weights, FileOfAnotherArchitectureIsRefusedNamingBoth) {
  auto msg = config_error([] { resolve_pretrained("vgg16", "/weights/resnet18-f37072fd.pth", "", false); });
  EXPECT_NE(msg.find("torchvision's file for resnet18"), std::string::npos) << msg;
  EXPECT_NE(msg.find("model.name is vgg16"), std::string::npos) << msg;
  EXPECT_NE(msg.find("model.pretrained=imagenet"), std::string::npos) << msg;
  // vgg16_bn's file is not taken for vgg16's (shared prefix), and fits vgg16_bn.
  msg = config_error([] { resolve_pretrained("vgg16", "/w/vgg16_bn-6c64b313.pth", "", false); });
  EXPECT_NE(msg.find("for vgg16_bn, but model.name is vgg16"), std::string::npos) << msg;
  EXPECT_EQ(resolve_pretrained("vgg16_bn", "/w/vgg16_bn-6c64b313.pth", "", false), "/w/vgg16_bn-6c64b313.pth");
  EXPECT_EQ(resolve_pretrained("resnet50", "/w/resnet50-11ad3fa6.pth", "", false), "/w/resnet50-11ad3fa6.pth");
  // A user's own file name makes no claim.
  EXPECT_EQ(resolve_pretrained("vgg16", "/w/finetuned.pth", "", false), "/w/finetuned.pth");
}

YAML::Node root_with(const std::string& model, const std::string& pretrained, const std::string& dir = "") {
  YAML::Node root;
  root["model"]["name"] = model;
  root["model"]["pretrained"] = pretrained;
  if (!dir.empty()) root["weights"]["dir"] = dir;
  return root;
}

TEST(Weights, ConfigNodeUsesWeightsDirAndKeepsTheConfigUnchanged) {
  auto root = root_with("resnet18", "imagenet", "/shared/w");
  EXPECT_EQ(weights_dir_from_config(root), "/shared/w");
  auto model = model_node_with_weights(root, false);
  EXPECT_EQ(model["pretrained"].as<std::string>(), "/shared/w/resnet18-f37072fd.pth");
  EXPECT_EQ(root["model"]["pretrained"].as<std::string>(), "imagenet");  // hash inputs untouched
  YAML::Node none;
  none["weights"]["dir"] = YAML::Node(YAML::NodeType::Null);
  EXPECT_EQ(weights_dir_from_config(none), default_weights_dir());
}

TEST(Weights, DefaultFolderIsTorchvisionsDownloadFolder) {
  // Restores the environment afterwards: other tests resolve the default folder too.
  std::map<std::string, std::optional<std::string>> saved;
  for (const char* v : {"TORCH_HOME", "XDG_CACHE_HOME"}) {
    const char* x = std::getenv(v);
    saved[v] = x ? std::optional<std::string>(x) : std::nullopt;
  }
  ::setenv("TORCH_HOME", "/opt/torch", 1);
  ::setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(default_weights_dir(), "/opt/torch/hub/checkpoints");
  ::unsetenv("TORCH_HOME");
  EXPECT_EQ(default_weights_dir(), "/xdg/torch/hub/checkpoints");
  ::unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(default_weights_dir(), std::string(std::getenv("HOME")) + "/.cache/torch/hub/checkpoints");
  for (const auto& [v, value] : saved)
    if (value) ::setenv(v.c_str(), value->c_str(), 1);
}

TEST(Weights, LegacyFormatTorchvisionFileLoadsThroughItsZipCopy) {
  // torchvision's older files (VGG, MobileNetV2) are in torch.save's pre-1.6 format and lack
  // BatchNorm's num_batches_tracked. Such a file, named as torchvision names it (real hash):
  test::TempDir dir;
  const std::string py =
      "import hashlib, os, sys, torch, torchvision\n"
      "sd = torchvision.models.mobilenet_v2(num_classes=5).state_dict()\n"
      "sd = type(sd)((k, v) for k, v in sd.items() if not k.endswith('num_batches_tracked'))\n"
      "p = os.path.join(sys.argv[1], 'tmp.pth')\n"
      "torch.save(sd, p, _use_new_zipfile_serialization=False)\n"
      "h = hashlib.sha256(open(p, 'rb').read()).hexdigest()[:8]\n"
      "os.rename(p, os.path.join(sys.argv[1], 'mobilenet_v2-' + h + '.pth'))\n"
      "print(h)\n";
  test::write_file(dir / "make.py", py);
  auto r = test::run_shell(test::shell_quote(test::reference_python()) + " " + test::shell_quote((dir / "make.py").string()) +
                           " " + test::shell_quote(dir.path().string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto file = (dir / ("mobilenet_v2-" + r.out.substr(0, 8) + ".pth")).string();
  auto msg = config_error([&] { resolve_pretrained("mobilenet_v2", file, ""); });
  EXPECT_NE(msg.find("legacy format"), std::string::npos) << msg;
  EXPECT_NE(msg.find("convert_checkpoint.py"), std::string::npos) << msg;
  auto c = test::run_shell(test::shell_quote(test::reference_python()) + " " +
                           test::shell_quote((test::source_dir() / "tools/convert_checkpoint.py").string()) + " " +
                           test::shell_quote(file) + " " + test::shell_quote(file + ".converted.pth"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(resolve_pretrained("mobilenet_v2", file, ""), file + ".converted.pth");
  YAML::Node node;
  node["name"] = "mobilenet_v2";
  node["pretrained"] = file;
  auto model = build_model(node, 5);  // num_batches_tracked filled with 0, as torch does
  for (const auto& b : model->named_buffers()) {
    if (b.key().find("num_batches_tracked") != std::string::npos) {
      EXPECT_EQ(b.value().item<int64_t>(), 0) << b.key();
    }
  }
}

TEST(Weights, SweepRefusesOneFileForSeveralModels) {
  std::vector<YAML::Node> grid = {root_with("resnet18", "/w/mine.pth"), root_with("vgg16", "/w/mine.pth")};
  auto msg = config_error([&] { check_sweep_weights(grid, false); });
  EXPECT_NE(msg.find("is set for 2 models in one sweep (resnet18, vgg16)"), std::string::npos) << msg;
  std::vector<YAML::Node> per_model = {root_with("resnet18", "imagenet"), root_with("vgg16", "imagenet"),
                                       root_with("resnet18", "/w/a.pth"), root_with("resnet18", "/w/a.pth")};
  EXPECT_NO_THROW(check_sweep_weights(per_model, false));
}

}  // namespace
}  // namespace merlab
