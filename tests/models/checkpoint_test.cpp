// Reading torch.save files (state_dict_reader) and loading them with the head rule (checkpoint).
#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/models/checkpoint.h"
#include "framework/models/model_zoo.h"
#include "framework/models/resnet.h"
#include "framework/models/state_dict_reader.h"
#include "tests/support/test_support.h"

namespace merlab {
namespace {

class StateDictFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir("merlab-reader");
    auto r = test::run_shell(test::shell_quote(test::reference_python()) + " " +
                             test::shell_quote((test::source_dir() / "tests/models/make_reader_fixture.py").string()) +
                             " " + test::shell_quote(dir_->path().string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& name) { return (*dir_ / name).string(); }

  static void expect_fixture_tensors(const StateDict& sd) {
    auto base = torch::arange(12, torch::kFloat).reshape({3, 4});
    auto shared = torch::arange(10, torch::kFloat);
    const std::vector<std::string> keys = {"float", "double", "half", "long", "int", "bool",
                                           "scalar", "transposed", "view_a", "view_b", "big_dim"};
    EXPECT_EQ(sd.keys, keys);
    const auto& t = sd.tensors;
    EXPECT_TRUE(torch::equal(t.at("float"), base));
    EXPECT_EQ(t.at("double").scalar_type(), torch::kDouble);
    EXPECT_TRUE(torch::allclose(t.at("double"), base.to(torch::kDouble) / 3));
    EXPECT_EQ(t.at("half").scalar_type(), torch::kHalf);
    EXPECT_TRUE(torch::equal(t.at("half").to(torch::kFloat), base / 2));
    EXPECT_TRUE(torch::equal(t.at("long"), torch::arange(-3, 3, torch::kLong)));
    EXPECT_TRUE(torch::equal(t.at("int"), torch::tensor({7, -8}, torch::kInt)));
    EXPECT_TRUE(torch::equal(t.at("bool"), torch::tensor({true, false, true})));
    EXPECT_EQ(t.at("scalar").dim(), 0);
    EXPECT_EQ(t.at("scalar").item<int64_t>(), 42);
    EXPECT_TRUE(torch::equal(t.at("transposed"), base.t()));
    EXPECT_TRUE(torch::equal(t.at("view_a"), shared.slice(0, 2, 5)));
    EXPECT_TRUE(torch::equal(t.at("view_b"), shared.slice(0, 5)));
    EXPECT_EQ(t.at("big_dim").sizes(), (std::vector<int64_t>{70000, 1}));
  }

  static test::TempDir* dir_;
};
test::TempDir* StateDictFiles::dir_ = nullptr;

TEST_F(StateDictFiles, ReadsModelStateDictOrderedDictWithMetadata) { expect_fixture_tensors(read_state_dict(file("ordered.pth"))); }
TEST_F(StateDictFiles, ReadsPlainDict) { expect_fixture_tensors(read_state_dict(file("plain.pth"))); }
TEST_F(StateDictFiles, ReadsStateDictNestedInATrainingCheckpoint) {
  expect_fixture_tensors(read_state_dict(file("nested.pth")));
}
TEST_F(StateDictFiles, ReadsPickleProtocol4) { expect_fixture_tensors(read_state_dict(file("protocol4.pth"))); }

TEST_F(StateDictFiles, LegacyFormatErrorPrintsTheConversionCommandWhichWorks) {
  try {
    read_state_dict(file("legacy.pth"));
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(conversion_command(file("legacy.pth"))), std::string::npos) << msg;
  }
  auto r = test::run_shell(conversion_command(file("legacy.pth")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_fixture_tensors(read_state_dict(file("legacy.pth") + ".converted.pth"));
}

TEST_F(StateDictFiles, RejectsNonTensorContent) {
  EXPECT_THROW(read_state_dict(file("not_tensors.pth")), RuntimeError);
  EXPECT_THROW(read_state_dict(file("missing.pth")), RuntimeError);
}

TEST_F(StateDictFiles, DifferentHeadShapeIsReinitialisedEverythingElseLoads) {
  torch::manual_seed(1);
  zoo::ResNet model(18, 5, 0.0);
  auto fc_before = model->named_parameters()["fc.weight"].clone();
  auto report = load_pretrained(*model, file("resnet18_3_classes.pth"));
  EXPECT_EQ(report.reinitialised.size(), 2u);
  const auto sd = read_state_dict(file("resnet18_3_classes.pth"));
  EXPECT_EQ(report.loaded, sd.keys.size() - 2);
  auto params = model->named_parameters();
  EXPECT_TRUE(torch::equal(params["conv1.weight"], sd.tensors.at("conv1.weight")));
  EXPECT_TRUE(torch::equal(model->named_buffers()["layer4.1.bn2.num_batches_tracked"],
                           sd.tensors.at("layer4.1.bn2.num_batches_tracked")));
  EXPECT_EQ(params["fc.weight"].sizes(), (std::vector<int64_t>{5, 512}));
  EXPECT_FALSE(torch::equal(params["fc.weight"], fc_before));  // freshly re-initialised
}

TEST(LoadStateDict, ListsMissingUnexpectedAndMisshapedKeys) {
  zoo::ResNet model(18, 5, 0.0);
  std::map<std::string, torch::Tensor> state;
  for (const auto& p : model->named_parameters()) state[p.key()] = p.value().detach().clone();
  for (const auto& b : model->named_buffers()) state[b.key()] = b.value().clone();
  state.erase("layer2.0.bn1.running_var");
  state["layer9.weight"] = torch::zeros({1});
  state["conv1.weight"] = torch::zeros({64, 3, 3, 3});
  try {
    load_state_dict(*model, state, model->head_keys(), nullptr, "test.pth");
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("missing keys (1): layer2.0.bn1.running_var"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unexpected keys (1): layer9.weight"), std::string::npos) << msg;
    EXPECT_NE(msg.find("conv1.weight (file [64, 3, 3, 3], model [64, 3, 7, 7])"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace merlab
