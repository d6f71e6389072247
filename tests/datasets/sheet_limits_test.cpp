// Bounded reading of annotation sheets: zip bombs, lying zip headers, huge sheets, long CSV
// lines. The limits are lowered through the options so that each test stays small and fast.
#include <zip.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "datasets/table.h"
#include "datasets/xlsx_writer.h"
#include "framework/common/error.h"
#include "framework/common/limits.h"
#include "tests/support/test_support.h"

using namespace merlab;
using merlab::test::TempDir;

namespace {

const char* kSheetPart = "xl/worksheets/sheet1.xml";

// A worksheet of `rows` identical rows (no row or cell references, so that the text repeats
// exactly, as in a zip bomb): a few KB once deflated, `rows` x 26 bytes inflated.
std::string repeated_rows_sheet(std::size_t rows) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  for (std::size_t r = 1; r <= rows; ++r) xml += "<row><c><v>1</v></c></row>";
  return xml + "</sheetData></worksheet>";
}

// A valid workbook whose sheet part is replaced by `sheet_xml`, deflated at the highest level.
void write_workbook_with_sheet(const std::filesystem::path& path, const std::string& sheet_xml) {
  write_xlsx(path, {{"Subject"}, {"1"}});
  int err = 0;
  zip_t* z = zip_open(path.c_str(), 0, &err);
  ASSERT_NE(z, nullptr);
  zip_source_t* src = zip_source_buffer(z, sheet_xml.data(), sheet_xml.size(), 0);
  ASSERT_NE(src, nullptr);
  zip_int64_t idx = zip_file_add(z, kSheetPart, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
  ASSERT_GE(idx, 0) << zip_strerror(z);
  zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 9);
  ASSERT_EQ(zip_close(z), 0);
}

// Rewrites the uncompressed size that both zip headers (local and central) declare for
// `entry`, as a crafted file would: the data itself is unchanged.
void patch_declared_size(const std::filesystem::path& path, const std::string& entry, std::uint32_t size) {
  std::string bytes = merlab::test::read_file(path);
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  auto get16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[at]) | (static_cast<unsigned char>(bytes[at + 1]) << 8));
  };
  int patched = 0;
  for (std::size_t i = 0; i + 46 < bytes.size(); ++i) {
    if (bytes.compare(i, 4, "PK\x03\x04") == 0 && bytes.compare(i + 30, entry.size(), entry) == 0 &&
        get16(i + 26) == entry.size()) {
      put32(i + 22, size);
      ++patched;
    } else if (bytes.compare(i, 4, "PK\x01\x02") == 0 && bytes.compare(i + 46, entry.size(), entry) == 0 &&
               get16(i + 28) == entry.size()) {
      put32(i + 24, size);
      ++patched;
    }
  }
  ASSERT_EQ(patched, 2) << "local and central headers of " << entry;
  merlab::test::write_file(path, bytes);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return "(no error)";
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

}  // namespace

TEST(SheetLimits, ZipBombSheetIsRefusedByItsDeclaredSize) {
  TempDir tmp;
  auto path = tmp / "bomb.xlsx";
  write_workbook_with_sheet(path, repeated_rows_sheet(160000));  // ~4 MB of XML, ~10 KB on disk
  ASSERT_LT(std::filesystem::file_size(path), 50u * 1024);
  Limits limits;
  limits.xlsx_max_part_bytes = 1 << 20;
  auto msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "bomb.xlsx");
  EXPECT_CONTAINS(msg, kSheetPart);
  EXPECT_CONTAINS(msg, "declares");
  EXPECT_CONTAINS(msg, "limits.xlsx_max_part_bytes = 1048576 bytes (1 MiB)");
  EXPECT_CONTAINS(msg, "raise it with limits.xlsx_max_part_bytes=N");
  // The whole archive is bounded as well, before any part is read.
  limits = Limits{};
  limits.xlsx_max_bytes = 1 << 20;
  msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "bomb.xlsx");
  EXPECT_CONTAINS(msg, "limits.xlsx_max_bytes");
  // Within the limits the same file reads.
  EXPECT_EQ(read_xlsx(path).rows.size(), 160000u);
}

TEST(SheetLimits, HeaderThatUnderstatesTheSizeIsCaughtWhileInflating) {
  TempDir tmp;
  auto path = tmp / "liar.xlsx";
  write_workbook_with_sheet(path, repeated_rows_sheet(160000));
  patch_declared_size(path, kSheetPart, 100);  // claims 100 bytes, inflates to ~4 MB
  Limits limits;
  limits.xlsx_max_part_bytes = 1 << 20;
  auto msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "liar.xlsx");
  EXPECT_CONTAINS(msg, "decompresses to more than 1048576 bytes");
  EXPECT_CONTAINS(msg, "limits.xlsx_max_part_bytes");
}

