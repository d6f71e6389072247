// `mer eval-preds`: MEGC metrics (pooled accuracy, UF1, UAR, per class, per subject) of a
// predictions CSV, as JSON on stdout.
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/limits.h"
#include "framework/common/strings.h"
#include "framework/metrics/metrics_json.h"
#include "framework/metrics/predictions_csv.h"

namespace merlab::cli {
namespace {

std::uint64_t positive(const ParsedArgs& parsed, const char* flag) {
  const auto v = parsed.vm[flag].as<std::uint64_t>();
  if (v == 0) throw UsageError(std::string("mer eval-preds: --") + flag + " must be a positive integer");
  return v;
}

int run_eval_preds(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("classes", po::value<std::string>(), "class order, comma-separated (default: sorted label names, or 0..max for integer labels)")
      ("absent-classes", po::value<std::string>()->default_value("exclude"),
       "classes absent from the ground truth: 'exclude' them from UF1/UAR (MEGC) or 'include_as_zero'")
      ("compact", "one-line JSON")
      ("max-file-bytes", po::value<std::uint64_t>()->default_value(Limits{}.csv_max_file_bytes),
       "refuse a predictions file larger than this")
      ("max-line-bytes", po::value<std::uint64_t>()->default_value(Limits{}.csv_max_line_bytes),
       "refuse a line longer than this")
      ("max-classes", po::value<std::uint64_t>()->default_value(Limits{}.max_classes),
       "without --classes, integer labels must be below this");
  auto parsed = parse_args("eval-preds",
                           "mer eval-preds FILE.csv [--classes a,b,c]\n"
                           "  FILE.csv has a header with the columns subject,y_true,y_pred (any order);\n"
                           "  labels are class names or integer indices. Prints JSON metrics.",
                           args, opts, 1);
  if (parsed.help) return 0;
  if (parsed.positional.empty()) throw UsageError("mer eval-preds: missing FILE.csv (see 'mer eval-preds --help')");

  std::vector<std::string> classes;
  if (parsed.vm.count("classes")) {
    for (const auto& c : split(parsed.vm["classes"].as<std::string>(), ',')) {
      auto name = trim(c);
      if (name.empty()) throw UsageError("mer eval-preds: --classes has an empty class name");
      classes.push_back(name);
    }
  }
  metrics::MetricOptions options;
  try {
    options.absent = metrics::parse_absent_class_rule(parsed.vm["absent-classes"].as<std::string>());
  } catch (const ConfigError& e) {
    throw UsageError(std::string("mer eval-preds: --absent-classes: ") + e.what());
  }

  Limits limits;
  limits.source = Limits::Source::command_line;
  limits.csv_max_file_bytes = positive(parsed, "max-file-bytes");
  limits.csv_max_line_bytes = positive(parsed, "max-line-bytes");
  limits.max_classes = positive(parsed, "max-classes");

  const std::string file = parsed.positional[0];
  auto table = metrics::read_predictions_csv(file, classes, limits);
  auto result = metrics::evaluate_grouped(table.rows, static_cast<int>(table.class_names.size()), options,
                                          table.class_names);
  json::Writer w(parsed.vm.count("compact") ? 0 : 2);
  w.begin_object();
  w.key("file").value(file);
  w.key("classes").raw(json::string_array(table.class_names));
  // Subjects are the LOSO folds: per_subject and subject_mean are the per-fold view, reported
  // next to the pooled (MEGC) numbers, never instead of them.
  metrics::write_grouped_members(w, result, "subject");
  w.end_object();
  std::cout << w.str() << "\n";
  return 0;
}

}  // namespace

void add_metrics_commands(CommandTable& table) {
  table.add({"eval-preds", "MEGC metrics (accuracy, UF1, UAR, per class/subject) of a predictions CSV", run_eval_preds});
}

}  // namespace merlab::cli
