// SMIC (Li et al. 2013): HS (100 fps, 16 subjects with MEs), VIS and NIR (25 fps, the last 10
// subjects) as distributed: <camera>/s1/micro/negative/s1_ne_01/reg_image046205.bmp. The label
// is the emotion folder (negative, positive, surprise); the released clips are cut to the
// micro-expression, so onset and offset are the first and last frame unless a sheet gives them
// (dataset.annotation: columns Subject, Filename, Onset, Offset, as SMIC-E's annotations and
// meb's sheet have them; "material" is read as Filename). SMIC annotates no apex:
// dataset.apex_policy=midpoint (default, meb's choice) puts it at onset + (offset - onset) / 2,
// recorded per clip as Clip::apex_source; none leaves the clip without an apex (di.apex_missing).
//
// Subject ids: the folders are s1..s20, the MEGC composite writes s01..s20; clips carry the
// zero-padded id (s01/s1_ne_01) so that both spellings meet, and the folder keeps its own name.
#include <algorithm>
#include <cctype>
#include <map>

#include "datasets/adapters.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"

namespace merlab {
namespace {

// "s1" | "s01" | "1" -> "s01"; anything else unchanged.
std::string smic_subject_id_impl(const std::string& cell) {
  std::string s = trim(cell);
  std::string digits = !s.empty() && (s[0] == 's' || s[0] == 'S') ? s.substr(1) : s;
  bool ok = !digits.empty() && digits.size() <= 4;
  for (unsigned char c : digits) ok = ok && std::isdigit(c);
  if (!ok) return s;
  std::string n = std::to_string(std::stol(digits));
  return "s" + (n.size() < 2 ? "0" + n : n);
}

struct SheetTimes {
  std::string onset, offset;
  std::size_t row = 0;
  bool used = false;
};

// The optional onset/offset sheet, keyed by "<subject id>/<clip>".
std::map<std::string, SheetTimes> read_times(const std::filesystem::path& path, const Limits& limits) {
  Table table = read_table(path, limits);
  std::optional<HeaderMatch> header;
  std::string file_col;
  for (const char* name : {"Filename", "material"}) {
    header = find_header(table, {"Subject", name, "Onset", "Offset"});
    if (header) {
      file_col = name;
      break;
    }
  }
  if (!header)
    throw RuntimeError("annotation sheet " + path.string() +
                       ": no header row with the columns Subject, Filename (or material), Onset, Offset (" +
                       std::to_string(table.rows.size()) + " rows read)");
  auto at = [&](const std::string& n) { return header->columns.at(normalize_header(n)); };
  const std::size_t cs = at("Subject"), cf = at(file_col), con = at("Onset"), coff = at("Offset");
  std::map<std::string, SheetTimes> out;
  for (std::size_t r = header->row + 1; r < table.rows.size(); ++r) {
    const std::string subject = trim(table.cell(r, cs)), clip = trim(table.cell(r, cf));
    if (subject.empty() && clip.empty()) continue;
    out.emplace(smic_subject_id_impl(subject) + "/" + clip, SheetTimes{table.cell(r, con), table.cell(r, coff), r + 1});
  }
  return out;
}

}  // namespace

std::string smic_subject_id(const std::string& cell) { return smic_subject_id_impl(cell); }

const Layout& smic_layout() {
  static const Layout l{"smic", "HS", "HS_cropped", "", "smic_3class", {}, smic_subject_id_impl,
                        "HS/ (or VIS/, NIR/) with <subject>/micro/<emotion>/<clip>/ folders"};
  return l;
}

DatasetLoad load_smic(const YAML::Node& node, const Limits& limits) {
  std::vector<std::string> keys = kAdapterKeys;
  keys.insert(keys.end(), {"camera", "apex_policy"});
  check_dataset_keys(node, keys);
  const std::string camera = cfg::choice(node, "camera", "HS", {"HS", "VIS", "NIR"}, "dataset");
  const std::string apex_policy = cfg::choice(node, "apex_policy", "midpoint", {"midpoint", "none"}, "dataset");
  Layout layout = smic_layout();
  layout.raw_dir = camera;
  layout.cropped_dir = camera + "_cropped";
  AdapterSetup s = setup_adapter(node, "smic", layout, limits);

  std::map<std::string, SheetTimes> times;
  if (!s.annotation.empty()) times = read_times(s.annotation, limits);

  // The tree is the index: every <subject>/micro/<emotion>/<clip> folder is a clip, in sorted
  // order (folder listing order differs between file systems).
  std::vector<AnnotationRow> rows;
  std::error_code ec;
  const auto& root = s.options.frames_root;
  auto sorted_dirs = [&](const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
  };
  if (std::filesystem::is_directory(root, ec)) {
    for (const auto& subject_dir : sorted_dirs(root)) {
      const auto micro = subject_dir / "micro";
      if (!std::filesystem::is_directory(micro, ec)) continue;  // subjects without MEs have none
      for (const auto& emotion_dir : sorted_dirs(micro)) {
        for (const auto& clip_dir : sorted_dirs(emotion_dir)) {
          AnnotationRow row;
          row.sheet_row = rows.size() + 1;
          row.subject = smic_subject_id_impl(subject_dir.filename().string());
          row.clip_name = clip_dir.filename().string();
          row.emotion = emotion_dir.filename().string();
          row.folder = std::filesystem::relative(clip_dir, root, ec);
          const std::string id = make_clip_id(row);
          if (auto t = times.find(id); t != times.end()) {
            row.onset = t->second.onset;
            row.offset = t->second.offset;
            t->second.used = true;
          } else {
            std::vector<FrameFile> frames;
            try {
              frames = list_frames(clip_dir);
            } catch (const std::exception&) {
              // assemble_clips reports the duplicate frame numbers with the clip named
            }
            if (!frames.empty()) {
              row.onset = std::to_string(frames.front().number);
              row.offset = std::to_string(frames.back().number);
            } else {
              row.onset = row.offset = "0";  // the folder's missing_frames problem drops it
            }
            if (!times.empty())
              s.result.problems.push_back({Problem::Severity::warning, "not_in_sheet", id,
                                           "clip " + id + ": not in " + s.annotation.string() +
                                               "; onset..offset taken as its first..last frame"});
          }
          long on = 0, off = 0;
          if (apex_policy == "midpoint" && parse_frame_number(row.onset, on) && parse_frame_number(row.offset, off) &&
              on >= 0 && on <= off) {
            row.apex = std::to_string(on + (off - on) / 2);
            row.apex_source = "midpoint";
          } else {
            row.apex = "/";
          }
          rows.push_back(std::move(row));
        }
      }
    }
  }
  for (const auto& [id, t] : times)
    if (!t.used)
      s.result.problems.push_back({Problem::Severity::error, "missing_folder", id,
                                   "clip " + id + " (sheet row " + std::to_string(t.row) + " of " +
                                       s.annotation.string() + "): no folder <subject>/micro/<emotion>/" +
                                       id.substr(id.find('/') + 1) + " under " + root.string()});
  assemble_clips(std::move(rows), s.options, s.result);
  if (apex_policy == "midpoint" && !s.result.clips.empty())
    log::info("dataset smic: apex at the midpoint of onset..offset for {} clips (SMIC annotates none; "
              "dataset.apex_policy)", s.result.clips.size());
  log_load(s.result);
  return std::move(s.result);
}

}  // namespace merlab
