#include "framework/slurm/task_list.h"

#include <gtest/gtest.h>

#include "framework/common/error.h"
#include "framework/slurm/layout.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::slurm;

TEST(SlurmTasks, RoundTripThroughTheFile) {
  merlab::test::TempDir tmp("merlab-slurm");
  std::vector<SlurmTask> tasks{{0, "aaaa", {}}, {1, "bbbb", {0, 3}}, {2, "bbbb", {7}}};
  write_tasks(tasks_path(tmp.path(), 1), tasks);
  EXPECT_EQ(merlab::test::read_file(tmp / "slurm/tasks-1.tsv"), "# task\trun_id\tfolds\n0\taaaa\t*\n1\tbbbb\t0,3\n2\tbbbb\t7\n");
  auto back = read_tasks(tasks_path(tmp.path(), 1));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[1].run_id, "bbbb");
  EXPECT_EQ(back[1].folds, (std::vector<int>{0, 3}));
  EXPECT_TRUE(back[0].folds.empty());
  EXPECT_EQ(find_task(back, 2, "f").folds, std::vector<int>{7});
  EXPECT_THROW(find_task(back, 3, "f"), RuntimeError);
  EXPECT_EQ(next_submission(tmp.path()), 0);
}

TEST(SlurmTasks, MalformedLinesNameFileAndLine) {
  auto error_of = [](const std::string& text) {
    try {
      parse_tasks(text, "tasks.tsv");
    } catch (const RuntimeError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("0\tabc\n").find("tasks.tsv:1"), std::string::npos);
  EXPECT_NE(error_of("# c\n0\tabc\t*\n2\tabc\t*\n").find("tasks.tsv:3"), std::string::npos);
  EXPECT_NE(error_of("0\tabc\t1,x\n").find("fold 'x'"), std::string::npos);
}

TEST(SlurmLayout, ShardsListedInNumericOrder) {
  merlab::test::TempDir tmp("merlab-slurm");
  for (auto [k, t] : std::vector<std::pair<int, int>>{{1, 0}, {0, 10}, {0, 9}, {0, 0}}) {
    merlab::test::write_file(shard_path(tmp.path(), k, t), "");
  }
  merlab::test::write_file(shards_dir(tmp.path()) / "notes.txt", "");
  std::vector<std::string> names;
  for (const auto& p : list_shards(tmp.path())) names.push_back(p.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"task-0-0.sqlite", "task-0-9.sqlite", "task-0-10.sqlite", "task-1-0.sqlite"}));
  merlab::test::write_file(tasks_path(tmp.path(), 0), "");
  merlab::test::write_file(tasks_path(tmp.path(), 1), "");
  EXPECT_EQ(next_submission(tmp.path()), 2);
}
