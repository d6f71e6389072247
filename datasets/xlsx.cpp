// .xlsx reading: an .xlsx file is a zip archive of SpreadsheetML parts. We need three of
// them: xl/workbook.xml (+ its .rels) to find the first worksheet, xl/sharedStrings.xml for
// string cells, and the worksheet itself. Element names are matched by local name so that
// files written with a namespace prefix (<x:row>) read the same.
#include <zip.h>

#include <pugixml.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "datasets/table.h"
#include "framework/common/error.h"

namespace merlab {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

std::string where(const std::filesystem::path& path, const std::string& part) {
  return "xlsx file " + path.string() + (part.empty() ? "" : " (part " + part + ")");
}

// The archive as the reader sees it: the zip handle, the limits, and the bytes inflated so far
// (bounded together with each part, since a header may declare less than the data holds).
struct Archive {
  zip_t* z;
  const std::filesystem::path& path;
  const Limits& limits;
  std::uint64_t inflated = 0;
};

// Entry count and declared decompressed size, checked before anything is inflated: a small
// file can declare gigabytes (a zip bomb) and is refused here without reading it.
void check_archive(const Archive& a) {
  const zip_int64_t entries = zip_get_num_entries(a.z, 0);
  if (entries < 0) throw RuntimeError(where(a.path, "") + ": cannot list the archive");
  if (static_cast<std::uint64_t>(entries) > a.limits.xlsx_max_entries)
    throw RuntimeError(where(a.path, "") + ": the archive has " + std::to_string(entries) + " entries, more than " +
                       std::to_string(a.limits.xlsx_max_entries) + "; " + a.limits.describe("xlsx_max_entries"));
  std::uint64_t declared = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(a.z, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) continue;
    declared += st.size;
    if (declared > a.limits.xlsx_max_bytes)
      throw RuntimeError(where(a.path, "") + ": the archive's entries declare " + bytes_text(declared) +
                         " decompressed, more than " + bytes_text(a.limits.xlsx_max_bytes) + " (entry " +
                         std::to_string(i + 1) + (st.name ? std::string(" ") + st.name : "") + " alone declares " +
                         bytes_text(st.size) + "); " + a.limits.describe("xlsx_max_bytes"));
  }
}

// Whole entry as text, or nullopt when the archive has no such entry. The declared size is
// checked before reading and the bytes actually inflated while reading.
std::optional<std::string> read_entry(Archive& a, const std::string& name) {
  const std::uint64_t max_part = a.limits.xlsx_max_part_bytes;
  auto too_big = [&](const std::string& how) {
    return RuntimeError(where(a.path, name) + ": the part " + how + " more than " + bytes_text(max_part) + "; " +
                        a.limits.describe("xlsx_max_part_bytes"));
  };
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(a.z, name.c_str(), 0, &st) != 0) return std::nullopt;
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_part)
    throw too_big("declares " + bytes_text(st.size) + " decompressed,");
  zip_file_t* f = zip_fopen(a.z, name.c_str(), 0);
  if (!f) throw RuntimeError(where(a.path, name) + ": cannot open entry: " + zip_strerror(a.z));
  std::string data;
  if (st.valid & ZIP_STAT_SIZE) data.reserve(static_cast<std::size_t>(st.size));
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
    const auto got = static_cast<std::uint64_t>(n);
    if (data.size() + got > max_part) {
      zip_fclose(f);
      throw too_big("decompresses to");
    }
    a.inflated += got;
    if (a.inflated > a.limits.xlsx_max_bytes) {
      zip_fclose(f);
      throw RuntimeError(where(a.path, name) + ": the parts read decompress to more than " +
                         bytes_text(a.limits.xlsx_max_bytes) + "; " + a.limits.describe("xlsx_max_bytes"));
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  bool failed = n < 0;
  zip_fclose(f);
  if (failed) throw RuntimeError(where(a.path, name) + ": corrupt compressed data");
  return data;
}

