#include "datasets/synthetic.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

#include "datasets/dataset.h"
#include "datasets/table.h"
#include "framework/common/error.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;

namespace {

SynthOptions small(std::uint64_t seed = 7) {
  SynthOptions o;
  o.subjects = 3;
  o.clips_per_subject = 6;
  o.size = 48;
  o.min_frames = 10;
  o.max_frames = 16;
  o.seed = seed;
  return o;
}

std::map<std::string, std::string> all_files(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file()) out[std::filesystem::relative(e.path(), root).string()] = read_file(e.path());
  return out;
}

DatasetLoad load_synth(const std::filesystem::path& root, const std::string& extra = "") {
  YAML::Node n = YAML::Load("{name: synthetic" + extra + "}");
  n["root"] = root.string();
  return load_dataset(n);
}

cv::Mat frame(const Clip& c, long number) {
  for (const auto& f : c.frames)
    if (f.number == number) return cv::imread(f.path.string(), cv::IMREAD_GRAYSCALE);
  return {};
}

// Mean absolute difference of two frames over the upper and lower halves of the image.
std::pair<double, double> halves_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  int h = d.rows / 2;
  return {cv::mean(d.rowRange(0, h))[0], cv::mean(d.rowRange(h, d.rows))[0]};
}

}  // namespace

TEST(Synthetic, SameSeedGivesIdenticalFiles) {
  TempDir tmp;
  auto a = generate_synthetic(small(), tmp / "a");
  generate_synthetic(small(), tmp / "b");
  auto fa = all_files(tmp / "a"), fb = all_files(tmp / "b");
  EXPECT_EQ(fa.size(), a.frames + 3);  // frames + xlsx + csv + manifest
  ASSERT_EQ(fa.size(), fb.size());
  for (const auto& [name, content] : fa) {
    ASSERT_TRUE(fb.count(name)) << name;
    EXPECT_TRUE(fb[name] == content) << name << " differs between two runs with the same seed";
  }
  generate_synthetic(small(8), tmp / "c");
  auto fc = all_files(tmp / "c");
  EXPECT_NE(fa["CASME2-coding-synthetic.csv"], fc["CASME2-coding-synthetic.csv"]);
}

TEST(Synthetic, AnnotationMatchesFramesAndClassShares) {
  TempDir tmp;
  auto summary = generate_synthetic(small(), tmp / "s");
  EXPECT_EQ(summary.clips, 18u);
  auto d = load_synth(tmp / "s", ", verify_images: true");
  EXPECT_TRUE(d.problems.empty()) << d.problems.front().message;
  EXPECT_EQ(d.sheet_rows, 18u);
  int dropped = 0;
  for (const auto& [reason, n] : d.dropped_by_reason) dropped += n;
  EXPECT_EQ(d.clips.size() + static_cast<std::size_t>(dropped), 18u);
  std::map<std::string, int> per_class;
  for (const auto& c : d.clips) {
    ++per_class[c.emotion];
    ASSERT_TRUE(c.apex.has_value());
    EXPECT_LT(c.onset, *c.apex);
    EXPECT_LT(*c.apex, c.offset);
    EXPECT_GE(c.onset, c.frames.front().number);
    EXPECT_LE(c.offset, c.frames.back().number);
    EXPECT_GE(c.frames.size(), 10u);
    EXPECT_LE(c.frames.size(), 16u);
    EXPECT_FALSE(c.action_units.empty());
    EXPECT_EQ(frame(c, c.onset).cols, 48);
  }
  for (const auto& [emotion, n] : summary.clips_per_emotion) {
    if (emotion == "fear" || emotion == "sadness") continue;
    EXPECT_EQ(per_class[emotion], n) << emotion;
  }
  EXPECT_GT(per_class["others"], per_class["surprise"]);  // CASME-II-like imbalance
  EXPECT_GT(per_class["disgust"], per_class["happiness"]);

  // The CSV export holds the same sheet as the xlsx.
  Table x = read_xlsx(tmp / "s" / "CASME2-coding-synthetic.xlsx");
  Table c = read_csv(tmp / "s" / "CASME2-coding-synthetic.csv");
  ASSERT_EQ(x.rows.size(), c.rows.size());
  for (std::size_t r = 0; r < x.rows.size(); ++r)
    for (std::size_t col = 0; col < 9; ++col) EXPECT_EQ(x.cell(r, col), c.cell(r, col)) << r << "," << col;
}

