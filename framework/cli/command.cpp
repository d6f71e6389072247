#include "framework/cli/command.h"

#include <iostream>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::cli {

void CommandTable::add(Command command) { commands_.push_back(std::move(command)); }

const Command* CommandTable::match(const std::vector<std::string>& words, std::size_t& consumed) const {
  const Command* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& c : commands_) {
    auto parts = split(c.name, ' ');
    if (parts.size() > words.size() || parts.size() <= best_len) continue;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size(); ++i) ok = ok && parts[i] == words[i];
    if (ok) {
      best = &c;
      best_len = parts.size();
    }
  }
  consumed = best_len;
  return best;
}

ParsedArgs parse_args(const std::string& command_name, const std::string& usage_line,
                      const std::vector<std::string>& args, po::options_description options,
                      int max_positional) {
  options.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("__positional", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description pos;
  pos.add("__positional", -1);

  ParsedArgs out;
  try {
    // Overrides such as "~a.b" or "+a=1" must never be mistaken for options; only words
    // starting with '-' are options, and a lone "--" ends them.
    auto parsed = po::command_line_parser(args).options(all).positional(pos).run();
    po::store(parsed, out.vm);
    // --help answers even when required options are missing (notify would reject them).
    if (!out.vm.count("help")) po::notify(out.vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> valid;
    for (const auto& o : options.options()) valid.push_back(o->canonical_display_name(po::command_line_style::allow_long));
    throw UsageError("mer " + command_name + ": unknown option '" + e.get_option_name() + "'" +
                     suggestion_text(e.get_option_name(), valid));
  } catch (const po::error& e) {
    throw UsageError("mer " + command_name + ": " + e.what() + " (see 'mer " + command_name + " --help')");
  }
  if (out.vm.count("__positional")) out.positional = out.vm["__positional"].as<std::vector<std::string>>();
  if (out.vm.count("help")) {
    out.help = true;
    std::cout << "usage: " << usage_line << "\n\n" << options << "\n";
    return out;
  }
  if (max_positional >= 0 && out.positional.size() > static_cast<std::size_t>(max_positional)) {
    throw UsageError("mer " + command_name + ": unexpected argument '" + out.positional[max_positional] +
                     "' (see 'mer " + command_name + " --help')");
  }
  return out;
}

}  // namespace merlab::cli
