// Predictions files of `mer eval-preds` (framework/metrics/predictions_csv.h): the input is the
// file, read once with inferred classes and once with an explicit class list.
#include "framework/metrics/predictions_csv.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = merlab::fuzz::write_scratch("predictions.csv", merlab::fuzz::text_of(data, size));
  merlab::fuzz::expect_documented_errors([&] { merlab::metrics::read_predictions_csv(path); });
  merlab::fuzz::expect_documented_errors(
      [&] { merlab::metrics::read_predictions_csv(path, {"negative", "positive", "surprise"}); });
  return 0;
}
