// `mer`: the single MERLab executable. Dispatches to sub-commands and maps errors to exit codes:
// 0 success, 2 usage or configuration error, 1 runtime failure.
#include <iostream>
#include <string>
#include <vector>

#include "framework/cli/builtin_components.h"
#include "framework/cli/command.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"

using namespace merlab;

namespace {

// Commands whose summary starts with "(internal)" are started by other commands (workers,
// Slurm array tasks); they answer --help but are left out of the main help.
bool internal_command(const cli::Command& c) { return starts_with(c.summary, "(internal)"); }

void print_commands(const std::vector<const cli::Command*>& commands) {
  for (const auto* c : commands)
    std::cout << "  " << c->name << std::string(c->name.size() < 20 ? 20 - c->name.size() : 1, ' ') << c->summary << "\n";
}

void print_help(const cli::CommandTable& table) {
  std::cout << "MERLab: reproducible micro-expression recognition experiments\n\n"
               "usage: mer <command> [options] [overrides...]\n"
               "       mer --version | --help\n\ncommands:\n";
  std::vector<const cli::Command*> shown;
  for (const auto& c : table.commands())
    if (!internal_command(c)) shown.push_back(&c);
  print_commands(shown);
  std::cout << "\n'mer <command> --help' describes a command's options.\n";
}

bool is_help_word(const std::string& w) { return w == "--help" || w == "-h" || w == "help"; }

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  register_builtin_components();
  cli::CommandTable table;
  cli::register_all_commands(table);
  try {
    if (words.empty() || is_help_word(words[0])) {
      print_help(table);
      return words.empty() ? 2 : 0;
    }
    if (words[0] == "--version" || words[0] == "-V") return cli::print_version();
    std::size_t consumed = 0;
    const cli::Command* cmd = table.match(words, consumed);
    if (!cmd) {
      std::vector<std::string> names;
      for (const auto& c : table.commands()) names.push_back(c.name);
      // A group word alone ("mer config") lists its sub-commands.
      std::vector<std::string> subs;
      std::vector<const cli::Command*> sub_commands;
      for (const auto& c : table.commands())
        if (starts_with(c.name, words[0] + " ")) subs.push_back(c.name), sub_commands.push_back(&c);
      if (!subs.empty() && words.size() > 1 && is_help_word(words[1])) {
        std::cout << "usage: mer " << words[0] << " <sub-command> [options]\n\nsub-commands:\n";
        print_commands(sub_commands);
        std::cout << "\n'mer " << words[0] << " <sub-command> --help' describes its options.\n";
        return 0;
      }
      if (!subs.empty()) {
        std::string msg = "mer " + words[0] + ": expected a sub-command: " + join(subs, ", ");
        if (words.size() > 1) msg = "mer " + words[0] + ": unknown sub-command '" + words[1] + "'; valid: " + join(subs, ", ");
        throw UsageError(msg);
      }
      throw UsageError("unknown command '" + words[0] + "'" + suggestion_text(words[0], names));
    }
    std::vector<std::string> rest(words.begin() + static_cast<long>(consumed), words.end());
    return cmd->run(rest);
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "config error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