TEST(Synthetic, MovementIsInTheClassRegionsAndReleaseIsNotAMirror) {
  TempDir tmp;
  SynthOptions o = small(11);
  o.noise = 0;
  o.jitter = 0;
  o.drift = 0;
  o.image_format = "png";
  generate_synthetic(o, tmp / "s");
  auto d = load_synth(tmp / "s");
  int surprise = 0, repression = 0;
  for (const auto& c : d.clips) {
    cv::Mat on = frame(c, c.onset), ap = frame(c, *c.apex), off = frame(c, c.offset);
    double moved;
    cv::Mat diff;
    cv::absdiff(on, ap, diff);
    cv::minMaxLoc(diff, nullptr, &moved);
    EXPECT_GE(moved, 8.0) << c.clip_id << " (" << c.emotion << "): apex barely differs from onset";
    auto [up, low] = halves_diff(on, ap);
    if (c.emotion == "surprise") {
      ++surprise;
      EXPECT_GT(up, 2 * low) << c.clip_id << ": brow raise should move the upper face";
      auto [u2, l2] = halves_diff(on, off);
      EXPECT_GT(u2, 0.2 * up) << c.clip_id << ": the brows should not be back at rest at the offset";
    }
    if (c.emotion == "repression") {
      ++repression;
      EXPECT_GT(low, 2 * up) << c.clip_id << ": lip press / chin raise should move the lower face";
    }
  }
  EXPECT_GT(surprise, 0);
  EXPECT_GT(repression, 0);
}

TEST(Synthetic, ZeroAmplitudeIsStaticWithoutNoise) {
  TempDir tmp;
  SynthOptions o = small(3);
  o.subjects = 1;
  o.clips_per_subject = 2;
  o.amplitude = 0;
  o.noise = 0;
  o.jitter = 0;
  o.drift = 0;
  o.image_format = "png";
  generate_synthetic(o, tmp / "s");
  auto d = load_synth(tmp / "s");
  for (const auto& c : d.clips) {
    cv::Mat diff;
    cv::absdiff(frame(c, c.onset), frame(c, *c.apex), diff);
    EXPECT_EQ(cv::countNonZero(diff), 0) << c.clip_id;
  }
}

TEST(Synthetic, LoadGeneratesMissingRootWithConfiguredOptions) {
  TempDir tmp;
  auto root = tmp / "gen";
  auto d = load_synth(root, ", generator: {subjects: 2, clips_per_subject: 3, size: 40, min_frames: 10, max_frames: 12, seed: 5}");
  EXPECT_TRUE(std::filesystem::exists(root / "synthetic.yaml"));
  EXPECT_EQ(d.sheet_rows, 6u);
  EXPECT_EQ(d.name, "synthetic");
  EXPECT_FALSE(d.has_errors());
  // A second load reuses the folder as it is.
  auto again = load_synth(root, ", generator: {subjects: 2, clips_per_subject: 3, size: 40, min_frames: 10, max_frames: 12, seed: 5}");
  EXPECT_EQ(again.clips.size(), d.clips.size());
}

TEST(Synthetic, InvalidOptions) {
  TempDir tmp;
  SynthOptions o = small();
  o.size = 8;
  EXPECT_THROW(generate_synthetic(o, tmp / "x"), ConfigError);
  EXPECT_THROW(synth_options_from_yaml(YAML::Load("{subject: 3}"), "dataset.generator"), ConfigError);
  std::filesystem::create_directories(tmp / "full");
  write_file(tmp / "full" / "keep.txt", "x");
  EXPECT_THROW(generate_synthetic(small(), tmp / "full"), RuntimeError);
}
