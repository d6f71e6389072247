// Annotation workbooks (datasets/table.h read_xlsx), structure-aware: the input holds the XML
// parts, separated by lines '%%': xl/worksheets/sheet1.xml, then optionally
// xl/sharedStrings.xml, xl/workbook.xml and xl/_rels/workbook.xml.rels. The harness zips them
// (stored, uncompressed) so that mutations reach the SpreadsheetML reader instead of being
// rejected by the zip layer; a missing workbook part gets a minimal one.
#include <zip.h>

#include <stdexcept>

#include "datasets/table.h"
#include "fuzz/fuzz_support.h"

namespace {

const char* kWorkbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

void add(zip_t* z, const char* name, const std::string& bytes) {
  zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
  if (!src) throw std::runtime_error("fuzz harness: zip_source_buffer failed");
  zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_OVERWRITE);
  if (idx < 0) {
    zip_source_free(src);
    throw std::runtime_error("fuzz harness: zip_file_add failed");
  }
  zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = merlab::fuzz::split_sections(merlab::fuzz::text_of(data, size));
  if (parts.size() < 3) parts.resize(3);
  if (parts[2].empty()) parts[2] = kWorkbook;  // kept in `parts`: libzip reads it at zip_close
  const auto path = merlab::fuzz::scratch_dir() / "parts.xlsx";
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("fuzz harness: cannot create " + path.string());
  // The buffers must outlive zip_close, which is when libzip reads them.
  add(z, "xl/worksheets/sheet1.xml", parts[0]);
  if (!parts[1].empty()) add(z, "xl/sharedStrings.xml", parts[1]);
  add(z, "xl/workbook.xml", parts[2]);
  if (parts.size() > 3) add(z, "xl/_rels/workbook.xml.rels", parts[3]);
  if (zip_close(z) != 0) {
    zip_discard(z);
    throw std::runtime_error("fuzz harness: cannot write " + path.string());
  }
  merlab::fuzz::expect_documented_errors([&] { merlab::read_xlsx(path); });
  return 0;
}
