// The `mer` command line as a person meets it: plural kinds, --help everywhere, internal
// commands out of the main help.
#include <gtest/gtest.h>

#include "framework/common/strings.h"
#include "tests/support/test_support.h"

using namespace merlab;

TEST(CliConsistency, ListTakesPluralAndShortKinds) {
  for (const auto& [kind, expected] : std::vector<std::pair<std::string, std::string>>{
           {"models", "resnet18"}, {"model", "learnet"}, {"strategies", "dual_phase_di"},
           {"augmentations", "hflip"}, {"datasets", "casme2"}, {"temporal_strategy", "single_di"}}) {
    auto r = test::run_mer({"list", kind});
    EXPECT_EQ(r.exit_code, 0) << kind << ": " << r.err;
    EXPECT_NE(r.out.find(expected), std::string::npos) << kind << ": " << r.out;
  }
  auto bad = test::run_mer({"list", "modles"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("models"), std::string::npos) << bad.err;
}

TEST(CliConsistency, EveryCommandAnswersHelpAndInternalOnesAreHidden) {
  auto help = test::run_mer({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.find("sweep-worker"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("sweep-task"), std::string::npos) << help.out;
  for (const char* c : {"runs", "compare", "status", "report"}) EXPECT_NE(help.out.find(std::string("  ") + c), std::string::npos) << c;
  // Every command listed, each group word and the internal commands answer --help with exit 0.
  std::vector<std::vector<std::string>> commands = {{"config"}, {"models"}, {"datasets"}, {"weights"},
                                                    {"sweep-worker"}, {"sweep-task"}};
  for (const auto& line : split(help.out, '\n')) {
    if (!starts_with(line, "  ") || line.size() < 22 || line[2] == ' ') continue;
    commands.push_back(split(trim(line.substr(0, 22)), ' '));
  }
  ASSERT_GT(commands.size(), 20u);
  for (auto args : commands) {
    args.push_back("--help");
    auto r = test::run_mer(args);
    EXPECT_EQ(r.exit_code, 0) << join(args, " ") << ": " << r.err;
    EXPECT_NE(r.out.find("usage: mer"), std::string::npos) << join(args, " ") << ": " << r.out;
  }
}
