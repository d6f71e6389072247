// Face commands: `mer faces align` (one clip, for inspection) and `mer faces check` (every clip
// of a dataset: face found, detector score, landmark stability). Both read the `faces:` config
// section, so the options a run would use are the ones inspected.
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include <iostream>

#include "datasets/dataset.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/config/config.h"
#include "framework/faces/align_clip.h"
#include "framework/faces/face_stage.h"

namespace merlab::cli {
namespace {

FacesOptions faces_from(const std::vector<std::string>& overrides, config::Composed* composed_out = nullptr) {
  config::ComposeOptions o;
  o.overrides = overrides;
  config::Composed composed = config::compose(o);
  FacesOptions f = FacesOptions::from_config(composed.node["faces"]);
  if (composed_out) *composed_out = composed;
  return f;
}

std::string stability_text(const ClipFaceReport& r) {
  return r.stability < 0 ? std::string("n/a") : fmt::format("{:.3f}", r.stability);
}

int run_faces_align(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("out", po::value<std::string>(), "output folder for the aligned frames and landmarks.png (required)")(
      "onset", po::value<long>(), "frame number of the onset (the reference frame); default: the first frame");
  auto parsed = parse_args("faces align",
                           "mer faces align CLIP_DIR --out DIR [--onset N] [faces.KEY=VALUE ...]\n"
                           "Aligns the frames of one clip folder with the faces options (experiments/conf/faces/\n"
                           "default.yaml; override any with faces.KEY=VALUE) and writes the aligned frames as PNG\n"
                           "plus landmarks.png: the reference frame with the 68 points, the detector box and the\n"
                           "crop. Exit 0 when aligned, 1 when the clip has a face problem (printed).",
                           args, opts);
  if (parsed.help) return 0;
  if (parsed.positional.empty()) throw UsageError("mer faces align: CLIP_DIR is required (see 'mer faces align --help')");
  if (!parsed.vm.count("out")) throw UsageError("mer faces align: --out DIR is required");
  const std::filesystem::path clip_dir = parsed.positional[0];
  std::vector<std::string> overrides(parsed.positional.begin() + 1, parsed.positional.end());
  FacesOptions f = faces_from(overrides);
  std::error_code ec;
  if (!std::filesystem::is_directory(clip_dir, ec)) throw UsageError("mer faces align: folder " + clip_dir.string() + " not found");
  auto frames = list_frames(clip_dir);
  if (frames.empty()) throw UsageError("mer faces align: no frame images in " + clip_dir.string());
  const long onset = parsed.vm.count("onset") ? parsed.vm["onset"].as<long>() : frames.front().number;

  auto provider = make_provider(f, clip_dir);
  ClipFaces faces = plan_clip_alignment(frames, onset, f, *provider);
  const auto& r = faces.report;
  const std::filesystem::path out = parsed.vm["out"].as<std::string>();
  std::filesystem::create_directories(out);
  std::size_t ref = 0;
  while (ref + 1 < frames.size() && frames[ref].number < r.reference_frame) ++ref;
  cv::Mat reference = cv::imread(frames[ref].path.string(), cv::IMREAD_COLOR);
  if (!reference.empty()) cv::imwrite((out / "landmarks.png").string(), draw_landmarks(reference, faces, f));
  std::cout << "clip " << clip_dir.string() << ": " << frames.size() << " frames, reference frame " << r.reference_frame
            << "\n  faces found " << r.faces << ", detector score " << fmt::format("{:.3f}", r.score)
            << ", inter-ocular " << fmt::format("{:.1f}", r.inter_ocular) << " px, stability " << stability_text(r)
            << " (eye-centre motion in inter-ocular distances)\n";
  if (!r.problem.empty()) std::cout << "  problem [" << r.problem << "] " << r.message << "\n";
  if (!r.usable) {
    std::cout << "  not aligned; " << (out / "landmarks.png").string() << " shows what was found\n";
    return 1;
  }
  auto written = write_aligned_frames(frames, faces, f, out);
  std::cout << "  method " << r.method << ": " << written.size() << " aligned frames of " << f.side << "x" << f.side
            << " px in " << out.string() << ", inspection image " << (out / "landmarks.png").string() << "\n";
  return 0;
}

int run_faces_check(const std::vector<std::string>& args) {
  po::options_description opts("options");
  auto parsed = parse_args("faces check",
                           "mer faces check dataset=NAME dataset.root=PATH [faces.KEY=VALUE ...]\n"
                           "Runs the face stage over every clip of the dataset (building or reusing the aligned\n"
                           "cache, as a run with dataset.frames=aligned would) and prints, per clip, the faces\n"
                           "found, the detector score, the landmark stability and any problem. Exit 0 when no\n"
                           "clip has an error (faces.on_problem=error makes every face problem one), else 1.",
                           args, opts);
  if (parsed.help) return 0;
  config::Composed composed;
  FacesOptions f = faces_from(parsed.positional, &composed);
  YAML::Node ds = config::clone(composed.node["dataset"]);
  if (!ds || !ds.IsMap()) throw ConfigError("no dataset selected: add dataset=casme2|samm|smic|mmew|casme3|4dme|megc2019|composite|synthetic");
  ds["frames"] = "aligned";
  DatasetLoad load = load_dataset(ds, limits_from_config(composed.node["limits"]));
  const std::size_t problems_before = load.problems.size();
  FaceStageResult result = apply_face_stage(load, f);
  std::cout << fmt::format("{:<28} {:>5} {:>7} {:>9} {:<15} {}\n", "clip", "faces", "score", "stability", "method",
                           "problem");
  for (const auto& c : result.clips) {
    const auto& r = c.report;
    std::cout << fmt::format("{:<28} {:>5} {:>7.3f} {:>9} {:<15} {}\n", c.clip_id, r.faces, r.score, stability_text(r),
                             r.usable ? r.method : "-", r.problem.empty() ? "" : "[" + r.problem + "] " + r.message);
  }
  std::size_t errors = 0;
  for (std::size_t i = problems_before; i < load.problems.size(); ++i) errors += load.problems[i].is_error();
  std::cout << fmt::format("\n{} clips: {} aligned ({} from the cache), {} box fallbacks, {} dropped, {} errors\n",
                           result.clips.size(), result.clips.size() - static_cast<std::size_t>(result.dropped),
                           result.reused, result.fallbacks, result.dropped, errors);
  return load.has_errors() ? 1 : 0;
}

}  // namespace

void add_faces_commands(CommandTable& table) {
  table.add({"faces align", "align the faces of one clip folder and write them with an inspection image", run_faces_align});
  table.add({"faces check", "per clip of a dataset: face found, detector score, landmark stability", run_faces_check});
}

}  // namespace merlab::cli
