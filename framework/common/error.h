// Error categories. The CLI maps them to exit codes: UsageError and ConfigError -> 2,
// everything else -> 1. Messages must name the file, line, key or value that is wrong and
// say what was expected.
#pragma once
#include <stdexcept>
#include <string>

namespace merlab {

// Wrong command line: unknown command or option, missing argument.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Invalid configuration: unknown key, bad value, YAML syntax, unknown registered name.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Failure while doing the work (I/O, bad data, numerical failure).
struct RuntimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace merlab
