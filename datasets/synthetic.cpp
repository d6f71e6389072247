// Synthetic dataset generator: class programs (which AUs move and how they release), clip
// timelines, frame rendering and the output in the CASME-II, SAMM or SMIC layout.
#include "datasets/synthetic.h"

#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>

#include "datasets/landmark_sidecar.h"
#include "datasets/synthetic_face.h"
#include "datasets/xlsx_writer.h"
#include "framework/common/error.h"
#include "framework/common/log.h"
#include "framework/common/strings.h"
#include "framework/config/access.h"

namespace merlab {
namespace {

using namespace synth;

// One AU's part in an expression. The release is described separately from the onset so that
// the apex->offset phase is not the onset played backwards: `residual` is the intensity left
// at the offset and `release_len` the fraction of the release phase it takes to get there.
struct AuMove {
  int au;
  double weight;       // relative amplitude
  double delay;        // fraction of the onset phase before this AU starts
  double residual;     // intensity at the offset frame (0 = fully released)
  double release_len;  // fraction of the release phase the decay takes (small = fast)
};

struct Program {
  std::vector<AuMove> moves;
  std::string action_units;  // as coders would write it: "12+7"
};

// Class shares close to CASME-II's sheet (5 classes + the fear/sadness rows that the 5-class
// protocol drops), so imbalance behaves as on the real data. The smic layout has SMIC-HS's
// three classes (70 / 51 / 43): its negatives drawn from the disgust and repression programs.
const std::vector<std::pair<std::string, double>>& emotion_shares(const std::string& layout) {
  static const std::vector<std::pair<std::string, double>> casme2 = {
      {"happiness", 0.125}, {"disgust", 0.245}, {"repression", 0.105}, {"surprise", 0.10},
      {"others", 0.39},     {"fear", 0.01},     {"sadness", 0.025}};
  static const std::vector<std::pair<std::string, double>> smic = {
      {"happiness", 0.31}, {"disgust", 0.25}, {"repression", 0.18}, {"surprise", 0.26}};
  return layout == "smic" ? smic : casme2;
}

// The label a clip of a class program gets in the layout's sheet or folder: each layout speaks
// its dataset's vocabulary (SAMM's anger and contempt, SMIC's three classes), so a composite of
// parts meets three label sets mapped into the MEGC classes by their protocols.
std::string layout_label(const std::string& layout, const std::string& emotion) {
  if (layout == "samm") {
    static const std::map<std::string, std::string> samm = {
        {"happiness", "Happiness"}, {"disgust", "Anger"}, {"repression", "Contempt"}, {"surprise", "Surprise"},
        {"others", "Other"},        {"fear", "Fear"},     {"sadness", "Sadness"}};
    return samm.at(emotion);
  }
  if (layout == "smic") return emotion == "happiness" ? "positive" : emotion == "surprise" ? "surprise" : "negative";
  return emotion;
}

Program program_for(const std::string& emotion, cv::RNG& rng) {
  Program p;
  if (emotion == "happiness") {
    p.moves = {{AU12, 1.0, 0.0, 0.05, 0.5}, {AU7, 0.6, 0.2, 0.8, 1.0}};
  } else if (emotion == "disgust") {
    p.moves = {{AU9, 1.0, 0.0, 0.55, 1.0}, {AU4, 0.7, 0.1, 0.0, 0.45}};
  } else if (emotion == "repression") {
    p.moves = {{AU24, 1.0, 0.0, 0.65, 1.0}, {AU17, 0.8, 0.15, 0.0, 0.5}};
  } else if (emotion == "surprise") {
    p.moves = {{AU1, 1.0, 0.0, 0.5, 1.0}, {AU2, 1.0, 0.05, 0.0, 0.4}};
  } else if (emotion == "fear") {
    p.moves = {{AU1, 0.8, 0.0, 0.2, 0.7}, {AU2, 0.6, 0.0, 0.2, 0.7}, {AU4, 0.8, 0.1, 0.0, 0.6}};
  } else if (emotion == "sadness") {
    p.moves = {{AU1, 0.8, 0.0, 0.3, 0.8}, {AU4, 0.6, 0.1, 0.3, 0.8}, {AU17, 0.6, 0.1, 0.0, 0.6}};
  } else {  // others: one AU that also appears in other classes, alone, fully released
    static const int pool[] = {AU4, AU7, AU1, AU17};
    p.moves = {{pool[rng.uniform(0, 4)], 1.0, 0.0, 0.0, rng.uniform(0.5, 1.0)}};
  }
  std::vector<std::string> codes;
  for (auto& m : p.moves) {
    m.weight *= rng.uniform(0.8, 1.2);
    m.delay = std::min(0.5, m.delay + rng.uniform(0.0, 0.1));
    codes.push_back(au_code(m.au));
  }
  p.action_units = join(codes, "+");
  return p;
}

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

// Intensity of one move at frame index t.
double intensity(const AuMove& m, int t, int onset, int apex, int offset) {
  if (t <= onset) return 0.0;
  if (t <= apex) {
    double u = double(t - onset) / std::max(1, apex - onset);
    return smoothstep((u - m.delay) / (1.0 - m.delay));
  }
  double v = t >= offset ? 1.0 : double(t - apex) / std::max(1, offset - apex);
  return 1.0 - (1.0 - m.residual) * smoothstep(v / m.release_len);
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {  // splitmix64 of a combined key
  std::uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Exact class counts by largest remainder, then shuffled: every run with the same options
// gets the same labels in the same clips.
std::vector<std::string> assign_emotions(int total, cv::RNG& rng, const std::string& layout) {
  const auto& shares = emotion_shares(layout);
  std::vector<int> counts;
  std::vector<std::pair<double, std::size_t>> rem;
  int used = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    double exact = shares[i].second * total;
    counts.push_back(static_cast<int>(std::floor(exact)));
    used += counts.back();
    rem.push_back({exact - counts.back(), i});
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (int i = 0; used < total; ++i, ++used) ++counts[rem[static_cast<std::size_t>(i) % rem.size()].second];
  std::vector<std::string> out;
  for (std::size_t i = 0; i < shares.size(); ++i) out.insert(out.end(), counts[i], shares[i].first);
  for (int i = total - 1; i > 0; --i) std::swap(out[static_cast<std::size_t>(i)], out[static_cast<std::size_t>(rng.uniform(0, i + 1))]);
  return out;
}

struct ClipPlan {
  std::string folder;
  int frames = 0, first_number = 0, onset = 0, apex = 0, offset = 0;  // indices into the clip
  std::string emotion;
  Program program;
  double amplitude = 0;
  std::optional<AuMove> distractor;  // a faint uncoded movement, with its own timing
  int d_onset = 0, d_apex = 0, d_offset = 0;
};

ClipPlan plan_clip(const SynthOptions& o, int clip_index, const std::string& emotion, double subject_gain, cv::RNG& rng) {
  ClipPlan c;
  char name[32];
  std::snprintf(name, sizeof name, "EP%02d_%02d%s", clip_index + 1, rng.uniform(1, 8), rng.uniform(0.0, 1.0) < 0.3 ? "f" : "");
  c.folder = name;
  c.frames = rng.uniform(o.min_frames, o.max_frames + 1);
  c.first_number = rng.uniform(1, 300);
  int max_pad = std::clamp((c.frames - 8) / 2, 0, 3);
  c.onset = rng.uniform(0, max_pad + 1);
  c.offset = c.frames - 1 - rng.uniform(0, max_pad + 1);
  c.apex = c.onset + static_cast<int>(std::lround((c.offset - c.onset) * rng.uniform(0.3, 0.6)));
  c.apex = std::clamp(c.apex, c.onset + 1, c.offset - 1);
  c.emotion = emotion;
  c.program = program_for(emotion, rng);
  c.amplitude = o.amplitude * subject_gain * rng.uniform(0.7, 1.2);
  if (rng.uniform(0.0, 1.0) < 0.4) {
    int au = rng.uniform(0, static_cast<int>(kAuCount));
    bool in_program = std::any_of(c.program.moves.begin(), c.program.moves.end(), [&](auto& m) { return m.au == au; });
    if (!in_program) {
      c.distractor = AuMove{au, rng.uniform(0.2, 0.35), 0.0, 0.0, 1.0};
      c.d_onset = rng.uniform(0, c.frames - 2);
      c.d_offset = rng.uniform(c.d_onset + 2, c.frames + 1);
      c.d_apex = (c.d_onset + c.d_offset) / 2;
    }
  }
  return c;
}

void write_frame(const std::filesystem::path& path, const cv::Mat& img, const SynthOptions& o) {
  std::vector<int> params;
  if (o.image_format == "jpg") params = {cv::IMWRITE_JPEG_QUALITY, o.jpeg_quality};
  if (!cv::imwrite(path.string(), img, params)) throw RuntimeError("cannot write frame " + path.string());
}

// Where a subject's face sits in the frame: the face tile's side and its top-left corner, and
// the static background around it (empty without a canvas).
struct Placement {
  int side = 0;
  cv::Point offset{0, 0};
  cv::Mat background;  // CV_32FC3, canvas_height x canvas_width
};

Placement place_subject(const SynthOptions& o, std::uint64_t subject_seed) {
  Placement p;
  p.side = o.size;
  if (o.canvas_width == 0) return p;
  cv::RNG rng(subject_seed);
  p.side = std::max(16, static_cast<int>(std::lround(o.size * rng.uniform(o.face_scale_min, o.face_scale_max))));
  p.offset = {rng.uniform(0, o.canvas_width - p.side + 1), rng.uniform(0, o.canvas_height - p.side + 1)};
  // A room behind the subject: a base colour, a vertical gradient and blotchy texture.
  cv::Scalar base(rng.uniform(40, 200), rng.uniform(40, 200), rng.uniform(40, 200));
  cv::Mat small(8, 8, CV_32FC3);
  rng.fill(small, cv::RNG::NORMAL, 0.0, 18.0);
  cv::resize(small, p.background, cv::Size(o.canvas_width, o.canvas_height), 0, 0, cv::INTER_CUBIC);
  for (int y = 0; y < o.canvas_height; ++y) {
    auto* row = p.background.ptr<cv::Vec3f>(y);
    double g = 0.8 + 0.4 * y / std::max(1, o.canvas_height - 1);
    for (int x = 0; x < o.canvas_width; ++x)
      for (int ch = 0; ch < 3; ++ch) row[x][ch] = static_cast<float>(row[x][ch] + base[ch] * g);
  }
  return p;
}

// File name of frame `number` in the layout: img46.jpg, 006_05562.jpg, reg_image046205.jpg.
std::string frame_name(const SynthOptions& o, const std::string& subject, long number) {
  char buf[32];
  if (o.layout == "samm") {
    std::snprintf(buf, sizeof buf, "_%05ld.", number);
    return subject + buf + o.image_format;
  }
  if (o.layout == "smic") {
    std::snprintf(buf, sizeof buf, "reg_image%06ld.", number);
    return buf + o.image_format;
  }
  return "img" + std::to_string(number) + "." + o.image_format;
}

std::size_t render_clip(const Face& face, const Placement& place, const ClipPlan& c, const SynthOptions& o,
                        const std::string& subject, const std::filesystem::path& dir, cv::RNG& rng) {
  std::filesystem::create_directories(dir);
  const int H = face.neutral.rows;
  const int side = place.side;
  const bool canvas = !place.background.empty();
  std::map<long, SidecarPoints> points;
  cv::Mat grid(H, H, CV_32FC2);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < H; ++x) grid.at<cv::Vec2f>(y, x) = cv::Vec2f(float(x), float(y));
  const double drift = rng.uniform(-o.drift, o.drift);
  double tx = 0, ty = 0;
  cv::Mat map, warped, small, out;
  cv::Mat noise = canvas ? cv::Mat(o.canvas_height, o.canvas_width, CV_32FC3) : cv::Mat(side, side, CV_32FC3);
  for (int t = 0; t < c.frames; ++t) {
    grid.copyTo(map);
    for (const auto& m : c.program.moves) {
      double w = c.amplitude * m.weight * intensity(m, t, c.onset, c.apex, c.offset);
      if (w != 0) cv::scaleAdd(face.fields[m.au], -w, map, map);  // sample at x - d: content moves by +d
    }
    if (c.distractor) {
      double w = c.amplitude * c.distractor->weight * intensity(*c.distractor, t, c.d_onset, c.d_apex, c.d_offset) *
                 (t >= c.d_offset ? 0.0 : 1.0);
      if (w != 0) cv::scaleAdd(face.fields[c.distractor->au], -w, map, map);
    }
    tx = 0.8 * tx + rng.gaussian(o.jitter);
    ty = 0.8 * ty + rng.gaussian(o.jitter);
    cv::subtract(map, cv::Scalar(tx * face.factor, ty * face.factor), map);
    cv::remap(face.neutral, warped, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    cv::resize(warped, small, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    if (canvas) {
      cv::Mat frame = place.background.clone();
      small.copyTo(frame(cv::Rect(place.offset, cv::Size(side, side))));
      small = frame;
    }
    double gain = 1.0 + drift * t / std::max(1, c.frames - 1);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, o.noise);
    cv::Mat lit = small * gain + noise;
    lit.convertTo(out, CV_8UC3);
    const long number = c.first_number + t;
    write_frame(dir / frame_name(o, subject, number), out, o);
    if (o.landmarks) {
      // Neutral-face points moved with the head (AU motion is a few pixels at most and local).
      const double k = double(side) / H;  // supersampled -> frame pixels (area resize)
      SidecarPoints& pts = points[number];
      for (std::size_t i = 0; i < 68; ++i) {
        const auto& q = face.landmarks[i];
        pts[i] = cv::Point2f(float((q.x + 0.5) * k - 0.5 + tx + place.offset.x), float((q.y + 0.5) * k - 0.5 + ty + place.offset.y));
      }
    }
  }
  if (o.landmarks) write_landmark_sidecar(dir / "landmarks.csv", points);
  return static_cast<std::size_t>(c.frames);
}

}  // namespace

std::string synthetic_frames_dir(const std::string& layout) {
  return layout == "samm" ? "SAMM" : layout == "smic" ? "HS" : "CASME2_RAW_selected";
}

void validate(const SynthOptions& o) {
  auto bad = [](const std::string& key, const std::string& what) {
    throw ConfigError("synthetic generator option '" + key + "': " + what);
  };
  if (o.subjects < 1 || o.subjects > 999) bad("subjects", "expected 1..999");
  if (o.clips_per_subject < 1 || o.clips_per_subject > 99) bad("clips_per_subject", "expected 1..99");
  if (o.size < 32 || o.size > 1024) bad("size", "expected 32..1024 pixels");
  if (o.min_frames < 8) bad("min_frames", "expected at least 8");
  if (o.max_frames < o.min_frames || o.max_frames > 1000) bad("max_frames", "expected min_frames..1000");
  if (!(o.amplitude >= 0 && o.amplitude <= 10)) bad("amplitude", "expected 0..10 pixels");
  if (!(o.noise >= 0 && o.noise <= 50)) bad("noise", "expected 0..50");
  if (!(o.jitter >= 0 && o.jitter <= 5)) bad("jitter", "expected 0..5 pixels");
  if (!(o.drift >= 0 && o.drift <= 0.5)) bad("drift", "expected 0..0.5");
  if (o.image_format != "jpg" && o.image_format != "png") bad("image_format", "expected jpg or png");
  if (o.layout != "casme2" && o.layout != "samm" && o.layout != "smic") bad("layout", "expected casme2, samm or smic");
  if (o.jpeg_quality < 1 || o.jpeg_quality > 100) bad("jpeg_quality", "expected 1..100");
  if ((o.canvas_width == 0) != (o.canvas_height == 0)) bad("canvas_width", "set canvas_width and canvas_height together (0 = no canvas)");
  if (o.canvas_width < 0 || o.canvas_width > 4096 || o.canvas_height < 0 || o.canvas_height > 4096)
    bad("canvas_width", "expected 0..4096 pixels");
  if (!(o.face_scale_min >= 0.2 && o.face_scale_min <= o.face_scale_max && o.face_scale_max <= 4))
    bad("face_scale_min", "expected 0.2 <= face_scale_min <= face_scale_max <= 4");
  if (o.canvas_width > 0 && (std::lround(o.size * o.face_scale_max) > o.canvas_width || std::lround(o.size * o.face_scale_max) > o.canvas_height))
    bad("canvas_width", "the canvas must hold the largest face: size x face_scale_max = " +
                            std::to_string(std::lround(o.size * o.face_scale_max)) + " px");
}

SynthSummary generate_synthetic(const SynthOptions& o, const std::filesystem::path& out) {
  validate(o);
  std::error_code ec;
  if (std::filesystem::exists(out, ec) && !std::filesystem::is_empty(out, ec))
    throw RuntimeError("synthetic output folder " + out.string() + " exists and is not empty");
  // Written next to the target and renamed at the end, so an interrupted run never leaves a
  // half-written dataset that a later load would take for a complete one.
  std::filesystem::path parent = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(parent);
  std::filesystem::path tmp = parent / ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp, ec);
  const std::string frames_dir = synthetic_frames_dir(o.layout);
  std::filesystem::create_directories(tmp / frames_dir);

  const int factor = 2;  // supersampling of the warped face: sub-pixel motion survives the area downsampling
  const int total = o.subjects * o.clips_per_subject;
  cv::RNG label_rng(mix(o.seed, 0xC1A55));
  std::vector<std::string> emotions = assign_emotions(total, label_rng, o.layout);

  std::vector<std::vector<std::string>> sheet;
  if (o.layout == "samm")  // SAMM's sheet opens with description rows above its header
    sheet = {{"SAMM Micro-Movement FACS Codes (synthetic)"}, {}, {"Subject", "Filename", "Inducement Code", "Onset Frame",
             "Apex Frame", "Offset Frame", "Duration", "Type", "Action Units", "Notes", "Estimated Emotion"}};
  else
    sheet = {{"Subject", "Filename", "", "OnsetFrame", "ApexFrame", "OffsetFrame", "", "Action Units", "Estimated Emotion"}};
  SynthSummary summary;
  try {
    for (int s = 0; s < o.subjects; ++s) {
      cv::RNG subject_rng(mix(o.seed, 1000 + static_cast<std::uint64_t>(s)));
      const Placement place = place_subject(o, mix(o.seed, 5000 + static_cast<std::uint64_t>(s)));
      Face face = render_face(subject_rng, place.side, factor);
      double subject_gain = subject_rng.uniform(0.8, 1.2);
      char sub[16];
      std::snprintf(sub, sizeof sub, o.layout == "samm" ? "%03d" : o.layout == "smic" ? "s%d" : "sub%02d", s + 1);
      for (int k = 0; k < o.clips_per_subject; ++k) {
        cv::RNG clip_rng(mix(mix(o.seed, 1000 + static_cast<std::uint64_t>(s)), 1 + static_cast<std::uint64_t>(k)));
        const std::string& emotion = emotions[static_cast<std::size_t>(s * o.clips_per_subject + k)];
        const std::string label = layout_label(o.layout, emotion);
        ClipPlan c = plan_clip(o, k, emotion, subject_gain, clip_rng);
        std::filesystem::path dir = tmp / frames_dir / sub;
        if (o.layout == "samm") {
          c.folder = std::string(sub) + "_" + std::to_string(k + 1) + "_" + c.folder.substr(6, 1);  // 001_3_2
        } else if (o.layout == "smic") {
          // SMIC's clips are cut to the expression: first frame onset, last frame offset.
          c.folder = std::string(sub) + "_" + (label == "negative" ? "ne" : label == "positive" ? "po" : "sur") + "_" +
                     c.folder.substr(2, 2);
          c.onset = 0;
          c.offset = c.frames - 1;
          dir = dir / "micro" / label;
        }
        summary.frames += render_clip(face, place, c, o, sub, dir / c.folder, clip_rng);
        ++summary.clips;
        ++summary.clips_per_emotion[label];
        const std::string on = std::to_string(c.first_number + c.onset), ap = std::to_string(c.first_number + c.apex),
                          off = std::to_string(c.first_number + c.offset);
        if (o.layout == "samm")
          sheet.push_back({std::to_string(s + 1), c.folder, "1", on, ap, off, "", "Micro - 1/2", c.program.action_units,
                           "", label});
        else
          sheet.push_back({std::to_string(s + 1), c.folder, "", on, ap, off, "", c.program.action_units, label});
      }
    }
    if (o.layout == "casme2") {
      std::string base = kSyntheticAnnotation;
      write_xlsx(tmp / (base + ".xlsx"), sheet);
      write_csv(tmp / (base + ".csv"), sheet);
    } else if (o.layout == "samm") {
      write_xlsx(tmp / kSyntheticSammAnnotation, sheet);
    }  // smic: the tree is the annotation
    YAML::Node manifest;
    manifest["format"] = "merlab-synthetic/1";
    manifest["options"] = synth_options_to_yaml(o);
    manifest["clips"] = summary.clips;
    manifest["frames"] = summary.frames;
    std::ofstream(tmp / kSyntheticManifest) << YAML::Dump(manifest) << "\n";
    if (std::filesystem::exists(out, ec)) std::filesystem::remove(out);  // empty, checked above
    std::filesystem::rename(tmp, out);
  } catch (...) {
    std::filesystem::remove_all(tmp, ec);
    throw;
  }
  log::info("synthetic dataset: {} clips, {} frames of {}x{} px in {}", summary.clips, summary.frames,
            o.canvas_width ? o.canvas_width : o.size, o.canvas_width ? o.canvas_height : o.size, out.string());
  return summary;
}

SynthOptions synth_options_from_yaml(const YAML::Node& node, const std::string& where) {
  SynthOptions o;
  if (!node || node.IsNull()) return o;
  if (!node.IsMap()) throw ConfigError("config key '" + where + "': expected a map of generator options");
  static const std::vector<std::string> keys = {"subjects", "clips_per_subject", "size",   "seed",
                                                "min_frames", "max_frames",       "amplitude", "noise",
                                                "jitter",   "drift",             "image_format", "jpeg_quality",
                                                "canvas_width", "canvas_height", "face_scale_min", "face_scale_max",
                                                "landmarks", "layout"};
  for (const auto& kv : node) {
    std::string k = kv.first.as<std::string>();
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      throw ConfigError("config key '" + where + "." + k + "': unknown generator option" + suggestion_text(k, keys));
  }
  o.subjects = cfg::value_or<int>(node, "subjects", o.subjects, where);
  o.clips_per_subject = cfg::value_or<int>(node, "clips_per_subject", o.clips_per_subject, where);
  o.size = cfg::value_or<int>(node, "size", o.size, where);
  o.seed = cfg::value_or<std::uint64_t>(node, "seed", o.seed, where);
  o.min_frames = cfg::value_or<int>(node, "min_frames", o.min_frames, where);
  o.max_frames = cfg::value_or<int>(node, "max_frames", o.max_frames, where);
  o.amplitude = cfg::value_or<double>(node, "amplitude", o.amplitude, where);
  o.noise = cfg::value_or<double>(node, "noise", o.noise, where);
  o.jitter = cfg::value_or<double>(node, "jitter", o.jitter, where);
  o.drift = cfg::value_or<double>(node, "drift", o.drift, where);
  o.image_format = cfg::value_or<std::string>(node, "image_format", o.image_format, where);
  o.jpeg_quality = cfg::value_or<int>(node, "jpeg_quality", o.jpeg_quality, where);
  o.canvas_width = cfg::value_or<int>(node, "canvas_width", o.canvas_width, where);
  o.canvas_height = cfg::value_or<int>(node, "canvas_height", o.canvas_height, where);
  o.face_scale_min = cfg::value_or<double>(node, "face_scale_min", o.face_scale_min, where);
  o.face_scale_max = cfg::value_or<double>(node, "face_scale_max", o.face_scale_max, where);
  o.landmarks = cfg::value_or<bool>(node, "landmarks", o.landmarks, where);
  o.layout = cfg::value_or<std::string>(node, "layout", o.layout, where);
  validate(o);
  return o;
}

YAML::Node synth_options_to_yaml(const SynthOptions& o) {
  YAML::Node n;
  n["subjects"] = o.subjects;
  n["clips_per_subject"] = o.clips_per_subject;
  n["size"] = o.size;
  n["seed"] = o.seed;
  n["min_frames"] = o.min_frames;
  n["max_frames"] = o.max_frames;
  n["amplitude"] = o.amplitude;
  n["noise"] = o.noise;
  n["jitter"] = o.jitter;
  n["drift"] = o.drift;
  n["image_format"] = o.image_format;
  n["jpeg_quality"] = o.jpeg_quality;
  // Written only when used, so manifests of datasets made before these options still match.
  if (o.canvas_width > 0) {
    n["canvas_width"] = o.canvas_width;
    n["canvas_height"] = o.canvas_height;
    n["face_scale_min"] = o.face_scale_min;
    n["face_scale_max"] = o.face_scale_max;
  }
  if (o.landmarks) n["landmarks"] = true;
  if (o.layout != "casme2") n["layout"] = o.layout;
  return n;
}

}  // namespace merlab
