#include "framework/slurm/script.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "framework/common/error.h"
#include "framework/slurm/options.h"
#include "framework/slurm/process.h"
#include "tests/support/test_support.h"

using namespace merlab;
using namespace merlab::slurm;
using merlab::test::TempDir;

namespace {

SlurmOptions full_options() {
  return SlurmOptions::from_config(YAML::Load(R"(
name: slurm
partition: gpu-a100
time: "02:30:00"
cpus_per_task: 4
mem: 16G
gpus: 1
array_parallelism: 3
granularity: fold
setup:
  - module load cuda/11.7
  - export LABEL="two words"
  - source '/opt/my env/bin/activate' || true
extra: ["--account=mylab", "--qos=short", "--constraint=a100|h100"]
merge_time: "10"
)"));
}

ScriptContext context(const std::filesystem::path& sweep_dir = "/scratch/runs/demo") {
  ScriptContext c;
  c.sweep_name = "demo";
  c.sweep_dir = sweep_dir;
  c.workdir = "/home/me/project";
  c.mer = "/opt/merlab/bin/mer";
  c.submission = 2;
  c.n_tasks = 8;
  return c;
}

bool contains_line(const std::string& text, const std::string& line) {
  return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST(SlurmScript, ArraySpecWithAndWithoutParallelism) {
  EXPECT_EQ(array_spec(4, 0), "0-3");
  EXPECT_EQ(array_spec(4, 2), "0-3%2");
  EXPECT_EQ(array_spec(1, 5), "0-0%5");
  EXPECT_THROW(array_spec(0, 0), RuntimeError);
}

TEST(SlurmScript, EveryOptionAppearsAsDirective) {
  const auto o = full_options();
  EXPECT_EQ(o.granularity, Granularity::fold);
  const std::string s = array_script(o, context());
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  for (const char* line : {"#SBATCH --job-name=mer-demo", "#SBATCH --output=/scratch/runs/demo/slurm/logs/%A_%a.out",
                           "#SBATCH --chdir=/home/me/project", "#SBATCH --partition=gpu-a100", "#SBATCH --time=02:30:00",
                           "#SBATCH --cpus-per-task=4", "#SBATCH --mem=16G", "#SBATCH --gpus=1", "#SBATCH --account=mylab",
                           "#SBATCH --qos=short", "#SBATCH --constraint=a100|h100",
                           "export MERLAB_THREADS=\"${SLURM_CPUS_PER_TASK:-4}\"",
                           "exec '/opt/merlab/bin/mer' sweep-task '/scratch/runs/demo' --submission 2 --task "
                           "\"$SLURM_ARRAY_TASK_ID\""}) {
    EXPECT_TRUE(contains_line(s, line)) << "missing line: " << line << "\n" << s;
  }
  // The array range is given on the command line, with the parallelism limit.
  auto args = array_submit_args(o, 8, "/x/array-2.sbatch");
  EXPECT_EQ(args, (std::vector<std::string>{"--parsable", "--array=0-7%3", "/x/array-2.sbatch"}));
  EXPECT_NE(s.find("--array=0-7%3"), std::string::npos);  // documented in the header comment
  // Directives must all come before the first command, or sbatch ignores them.
  const auto last_directive = s.rfind("#SBATCH");
  EXPECT_LT(last_directive, s.find("module load cuda/11.7"));
}

TEST(SlurmScript, UnsetOptionsAreLeftToTheCluster) {
  const auto o = SlurmOptions::from_config(YAML::Load("name: slurm\npartition: null\nmem: null\ngpus: 0\ntime: ''\n"));
  const std::string s = array_script(o, context());
  for (const char* flag : {"--partition", "--mem", "--gpus", "--time"}) {
    EXPECT_EQ(s.find(flag), std::string::npos) << flag;
  }
  EXPECT_TRUE(contains_line(s, "#SBATCH --cpus-per-task=2"));
  EXPECT_EQ(array_submit_args(o, 4, "a.sbatch")[1], "--array=0-3");
}

TEST(SlurmScript, MergeJobDependsOnTheArrayAndRunsMerge) {
  const auto o = full_options();
  const std::string s = merge_script(o, context());
  EXPECT_TRUE(contains_line(s, "#SBATCH --job-name=mer-demo-merge"));
  EXPECT_TRUE(contains_line(s, "#SBATCH --time=10"));
  EXPECT_TRUE(contains_line(s, "#SBATCH --cpus-per-task=1"));
  EXPECT_TRUE(contains_line(s, "#SBATCH --account=mylab"));
  EXPECT_EQ(s.find("--gpus"), std::string::npos);  // merging needs no GPU
  EXPECT_TRUE(contains_line(s, "exec '/opt/merlab/bin/mer' merge '/scratch/runs/demo'"));
  EXPECT_EQ(merge_submit_args("4711", "/x/m.sbatch"),
            (std::vector<std::string>{"--parsable", "--dependency=afterany:4711", "/x/m.sbatch"}));
}

TEST(SlurmScript, SetupLinesVerbatimAndPathsQuoted) {
  TempDir tmp("merlab-slurm");
  // A sweep folder with a space and a single quote in its name.
  const auto sweep = tmp.path() / "it's a sweep";
  auto o = full_options();
  o.setup = {"echo \"setup $((1 + 1))\" > " + merlab::test::shell_quote((tmp / "setup.txt").string()),
             "export LABEL='two words'"};
  o.extra.clear();
  auto c = context(sweep);
  // A stand-in mer records its arguments one per line.
  c.mer = tmp / "fake mer";
  merlab::test::write_file(c.mer, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \"$(dirname \"$0\")/args.txt\"\n"
                                  "echo \"$LABEL|$MERLAB_THREADS\" >> \"$(dirname \"$0\")/args.txt\"\n");
  ::chmod(c.mer.c_str(), 0755);
  const std::string s = array_script(o, c);
  for (const auto& line : o.setup) EXPECT_TRUE(contains_line(s, line)) << line;
  EXPECT_TRUE(contains_line(s, "#SBATCH --output=\"" + (sweep / "slurm/logs/%A_%a.out").string() + "\""));

  merlab::test::write_file(tmp / "job.sh", s);
  auto r = merlab::test::run_shell("SLURM_ARRAY_TASK_ID=5 SLURM_CPUS_PER_TASK=3 bash " +
                                   merlab::test::shell_quote((tmp / "job.sh").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(merlab::test::read_file(tmp / "setup.txt"), "setup 2\n");
  EXPECT_EQ(merlab::test::read_file(tmp / "args.txt"),
            "sweep-task\n" + sweep.string() + "\n--submission\n2\n--task\n5\ntwo words|3\n");
}

TEST(SlurmScript, ShellQuote) {
  EXPECT_EQ(shell_quote("plain"), "'plain'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("$HOME `x`"), "'$HOME `x`'");
}

TEST(SlurmOptions, DefaultsAndBlockSetup) {
  const auto o = SlurmOptions::from_config(YAML::Load("name: slurm\nsetup: |\n  module load a\n  module load b\n"));
  EXPECT_EQ(o.sbatch, "sbatch");
  EXPECT_EQ(o.cpus_per_task, 2);
  EXPECT_EQ(o.time, "01:00:00");
  EXPECT_EQ(o.granularity, Granularity::run);
  EXPECT_EQ(o.setup, (std::vector<std::string>{"module load a", "module load b"}));
}

TEST(SlurmOptions, RejectsBadValuesNamingTheKey) {
  auto error_of = [](const std::string& yaml) {
    try {
      SlurmOptions::from_config(YAML::Load(yaml));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("name: slurm\ntime: soon\n").find("launcher.time"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\ngranularity: subject\n").find("launcher.granularity"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\nextra: [account=x]\n").find("launcher.extra[0]"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\npartition: \"a\\nb\"\n").find("launcher.partition"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\ncpus_per_task: 0\n").find("launcher.cpus_per_task"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\narray_parallelism: -1\n").find("launcher.array_parallelism"), std::string::npos);
  EXPECT_NE(error_of("name: slurm\nsetup: [\"a\\nb\"]\n").find("launcher.setup[0]"), std::string::npos);
  EXPECT_NE(error_of("name: local\n").find("launcher.name"), std::string::npos);
}

TEST(SlurmSubmit, ParsesJobIdAndReportsSbatchErrors) {
  EXPECT_EQ(parse_job_id("4711\n"), "4711");
  EXPECT_EQ(parse_job_id("4711;cluster-a\n"), "4711");
  EXPECT_THROW(parse_job_id("Submitted batch job 4711\n"), RuntimeError);

  TempDir tmp("merlab-slurm");
  const auto fake = tmp / "sbatch";
  merlab::test::write_file(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\necho '812;c1'\n");
  ::chmod(fake.c_str(), 0755);
  EXPECT_EQ(submit(fake.string(), {"--parsable", "--array=0-3%2", "/a b/x.sbatch"}), "812");
  EXPECT_EQ(merlab::test::read_file(tmp / "args"), "--parsable\n--array=0-3%2\n/a b/x.sbatch\n");

  const auto failing = tmp / "sbatch-fail";
  merlab::test::write_file(failing, "#!/bin/sh\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n");
  ::chmod(failing.c_str(), 0755);
  try {
    submit(failing.string(), {"x.sbatch"});
    FAIL() << "expected an error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid partition specified: nope"), std::string::npos) << e.what();
  }
  EXPECT_EQ(run_program((tmp / "missing").string(), {}).exit_code, 127);
}
