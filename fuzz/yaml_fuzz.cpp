// YAML config text (framework/config/yaml_tree.h): loading, then everything that walks a loaded
// tree for the params table, hashing and printing (flatten, all_keys, canonical_yaml, emit_config).
#include "framework/config/config.h"
#include "framework/config/yaml_tree.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = merlab::fuzz::text_of(data, size);
  merlab::fuzz::expect_documented_errors([&] {
    YAML::Node node = merlab::config::load_yaml_text(text, "fuzz.yaml");
    merlab::config::flatten(node);
    merlab::config::all_keys(node);
    merlab::config::config_hash(node);
    merlab::config::emit_config(node);
  });
  return 0;
}
