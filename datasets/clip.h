// One annotated micro-expression clip, as every dataset adapter yields it.
// Frame numbers are those of the dataset's file names (CASME-II img46.jpg -> 46).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "framework/di/frame_order.h"

namespace merlab {

struct Clip {
  std::string dataset;                // "casme2", "samm", ...
  std::string subject;                // "sub01", "006"
  std::string clip_id;                // unique within the dataset, e.g. "sub01/EP02_01f"
  std::filesystem::path folder;       // the clip's frame folder
  std::vector<FrameFile> frames;      // every frame in the folder, ordered by frame number
  long onset = 0;                     // frame numbers from the annotation (after corrections)
  std::optional<long> apex;           // missing when the sheet has '/' or nothing
  // Where the apex comes from: "sheet", the adapter's documented policy when the dataset
  // annotates none (SMIC: "midpoint" of onset..offset, dataset.apex_policy), or "none".
  std::string apex_source = "sheet";
  long offset = 0;
  std::string emotion;                // raw label from the sheet
  std::string action_units;           // raw AU string from the sheet
  int label = -1;                     // class index under the chosen protocol
};

}  // namespace merlab
