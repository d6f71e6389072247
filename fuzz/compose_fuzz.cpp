// Config composition (framework/config/config.h compose): the input is a primary config, then
// optionally a line '%%' and command-line overrides, one per line. The primary is written as
// fuzz.yaml into a copy of tests/config/fixtures/conf, so its defaults list can select the
// fixture's groups (model, dataset, train, aug, experiment).
#include "framework/config/config.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto root = merlab::fuzz::fixture_copy("tests/config/fixtures/conf", "conf");
  const auto sections = merlab::fuzz::split_sections(merlab::fuzz::text_of(data, size));
  merlab::fuzz::write_scratch("conf/fuzz.yaml", sections[0]);
  merlab::config::ComposeOptions options;
  options.root = root;
  options.primary = "fuzz";
  if (sections.size() > 1) options.overrides = merlab::fuzz::lines_of(sections[1]);
  merlab::fuzz::expect_documented_errors([&] {
    auto composed = merlab::config::compose(options);
    composed.hash();
  });
  return 0;
}
