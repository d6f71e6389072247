// `mer report`: paper tables (Markdown, LaTeX, CSV), bootstrap intervals and Wilcoxon tests,
// gnuplot figures and an index.html from a sweep's results database (read-only).
// The work is done by reports/report.h; this file only maps options.
#include <fmt/format.h>

#include <iostream>

#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "reports/report.h"

namespace merlab::cli {
namespace {

int run_report(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("out", po::value<std::string>(), "output folder (default: <sweep-dir>/report)")
      ("sweep", po::value<std::string>(), "only runs of this sweep (default: every run in the file)")
      ("baseline", po::value<std::string>()->default_value("single_di"), "strategy the others are compared with")
      ("rows", po::value<std::string>(), "config keys forming the table rows, comma-separated (default: model.name)")
      ("cols", po::value<std::string>(),
       "config keys forming the columns, comma-separated (default: strategy, aug.temporal.test, other keys that vary)")
      ("bootstrap", po::value<int>()->default_value(1000), "bootstrap resamples for the confidence intervals")
      ("seed", po::value<std::uint64_t>()->default_value(0), "bootstrap seed")
      ("formats", po::value<std::string>()->default_value("png,svg"), "figure formats, comma-separated: png, svg, pdf")
      ("no-figures", "tables and index.html only (gnuplot not needed)")
      ("gnuplot", po::value<std::string>(), "gnuplot executable (default: gnuplot on PATH)")
      ("jobs", po::value<int>()->default_value(0), "gnuplot processes at once (0: one per hardware thread)")
      ("models", po::value<std::string>(), "only these models, comma-separated, in this row order")
      ("strategies", po::value<std::string>(), "only these strategies (must include the baseline), in this column order")
      ("datasets", po::value<std::string>(), "only these datasets, in this order")
      ("metrics", po::value<std::string>(), "metrics of the paper tables and figures, in order: acc, uf1, uar (default: all)")
      ("names", po::value<std::string>(), "YAML file of display names {models: {resnet18: ResNet18}, strategies, datasets, metrics}")
      ("alpha", po::value<double>()->default_value(0.05), "significance level of the marks against the baseline")
      ("holm", "Holm-correct the marks across the strategies of each model")
      ("marker", po::value<std::string>()->default_value("\\textsuperscript{\\dag}"), "LaTeX of the significance mark")
      ("latex-width", po::value<std::string>()->default_value("one-column"),
       "paper tables fit one-column (\\columnwidth) or two-column (table* at \\textwidth)")
      ("absent-classes", po::value<std::string>()->default_value("exclude"),
       "absent-class rule the runs were finished with: exclude | include_as_zero");
  auto parsed = parse_args("report", "mer report <sweep-dir | results.sqlite> [--out DIR] [options]", args, opts, 1);
  if (parsed.help) return 0;
  if (parsed.positional.empty())
    throw UsageError("mer report: missing sweep directory or results.sqlite (see 'mer report --help')");
  const auto& vm = parsed.vm;
  reports::ReportOptions o;
  o.input = parsed.positional[0];
  if (vm.count("out")) o.out_dir = vm["out"].as<std::string>();
  if (vm.count("sweep")) o.sweep = vm["sweep"].as<std::string>();
  o.baseline = vm["baseline"].as<std::string>();
  auto keys = [&](const char* name, std::vector<std::string>* out) {
    if (!vm.count(name)) return;
    for (const auto& k : split(vm[name].as<std::string>(), ','))
      if (!trim(k).empty()) out->push_back(trim(k));
  };
  keys("rows", &o.rows);
  keys("cols", &o.cols);
  keys("models", &o.models);
  keys("strategies", &o.strategies);
  keys("datasets", &o.datasets);
  keys("metrics", &o.metrics);
  if (vm.count("names")) o.names_file = vm["names"].as<std::string>();
  o.alpha = vm["alpha"].as<double>();
  o.holm = vm.count("holm") > 0;
  o.marker = vm["marker"].as<std::string>();
  o.latex_width = vm["latex-width"].as<std::string>();
  o.bootstrap_resamples = vm["bootstrap"].as<int>();
  if (o.bootstrap_resamples < 1) throw UsageError("mer report: --bootstrap must be >= 1");
  o.seed = vm["seed"].as<std::uint64_t>();
  o.formats.clear();
  for (const auto& f : split(vm["formats"].as<std::string>(), ','))
    if (!trim(f).empty()) o.formats.push_back(trim(f));
  o.figures = vm.count("no-figures") == 0;
  if (vm.count("gnuplot")) o.gnuplot = vm["gnuplot"].as<std::string>();
  o.parallel = vm["jobs"].as<int>();
  o.metric.absent = metrics::parse_absent_class_rule(vm["absent-classes"].as<std::string>());

  const auto r = reports::generate_report(o);
  std::cout << fmt::format("report: {} DONE runs, {} dataset(s), {} figures, {} files in {:.2f} s\n", r.runs_done,
                           r.datasets, r.figures, r.files.size(), r.seconds_total)
            << r.index_html.string() << "\n";
  return 0;
}

}  // namespace

void add_report_commands(CommandTable& table) {
  table.add({"report", "tables (Markdown/LaTeX/CSV), statistics, gnuplot figures and index.html of a sweep", run_report});
}

}  // namespace merlab::cli
