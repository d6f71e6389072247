// Dataset commands: `mer datasets check` (validate an adapter's view of a dataset) and
// `mer synth` (write a synthetic dataset in the CASME-II layout).
#include <iostream>
#include <sstream>

#include "datasets/dataset.h"
#include "datasets/summary.h"
#include "datasets/synthetic.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/config/config.h"
#include "framework/faces/face_stage.h"

namespace merlab::cli {
namespace {

int run_datasets_check(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("quick", "check that frame files exist and are non-empty without decoding them");
  auto parsed = parse_args("datasets check",
                           "mer datasets check [--quick] dataset=casme2|samm|smic|mmew|casme3|4dme|megc2019|composite|synthetic dataset.root=PATH [overrides...]\n"
                           "Validates the annotation sheet against the frame folders and prints clips per class per\n"
                           "subject, dropped clips by reason and every problem. Exit 0 when clean, 1 with errors.",
                           args, opts);
  if (parsed.help) return 0;
  config::ComposeOptions o;
  o.overrides = parsed.positional;
  config::Composed composed = config::compose(o);
  YAML::Node ds = config::clone(composed.node["dataset"]);
  if (!ds || !ds.IsMap()) throw ConfigError("no dataset selected: add dataset=casme2|samm|smic|mmew|casme3|4dme|megc2019|composite|synthetic");
  if (!parsed.vm.count("quick")) ds["verify_images"] = true;
  DatasetLoad load;
  try {
    // With dataset.frames=aligned the face stage runs too: its problems are the dataset's.
    load = load_run_dataset(ds, composed.node["faces"], limits_from_config(composed.node["limits"]));
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    // An unreadable sheet or tree is a finding, not a crash: report it like any problem.
    std::cout << "dataset " << (ds["name"] ? ds["name"].Scalar() : std::string("?")) << ": cannot be loaded\n\nproblems (1 errors, 0 warnings):\n  error   [sheet] "
              << e.what() << "\n";
    return 1;
  }
  std::cout << format_dataset_summary(load);
  return load.has_errors() ? 1 : 0;
}

// "160x128" with sep 'x', "0.6:0.9" with ':': two numbers and nothing else.
template <typename T>
bool read_pair(const std::string& text, char sep, T& a, T& b) {
  char got = 0;
  std::istringstream in(text);
  return (in >> a >> got >> b) && got == sep && in.eof();
}

int run_synth(const std::vector<std::string>& args) {
  SynthOptions d;
  po::options_description opts("options");
  opts.add_options()
      ("out", po::value<std::string>(), "output folder (required; must not exist or be empty)")
      ("subjects", po::value<int>()->default_value(d.subjects), "number of subjects")
      ("clips-per-subject", po::value<int>()->default_value(d.clips_per_subject), "clips per subject")
      ("size", po::value<int>()->default_value(d.size), "image side in pixels")
      ("seed", po::value<std::uint64_t>()->default_value(d.seed), "random seed (same seed => identical files)")
      ("min-frames", po::value<int>()->default_value(d.min_frames), "fewest frames per clip")
      ("max-frames", po::value<int>()->default_value(d.max_frames), "most frames per clip")
      ("amplitude", po::value<double>()->default_value(d.amplitude), "peak AU displacement in pixels")
      ("noise", po::value<double>()->default_value(d.noise), "sensor noise std (8-bit levels)")
      ("format", po::value<std::string>()->default_value(d.image_format), "frame format: jpg | png")
      ("canvas", po::value<std::string>(), "WxH: faces inside a larger frame with background, per-subject offset and scale")
      ("face-scale", po::value<std::string>(), "MIN:MAX face scale range inside the canvas (default 0.7:1.0)")
      ("landmarks", "write landmarks.csv (68 points per frame) in each clip folder, for faces.landmarks=sidecar");
  auto parsed = parse_args("synth",
                           "mer synth --out DIR [--subjects N --clips-per-subject K --size S --seed X\n"
                           "          --canvas WxH --landmarks ...]\n"
                           "Writes a synthetic micro-expression dataset in the CASME-II layout (frames, .xlsx and\n"
                           ".csv annotation); read it with dataset=synthetic dataset.root=DIR.",
                           args, opts, 0);
  if (parsed.help) return 0;
  if (!parsed.vm.count("out")) throw UsageError("mer synth: --out DIR is required (see 'mer synth --help')");
  SynthOptions o;
  o.subjects = parsed.vm["subjects"].as<int>();
  o.clips_per_subject = parsed.vm["clips-per-subject"].as<int>();
  o.size = parsed.vm["size"].as<int>();
  o.seed = parsed.vm["seed"].as<std::uint64_t>();
  o.min_frames = parsed.vm["min-frames"].as<int>();
  o.max_frames = parsed.vm["max-frames"].as<int>();
  o.amplitude = parsed.vm["amplitude"].as<double>();
  o.noise = parsed.vm["noise"].as<double>();
  o.image_format = parsed.vm["format"].as<std::string>();
  o.landmarks = parsed.vm.count("landmarks") > 0;
  if (parsed.vm.count("canvas") &&
      !read_pair(parsed.vm["canvas"].as<std::string>(), 'x', o.canvas_width, o.canvas_height))
    throw UsageError("mer synth: --canvas expects WxH, e.g. 160x128, got '" + parsed.vm["canvas"].as<std::string>() + "'");
  if (parsed.vm.count("face-scale") &&
      !read_pair(parsed.vm["face-scale"].as<std::string>(), ':', o.face_scale_min, o.face_scale_max))
    throw UsageError("mer synth: --face-scale expects MIN:MAX, e.g. 0.6:0.9, got '" +
                     parsed.vm["face-scale"].as<std::string>() + "'");
  try {
    validate(o);
  } catch (const ConfigError& e) {
    throw UsageError(std::string("mer synth: ") + e.what());
  }
  std::filesystem::path out = parsed.vm["out"].as<std::string>();
  auto s = generate_synthetic(o, out);
  std::cout << "wrote " << s.clips << " clips (" << s.frames << " frames) to " << out.string() << ":";
  for (const auto& [emotion, n] : s.clips_per_emotion) std::cout << " " << emotion << " " << n;
  std::cout << "\n";
  return 0;
}

}  // namespace

void add_datasets_commands(CommandTable& table) {
  table.add({"datasets check", "validate a dataset (sheet vs frames) and print its summary", run_datasets_check});
  table.add({"synth", "generate a synthetic dataset in the CASME-II layout", run_synth});
}

}  // namespace merlab::cli
