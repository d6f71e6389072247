// The `mer` command table and the argument-parsing helpers every command uses.
//
// A command is a name ("config show", "models list") with a one-line summary and a handler
// receiving the arguments after the name. Each module adds its commands from an explicit
// function declared below and called from framework/cli/commands.cpp.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

namespace merlab::cli {

namespace po = boost::program_options;

struct Command {
  std::string name;     // may contain a space for sub-commands: "config show"
  std::string summary;  // one line, shown by `mer --help`
  std::function<int(const std::vector<std::string>& args)> run;
};

class CommandTable {
 public:
  void add(Command command);
  const std::vector<Command>& commands() const { return commands_; }
  // Longest command name that prefixes `argv` (so "config show x=1" finds "config show").
  // Returns nullptr when none; `consumed` is the number of words the name took.
  const Command* match(const std::vector<std::string>& words, std::size_t& consumed) const;

 private:
  std::vector<Command> commands_;
};

struct ParsedArgs {
  po::variables_map vm;
  std::vector<std::string> positional;  // e.g. config overrides
  bool help = false;
};

// Parses `args` with `options` (a --help flag is added). Positional words are collected in
// `positional`; when `max_positional` >= 0, more is a usage error. Unknown options raise a
// UsageError naming the option and listing the valid ones. When --help is given, prints
// the usage (`usage_line` + options) to stdout and sets `help`.
ParsedArgs parse_args(const std::string& command_name, const std::string& usage_line,
                      const std::vector<std::string>& args, po::options_description options,
                      int max_positional = -1);

}  // namespace merlab::cli
