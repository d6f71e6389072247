#include "datasets/assemble.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <optional>
#include <cstdlib>
#include <map>
#include <set>

#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/di/frame_order.h"
#include "framework/di/image_header.h"

namespace merlab {
namespace {

enum class Parsed { ok, missing, invalid };

// Frame numbers may arrive as "46", "46.0" (numeric cells exported by some tools) or blank.
Parsed parse_frame(const std::string& raw, long& out) {
  std::string t = trim(raw);
  if (t.empty()) return Parsed::missing;
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || !std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 1e12)
    return Parsed::invalid;
  out = static_cast<long>(d);
  return Parsed::ok;
}

std::string* field_of(AnnotationRow& row, const std::string& field) {
  if (field == "onset") return &row.onset;
  if (field == "apex") return &row.apex;
  if (field == "offset") return &row.offset;
  if (field == "emotion") return &row.emotion;
  if (field == "action_units") return &row.action_units;
  return nullptr;
}

// "50-52, 70" from the missing frame numbers.
std::string ranges_text(const std::vector<std::pair<long, long>>& ranges) {
  std::vector<std::string> parts;
  for (const auto& [a, b] : ranges) parts.push_back(a == b ? std::to_string(a) : std::to_string(a) + "-" + std::to_string(b));
  return join(parts, ", ");
}

void apply_corrections(std::vector<AnnotationRow>& rows, const Corrections& corr, DatasetLoad& result) {
  for (const auto& c : corr.items) {
    bool matched = false;
    for (auto& row : rows) {
      if (make_clip_id(row) != c.clip_id) continue;
      matched = true;
      std::string* target = field_of(row, c.field);
      std::string current = trim(*target);
      if (c.was && trim(*c.was) != current) {
        result.problems.push_back({Problem::Severity::error, "correction", c.clip_id,
                                   "correction " + c.clip_id + "." + c.field + " (" + corr.file.string() + " v" +
                                       corr.version + ") expects the sheet to hold '" + *c.was + "' but it holds '" +
                                       current + "'; not applied"});
        continue;
      }
      std::string line = c.clip_id + "." + c.field + ": '" + current + "' -> '" + c.value + "' (" + c.reason + ")";
      log::info("dataset correction v{} from {}: {}", corr.version, corr.file.string(), line);
      result.corrections_applied.push_back(line);
      *target = c.value;
    }
    if (!matched) {
      result.problems.push_back({Problem::Severity::error, "correction", c.clip_id,
                                 "correction for clip '" + c.clip_id + "' in " + corr.file.string() +
                                     " matches no row of the annotation sheet"});
    }
  }
}

// A frame file cut short (an interrupted copy or download) still decodes: libjpeg fills the
// missing rows with grey and only warns. Its end marker is missing, though: JPEG ends with EOI
// (FF D9), PNG with the IEND chunk. Some writers append a few bytes after it, so the tail is
// searched rather than only its last bytes. The format is that of the content (its signature),
// not of the name. Empty when complete or of another format.
std::string truncation_of(const std::filesystem::path& path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {0, 0, 0, 0};
  if (!in.read(magic, 4)) return size < 4 ? "" : "cannot be read";
  const bool jpeg = static_cast<unsigned char>(magic[0]) == 0xFF && static_cast<unsigned char>(magic[1]) == 0xD8;
  const bool png = static_cast<unsigned char>(magic[0]) == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G';
  if (!jpeg && !png) return "";
  const std::uintmax_t tail = std::min<std::uintmax_t>(size, 1024);
  in.seekg(static_cast<std::streamoff>(size - tail));
  std::string bytes(tail, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(tail))) return "cannot be read";
  if (jpeg) return bytes.find("\xFF\xD9") == std::string::npos ? "truncated JPEG (no end-of-image marker)" : "";
  return bytes.find("IEND") == std::string::npos ? "truncated PNG (no IEND chunk)" : "";
}

}  // namespace

std::string make_clip_id(const AnnotationRow& row) { return row.subject + "/" + row.clip_name; }

bool parse_frame_number(const std::string& cell, long& out) { return parse_frame(cell, out) == Parsed::ok; }

