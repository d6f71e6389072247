#include "datasets/table.h"

#include <gtest/gtest.h>

#include "datasets/xlsx_writer.h"
#include "framework/common/error.h"
#include "tests/support/test_support.h"

using namespace merlab;
using merlab::test::TempDir;

TEST(Xlsx, SharedStringsNumbersAndGaps) {
  TempDir tmp;
  auto path = tmp / "t.xlsx";
  write_xlsx(path, {{"Subject", "", "OnsetFrame"}, {"1", "EP02_01f", "46"}, {}, {"2.5", "", "/"}});
  Table t = read_xlsx(path);
  ASSERT_EQ(t.rows.size(), 4u);  // the empty third row is kept so indices match the sheet
  EXPECT_EQ(t.cell(0, 0), "Subject");
  EXPECT_EQ(t.cell(0, 1), "");  // gap in the cell references: B1 was never written
  EXPECT_EQ(t.cell(0, 2), "OnsetFrame");
  EXPECT_EQ(t.cell(1, 0), "1");  // number cell, integral: no ".0"
  EXPECT_EQ(t.cell(1, 2), "46");
  EXPECT_EQ(t.cell(1, 1), "EP02_01f");
  EXPECT_TRUE(t.rows[2].empty());
  EXPECT_EQ(t.cell(3, 0), "2.5");
  EXPECT_EQ(t.cell(3, 2), "/");
  EXPECT_EQ(t.cell(9, 9), "");  // outside the sheet
}

TEST(Xlsx, InlineStringsFromConstantMemoryWriter) {
  TempDir tmp;
  auto path = tmp / "inline.xlsx";
  XlsxWriteOptions o;
  o.inline_strings = true;
  write_xlsx(path, {{"Filename", "Estimated Emotion"}, {"006_1_2", "Anger"}}, o);
  // The writer really used inline strings: there is no shared-string part in the archive.
  auto listing = merlab::test::run_shell("unzip -l " + merlab::test::shell_quote(path.string()));
  if (listing.exit_code == 0) {
    EXPECT_EQ(listing.out.find("sharedStrings"), std::string::npos) << listing.out;
  }
  Table t = read_xlsx(path);
  EXPECT_EQ(t.cell(1, 0), "006_1_2");
  EXPECT_EQ(t.cell(1, 1), "Anger");
}

TEST(Xlsx, LeadingEmptyRowsKeepPositions) {
  TempDir tmp;
  auto path = tmp / "offset.xlsx";
  write_xlsx(path, {{}, {}, {"", "", "x"}});
  Table t = read_xlsx(path);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.cell(2, 2), "x");
  EXPECT_EQ(t.rows[2].size(), 3u);
}

TEST(Xlsx, NotAnArchiveIsARuntimeErrorNamingTheFile) {
  TempDir tmp;
  auto path = tmp / "fake.xlsx";
  merlab::test::write_file(path, "Subject,Filename\n1,EP02_01f\n");
  try {
    read_xlsx(path);
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("fake.xlsx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("zip"), std::string::npos) << e.what();
  }
}

TEST(Xlsx, ColumnIndex) {
  EXPECT_EQ(column_index("A"), 0u);
  EXPECT_EQ(column_index("Z"), 25u);
  EXPECT_EQ(column_index("AA"), 26u);
  EXPECT_EQ(column_index("AZ"), 51u);
  EXPECT_EQ(column_index("BA"), 52u);
  EXPECT_FALSE(column_index("").has_value());
  EXPECT_FALSE(column_index("A1").has_value());
}

TEST(Csv, QuotesSeparatorsLineEndsAndBom) {
  Table t = parse_csv("\xEF\xBB\xBFSubject,Notes\r\n1,\"a, \"\"quoted\"\"\nnote\"\r\n2,\n");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.cell(0, 0), "Subject");
  EXPECT_EQ(t.cell(1, 1), "a, \"quoted\"\nnote");
  EXPECT_EQ(t.cell(2, 0), "2");
  EXPECT_EQ(t.rows[2].size(), 2u);
  EXPECT_EQ(parse_csv("a,b").rows.size(), 1u);  // no trailing newline
}

TEST(Csv, UnterminatedQuoteIsAnError) {
  EXPECT_THROW(parse_csv("a,\"b\nc\n"), RuntimeError);
}

TEST(Table, ReadTableRejectsOtherExtensions) {
  TempDir tmp;
  merlab::test::write_file(tmp / "a.xls", "x");
  EXPECT_THROW(read_table(tmp / "a.xls"), RuntimeError);
  EXPECT_THROW(read_table(tmp / "missing.csv"), RuntimeError);
}

TEST(Table, FindHeaderBelowDescriptionRows) {
  Table t = parse_csv("SAMM codes\nsee notes,Onset Frame\n\nSubject,Filename,Onset Frame,Estimated Emotion\n6,006_1_2,5562,Anger\n");
  auto h = find_header(t, {"Subject", "Filename", "OnsetFrame", "estimated_emotion"});
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->row, 3u);
  EXPECT_EQ(h->columns.at("onsetframe"), 2u);
  EXPECT_FALSE(find_header(t, {"Subject", "Apex Frame"}).has_value());
  EXPECT_EQ(normalize_header(" Onset_Frame "), "onsetframe");
}
