// Annotation workbooks (datasets/table.h read_xlsx): the input is the .xlsx file itself (zip).
#include "datasets/table.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = merlab::fuzz::write_scratch("sheet.xlsx", merlab::fuzz::text_of(data, size));
  merlab::fuzz::expect_documented_errors([&] { merlab::read_table(path); });
  return 0;
}