// A parsed document takes about 64 bytes per element, many times the text of a terse one
// (<c/>), so elements are counted before parsing: two per cell (<c>, <v>) and one per row
// allowed by the cell and row limits, plus room for the parts' fixed structure.
void check_element_count(const std::string& text, const Archive& a, const std::string& part) {
  const std::uint64_t allowed = 2 * a.limits.sheet_max_cells + a.limits.sheet_max_rows + 4096;
  std::uint64_t elements = 0;
  for (std::size_t i = text.find('<'); i != std::string::npos; i = text.find('<', i + 1)) {
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (next != '/' && next != '?' && next != '!' && ++elements > allowed)
      throw RuntimeError(where(a.path, part) + ": the part has more than " + std::to_string(allowed) +
                         " XML elements (two per cell and one per row within the limits); " +
                         a.limits.describe("sheet_max_cells"));
  }
}

// Parses in place: `text` must outlive `doc`.
void parse_xml(pugi::xml_document& doc, std::string& text, const Archive& a, const std::string& part) {
  check_element_count(text, a, part);
  auto res = doc.load_buffer_inplace(text.data(), text.size());
  if (!res) {
    throw RuntimeError(where(a.path, part) + ": malformed XML at byte " + std::to_string(res.offset) + ": " +
                       res.description());
  }
}

const char* local_name(const pugi::xml_node& n) {
  const char* name = n.name();
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

bool is(const pugi::xml_node& n, const char* name) { return std::strcmp(local_name(n), name) == 0; }

pugi::xml_node child(const pugi::xml_node& parent, const char* name) {
  for (auto c : parent.children())
    if (is(c, name)) return c;
  return {};
}

// Attribute by local name ("r:id" and "id" in another prefix both match "id" when asked).
pugi::xml_attribute attr(const pugi::xml_node& n, const char* name) {
  for (auto a : n.attributes()) {
    const char* an = a.name();
    const char* colon = std::strrchr(an, ':');
    if (std::strcmp(colon ? colon + 1 : an, name) == 0) return a;
  }
  return {};
}

// Text of a string item: plain <t>, or the concatenation of rich-text runs <r><t>. Phonetic
// runs (<rPh>) are annotations, not content.
std::string string_item_text(const pugi::xml_node& si) {
  std::string out;
  for (auto c : si.children()) {
    if (is(c, "t")) out += c.text().get();
    else if (is(c, "r"))
      for (auto t : c.children())
        if (is(t, "t")) out += t.text().get();
  }
  return out;
}

// Numbers as people read them: integral values without a decimal point, others as stored.
std::string number_text(const std::string& v) {
  if (v.empty()) return v;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) return v;
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  return v;
}

// "B12" -> column 1 (row part ignored; rows come from <row r=>).
std::optional<std::size_t> ref_column(const char* ref) {
  std::string letters;
  for (const char* p = ref; *p && std::isalpha(static_cast<unsigned char>(*p)); ++p) letters += *p;
  return column_index(letters);
}

std::string resolve_target(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  if (target.rfind("xl/", 0) == 0) return target;
  return "xl/" + target;
}

std::string first_sheet_part(Archive& a) {
  auto wb_text = read_entry(a, "xl/workbook.xml");
  if (!wb_text) throw RuntimeError(where(a.path, "") + ": not a workbook (no xl/workbook.xml)");
  pugi::xml_document wb;
  parse_xml(wb, *wb_text, a, "xl/workbook.xml");
  pugi::xml_node sheet = child(child(wb.document_element(), "sheets"), "sheet");
  if (!sheet) throw RuntimeError(where(a.path, "xl/workbook.xml") + ": the workbook has no sheet");
  std::string rid = attr(sheet, "id").value();
  auto rels_text = read_entry(a, "xl/_rels/workbook.xml.rels");
  if (rels_text && !rid.empty()) {
    pugi::xml_document rels;
    parse_xml(rels, *rels_text, a, "xl/_rels/workbook.xml.rels");
    for (auto rel : rels.document_element().children()) {
      if (is(rel, "Relationship") && rid == rel.attribute("Id").value())
        return resolve_target(rel.attribute("Target").value());
    }
  }
  return "xl/worksheets/sheet1.xml";  // the conventional name when relationships are absent
}

}  // namespace

