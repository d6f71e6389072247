// Resource limits of the file readers: annotation sheets (.xlsx, .csv), predictions CSVs and
// image files. Inputs come from outside (a downloaded dataset, a colleague's predictions), so
// every reader refuses a file that would take more memory or time than these bounds allow,
// with a message naming the file, the limit and the option that raises it, instead of being
// killed by the system or surfacing a library's allocation error.
//
// The defaults are far above any real micro-expression dataset (the CASME-II sheet has about
// 5,000 cells in 30 KB; frames are at most a few thousand pixels wide) and keep the worst case
// of each reader to a few hundred MB. They are read from the `limits:` config section by
// commands that compose a config, and from command-line flags by the standalone commands
// (`mer eval-preds --max-line-bytes`, `mer di --max-image-side`, ...). A limit cannot change
// the result of a run that succeeds, so the section is not part of a run's identity.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>

namespace merlab {

struct Limits {
  // .xlsx annotation sheets (a zip archive of XML parts).
  std::uint64_t xlsx_max_bytes = 256ull << 20;      // decompressed size of all entries together
  std::uint64_t xlsx_max_entries = 10000;           // entries in the archive
  std::uint64_t xlsx_max_part_bytes = 64ull << 20;  // each XML part read (workbook, strings, sheet)
  // Both sheet formats.
  std::uint64_t sheet_max_cells = 1000000;  // cells of the sheet (and strings of the string table)
  std::uint64_t sheet_max_rows = 1048576;   // rows of the sheet (a spreadsheet's own maximum)
  // CSV files: annotation sheets and `mer eval-preds` predictions.
  std::uint64_t csv_max_file_bytes = 1ull << 30;  // file size
  std::uint64_t csv_max_line_bytes = 1ull << 20;  // one line (one record)
  // Image files: frames, cached dynamic images, `mer models predict` inputs, `mer di --size`.
  std::uint64_t image_max_side = 16384;  // width or height in pixels, from the file's header
  // `mer eval-preds` without --classes: integer labels are indices below this count.
  std::uint64_t max_classes = 1000;

  // How a message tells the user to raise a limit: the config key (limits.csv_max_line_bytes=N)
  // or the command-line flag (--max-line-bytes N) of the command that read it.
  enum class Source { config, command_line };
  Source source = Source::config;

  // "limit limits.csv_max_line_bytes = 1048576 bytes; raise it with limits.csv_max_line_bytes=N"
  // (or "... with --max-line-bytes N"). `key` is a field name above.
  std::string describe(const std::string& key) const;
};

// The value of a field by name (one of the keys above); std::out_of_range for others.
std::uint64_t limit_value(const Limits& limits, const std::string& key);

// The `limits:` section of a composed config (a null node gives the defaults). Unknown keys
// and values that are not positive integers are ConfigErrors naming the key.
Limits limits_from_config(const YAML::Node& limits_node, const std::string& where = "limits");

// Byte counts for messages: "1048576 bytes (1 MiB)", "4000000000 bytes (3.7 GiB)".
std::string bytes_text(std::uint64_t bytes);

}  // namespace merlab
