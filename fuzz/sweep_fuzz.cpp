// Command-line sweeps (framework/config/sweep.h): one override per input line, with glob()
// resolved against a copy of tests/config/fixtures/conf, then the grid expanded.
#include "framework/config/sweep.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/sweep_limit.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto root = merlab::fuzz::fixture_copy("tests/config/fixtures/conf", "conf");
  const auto overrides = merlab::fuzz::lines_of(merlab::fuzz::text_of(data, size));
  merlab::fuzz::expect_documented_errors([&] {
    auto spec = merlab::config::parse_sweep_overrides(overrides, root);
    if (merlab::fuzz::grid_size_within(spec)) merlab::config::expand(spec);
  });
  return 0;
}