TEST(SheetLimits, DefaultLimitRefusesAGigabyteDeclarationWithoutReadingIt) {
  TempDir tmp;
  auto path = tmp / "huge.xlsx";
  write_workbook_with_sheet(path, repeated_rows_sheet(1000));
  patch_declared_size(path, kSheetPart, 4000000000u);  // 4 GB declared
  const auto start = std::chrono::steady_clock::now();
  auto msg = error_of([&] { read_xlsx(path); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_CONTAINS(msg, "huge.xlsx");
  EXPECT_CONTAINS(msg, "alone declares 4000000000 bytes (3.7 GiB)");
  EXPECT_CONTAINS(msg, "limits.xlsx_max_bytes = 268435456 bytes (256 MiB)");
  EXPECT_LT(seconds, 1.0);
}

TEST(SheetLimits, EntryCountCellsAndRows) {
  TempDir tmp;
  auto path = tmp / "grid.xlsx";
  write_xlsx(path, {{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}});
  Limits limits;
  limits.xlsx_max_entries = 2;
  auto msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "grid.xlsx");
  EXPECT_CONTAINS(msg, "limits.xlsx_max_entries = 2 entries");

  limits = Limits{};
  limits.sheet_max_cells = 10;
  msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "grid.xlsx");
  EXPECT_CONTAINS(msg, "more than 10 cells");
  EXPECT_CONTAINS(msg, "limits.sheet_max_cells");

  limits = Limits{};
  limits.sheet_max_rows = 3;
  msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "grid.xlsx");
  EXPECT_CONTAINS(msg, "row 4 is beyond 3 rows");
  EXPECT_CONTAINS(msg, "limits.sheet_max_rows");
}

TEST(SheetLimits, FarColumnCountsEveryCellItCreates) {
  TempDir tmp;
  auto path = tmp / "wide.xlsx";
  // One cell in column XFD makes a row of 16,384 cells in memory.
  write_workbook_with_sheet(path,
                            "<worksheet><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row></sheetData></worksheet>");
  Limits limits;
  limits.sheet_max_cells = 1000;
  auto msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "wide.xlsx");
  EXPECT_CONTAINS(msg, "at cell XFD1");
  EXPECT_CONTAINS(msg, "limits.sheet_max_cells");
}

TEST(SheetLimits, TerseXmlIsRefusedBeforeParsing) {
  TempDir tmp;
  auto path = tmp / "terse.xlsx";
  std::string xml = "<worksheet><sheetData>";
  for (int i = 0; i < 5000; ++i) xml += "<x/>";
  write_workbook_with_sheet(path, xml + "</sheetData></worksheet>");
  Limits limits;
  limits.sheet_max_cells = 100;
  limits.sheet_max_rows = 100;
  auto msg = error_of([&] { read_xlsx(path, limits); });
  EXPECT_CONTAINS(msg, "terse.xlsx");
  EXPECT_CONTAINS(msg, "XML elements");
}

TEST(SheetLimits, CsvLineLengthFileSizeAndCells) {
  TempDir tmp;
  auto path = tmp / "long.csv";
  merlab::test::write_file(path, "Subject,Filename\n1," + std::string(5000, 'x') + "\n");
  Limits limits;
  limits.csv_max_line_bytes = 1024;
  auto msg = error_of([&] { read_csv(path, limits); });
  EXPECT_CONTAINS(msg, "long.csv line 2 is longer than 1024 bytes (1 KiB)");
  EXPECT_CONTAINS(msg, "limits.csv_max_line_bytes");
  EXPECT_EQ(read_csv(path).rows.size(), 2u);  // the default allows it

  limits = Limits{};
  limits.csv_max_file_bytes = 100;
  msg = error_of([&] { read_table(path, limits); });
  EXPECT_CONTAINS(msg, "long.csv");
  EXPECT_CONTAINS(msg, "limits.csv_max_file_bytes = 100 bytes");

  merlab::test::write_file(path, std::string(2000, ',') + "\n");
  limits = Limits{};
  limits.sheet_max_cells = 1000;
  msg = error_of([&] { read_csv(path, limits); });
  EXPECT_CONTAINS(msg, "long.csv line 1");
  EXPECT_CONTAINS(msg, "limits.sheet_max_cells");
}

TEST(SheetLimits, ConfigSection) {
  Limits d = limits_from_config(YAML::Node());
  EXPECT_EQ(d.image_max_side, 16384u);
  Limits l = limits_from_config(YAML::Load("{csv_max_line_bytes: 4096, image_max_side: null}"));
  EXPECT_EQ(l.csv_max_line_bytes, 4096u);
  EXPECT_EQ(l.image_max_side, 16384u);
  auto config_error = [](const std::string& yaml) {
    try {
      limits_from_config(YAML::Load(yaml));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_CONTAINS(config_error("{csv_max_line_byte: 1}"), "'limits.csv_max_line_byte' is unknown");
  EXPECT_CONTAINS(config_error("{csv_max_line_byte: 1}"), "csv_max_line_bytes");
  EXPECT_CONTAINS(config_error("{image_max_side: -1}"), "'limits.image_max_side': expected a positive integer");
  EXPECT_CONTAINS(config_error("{image_max_side: 0}"), "expected a positive integer");
  EXPECT_CONTAINS(config_error("{image_max_side: 1.5}"), "expected a positive integer");
  EXPECT_CONTAINS(config_error("{max_classes: 5}"), "'limits.max_classes' is unknown");  // eval-preds' flag only
  Limits cli;
  cli.source = Limits::Source::command_line;
  EXPECT_EQ(cli.describe("sheet_max_rows"),  // no flag: the config key is the way
            "limit limits.sheet_max_rows = 1048576 rows; raise it with limits.sheet_max_rows=N");
  EXPECT_EQ(cli.describe("csv_max_line_bytes"),
            "limit limits.csv_max_line_bytes = 1048576 bytes (1 MiB); raise it with --max-line-bytes N");
}
