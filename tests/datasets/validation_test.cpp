// Every validation problem type, with its severity, clip and message.
#include <gtest/gtest.h>

#include <algorithm>

#include "datasets/dataset.h"
#include "tests/datasets/fixtures.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;

namespace {

// One good clip (sub01/EP01_01, frames 1..20) plus whatever the test adds.
struct Tree {
  TempDir tmp;
  Rows rows = casme2_sheet({{"1", "sub01", "EP01_01", 1, 20, "1", "10", "20", "happiness", "12"}});
  Tree() { write_frames(frames("sub01", "EP01_01"), 1, 20, jpg); }
  static std::string jpg(long n) { return "img" + std::to_string(n) + ".jpg"; }
  std::filesystem::path frames(const std::string& sub, const std::string& clip) const {
    return tmp.path() / "CASME2_RAW_selected" / sub / clip;
  }
  void row(const std::string& subject, const std::string& clip, const std::string& on, const std::string& apex,
           const std::string& off, const std::string& emotion = "disgust") {
    rows.push_back({subject, clip, "", on, apex, off, "", "4", emotion});
  }
  DatasetLoad load(bool verify_images = false) {
    write_xlsx(tmp / "CASME2-coding-20140508.xlsx", rows);
    YAML::Node n;
    n["name"] = "casme2";
    n["root"] = tmp.path().string();
    n["verify_images"] = verify_images;
    return load_dataset(n);
  }
};

std::vector<Problem> of_kind(const DatasetLoad& d, const std::string& kind) {
  std::vector<Problem> out;
  std::copy_if(d.problems.begin(), d.problems.end(), std::back_inserter(out), [&](auto& p) { return p.kind == kind; });
  return out;
}

bool has_clip(const DatasetLoad& d, const std::string& id) {
  return std::any_of(d.clips.begin(), d.clips.end(), [&](auto& c) { return c.clip_id == id; });
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

}  // namespace

TEST(DatasetValidation, CleanTreeHasNoProblems) {
  Tree t;
  auto d = t.load(true);
  EXPECT_TRUE(d.problems.empty());
  EXPECT_EQ(d.clips.size(), 1u);
}

TEST(DatasetValidation, MissingFolder) {
  Tree t;
  t.row("2", "EP05_02", "1", "3", "9");
  auto d = t.load();
  auto p = of_kind(d, "missing_folder");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].is_error());
  EXPECT_EQ(p[0].clip_id, "sub02/EP05_02");
  EXPECT_CONTAINS(p[0].message, "sheet row 3");
  EXPECT_CONTAINS(p[0].message, "sub02/EP05_02 not found");
  EXPECT_EQ(d.dropped_by_reason["missing folder"], 1);
  EXPECT_FALSE(has_clip(d, "sub02/EP05_02"));
}

TEST(DatasetValidation, MissingFramesEmptyFolderAndDuplicateNumbers) {
  Tree t;
  std::filesystem::create_directories(t.frames("sub01", "EP02_01"));
  t.row("1", "EP02_01", "1", "2", "3");
  write_frames(t.frames("sub01", "EP03_01"), 1, 6, Tree::jpg);
  write_frames(t.frames("sub01", "EP03_01"), 5, 5, [](long) { return std::string("img05.jpg"); });
  t.row("1", "EP03_01", "1", "2", "6");
  auto d = t.load();
  auto p = of_kind(d, "missing_frames");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_CONTAINS(p[0].message, "holds no frame images");
  EXPECT_CONTAINS(p[1].message, "two frame files have frame number 5");
  EXPECT_EQ(d.dropped_by_reason["missing frames"], 2);
}

