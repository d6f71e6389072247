#include "framework/di/di_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "framework/di/dynamic_image.h"
#include "tests/di/di_test_util.h"
#include "tests/support/test_support.h"

using namespace merlab;
namespace fs = std::filesystem;

namespace {

std::size_t count_files(const fs::path& dir) {
  std::size_t n = 0;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

struct DiCacheTest : ::testing::Test {
  test::TempDir tmp;
  Clip clip = [&] {
    Clip c = test::write_clip(tmp / "frames", 1, 9);
    c.apex = 4;
    return c;
  }();
  DiOptions o;
};

}  // namespace

TEST_F(DiCacheTest, DiCacheMissThenHitAcrossInstances) {
  DiCache cache(tmp / "cache");
  cv::Mat a = cache.get(clip, Phase::onset_apex, o, cv::Size(6, 4));
  EXPECT_EQ(cache.misses(), 1);
  EXPECT_EQ(cache.hits(), 0);
  ASSERT_EQ(a.type(), CV_8UC3);
  EXPECT_EQ(a.size(), cv::Size(6, 4));
  auto frames = resolve_phase(clip, Phase::onset_apex, o).frames;
  EXPECT_TRUE(same(a, compute_uint8_di(frames, o, cv::Size(6, 4))));
  EXPECT_TRUE(fs::exists(cache.entry_path(cache.key(frames, o, cv::Size(6, 4)))));

  cv::Mat b = cache.get(clip, Phase::onset_apex, o, cv::Size(6, 4));
  EXPECT_EQ(cache.hits(), 1);
  EXPECT_TRUE(same(a, b));
  DiCache other(tmp / "cache");  // another run or process sharing the directory
  EXPECT_TRUE(same(a, other.get(clip, Phase::onset_apex, o, cv::Size(6, 4))));
  EXPECT_EQ(other.hits(), 1);
  EXPECT_EQ(other.misses(), 0);
  EXPECT_EQ(count_files(tmp / "cache"), 1u);  // no temporary files left behind
}

TEST_F(DiCacheTest, DiCacheKeyChangesWithOptionsSizeAndFrames) {
  DiCache cache(tmp / "cache");
  cache.get(clip, Phase::full, o, cv::Size());
  DiOptions learnet = o;
  learnet.method = DiMethod::learnet_compat;
  cache.get(clip, Phase::full, learnet, cv::Size());
  DiOptions trunc = o;
  trunc.rounding = Uint8Rounding::truncate;
  cache.get(clip, Phase::full, trunc, cv::Size());
  cache.get(clip, Phase::full, o, cv::Size(5, 5));
  EXPECT_EQ(cache.misses(), 4);
  EXPECT_EQ(cache.hits(), 0);
  // Policies alone do not change the pixels: same frames, same entry.
  DiOptions policy = o;
  policy.short_phase = ShortPhasePolicy::skip;
  cache.get(clip, Phase::full, policy, cv::Size());
  EXPECT_EQ(cache.hits(), 1);
  // Replacing a frame file (new content, new mtime) invalidates the entry.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  cv::imwrite((tmp / "frames" / "img5.png").string(), test::pattern_frame(50));
  cv::Mat fresh = cache.get(clip, Phase::full, o, cv::Size());
  EXPECT_EQ(cache.misses(), 5);
  auto frames = resolve_phase(clip, Phase::full, o).frames;
  EXPECT_TRUE(same(fresh, compute_uint8_di(frames, o, cv::Size())));
}

TEST_F(DiCacheTest, DiCacheSkippedPhaseIsEmptyAndCorruptEntryIsRecomputed) {
  DiCache cache(tmp / "cache");
  clip.apex.reset();
  o.missing_apex = MissingApexPolicy::skip_clip;
  EXPECT_TRUE(cache.get(clip, Phase::onset_apex, o, cv::Size()).empty());
  o.missing_apex = MissingApexPolicy::use_full;
  clip.apex = 4;
  cv::Mat a = cache.get(clip, Phase::apex_offset, o, cv::Size());
  auto path = cache.entry_path(cache.key(resolve_phase(clip, Phase::apex_offset, o).frames, o, cv::Size()));
  test::write_file(path, "truncated");
  EXPECT_TRUE(same(a, cache.get(clip, Phase::apex_offset, o, cv::Size())));
  EXPECT_EQ(cache.misses(), 2);
}

TEST_F(DiCacheTest, DiCacheConcurrentThreadsAgree) {
  DiCache cache(tmp / "cache");
  std::vector<cv::Mat> got(6);
  std::vector<std::thread> pool;
  for (int i = 0; i < 6; ++i)
    pool.emplace_back([&, i] { got[i] = cache.get(clip, i % 2 ? Phase::onset_apex : Phase::apex_offset, o, cv::Size()); });
  for (auto& t : pool) t.join();
  for (int i = 2; i < 6; ++i) EXPECT_TRUE(same(got[i], got[i % 2]));
  EXPECT_EQ(cache.hits() + cache.misses(), 6);
  EXPECT_EQ(count_files(tmp / "cache"), 2u);
}

TEST_F(DiCacheTest, EntryWhoseHeaderIsBeyondTheLimitIsRecomputed) {
  DiCache cache(tmp / "cache");
  cv::Mat a = cache.get(clip, Phase::onset_apex, o, cv::Size(6, 4));
  auto frames = resolve_phase(clip, Phase::onset_apex, o).frames;
  const auto entry = cache.entry_path(cache.key(frames, o, cv::Size(6, 4)));
  test::write_png_header(entry, 100000, 100000);  // replaced by something that is not ours
  cv::Mat b = cache.get(clip, Phase::onset_apex, o, cv::Size(6, 4));
  EXPECT_EQ(cache.hits(), 0);
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_TRUE(same(a, b));
  EXPECT_TRUE(same(a, cv::imread(entry.string(), cv::IMREAD_UNCHANGED)));  // rewritten
}
