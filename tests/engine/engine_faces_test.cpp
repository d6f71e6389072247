// A run on aligned faces: synthetic faces inside a larger frame, found through their landmark
// sidecars, aligned into the face cache before any DI, reused by the next run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/engine/engine_support.h"

using namespace merlab::test;

namespace {

std::vector<std::string> aligned_overrides(const TempDir& dir) {
  return with(tiny_overrides(dir), {"dataset.generator.canvas_width=96", "dataset.generator.canvas_height=80",
                                    "dataset.generator.landmarks=true", "dataset.frames=aligned",
                                    "faces.landmarks=sidecar", "faces.side=48",
                                    "faces.cache_dir=" + (dir / "faces").string()});
}

std::size_t entries(const std::filesystem::path& cache) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cache)) n += e.path().filename() == "face.yaml";
  return n;
}

TEST(EngineFaces, ARunOnAlignedFacesAlignsOnceAndReusesTheCrops) {
  TempDir dir("merlab-engine-faces");
  auto r = run_mer(with({"run", "--name", "aligned"}, aligned_overrides(dir)));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("12 computed, 0 from the cache, 0 dropped"), std::string::npos) << r.err;
  const auto db = (dir / "runs" / "aligned" / "results.sqlite").string();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions"), "12");
  EXPECT_EQ(entries(dir / "faces"), 12u);

  // Another model on the same data: the crops come from the cache, and its DIs are computed
  // from the aligned files, not from the raw frames.
  auto again = run_mer(with({"run", "--name", "again", "model=linear_probe"}, aligned_overrides(dir)));
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.err.find("0 computed, 12 from the cache"), std::string::npos) << again.err;
  EXPECT_EQ(entries(dir / "faces"), 12u);
}

TEST(EngineFaces, FaceErrorsStopTheRunBeforeTraining) {
  TempDir dir("merlab-engine-faces-error");
  // Without a sidecar (the generator did not write one) every clip's landmarks are unreadable.
  auto overrides = aligned_overrides(dir);
  overrides.erase(std::remove(overrides.begin(), overrides.end(), "dataset.generator.landmarks=true"), overrides.end());
  auto r = run_mer(with({"run", "--name", "broken"}, overrides));
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("landmarks.csv"), std::string::npos) << r.out << r.err;
}

}  // namespace
