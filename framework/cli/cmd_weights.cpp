// `mer weights list`: torchvision's ImageNet file of every zoo model that has one, in the weights
// folder (config key weights.dir; default torchvision's download folder), with presence and hash.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "framework/cli/commands.h"
#include "framework/config/config.h"
#include "framework/models/model_zoo.h"
#include "framework/models/weights.h"

namespace merlab::cli {
namespace {

namespace fs = std::filesystem;

int run_list(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>(), "weights folder (default: weights.dir of the config)")(
      "no-hash", "do not compute SHA-256 (fast: presence only)");
  auto parsed = parse_args("weights list", "mer weights list [--dir DIR] [--no-hash] [overrides...]", args, options);
  if (parsed.help) return 0;
  std::string dir;
  if (parsed.vm.count("dir")) {
    dir = parsed.vm["dir"].as<std::string>();
  } else {
    config::ComposeOptions o;
    o.overrides = parsed.positional;
    dir = weights_dir_from_config(config::compose(o).node);
  }
  const bool hash = parsed.vm.count("no-hash") == 0;
  std::cout << "weights folder: " << dir << "\n";
  int missing = 0;
  for (const auto& d : builtin_model_defaults()) {
    auto w = torchvision_weights_for(d.name);
    if (!w) {
      std::cout << fmt::format("{:<16} {:<40} {}\n", d.name, "-", "no torchvision ImageNet weights");
      continue;
    }
    const auto path = (fs::path(dir) / w->file).string();
    const bool present = fs::exists(path);
    missing += present ? 0 : 1;
    std::string state = present ? "present" : "missing";
    if (present) {
      state += hash ? (hash_matches_name(path) ? "  hash ok" : "  HASH MISMATCH") : "  hash not checked";
      // Legacy torch.save format (torchvision's older files): mer loads the zip copy beside it.
      if (!is_zip_file(path))
        state += fs::exists(path + ".converted.pth") ? "  legacy format, zip copy present"
                                                     : "  legacy format, zip copy MISSING (tools/convert_checkpoint.py)";
    }
    std::cout << fmt::format("{:<16} {:<40} {}\n", d.name, w->file, state);
  }
  if (missing > 0) std::cout << missing << " missing; on a machine with internet: " << fetch_weights_command(dir) << "\n";
  return 0;
}

}  // namespace

void add_weights_commands(CommandTable& table) {
  table.add({"weights list", "torchvision ImageNet files per zoo model: present, hash ok (model.pretrained=imagenet)",
             run_list});
}

}  // namespace merlab::cli
