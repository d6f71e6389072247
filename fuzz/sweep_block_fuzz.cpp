// The `sweep:` block of an experiment file (framework/config/sweep.h add_sweep_block): the
// input is YAML text; its `sweep:` key, or the whole document when there is none, is the block.
#include "framework/config/sweep.h"
#include "framework/config/yaml_tree.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/sweep_limit.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto root = merlab::fuzz::fixture_copy("tests/config/fixtures/conf", "conf");
  const std::string text = merlab::fuzz::text_of(data, size);
  merlab::fuzz::expect_documented_errors([&] {
    YAML::Node doc = merlab::config::load_yaml_text(text, "fuzz.yaml");
    YAML::Node block = doc.IsMap() && doc["sweep"] ? doc["sweep"] : doc;
    merlab::config::SweepSpec spec;
    merlab::config::add_sweep_block(spec, block, root);
    if (merlab::fuzz::grid_size_within(spec)) merlab::config::expand(spec);
  });
  return 0;
}
