// Shared pieces of the libFuzzer targets in this directory (docs/fuzzing.md).
//
// A target feeds its input to one parser entry point. MERLab's documented errors (ConfigError,
// RuntimeError, UsageError: framework/common/error.h) are the expected answer to bad input and
// are swallowed here; anything else that escapes (another exception type, a crash, a sanitizer
// report, a hang, running out of memory) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "framework/common/error.h"

namespace merlab::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `f`, treating the project's documented error types as a normal outcome.
template <class F>
void expect_documented_errors(F&& f) {
  try {
    f();
  } catch (const merlab::ConfigError&) {
  } catch (const merlab::RuntimeError&) {
  } catch (const merlab::UsageError&) {
  }
}

// A private scratch directory for this process (in $TMPDIR, else /dev/shm, else /tmp),
// created on first use and removed at exit. Parsers that take a path read their input here.
const std::filesystem::path& scratch_dir();

// Writes `bytes` to scratch_dir()/name (overwriting) and returns the path.
std::filesystem::path write_scratch(const std::string& name, const std::string& bytes);

// Splits `text` at every line that is exactly `marker` (the marker lines are dropped), so one
// input can hold several files or lists: "a\n%%\nb" -> {"a\n", "b"}.
std::vector<std::string> split_sections(const std::string& text, const std::string& marker = "%%");

// Non-empty lines of `text` (a trailing '\r' dropped).
std::vector<std::string> lines_of(const std::string& text);

// Copies a fixture directory of the source tree (relative to it) into the scratch directory
// once and returns the copy, e.g. tests/config/fixtures/conf for composition and glob sweeps.
std::filesystem::path fixture_copy(const std::string& source_relative, const std::string& name);

}  // namespace merlab::fuzz
