// `mer di`: dynamic images of one clip's frame folder, written as 8-bit PNG (and float EXR).
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <iostream>
#include <optional>

#include "datasets/clip.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/di/dynamic_image.h"
#include "framework/di/phases.h"

namespace merlab::cli {
namespace {

const char* kUsage =
    "mer di <frames_dir> --onset N --apex N --offset N [--phase full|onset_apex|apex_offset|all]\n"
    "              [--method bilen|learnet_compat] [--size WxH] [--norm global|per_channel]\n"
    "              [--rounding round|truncate] [--float] [--max-image-side N] --out DIR\n\n"
    "Frame numbers are those of the file names (img46.jpg, 006_05562.jpg: the last digit group).\n"
    "Writes <phase>.png (8-bit, min-max scaled) per phase; --float adds <phase>.exr with the raw\n"
    "float DI (32-bit, 3 channels, readable by cv::imread(path, IMREAD_UNCHANGED)).";

cv::Size parse_size(const std::string& text) {
  auto x = text.find_first_of("xX");
  try {
    if (x != std::string::npos) {
      std::size_t used_w = 0, used_h = 0;
      int w = std::stoi(text.substr(0, x), &used_w);
      int h = std::stoi(text.substr(x + 1), &used_h);
      if (used_w == x && used_h == text.size() - x - 1 && w > 0 && h > 0) return {w, h};
    }
  } catch (const std::exception&) {
  }
  throw UsageError("mer di: --size '" + text + "' is not WxH with positive integers (e.g. 224x224)");
}

template <typename T>
T pick(const std::string& option, const std::string& value, const std::vector<std::pair<std::string, T>>& choices) {
  std::string valid;
  for (const auto& [name, v] : choices) {
    if (name == value) return v;
    valid += (valid.empty() ? "" : ", ") + name;
  }
  throw UsageError("mer di: --" + option + " '" + value + "' is not one of " + valid);
}

int run_di(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()
      ("onset", po::value<long>(), "onset frame number (required)")
      ("apex", po::value<long>(), "apex frame number (required for phase DIs)")
      ("offset", po::value<long>(), "offset frame number (required)")
      ("phase", po::value<std::string>()->default_value("all"), "full | onset_apex | apex_offset | all")
      ("method", po::value<std::string>()->default_value("bilen"), "bilen | learnet_compat")
      ("size", po::value<std::string>(), "output size WxH (default: the frame size)")
      ("fit", po::value<std::string>()->default_value("pad"), "--size of another aspect ratio: pad | crop | stretch")
      ("norm", po::value<std::string>()->default_value("global"), "8-bit min-max: global | per_channel")
      ("rounding", po::value<std::string>()->default_value("round"), "8-bit: round | truncate")
      ("float", "also write the float DI as <phase>.exr")
      ("max-image-side", po::value<std::uint64_t>()->default_value(Limits{}.image_max_side),
       "refuse frames (from their headers) and a --size with a side above this many pixels")
      ("out", po::value<std::string>(), "output directory (required)");
  auto parsed = parse_args("di", kUsage, args, opts, 1);
  if (parsed.help) return 0;
  const auto& vm = parsed.vm;
  if (parsed.positional.empty()) throw UsageError("mer di: missing <frames_dir> (see 'mer di --help')");
  for (const char* required : {"onset", "offset", "out"})
    if (!vm.count(required)) throw UsageError(std::string("mer di: --") + required + " is required (see 'mer di --help')");

  DiOptions options;
  options.limits.source = Limits::Source::command_line;
  options.limits.image_max_side = vm["max-image-side"].as<std::uint64_t>();
  if (options.limits.image_max_side == 0) throw UsageError("mer di: --max-image-side must be a positive integer");
  options.method = pick<DiMethod>("method", vm["method"].as<std::string>(),
                                  {{"bilen", DiMethod::bilen}, {"learnet_compat", DiMethod::learnet_compat}});
  options.normalisation = pick<Uint8Normalisation>("norm", vm["norm"].as<std::string>(),
                                                   {{"global", Uint8Normalisation::global},
                                                    {"per_channel", Uint8Normalisation::per_channel}});
  options.rounding = pick<Uint8Rounding>("rounding", vm["rounding"].as<std::string>(),
                                         {{"round", Uint8Rounding::round}, {"truncate", Uint8Rounding::truncate}});
  // Values typed on the command line: an apex outside the clip is an error, not a guess.
  options.apex_outside = ApexOutsidePolicy::error;
  options.missing_apex = MissingApexPolicy::error;
  std::vector<Phase> phases = pick<std::vector<Phase>>(
      "phase", vm["phase"].as<std::string>(),
      {{"full", {Phase::full}},
       {"onset_apex", {Phase::onset_apex}},
       {"apex_offset", {Phase::apex_offset}},
       {"all", {Phase::full, Phase::onset_apex, Phase::apex_offset}}});
  options.fit = pick<DiFit>("fit", vm["fit"].as<std::string>(),
                            {{"pad", DiFit::pad}, {"crop", DiFit::crop}, {"stretch", DiFit::stretch}});
  cv::Size size = vm.count("size") ? parse_size(vm["size"].as<std::string>()) : cv::Size();
  // Checked here: OpenCV would otherwise fail to allocate with a message about its internals.
  if (static_cast<std::uint64_t>(std::max(size.width, size.height)) > options.limits.image_max_side)
    throw UsageError("mer di: --size " + vm["size"].as<std::string>() + " has a side above " +
                     std::to_string(options.limits.image_max_side) + " pixels; " +
                     options.limits.describe("image_max_side"));
  bool needs_apex = phases.size() > 1 || phases[0] != Phase::full;
  if (needs_apex && !vm.count("apex"))
    throw UsageError("mer di: --apex is required for --phase " + vm["phase"].as<std::string>());

  Clip clip;
  clip.folder = parsed.positional[0];
  clip.clip_id = clip.folder.string();
  clip.frames = list_frames(clip.folder);
  clip.onset = vm["onset"].as<long>();
  clip.offset = vm["offset"].as<long>();
  if (vm.count("apex")) clip.apex = vm["apex"].as<long>();

  std::filesystem::path out_dir = vm["out"].as<std::string>();
  std::filesystem::create_directories(out_dir);
  for (Phase phase : phases) {
    PhaseFrames pf = resolve_phase(clip, phase, options);
    if (pf.skip) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& f : pf.frames) files.push_back(f.path);
    cv::Mat di = fit_di(compute_dynamic_image_from_files(files, options), size, options.fit);
    auto png = out_dir / (phase_name(phase) + ".png");
    if (!cv::imwrite(png.string(), di_to_uint8(di, options.normalisation, options.rounding)))
      throw RuntimeError("cannot write " + png.string());
    std::cout << png.string() << "  frames " << pf.first << ".." << pf.last << " (T=" << files.size() << ")\n";
    if (vm.count("float")) {
      auto exr = out_dir / (phase_name(phase) + ".exr");
      if (!cv::imwrite(exr.string(), di)) throw RuntimeError("cannot write " + exr.string());
      std::cout << exr.string() << "\n";
    }
  }
  return 0;
}

}  // namespace

void add_di_commands(CommandTable& table) {
  table.add({"di", "dynamic images (full / onset->apex / apex->offset) of a frame folder", run_di});
}

}  // namespace merlab::cli