TEST(DatasetValidation, FrameGapsInsideAreErrorsOutsideWarnings) {
  Tree t;
  auto dir = t.frames("sub01", "EP04_01");
  write_frames(dir, 1, 30, Tree::jpg);
  for (long n : {3L, 4L, 12L, 13L, 14L, 28L}) std::filesystem::remove(dir / Tree::jpg(n));
  t.row("1", "EP04_01", "5", "8", "20");
  auto d = t.load();
  auto p = of_kind(d, "frame_gap");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(p[0].is_error());
  EXPECT_CONTAINS(p[0].message, "frames 12-14 missing inside onset..offset");
  EXPECT_FALSE(p[1].is_error());
  EXPECT_CONTAINS(p[1].message, "frames 3-4, 28 missing outside onset..offset");
  EXPECT_TRUE(has_clip(d, "sub01/EP04_01"));  // reported, not dropped: the frames present are usable
}

TEST(DatasetValidation, PhaseOrder) {
  Tree t;
  write_frames(t.frames("sub01", "EP05_01"), 1, 20, Tree::jpg);
  write_frames(t.frames("sub01", "EP06_01"), 1, 20, Tree::jpg);
  t.row("1", "EP05_01", "15", "12", "10");
  t.row("1", "EP06_01", "5", "18", "10");
  auto d = t.load();
  auto p = of_kind(d, "phase_order");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "onset 15 is after offset 10");
  EXPECT_EQ(d.dropped_by_reason["phase order"], 1);
  // An apex outside onset..offset is a warning and the clip is kept for di.apex_outside.
  auto a = of_kind(d, "apex_outside");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_FALSE(a[0].is_error());
  EXPECT_CONTAINS(a[0].message, "apex 18 is outside onset..offset 5..10");
  EXPECT_TRUE(has_clip(d, "sub01/EP06_01"));
}

TEST(DatasetValidation, PhaseOutsideFrames) {
  Tree t;
  write_frames(t.frames("sub01", "EP07_01"), 10, 20, Tree::jpg);
  t.row("1", "EP07_01", "10", "15", "25");
  auto d = t.load();
  auto p = of_kind(d, "phase_outside");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "offset 25 outside the frames present (10..20)");
  EXPECT_EQ(d.dropped_by_reason["outside frames"], 1);
}

TEST(DatasetValidation, MissingApexVariants) {
  Tree t;
  write_frames(t.frames("sub01", "EP08_01"), 1, 9, Tree::jpg);
  write_frames(t.frames("sub01", "EP09_01"), 1, 9, Tree::jpg);
  t.row("1", "EP08_01", "1", "", "9");
  t.row("1", "EP09_01", "1", "-1", "9");
  auto d = t.load();
  auto p = of_kind(d, "missing_apex");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_FALSE(p[0].is_error());
  EXPECT_CONTAINS(p[1].message, "'-1'");
  EXPECT_TRUE(has_clip(d, "sub01/EP08_01"));
  EXPECT_FALSE(d.has_errors());
}

TEST(DatasetValidation, UnreadableImages) {
  Tree t;
  auto dir = t.frames("sub01", "EP10_01");
  write_frames(dir, 1, 9, Tree::jpg);
  write_file(dir / "img4.jpg", "");  // empty: found without decoding
  t.row("1", "EP10_01", "1", "5", "9");
  auto d = t.load();
  auto p = of_kind(d, "unreadable_image");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "1 unreadable frame file(s): img4.jpg");
  // Cut short (an interrupted copy): libjpeg would decode it with grey rows; the missing
  // end-of-image marker finds it without decoding.
  std::vector<uchar> bytes;
  cv::imencode(".jpg", cv::Mat(32, 32, CV_8UC3, cv::Scalar(10, 200, 30)), bytes);
  write_file(dir / "img4.jpg", std::string(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 2)));
  auto quick = t.load(false);
  ASSERT_EQ(of_kind(quick, "unreadable_image").size(), 1u);
  EXPECT_CONTAINS(of_kind(quick, "unreadable_image")[0].message, "img4.jpg (truncated JPEG (no end-of-image marker))");
  EXPECT_FALSE(has_clip(quick, "sub01/EP10_01"));
  // Garbage that happens to end like a JPEG: only decoding finds this one.
  write_file(dir / "img4.jpg", std::string("garbage that is not a JPEG\xFF\xD9"));
  EXPECT_TRUE(of_kind(t.load(false), "unreadable_image").empty());
  auto decoded = t.load(true);
  ASSERT_EQ(of_kind(decoded, "unreadable_image").size(), 1u);
  EXPECT_EQ(decoded.dropped_by_reason["unreadable image"], 1);
}

