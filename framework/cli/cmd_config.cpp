// Commands of the configuration layer: `mer config show`, `mer config groups`, `mer list`.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>

#include "framework/cli/builtin_components.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/config/config.h"
#include "framework/config/yaml_tree.h"
#include "framework/registry/registry.h"

namespace merlab::cli {
namespace {

config::ComposeOptions compose_options(const ParsedArgs& parsed) {
  config::ComposeOptions o;
  if (parsed.vm.count("config-root")) o.root = parsed.vm["config-root"].as<std::string>();
  o.overrides = parsed.positional;
  return o;
}

po::options_description config_root_option() {
  po::options_description d("options");
  d.add_options()("config-root", po::value<std::string>(),
                  "config directory (default: experiments/conf, or $MERLAB_CONFIG_ROOT)");
  return d;
}

int run_config_show(const std::vector<std::string>& args) {
  auto desc = config_root_option();
  desc.add_options()("why", po::value<std::string>(), "print which files and overrides set KEY, in order")(
      "hash", "print only the identity hash (a run's id is its first 16 digits)");
  auto parsed = parse_args("config show", "mer config show [--why KEY] [--hash] [overrides...]", args, desc);
  if (parsed.help) {
    std::cout << "overrides: group=option  a.b=value  +a.b=value  ++a.b=value  ~a.b\n";
    return 0;
  }
  auto composed = config::compose(compose_options(parsed));
  if (parsed.vm.count("hash")) {
    std::cout << composed.hash() << "\n";
    return 0;
  }
  if (parsed.vm.count("why")) {
    const auto key = parsed.vm["why"].as<std::string>();
    std::vector<std::string> keys;
    for (const auto& [k, h] : composed.history)
      if (k == key || starts_with(k, key + ".")) keys.push_back(k);
    if (keys.empty()) {
      throw ConfigError("--why: no key '" + key + "' in the composed config" +
                        suggestion_text(key, config::all_keys(composed.node)));
    }
    for (const auto& k : keys) {
      auto final_value = config::find(composed.node, k);
      std::cout << k << " = " << (final_value.IsDefined() ? config::value_text(final_value) : "<deleted>") << "\n";
      int i = 1;
      for (const auto& origin : composed.history[k]) std::cout << "  " << i++ << ". " << origin << "\n";
    }
    return 0;
  }
  std::cout << "# choices:";
  for (const auto& [g, o] : composed.choices) std::cout << " " << g << "=" << o;
  std::cout << "\n# identity hash: " << composed.hash() << " (run id " << composed.hash().substr(0, 16)
            << "; output.*, launcher.* and paths are not part of it: docs/config.md)\n";
  std::cout << config::emit_config(composed.node) << "\n";
  if (composed.sweep && !composed.sweep.IsNull()) {
    YAML::Emitter s;
    s << YAML::BeginMap << YAML::Key << "sweep" << YAML::Value << composed.sweep << YAML::EndMap;
    std::cout << "# sweep block (expanded by 'mer sweep'):\n" << s.c_str() << "\n";
  }
  return 0;
}

int run_config_groups(const std::vector<std::string>& args) {
  auto parsed = parse_args("config groups", "mer config groups", args, config_root_option(), 0);
  if (parsed.help) return 0;
  auto root = compose_options(parsed).root;
  for (const auto& g : config::group_names(root)) {
    std::cout << g << ": " << join(config::group_options(root, g), ", ") << "\n";
  }
  return 0;
}

// A kind as a person types it: singular or plural, short or as the registry names it
// ("models", "strategies", "augmentations", "temporal_strategy").
std::string registry_kind(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::replace(word.begin(), word.end(), '-', '_');
  if (find_registry(word)) return word;
  if (ends_with(word, "ies")) word = word.substr(0, word.size() - 3) + "y";
  else if (ends_with(word, "s")) word.pop_back();
  static const std::map<std::string, std::string> aliases = {
      {"strategy", "temporal_strategy"}, {"temporal", "temporal_strategy"},
      {"augmentation", "spatial_augmentation"}, {"spatial", "spatial_augmentation"}, {"aug", "spatial_augmentation"}};
  auto it = aliases.find(word);
  return it == aliases.end() ? word : it->second;
}

int run_list(const std::vector<std::string>& args) {
  auto parsed = parse_args("list", "mer list [KIND]   (kinds, singular or plural: models, datasets, strategies, augmentations)", args,
                           po::options_description("options"), 1);
  if (parsed.help) return 0;
  register_builtin_components();
  auto registries = all_registries();
  std::vector<RegistryBase*> shown;
  if (parsed.positional.empty()) {
    shown = registries;
  } else {
    auto* r = find_registry(registry_kind(parsed.positional[0]));
    if (!r) {
      std::vector<std::string> kinds = {"models", "datasets", "strategies", "augmentations"};
      for (auto* x : registries) kinds.push_back(x->kind());
      throw UsageError("mer list: unknown kind '" + parsed.positional[0] + "'" + suggestion_text(parsed.positional[0], kinds));
    }
    shown = {r};
  }
  for (auto* r : shown) {
    std::cout << r->kind() << ":\n";
    for (const auto& info : r->infos()) {
      std::cout << "  " << info.name << std::string(info.name.size() < 24 ? 24 - info.name.size() : 1, ' ')
                << info.description << "\n";
    }
  }
  return 0;
}

}  // namespace

void add_config_commands(CommandTable& table) {
  table.add({"config show", "print the composed, resolved config (--why KEY: where a value came from)", run_config_show});
  table.add({"config groups", "list config groups and their options", run_config_groups});
  table.add({"list", "list registered components (datasets, strategies, augmentations, models, ...)", run_list});
}

}  // namespace merlab::cli