void assemble_clips(std::vector<AnnotationRow> rows, const AssembleOptions& opt, DatasetLoad& result) {
  result.sheet_rows = rows.size();
  if (opt.corrections) apply_corrections(rows, *opt.corrections, result);

  std::map<std::string, std::size_t> first_row_of;
  for (const auto& row : rows) {
    const std::string id = make_clip_id(row);
    const std::string at = "clip " + id + " (sheet row " + std::to_string(row.sheet_row) + ")";
    bool dropped = false;
    auto report = [&](Problem::Severity s, const std::string& kind, const std::string& msg) {
      result.problems.push_back({s, kind, id, msg});
    };
    auto drop = [&](const std::string& reason) {
      if (!dropped) ++result.dropped_by_reason[reason];
      dropped = true;
    };

    if (trim(row.subject).empty() || trim(row.clip_name).empty()) {
      report(Problem::Severity::error, "bad_row",
             "sheet row " + std::to_string(row.sheet_row) + ": empty " +
                 (trim(row.subject).empty() ? "subject" : "file name") + " cell");
      drop("bad row");
      continue;
    }
    auto [it, inserted] = first_row_of.emplace(id, row.sheet_row);
    if (!inserted) {
      report(Problem::Severity::error, "duplicate_clip",
             "clip id " + id + " appears on sheet rows " + std::to_string(it->second) + " and " +
                 std::to_string(row.sheet_row) + "; row " + std::to_string(row.sheet_row) + " ignored");
      drop("duplicate clip id");
      continue;
    }

    long onset = 0, offset = 0, apex_v = 0;
    Parsed po = parse_frame(row.onset, onset), pf = parse_frame(row.offset, offset);
    for (auto [p, name, text] : {std::tuple{po, "onset", row.onset}, std::tuple{pf, "offset", row.offset}}) {
      if (p != Parsed::ok) {
        report(Problem::Severity::error, "bad_row",
               at + ": " + name + " frame '" + text + "' is " + (p == Parsed::missing ? "missing" : "not a frame number"));
        drop("bad row");
      }
    }
    std::optional<long> apex;
    std::string apex_text = trim(row.apex);
    Parsed pa = parse_frame(apex_text, apex_v);
    if (pa == Parsed::ok && apex_v >= 0) {
      apex = apex_v;
    } else if (pa == Parsed::invalid && apex_text != "/" && apex_text != "-") {
      report(Problem::Severity::error, "bad_row", at + ": apex frame '" + apex_text + "' is not a frame number");
      drop("bad row");
    } else {
      report(Problem::Severity::warning, "missing_apex",
             at + ": no apex frame (sheet has '" + apex_text + "'); the clip is kept without an apex");
    }

    const int label = opt.protocol.classify(row.emotion);
    if (label == Protocol::kUnknown) {
      report(Problem::Severity::error, "unknown_label",
             at + ": unknown emotion '" + row.emotion + "' (" + opt.dataset + " labels: " +
                 join(opt.protocol.known_labels, ", ") + ")");
      drop("unknown label");
    }

    const std::filesystem::path folder =
        opt.frames_root / (row.folder.empty() ? std::filesystem::path(row.subject) / row.clip_name : row.folder);
    std::error_code ec;
    std::vector<FrameFile> frames;
    if (!std::filesystem::is_directory(folder, ec)) {
      report(Problem::Severity::error, "missing_folder", at + ": frame folder " + folder.string() + " not found");
      drop("missing folder");
    } else {
      try {
        frames = list_frames(folder);
        if (frames.empty()) {
          report(Problem::Severity::error, "missing_frames", at + ": folder " + folder.string() + " holds no frame images");
          drop("missing frames");
        }
      } catch (const std::exception& e) {
        report(Problem::Severity::error, "missing_frames", at + ": " + e.what());
        drop("missing frames");
      }
    }

    if (po == Parsed::ok && pf == Parsed::ok) {
      if (onset > offset) {
        report(Problem::Severity::error, "phase_order",
               at + ": onset " + std::to_string(onset) + " is after offset " + std::to_string(offset));
        drop("phase order");
      } else if (apex && (*apex < onset || *apex > offset)) {
        // Kept: the DI options decide what such a clip becomes (di.apex_outside: clamp by
        // default, or error | skip_clip | treat_as_missing), so the policy can actually apply.
        report(Problem::Severity::warning, "apex_outside",
               at + ": apex " + std::to_string(*apex) + " is outside onset..offset " + std::to_string(onset) + ".." +
                   std::to_string(offset) + " (handled by di.apex_outside)");
      }
      if (!frames.empty()) {
        const long first = frames.front().number, last = frames.back().number;
        std::vector<std::string> outside;
        if (onset < first || onset > last) outside.push_back("onset " + std::to_string(onset));
        if (apex && (*apex < first || *apex > last)) outside.push_back("apex " + std::to_string(*apex));
        if (offset < first || offset > last) outside.push_back("offset " + std::to_string(offset));
        if (!outside.empty()) {
          report(Problem::Severity::error, "phase_outside",
                 at + ": " + join(outside, ", ") + " outside the frames present (" + std::to_string(first) + ".." +
                     std::to_string(last) + ")");
          drop("outside frames");
        }
        std::vector<std::pair<long, long>> inside_gaps, outside_gaps;
        for (std::size_t i = 1; i < frames.size(); ++i) {
          long a = frames[i - 1].number + 1, b = frames[i].number - 1;
          if (a > b) continue;
          (b >= onset && a <= offset ? inside_gaps : outside_gaps).push_back({a, b});
        }
        if (!inside_gaps.empty())
          report(Problem::Severity::error, "frame_gap",
                 at + ": frames " + ranges_text(inside_gaps) + " missing inside onset..offset");
        if (!outside_gaps.empty())
          report(Problem::Severity::warning, "frame_gap",
                 at + ": frames " + ranges_text(outside_gaps) + " missing outside onset..offset");
      }
    }

    // Every frame fault is a problem of its clip here, so that `mer datasets check` finds it and
    // a run skips (or, with di.clip_errors: error, refuses) the clip instead of failing later.
    std::vector<std::string> unreadable;
    std::optional<cv::Size> clip_size;
    std::string first_frame, odd_size;
    std::string too_large;  // the first frame whose header is beyond the limits, and why
    std::size_t too_large_count = 0;
    for (const auto& f : frames) {
      auto size = std::filesystem::file_size(f.path, ec);
      std::string why = ec ? "cannot be read" : size == 0 ? "empty" : "";
      if (why.empty() && opt.verify_images) {
        cv::Mat img;
        try {
          img = imread_bounded(f.path, cv::IMREAD_COLOR, opt.limits);
        } catch (const RuntimeError& e) {
          if (too_large_count++ == 0) too_large = e.what();
          continue;
        }
        if (img.empty()) {
          why = "does not decode";
        } else if (!clip_size) {
          clip_size = img.size();
          first_frame = f.path.filename().string();
        } else if (img.size() != *clip_size && odd_size.empty()) {
          odd_size = f.path.filename().string() + " is " + std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                     ", " + first_frame + " " + std::to_string(clip_size->width) + "x" + std::to_string(clip_size->height);
        }
      }
      if (why.empty()) why = truncation_of(f.path, size);  // after the header check: too large wins
      if (!why.empty()) unreadable.push_back(f.path.filename().string() + " (" + why + ")");
    }
    if (!odd_size.empty()) {
      report(Problem::Severity::error, "frame_size", at + ": frames of different sizes: " + odd_size);
      drop("frames of different sizes");
    }
    if (too_large_count > 0) {
      report(Problem::Severity::error, "image_too_large",
             at + ": " + std::to_string(too_large_count) + " frame file(s) beyond the image limits, first: " + too_large);
      drop("image too large");
    }
    if (!unreadable.empty()) {
      std::vector<std::string> shown(unreadable.begin(), unreadable.begin() + std::min<std::size_t>(unreadable.size(), 5));
      report(Problem::Severity::error, "unreadable_image",
             at + ": " + std::to_string(unreadable.size()) + " unreadable frame file(s): " + join(shown, ", ") +
                 (unreadable.size() > shown.size() ? ", ..." : ""));
      drop("unreadable image");
    }

    if (dropped) continue;
    if (label == Protocol::kDropped) {
      ++result.dropped_by_reason["not in protocol: " + normalize_label(row.emotion)];
      continue;
    }
    Clip clip;
    clip.dataset = opt.dataset;
    clip.subject = row.subject;
    clip.clip_id = id;
    clip.folder = folder;
    clip.frames = std::move(frames);
    clip.onset = onset;
    clip.apex = apex;
    clip.apex_source = apex ? row.apex_source : "none";
    clip.offset = offset;
    clip.emotion = trim(row.emotion);
    clip.action_units = trim(row.action_units);
    clip.label = label;
    result.clips.push_back(std::move(clip));
  }
  if (result.clips.empty()) {
    result.problems.push_back({Problem::Severity::error, "no_clips", "",
                               "no usable clip: the sheet has " + std::to_string(result.sheet_rows) +
                                   " data row(s) below its header" +
                                   (result.sheet_rows == 0 ? "" : ", every one dropped (see the problems above)")});
  }
}

