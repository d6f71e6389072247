// `mer report` on a paper-sized sweep: 5 models x 4 strategies x 5 seeds = 100 DONE runs on
// one dataset with 26 subjects (LOSO folds) x 10 clips and 30 epochs per fold, like CASME-II.
// Times the whole report (load, tables, 1000-resample bootstrap per cell, Wilcoxon tests,
// figures in PNG+SVG, index.html) and the same without figures. Target: under 10 s.
// Usage: bench_report [seeds=5] [work-dir]   (the fixture database is kept in work-dir)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "reports/gnuplot.h"
#include "reports/report.h"
#include "tests/reports/report_fixture.h"

using namespace merlab;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 5;
  const std::filesystem::path dir =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / "merlab-bench-report";
  const auto db = dir / "results.sqlite";
  test::ReportFixture spec;
  spec.models = 5;
  spec.strategies = 4;
  spec.seeds = seeds;
  spec.subjects = 26;
  spec.clips_per_subject = 10;
  spec.epochs = 30;
  spec.unfinished_runs = false;
  if (!std::filesystem::exists(db)) {
    std::filesystem::create_directories(dir);
    const auto t0 = Clock::now();
    test::build_report_fixture(db, spec);
    std::printf("fixture: %d runs written in %.1f s (%s)\n", 5 * 4 * seeds,
                std::chrono::duration<double>(Clock::now() - t0).count(), db.c_str());
  }
  reports::ReportOptions o;
  o.input = dir;
  o.figures = false;
  auto r = reports::generate_report(o);
  std::printf("report without figures: %d runs, %zu files in %.2f s\n", r.runs_done, r.files.size(), r.seconds_total);
  bool have_gnuplot = true;
  try {
    reports::find_gnuplot();
  } catch (const std::exception&) {
    have_gnuplot = false;
  }
  if (!have_gnuplot) {
    std::printf("gnuplot not found: figures not timed\n");
    return 0;
  }
  o.figures = true;
  r = reports::generate_report(o);
  std::printf("report with figures (png+svg): %d runs, %d figures, %zu files in %.2f s (figures %.2f s)\n", r.runs_done,
              r.figures, r.files.size(), r.seconds_total, r.seconds_figures);
  std::printf("target < 10 s: %s\n", r.seconds_total < 10 ? "met" : "NOT met");
  return 0;
}
