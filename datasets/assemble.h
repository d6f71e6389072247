// The part shared by every adapter: from annotation rows (as text) to validated clips.
// Adapters only know their sheet's column names and their folder layout.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "datasets/corrections.h"
#include "datasets/dataset.h"
#include "datasets/protocol.h"
#include "datasets/table.h"

namespace merlab {

struct AnnotationRow {
  std::size_t sheet_row = 0;  // 1-based, as a spreadsheet shows it
  std::string subject;        // folder name: "sub01", "006"
  std::string clip_name;      // folder name: "EP02_01f", "006_1_2"
  std::string onset, apex, offset;  // as text; apex may be "/", "" or "-1"
  std::string emotion;
  std::string action_units;
  // Clip folder relative to the frames root; empty means <subject>/<clip_name>. Layouts that
  // group clips otherwise (MMEW by emotion, CAS(ME)^3 one level deeper) set it.
  std::filesystem::path folder;
  std::string apex_source = "sheet";  // Clip::apex_source
};

struct AssembleOptions {
  std::string dataset;                    // Clip::dataset and the family for messages
  std::filesystem::path frames_root;      // <root>/CASME2_RAW_selected
  Protocol protocol;
  std::optional<Corrections> corrections;
  bool verify_images = false;             // decode every frame (slow) instead of checking sizes
  Limits limits;                          // image_max_side for the decoded frames
};

// Clip id used everywhere (corrections, logs, problems): "<subject>/<clip_name>".
std::string make_clip_id(const AnnotationRow& row);

// A frame-number cell as the sheets write it ("46", "46.0"); false when blank or not a whole
// number (assemble_clips reports such cells).
bool parse_frame_number(const std::string& cell, long& out);

// Fills result.clips, problems, dropped_by_reason, corrections_applied and sheet_rows.
void assemble_clips(std::vector<AnnotationRow> rows, const AssembleOptions& options, DatasetLoad& result);

// Reads the sheet and maps its columns to AnnotationRows. `columns` lists the header names
// for subject, filename, onset, apex, offset, emotion, action units (the last may be absent
// from the sheet). `subject_folder` turns the Subject cell into a folder name.
struct SheetColumns {
  std::string subject, filename, onset, apex, offset, emotion, action_units;
};
std::vector<AnnotationRow> rows_from_table(const Table& table, const SheetColumns& columns,
                                           std::string (*subject_folder)(const std::string&),
                                           const std::string& sheet_name);

}  // namespace merlab