Table read_xlsx(const std::filesystem::path& path, const Limits& limits) {
  int err = 0;
  ZipPtr z(zip_open(path.c_str(), ZIP_RDONLY, &err));
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw RuntimeError(where(path, "") + ": cannot open as a zip archive: " + msg);
  }

  Archive archive{z.get(), path, limits};
  check_archive(archive);

  std::vector<std::string> shared;
  if (auto sst_text = read_entry(archive, "xl/sharedStrings.xml")) {
    pugi::xml_document sst;
    parse_xml(sst, *sst_text, archive, "xl/sharedStrings.xml");
    for (auto si : sst.document_element().children()) {
      if (!is(si, "si")) continue;
      if (shared.size() >= limits.sheet_max_cells)
        throw RuntimeError(where(path, "xl/sharedStrings.xml") + ": more than " +
                           std::to_string(limits.sheet_max_cells) + " strings; " + limits.describe("sheet_max_cells"));
      shared.push_back(string_item_text(si));
    }
  }

  std::string part = first_sheet_part(archive);
  auto sheet_text = read_entry(archive, part);
  if (!sheet_text) throw RuntimeError(where(path, part) + ": worksheet part missing from the archive");
  pugi::xml_document ws;
  parse_xml(ws, *sheet_text, archive, part);
  pugi::xml_node data = child(ws.document_element(), "sheetData");

  Table table;
  std::size_t next_row = 0;
  std::uint64_t cell_count = 0;
  for (auto row : data.children()) {
    if (!is(row, "row")) continue;
    std::size_t r = next_row;
    if (auto ra = row.attribute("r")) {
      long v = std::atol(ra.value());
      if (v < 1 || v > 1048576) throw RuntimeError(where(path, part) + ": bad row number '" + ra.value() + "'");
      r = static_cast<std::size_t>(v - 1);
    }
    if (r < table.rows.size()) throw RuntimeError(where(path, part) + ": row " + std::to_string(r + 1) + " appears twice or out of order");
    if (r + 1 > limits.sheet_max_rows)
      throw RuntimeError(where(path, part) + ": row " + std::to_string(r + 1) + " is beyond " +
                         std::to_string(limits.sheet_max_rows) + " rows; " + limits.describe("sheet_max_rows"));
    table.rows.resize(r + 1);
    next_row = r + 1;
    auto& cells = table.rows[r];
    std::size_t next_col = 0;
    for (auto c : row.children()) {
      if (!is(c, "c")) continue;
      std::size_t col = next_col;
      if (auto ref = c.attribute("r")) {
        auto parsed = ref_column(ref.value());
        if (!parsed) throw RuntimeError(where(path, part) + ": bad cell reference '" + ref.value() + "'");
        col = *parsed;
      }
      next_col = col + 1;
      std::string type = c.attribute("t").value();
      std::string v = child(c, "v").text().get();
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        long idx = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || idx < 0 || static_cast<std::size_t>(idx) >= shared.size()) {
          throw RuntimeError(where(path, part) + ": cell " + c.attribute("r").value() +
                             " refers to shared string '" + v + "' but the workbook has " +
                             std::to_string(shared.size()));
        }
        text = shared[static_cast<std::size_t>(idx)];
      } else if (type == "inlineStr") {
        text = string_item_text(child(c, "is"));
      } else if (type == "b") {
        text = v == "1" ? "TRUE" : "FALSE";
      } else if (type == "str" || type == "e") {
        text = v;  // formula string result, or an error such as #N/A
      } else {
        text = number_text(v);
      }
      if (cells.size() <= col) {
        // Cells are counted as stored: a cell in column ZZZ makes its row 18,278 cells long.
        cell_count += col + 1 - cells.size();
        if (cell_count > limits.sheet_max_cells)
          throw RuntimeError(where(path, part) + ": the sheet has more than " + std::to_string(limits.sheet_max_cells) +
                             " cells (at cell " + c.attribute("r").value() + ", row " + std::to_string(r + 1) +
                             "); " + limits.describe("sheet_max_cells"));
        cells.resize(col + 1);
      }
      cells[col] = std::move(text);
    }
  }
  return table;
}

}  // namespace merlab
