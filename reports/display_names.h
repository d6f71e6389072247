// Names shown in paper tables and figures for models, strategies, datasets and metrics
// ("resnet18" -> "ResNet-18"), instead of the config labels. Every built-in has a default;
// a YAML file overrides any of them:
//   models: {resnet18: "ResNet18"}
//   strategies: {dual_phase_di: "DP-DI"}
//   datasets: {casme2: "CASME2"}
//   metrics: {uf1: "F1"}
// A label without a display name is shown as it is.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace merlab::reports {

struct DisplayNames {
  std::map<std::string, std::string> models, strategies, datasets, metrics;

  std::string model(const std::string& label) const { return get(models, label); }
  std::string strategy(const std::string& label) const { return get(strategies, label); }
  std::string dataset(const std::string& label) const { return get(datasets, label); }
  std::string metric(const std::string& key) const { return get(metrics, key); }

  // The defaults for every built-in model, strategy, dataset and metric.
  static DisplayNames defaults();

 private:
  static std::string get(const std::map<std::string, std::string>& m, const std::string& label);
};

// Defaults overridden by the YAML file at `path`. Throws UsageError for a file that cannot be
// read or parsed, a section other than the four above, or a value that is not a string.
DisplayNames load_display_names(const std::filesystem::path& path);

// Test input a strategy is evaluated on when its config does not say (augment/temporal_strategy:
// `full` when the strategy trains on the full DI, else `phase_mean`). Tables show the test input
// only where a column differs from this.
std::string default_test_input(const std::string& strategy);

}  // namespace merlab::reports
