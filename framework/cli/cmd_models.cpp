// Commands of the model zoo: `mer models list`, `mer models summary NAME`.
#include <fmt/format.h>

#include <iostream>

#include "framework/cli/builtin_components.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/models/model_zoo.h"
#include "framework/models/summary.h"

namespace merlab::cli {
namespace {

YAML::Node model_node(const std::string& name, int64_t input_size) {
  YAML::Node node;
  node["name"] = name;
  if (input_size > 0) node["input_size"] = input_size;
  node["channels_last"] = false;  // irrelevant to counts; keeps the summary pass simple
  return node;
}

int64_t checked_classes(const po::variables_map& vm) {
  auto n = vm["num-classes"].as<int64_t>();
  if (n < 1) throw UsageError("--num-classes must be at least 1, got " + std::to_string(n));
  return n;
}

int run_list(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("num-classes", po::value<int64_t>()->default_value(5), "classes of the classifier head")(
      "input-size", po::value<int64_t>()->default_value(0),
      "input side for every model (default: each model's default); ViT parameter counts depend on it");
  auto parsed = parse_args("models list", "mer models list [--num-classes N] [--input-size S]", args, options, 0);
  if (parsed.help) return 0;
  register_builtin_components();
  const auto classes = checked_classes(parsed.vm);
  const auto size_override = parsed.vm["input-size"].as<int64_t>();
  if (size_override != 0 && size_override < 32) {
    throw UsageError("--input-size must be at least 32, got " + std::to_string(size_override));
  }
  // One line per model: name, trainable parameters, input size (the default unless overridden).
  for (const auto& d : builtin_model_defaults()) {
    const auto size = size_override ? size_override : d.input_size;
    auto model = build_model(model_node(d.name, size), classes);
    std::cout << fmt::format("{:<16} {:>13} params  input {}x{}\n", d.name,
                             group_thousands(count_trainable_parameters(*model)), size, size);
  }
  return 0;
}

int run_summary(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("input-size", po::value<int64_t>()->default_value(0),
                        "input side in pixels (default: the model's default)")(
      "num-classes", po::value<int64_t>()->default_value(5), "classes of the classifier head");
  auto parsed = parse_args("models summary", "mer models summary NAME [--input-size S] [--num-classes N]", args,
                           options, 1);
  if (parsed.help) return 0;
  if (parsed.positional.size() != 1) throw UsageError("mer models summary: expected a model NAME (see `mer models list`)");
  register_builtin_components();
  const auto& name = parsed.positional[0];
  auto size = parsed.vm["input-size"].as<int64_t>();
  if (size == 0) size = default_input_size(name);
  if (size < 32) throw UsageError("--input-size must be at least 32, got " + std::to_string(size));
  auto model = build_model(model_node(name, size), checked_classes(parsed.vm));
  std::cout << name << " at " << size << "x" << size << "\n" << format_summary(summarize(*model, size));
  return 0;
}

}  // namespace

void add_models_commands(CommandTable& table) {
  table.add({"models list", "list the model zoo: parameters and default input size per model", run_list});
  table.add({"models summary", "layer table of a model: output shapes, parameters, FLOPs", run_summary});
}

}  // namespace merlab::cli