TEST(DatasetValidation, FrameOfAnotherSize) {
  Tree t;
  auto dir = t.frames("sub01", "EP12_01");
  write_frames(dir, 1, 9, Tree::jpg);
  cv::imwrite((dir / "img6.jpg").string(), cv::Mat(16, 12, CV_8UC3, cv::Scalar::all(90)));
  t.row("1", "EP12_01", "1", "5", "9");
  auto d = t.load(true);
  auto p = of_kind(d, "frame_size");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].severity, Problem::Severity::error);
  EXPECT_CONTAINS(p[0].message, "img6.jpg is 12x16, img1.jpg 8x8");
  EXPECT_FALSE(has_clip(d, "sub01/EP12_01"));
  EXPECT_TRUE(d.has_errors());
}

TEST(DatasetValidation, HeaderOnlySheetIsAnError) {
  Tree t;
  t.rows.resize(1);  // the header row only
  auto d = t.load();
  EXPECT_TRUE(d.clips.empty());
  auto p = of_kind(d, "no_clips");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "no usable clip: the sheet has 0 data row(s)");
  EXPECT_TRUE(d.has_errors());
}

TEST(DatasetValidation, UnknownLabel) {
  Tree t;
  write_frames(t.frames("sub01", "EP11_01"), 1, 9, Tree::jpg);
  t.row("1", "EP11_01", "1", "5", "9", "happyness");
  auto d = t.load();
  auto p = of_kind(d, "unknown_label");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "unknown emotion 'happyness'");
  EXPECT_CONTAINS(p[0].message, "happiness, disgust");
  EXPECT_EQ(d.dropped_by_reason["unknown label"], 1);
}

TEST(DatasetValidation, DuplicateClipId) {
  Tree t;
  t.row("1", "EP01_01", "1", "5", "9");
  auto d = t.load();
  auto p = of_kind(d, "duplicate_clip");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_CONTAINS(p[0].message, "sub01/EP01_01 appears on sheet rows 2 and 3; row 3 ignored");
  ASSERT_EQ(d.clips.size(), 1u);
  EXPECT_EQ(d.clips[0].onset, 1);  // the first row wins
  EXPECT_EQ(d.clips[0].offset, 20);
}

TEST(DatasetValidation, BadRows) {
  Tree t;
  t.row("1", "", "1", "5", "9");
  write_frames(t.frames("sub01", "EP12_01"), 1, 9, Tree::jpg);
  t.row("1", "EP12_01", "abc", "5", "9");
  auto d = t.load();
  auto p = of_kind(d, "bad_row");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_CONTAINS(p[0].message, "sheet row 3: empty file name cell");
  EXPECT_CONTAINS(p[1].message, "onset frame 'abc' is not a frame number");
  EXPECT_EQ(d.dropped_by_reason["bad row"], 2);
}

TEST(DatasetValidation, MissingFramesFolderIsReportedOnce) {
  Tree t;
  std::filesystem::rename(t.tmp / "CASME2_RAW_selected", t.tmp / "elsewhere");
  auto d = t.load();
  auto p = of_kind(d, "missing_folder");
  ASSERT_EQ(p.size(), 2u);  // the frames root, then the clip
  EXPECT_EQ(p[0].clip_id, "");
  EXPECT_CONTAINS(p[0].message, "set dataset.raw_dir");
}
