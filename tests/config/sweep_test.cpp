#include "framework/config/sweep.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/config/sweep_plan.h"

using namespace merlab;
using namespace merlab::config;

namespace {
std::filesystem::path fixture() { return std::filesystem::path(MERLAB_TESTS_DIR) / "config" / "fixtures" / "conf"; }
using Points = std::vector<std::vector<std::string>>;
}  // namespace

TEST(SweepExpand, CartesianFirstAxisSlowest) {
  auto spec = parse_sweep_overrides({"seed=1", "model=small,large", "train.lr=0.1,0.01"}, fixture());
  EXPECT_EQ(spec.fixed, std::vector<std::string>{"seed=1"});
  auto pts = expand(spec);
  EXPECT_EQ(pts, (Points{{"seed=1", "model=small", "train.lr=0.1"},
                         {"seed=1", "model=small", "train.lr=0.01"},
                         {"seed=1", "model=large", "train.lr=0.1"},
                         {"seed=1", "model=large", "train.lr=0.01"}}));
}

TEST(SweepExpand, RangeIntegersAndFloats) {
  auto pts = expand(parse_sweep_overrides({"seed=range(0,3)"}, fixture()));
  EXPECT_EQ(pts, (Points{{"seed=0"}, {"seed=1"}, {"seed=2"}}));
  pts = expand(parse_sweep_overrides({"x=range(0.5,1.0,0.25)"}, fixture()));
  EXPECT_EQ(pts, (Points{{"x=0.5"}, {"x=0.75"}}));
  pts = expand(parse_sweep_overrides({"x=range(3)"}, fixture()));
  EXPECT_EQ(pts.size(), 3u);
  EXPECT_THROW(parse_sweep_overrides({"x=range(0,3,0)"}, fixture()), ConfigError);
}

TEST(SweepExpand, GlobOverGroupOptions) {
  auto pts = expand(parse_sweep_overrides({"model=glob(lar*)"}, fixture()));
  EXPECT_EQ(pts, (Points{{"model=large"}, {"model=larger"}}));
  EXPECT_THROW(parse_sweep_overrides({"model=glob(zzz*)"}, fixture()), ConfigError);
}

TEST(SweepExpand, ZipPairsInsteadOfProduct) {
  auto pts = expand(parse_sweep_overrides({"zip(model=small,large;train.lr=0.1,0.01)", "seed=0,1"}, fixture()));
  EXPECT_EQ(pts, (Points{{"model=small", "train.lr=0.1", "seed=0"},
                         {"model=small", "train.lr=0.1", "seed=1"},
                         {"model=large", "train.lr=0.01", "seed=0"},
                         {"model=large", "train.lr=0.01", "seed=1"}}));
  EXPECT_THROW(parse_sweep_overrides({"zip(a=1,2;b=x)"}, fixture()), ConfigError);
}

TEST(SweepExpand, ListValuesAreNotSweeps) {
  EXPECT_FALSE(is_sweep_override("train.optimizer.betas=[0.9,0.99]"));
  EXPECT_TRUE(is_sweep_override("train.optimizer.betas=[0.9,0.99],[0.8,0.9]"));
  auto pts = expand(parse_sweep_overrides({"a=[1,2],[3]"}, fixture()));
  EXPECT_EQ(pts, (Points{{"a=[1,2]"}, {"a=[3]"}}));
}

TEST(SweepPlan, YamlBlockGridAndZip) {
  auto plan = plan_sweep({"experiment=study"}, {}, fixture());
  // grid: model (2) x seed (2) x zip(train.lr, train.epochs) (2) = 8 points
  ASSERT_EQ(plan.points.size(), 8u);
  const auto& first = plan.points.front();
  EXPECT_EQ(first.composed.node["model"]["name"].as<std::string>(), "small");
  EXPECT_EQ(first.composed.node["seed"].as<int>(), 0);
  EXPECT_DOUBLE_EQ(first.composed.node["train"]["lr"].as<double>(), 0.1);
  EXPECT_EQ(first.composed.node["train"]["epochs"].as<int>(), 1);
  const auto& last = plan.points.back();
  EXPECT_EQ(last.composed.node["model"]["name"].as<std::string>(), "large");
  EXPECT_DOUBLE_EQ(last.composed.node["train"]["lr"].as<double>(), 0.01);
  EXPECT_EQ(last.composed.node["train"]["epochs"].as<int>(), 2);
}

TEST(SweepPlan, CommandLineAxisReplacesBlockAxis) {
  auto plan = plan_sweep({"experiment=study"}, {"model=larger"}, fixture());
  EXPECT_EQ(plan.points.size(), 4u);  // seed (2) x zip (2); model fixed by -m
  for (const auto& p : plan.points) EXPECT_EQ(p.composed.node["model"]["name"].as<std::string>(), "larger");
}

TEST(SweepPlan, HashesAreDistinctAndStable) {
  auto a = plan_sweep({}, {"model=small,large", "seed=0,1"}, fixture());
  auto b = plan_sweep({}, {"model=small,large", "seed=0,1"}, fixture());
  ASSERT_EQ(a.points.size(), 4u);
  for (std::size_t i = 0; i < a.points.size(); ++i) EXPECT_EQ(a.points[i].hash, b.points[i].hash);
  EXPECT_NE(a.points[0].hash, a.points[1].hash);
}

TEST(SweepPlan, DuplicatePointsAreAnError) {
  EXPECT_THROW(plan_sweep({}, {"seed=1,1"}, fixture()), ConfigError);
}
