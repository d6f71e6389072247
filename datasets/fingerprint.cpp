#include "datasets/fingerprint.h"

#include <filesystem>
#include <system_error>

#include "framework/common/hash.h"

namespace merlab {

std::string dataset_fingerprint(const DatasetLoad& d) {
  Hasher h;
  h.add(std::string_view("merlab-dataset-fingerprint-v1")).add(d.name).add(d.protocol);
  h.add(static_cast<std::int64_t>(d.class_names.size()));
  for (const auto& c : d.class_names) h.add(c);
  h.add(static_cast<std::int64_t>(d.clips.size()));
  for (const auto& clip : d.clips) {
    h.add(clip.clip_id).add(clip.subject).add(clip.emotion).add(clip.action_units);
    h.add(static_cast<std::int64_t>(clip.label)).add(static_cast<std::int64_t>(clip.onset));
    h.add(static_cast<std::int64_t>(clip.apex ? *clip.apex : -1)).add(static_cast<std::int64_t>(clip.offset));
    // Only a derived apex adds to the hash, so that fingerprints of sheet-annotated datasets
    // stay those of earlier builds.
    if (clip.apex_source != "sheet" && clip.apex) h.add(clip.apex_source);
    h.add(static_cast<std::int64_t>(clip.frames.size()));
    for (const auto& f : clip.frames) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(f.path, ec);
      h.add(f.path.filename().string()).add(static_cast<std::int64_t>(ec ? -1 : static_cast<std::int64_t>(size)));
    }
  }
  return h.hex();
}

}  // namespace merlab