std::vector<AnnotationRow> rows_from_table(const Table& table, const SheetColumns& cols,
                                           std::string (*subject_folder)(const std::string&),
                                           const std::string& sheet_name) {
  std::vector<std::string> required = {cols.subject, cols.filename, cols.onset, cols.apex, cols.offset, cols.emotion};
  auto header = find_header(table, required);
  if (!header) {
    throw RuntimeError("annotation sheet " + sheet_name + ": no header row with the columns " + join(required, ", ") +
                       " (" + std::to_string(table.rows.size()) + " rows read)");
  }
  auto col = [&](const std::string& name) -> std::optional<std::size_t> {
    auto it = header->columns.find(normalize_header(name));
    if (it == header->columns.end()) return std::nullopt;
    return it->second;
  };
  auto c_subject = *col(cols.subject), c_file = *col(cols.filename), c_on = *col(cols.onset),
       c_apex = *col(cols.apex), c_off = *col(cols.offset), c_emo = *col(cols.emotion);
  auto c_au = col(cols.action_units);
  std::vector<AnnotationRow> rows;
  for (std::size_t r = header->row + 1; r < table.rows.size(); ++r) {
    bool blank = true;
    for (const auto& v : table.rows[r]) blank = blank && trim(v).empty();
    if (blank) continue;  // trailing or spacer rows carry no clip
    AnnotationRow row;
    row.sheet_row = r + 1;
    std::string subject = trim(table.cell(r, c_subject));
    row.subject = subject.empty() ? "" : subject_folder(subject);
    row.clip_name = trim(table.cell(r, c_file));
    row.onset = table.cell(r, c_on);
    row.apex = table.cell(r, c_apex);
    row.offset = table.cell(r, c_off);
    row.emotion = table.cell(r, c_emo);
    if (c_au) row.action_units = table.cell(r, *c_au);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace merlab
