// Annotation sheets as CSV (datasets/table.h parse_csv), then the header search the dataset
// adapters run on every sheet.
#include "datasets/table.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  merlab::fuzz::expect_documented_errors([&] {
    merlab::Table t = merlab::parse_csv(merlab::fuzz::text_of(data, size));
    merlab::find_header(t, {"subject", "onsetframe", "apexframe"});
    for (std::size_t r = 0; r < t.rows.size() && r < 4; ++r)
      for (const auto& c : t.rows[r]) {
        merlab::normalize_header(c);
        merlab::column_index(c);
      }
  });
  return 0;
}
