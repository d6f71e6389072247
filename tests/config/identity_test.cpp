#include "framework/config/identity.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "framework/config/config.h"

using namespace merlab::config;

namespace {
std::string run_key(std::vector<std::string> overrides) {
  ComposeOptions o;
  o.overrides = std::move(overrides);
  return compose(o).hash();
}
}  // namespace

TEST(ConfigIdentity, PathsOutputLauncherAndThreadsDoNotChangeTheRunKey) {
  const auto base = run_key({"model=learnet"});
  EXPECT_EQ(run_key({"model=learnet", "output.root=/tmp/elsewhere"}), base);
  EXPECT_EQ(run_key({"model=learnet", "output.heartbeat_s=1", "output.sweep_name=x", "output.save_checkpoints=true"}), base);
  EXPECT_EQ(run_key({"model=learnet", "dataset.root=/data/moved/synthetic"}), base);
  EXPECT_EQ(run_key({"model=learnet", "di.cache_dir=/scratch/di", "di.threads=1"}), base);
  EXPECT_EQ(run_key({"model=learnet", "runtime.threads=8"}), base);
  EXPECT_EQ(run_key({"model=learnet", "weights.dir=/shared/weights"}), base);
  EXPECT_EQ(run_key({"model=learnet", "limits.csv_max_line_bytes=4096", "limits.image_max_side=512"}), base);
  EXPECT_EQ(run_key({"model=learnet", "launcher=slurm", "launcher.time=04:00:00"}), base);
}

TEST(ConfigIdentity, WhatChangesResultsChangesTheRunKey) {
  const auto base = run_key({"model=learnet"});
  EXPECT_NE(run_key({"model=resnet18"}), base);
  EXPECT_NE(run_key({"model=learnet", "seed=1"}), base);
  EXPECT_NE(run_key({"model=learnet", "train.epochs=7"}), base);
  EXPECT_NE(run_key({"model=learnet", "runtime.device=cuda"}), base);
  EXPECT_NE(run_key({"model=learnet", "di.method=learnet_compat"}), base);
  EXPECT_NE(run_key({"model=learnet", "dataset.generator.seed=2"}), base);
}

TEST(ConfigIdentity, ViewDropsOnlyTheListedKeysAndAddsNothing) {
  auto node = YAML::Load("{output: {root: r}, runtime: {threads: 2, device: cpu}, di: {method: bilen}, seed: 3}");
  auto view = identity_view(node);
  EXPECT_FALSE(view["output"]);
  EXPECT_FALSE(view["runtime"]["threads"]);
  EXPECT_EQ(view["runtime"]["device"].as<std::string>(), "cpu");
  EXPECT_EQ(view["di"]["method"].as<std::string>(), "bilen");
  EXPECT_FALSE(view["dataset"]);   // absent sections are not created
  EXPECT_FALSE(view["weights"]);
  EXPECT_EQ(view["seed"].as<int>(), 3);
  EXPECT_TRUE(node["output"]);     // the input is not modified
  EXPECT_TRUE(is_non_identity_key("output.root"));
  EXPECT_TRUE(is_non_identity_key("launcher"));
  EXPECT_FALSE(is_non_identity_key("outputs"));
  EXPECT_FALSE(is_non_identity_key("runtime.device"));
  for (const auto& k : non_identity_keys()) EXPECT_FALSE(k.reason.empty()) << k.key;
}

TEST(ConfigIdentity, EveryNonIdentityKeyIsDocumented) {
  std::ifstream in(std::filesystem::path(MERLAB_TESTS_DIR) / ".." / "docs" / "config.md");
  ASSERT_TRUE(in) << "docs/config.md";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto section = doc.find("## Run identity");
  ASSERT_NE(section, std::string::npos);
  for (const auto& k : non_identity_keys()) {
    const std::string cell = k.key.find('.') == std::string::npos ? "| `" + k.key + ".*` |" : "| `" + k.key + "` |";
    EXPECT_NE(doc.find(cell, section), std::string::npos) << cell;
  }
}

TEST(ConfigIdentity, FaceOptionsCountOnlyForAlignedFrames) {
  const auto raw = run_key({"model=learnet"});
  EXPECT_EQ(run_key({"model=learnet", "faces.side=128", "faces.align=frame"}), raw);  // the face stage does not run
  const auto aligned = run_key({"model=learnet", "dataset.frames=aligned"});
  EXPECT_NE(aligned, raw);
  EXPECT_NE(run_key({"model=learnet", "dataset.frames=aligned", "faces.side=128"}), aligned);
  EXPECT_NE(run_key({"model=learnet", "dataset.frames=aligned", "faces.align=frame"}), aligned);
  EXPECT_EQ(run_key({"model=learnet", "dataset.frames=aligned", "faces.cache_dir=/scratch/faces", "faces.threads=1"}),
            aligned);
}
