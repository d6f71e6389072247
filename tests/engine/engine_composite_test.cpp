// A composite of three synthetic parts (CASME-II, SAMM and SMIC layouts) end to end: LOSO over
// the part-qualified subjects, leave-one-dataset-out, and the report's per-part table.
#include <gtest/gtest.h>

#include "tests/engine/engine_support.h"

using namespace merlab::test;

namespace {

std::string part(const TempDir& dir, const std::string& layout, int seed, int size) {
  return "{name: synthetic, part: " + layout + ", root: '" + (dir / layout).string() + "', generator: {layout: " + layout +
         ", seed: " + std::to_string(seed) + ", subjects: 2, clips_per_subject: 6, size: " + std::to_string(size) +
         ", min_frames: 8, max_frames: 12}}";
}

std::vector<std::string> composite_overrides(const TempDir& dir) {
  return {"dataset=composite",
          "dataset.parts=[" + part(dir, "casme2", 31, 40) + ", " + part(dir, "samm", 32, 48) + ", " +
              part(dir, "smic", 33, 32) + "]",
          "model=linear_probe", "model.input_size=32", "train=fast", "train.epochs=1", "runtime.threads=1",
          "output.root=" + (dir / "runs").string(), "di.cache_dir=" + (dir / "cache").string()};
}

}  // namespace

TEST(EngineComposite, LosoAndLodoOverThreeSyntheticParts) {
  TempDir dir;
  auto loso = run_mer(with({"run", "--name", "loso", "--quiet"}, composite_overrides(dir)));
  ASSERT_EQ(loso.exit_code, 0) << loso.out << loso.err;
  const std::string db = (dir / "runs" / "loso" / "results.sqlite").string();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "6");  // 3 parts x 2 subjects
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM predictions WHERE subject NOT LIKE '%/%'"), "0");
  EXPECT_EQ(scalar(db, "SELECT COUNT(DISTINCT substr(subject, 1, instr(subject, '/') - 1)) FROM predictions"), "3");
  EXPECT_EQ(scalar(db, "SELECT subjects FROM folds WHERE fold = 0"), "casme2/sub01");

  auto lodo = run_mer(with({"run", "--name", "lodo", "--quiet", "protocol.name=lodo"}, composite_overrides(dir)));
  ASSERT_EQ(lodo.exit_code, 0) << lodo.out << lodo.err;
  const std::string db2 = (dir / "runs" / "lodo" / "results.sqlite").string();
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM folds WHERE status='DONE'"), "3");  // one per part
  // Fold 1 holds out samm: every one of its predictions is a samm clip, and all samm clips are there.
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM predictions WHERE fold = 1 AND subject NOT LIKE 'samm/%'"), "0");
  EXPECT_EQ(scalar(db2, "SELECT COUNT(*) FROM predictions WHERE fold = 1"),
            scalar(db, "SELECT COUNT(*) FROM predictions WHERE subject LIKE 'samm/%'"));
  // Trained on the other two parts only: the fold's training set excludes every samm clip.
  EXPECT_EQ(scalar(db2, "SELECT n_train FROM folds WHERE fold = 1"),
            scalar(db, "SELECT COUNT(*) FROM predictions WHERE subject NOT LIKE 'samm/%'"));

  auto rep = run_mer({"report", (dir / "runs" / "lodo").string(), "--no-figures", "--bootstrap", "20"});
  ASSERT_EQ(rep.exit_code, 0) << rep.out << rep.err;
  const std::string md = read_file(dir / "runs" / "lodo" / "report" / "tables" / "composite_parts.md");
  EXPECT_NE(md.find("| casme2 UF1 | casme2 UAR | samm UF1 | samm UAR | smic UF1 | smic UAR |"), std::string::npos) << md;
}
