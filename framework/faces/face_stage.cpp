#include "framework/faces/face_stage.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "framework/common/error.h"
#include "framework/common/hash.h"
#include "framework/common/log.h"
#include "framework/common/progress_line.h"

namespace merlab {
namespace fs = std::filesystem;
namespace {

YAML::Node report_to_yaml(const std::string& clip_id, const ClipFaceReport& r) {
  YAML::Node n;
  n["format"] = "merlab-faces/1";
  n["clip"] = clip_id;
  n["usable"] = r.usable;
  n["faces"] = r.faces;
  n["score"] = r.score;
  n["reference_frame"] = r.reference_frame;
  n["inter_ocular"] = r.inter_ocular;
  n["stability"] = r.stability;
  n["method"] = r.method;
  n["problem"] = r.problem;
  n["message"] = r.message;
  n["box"].push_back(r.box.x), n["box"].push_back(r.box.y), n["box"].push_back(r.box.width),
      n["box"].push_back(r.box.height);
  if (r.landmarks) {
    for (const auto& p : *r.landmarks) {
      YAML::Node q;
      q.push_back(p.x), q.push_back(p.y);
      q.SetStyle(YAML::EmitterStyle::Flow);
      n["landmarks"].push_back(q);
    }
  }
  n["box"].SetStyle(YAML::EmitterStyle::Flow);
  return n;
}

ClipFaceReport report_from_yaml(const YAML::Node& n) {
  ClipFaceReport r;
  r.usable = n["usable"].as<bool>();
  r.faces = n["faces"].as<int>();
  r.score = n["score"].as<double>();
  r.reference_frame = n["reference_frame"].as<long>();
  r.inter_ocular = n["inter_ocular"].as<double>();
  r.stability = n["stability"].as<double>();
  r.method = n["method"].as<std::string>();
  r.problem = n["problem"].as<std::string>();
  r.message = n["message"].as<std::string>();
  auto b = n["box"];
  r.box = cv::Rect2d(b[0].as<double>(), b[1].as<double>(), b[2].as<double>(), b[3].as<double>());
  if (n["landmarks"] && n["landmarks"].size() == 68) {
    Landmarks68 l;
    for (std::size_t i = 0; i < 68; ++i) l[i] = cv::Point2f(n["landmarks"][i][0].as<float>(), n["landmarks"][i][1].as<float>());
    r.landmarks = l;
  }
  return r;
}

// A finished entry: its verdict and, when usable, its frames (as many as the source has).
bool read_entry(const fs::path& dir, std::size_t source_frames, ClipFaceReport& report, std::vector<FrameFile>& frames) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "face.yaml", ec)) return false;
  try {
    report = report_from_yaml(YAML::LoadFile((dir / "face.yaml").string()));
    frames.clear();
    if (report.usable) {
      frames = list_frames(dir);
      if (frames.size() != source_frames) return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;  // damaged entry: rebuilt
  }
}

struct ClipWork {
  ClipFaceReport report;
  std::vector<FrameFile> frames;
  bool reused = false;
  std::string error;  // an exception while aligning (e.g. an unreadable sidecar)
};

ClipWork align_one(const Clip& clip, const FacesOptions& o, std::unique_ptr<FaceProvider>& dlib_provider) {
  ClipWork w;
  const std::string key = face_cache_key(clip, o);
  const fs::path dir = fs::path(o.cache_dir) / key.substr(0, 2) / key;
  if (read_entry(dir, clip.frames.size(), w.report, w.frames)) {
    w.reused = true;
    return w;
  }
  std::unique_ptr<FaceProvider> sidecar;
  FaceProvider* provider = nullptr;
  if (o.landmarks == LandmarkSource::sidecar) {
    sidecar = make_sidecar_provider(clip.folder / o.sidecar);
    provider = sidecar.get();
  } else {
    if (!dlib_provider) dlib_provider = make_dlib_provider(o);
    provider = dlib_provider.get();
  }
  ClipFaces faces = plan_clip_alignment(clip.frames, clip.onset, o, *provider);
  static std::atomic<long> serial{0};
  const fs::path tmp = dir.parent_path() / ("." + key + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp);
  try {
    if (faces.report.usable) write_aligned_frames(clip.frames, faces, o, tmp);
    std::ofstream(tmp / "face.yaml") << YAML::Dump(report_to_yaml(clip.clip_id, faces.report)) << "\n";
    fs::rename(tmp, dir, ec);
    if (ec) fs::remove_all(tmp, ec);  // another process finished the same entry first: use theirs
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  if (!read_entry(dir, clip.frames.size(), w.report, w.frames))
    throw RuntimeError("aligned copy of " + clip.clip_id + " in " + dir.string() + " cannot be read back");
  return w;
}

}  // namespace

