// The corpus of malformed and hostile inputs (tests/cli/fixtures/hostile_inputs.yaml): each
// case must end with its exit status and a message naming the culprit, within a time bound.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "framework/storage/results_db.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::test;
namespace fs = std::filesystem;

namespace {

fs::path corpus_file() { return fs::path(MERLAB_TESTS_DIR) / "cli" / "fixtures" / "hostile_inputs.yaml"; }

std::string expand(std::string s, const fs::path& dir) {
  for (std::size_t at; (at = s.find("{dir}")) != std::string::npos;) s.replace(at, 5, dir.string());
  return s;
}

void copy_config_tree(const fs::path& to) {
  fs::copy(source_dir() / "experiments" / "conf", to, fs::copy_options::recursive);
}

struct Outcome {
  int exit_code;
  std::string output;
};

Outcome run_case(const YAML::Node& c, const fs::path& dir) {
  std::string env = "timeout 120 env MERLAB_RUNS=" + shell_quote((dir / "runs").string()) +
                    " MERLAB_CACHE=" + shell_quote((dir / "cache").string());
  if (c["conf"] && c["conf"].as<bool>()) {
    copy_config_tree(dir / "conf");
    env += " MERLAB_CONFIG_ROOT=" + shell_quote((dir / "conf").string());
  }
  for (const auto& f : c["files"]) {
    const fs::path p = dir / f.first.as<std::string>();
    fs::create_directories(p.parent_path());
    write_file(p, f.second.as<std::string>());
  }
  if (c["database"]) {
    const fs::path p = dir / c["database"].as<std::string>();
    storage::ResultsDb::open(p);  // a complete, current database
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE);
    if (c["sql"]) db.exec(c["sql"].as<std::string>());
  }
  if (c["sqlite"]) {
    const fs::path p = dir / c["sqlite"].as<std::string>();
    fs::create_directories(p.parent_path());
    SQLite::Database db(p.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (c["sql"]) db.exec(c["sql"].as<std::string>());
  }
  std::vector<std::string> args;
  for (const auto& a : c["args"]) args.push_back(expand(a.as<std::string>(), dir));
  auto r = run_mer(args, env);
  return {r.exit_code, r.out + r.err};
}

}  // namespace

TEST(HostileInputs, EveryCaseGivesItsExitStatusAndNamesTheCulprit) {
  const YAML::Node corpus = YAML::LoadFile(corpus_file().string());
  ASSERT_TRUE(corpus["cases"].IsSequence());
  int cases = 0;
  for (const auto& c : corpus["cases"]) {
    const std::string id = c["id"].as<std::string>();
    SCOPED_TRACE(id);
    TempDir dir("merlab-hostile");
    const Outcome got = run_case(c, dir.path());
    ++cases;
    ASSERT_NE(got.exit_code, 124) << id << ": no answer within 120 s\n" << got.output;
    EXPECT_EQ(got.exit_code, c["exit"].as<int>()) << id << "\n" << got.output;
    for (const auto& phrase : c["message"]) {
      EXPECT_NE(got.output.find(expand(phrase.as<std::string>(), dir.path())), std::string::npos)
          << id << ": expected '" << phrase.as<std::string>() << "' in\n" << got.output;
    }
    // No case may leave a database with a RUNNING fold behind.
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      if (entry.path().filename() != "results.sqlite" || c["database"] || c["sqlite"] || c["files"]) continue;
      SQLite::Database db(entry.path().string(), SQLite::OPEN_READONLY);
      EXPECT_EQ(db.execAndGet("SELECT count(*) FROM folds WHERE status='RUNNING'").getInt(), 0) << entry.path();
    }
  }
  EXPECT_EQ(cases, 36);  // every case of the file was run
}
