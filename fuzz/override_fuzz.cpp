// One command-line override (Hydra's grammar: framework/config/override_parser.h, overrides.h),
// the whole input as its text; also the same text as a bare value, as sweep blocks read it.
#include "framework/config/override_parser.h"
#include "framework/config/overrides.h"
#include "framework/config/sweep.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = merlab::fuzz::text_of(data, size);
  merlab::fuzz::expect_documented_errors([&] {
    auto o = merlab::config::parse_override(text);
    (void)o.is_sweep();
  });
  merlab::fuzz::expect_documented_errors([&] { merlab::config::grammar::parse_value_text(text, "fuzz input"); });
  (void)merlab::config::is_sweep_override(text);  // documented not to throw on bad text
  return 0;
}