std::string face_cache_key(const Clip& clip, const FacesOptions& o) {
  Hasher h;
  h.add(std::string_view(kFacesCacheVersion));
  h.add(std::string_view(o.pixel_key()));
  if (o.landmarks == LandmarkSource::sidecar) {
    h.add_file_identity(clip.folder / o.sidecar, "file");
  } else if (o.align != AlignMode::box) {
    h.add_file_identity(o.landmark_model, "file");
  }
  h.add(static_cast<std::int64_t>(clip.onset));
  h.add(static_cast<std::int64_t>(clip.frames.size()));
  for (const auto& f : clip.frames) h.add_file_identity(f.path, "file");
  return h.hex();
}

FaceStageResult apply_face_stage(DatasetLoad& load, const FacesOptions& o, bool show_progress) {
  FaceStageResult result;
  const auto start = std::chrono::steady_clock::now();
  std::vector<ClipWork> work(load.clips.size());
  unsigned threads = o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, load.clips.size())));
  // Fail early, before spawning workers, when dlib's model is missing.
  if (o.landmarks == LandmarkSource::dlib && o.align != AlignMode::box && !load.clips.empty()) make_dlib_provider(o);

  std::atomic<std::size_t> next{0};
  std::optional<ProgressLine> progress;
  if (show_progress) progress.emplace("faces: aligning " + load.name, load.clips.size(), "clips");
  auto worker = [&] {
    std::unique_ptr<FaceProvider> dlib_provider;
    for (std::size_t i; (i = next++) < load.clips.size();) {
      try {
        work[i] = align_one(load.clips[i], o, dlib_provider);
      } catch (const std::exception& e) {
        work[i].error = e.what();
      }
      if (progress) progress->advance();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  std::vector<Clip> kept;
  for (std::size_t i = 0; i < load.clips.size(); ++i) {
    Clip& clip = load.clips[i];
    ClipWork& w = work[i];
    if (!w.error.empty()) {
      w.report.problem = "landmarks_unreadable";
      w.report.message = w.error;
      w.report.usable = false;
    }
    result.clips.push_back({clip.clip_id, w.report, w.reused});
    w.reused ? ++result.reused : ++result.computed;
    const auto& r = w.report;
    if (!r.problem.empty()) {
      const bool fatal = o.on_problem == FaceProblemPolicy::error || !w.error.empty();
      std::string what = r.message;
      if (r.usable) what += "; cropped from the detector box (faces.on_problem=box)";
      else if (!fatal) what += "; clip skipped (faces.on_problem=" + std::string(to_string(o.on_problem)) + ")";
      load.problems.push_back({fatal ? Problem::Severity::error : Problem::Severity::warning, r.problem, clip.clip_id,
                               "clip " + clip.clip_id + ": " + what});
      if (r.usable) ++result.fallbacks;
    }
    if (r.usable && w.error.empty()) {
      clip.frames = w.frames;
      kept.push_back(std::move(clip));
    } else {
      ++result.dropped;
      ++load.dropped_by_reason["face: " + r.problem];
    }
  }
  // The run log names the clips (the first few; `mer faces check` lists every one).
  int unlisted = 0, problems = 0;
  for (const auto& c : result.clips) {
    if (c.report.problem.empty()) continue;
    if (++problems <= 10)
      log::warn("faces: {} [{}] {}{}", c.clip_id, c.report.problem, c.report.message,
                c.report.usable ? " (cropped from the detector box)" : "");
    else ++unlisted;
  }
  if (unlisted) log::warn("faces: ... and {} more clips with face problems (mer faces check lists them)", unlisted);
  load.clips = std::move(kept);
  load.frames = "aligned";
  load.faces_applied = true;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress)
    progress->finish(fmt::format("{} computed, {} from the cache, {} dropped, {} box fallbacks", result.computed,
                                result.reused, result.dropped, result.fallbacks));
  return result;
}

namespace {
bool is_face_problem(const std::string& kind) {
  return kind == "no_face" || kind == "several_faces" || kind == "landmark_jump" || kind == "landmarks_unreadable" ||
         kind == "unreadable_image";
}
}  // namespace

void require_no_face_errors(const DatasetLoad& load) {
  if (!load.faces_applied) return;
  std::vector<std::string> lines;
  for (const auto& p : load.problems)
    if (p.is_error() && is_face_problem(p.kind) && !p.clip_id.empty()) lines.push_back(p.clip_id + " [" + p.kind + "] " + p.message);
  if (lines.empty()) return;
  std::string text;
  for (std::size_t i = 0; i < lines.size() && i < 5; ++i) text += "\n  " + lines[i];
  if (lines.size() > 5) text += "\n  ... and " + std::to_string(lines.size() - 5) + " more";
  throw RuntimeError("dataset " + load.name + ": " + std::to_string(lines.size()) +
                     " clips cannot be aligned and the face stage is told to stop (faces.on_problem=error, or "
                     "unreadable landmarks); every clip: mer faces check with the same overrides" + text);
}

DatasetLoad load_run_dataset(const YAML::Node& dataset_node, const YAML::Node& faces_node, const Limits& limits) {
  DatasetLoad d = load_dataset(dataset_node, limits);
  if (d.frames == "aligned") apply_face_stage(d, FacesOptions::from_config(faces_node));
  return d;
}

}  // namespace merlab
