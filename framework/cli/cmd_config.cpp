// Commands of the configuration layer: `mer list`.
#include <iostream>

#include "framework/cli/builtin_components.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/strings.h"
#include "framework/registry/registry.h"

namespace merlab::cli {
namespace {

int run_list(const std::vector<std::string>& args) {
  auto parsed = parse_args("list", "mer list [KIND]   (kinds: every registry, e.g. model, dataset)", args,
                           po::options_description("options"), 1);
  if (parsed.help) return 0;
  register_builtin_components();
  auto registries = all_registries();
  std::vector<RegistryBase*> shown;
  if (parsed.positional.empty()) {
    shown = registries;
  } else {
    auto* r = find_registry(parsed.positional[0]);
    if (!r) {
      std::vector<std::string> kinds;
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
  table.add({"list", "list registered components (datasets, strategies, augmentations, models, ...)", run_list});
}

}  // namespace merlab::cli
