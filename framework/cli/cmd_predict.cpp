// `mer models predict NAME [--weights FILE] [--input-size N] [--num-classes C] IMAGE...`: logits
// and probabilities of one model for image files, one JSON object per line and image.
//
// Preprocessing is the engine's (so a trained model sees what it saw in training): the image is
// read as 8-bit BGR, resized to N x N with resize_di's rule (INTER_AREA when shrinking, else
// INTER_LINEAR), then di_to_model_input: RGB, /255, ImageNet mean/std per channel.
#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>

#include <iostream>

#include "framework/cli/builtin_components.h"
#include "framework/cli/commands.h"
#include "framework/common/error.h"
#include "framework/di/dynamic_image.h"
#include "framework/di/image_header.h"
#include "framework/metrics/json.h"
#include "framework/models/model_zoo.h"

namespace merlab::cli {
namespace {

torch::Tensor load_input(const std::string& path, int64_t size, const Limits& limits) {
  cv::Mat img = imread_bounded(path, cv::IMREAD_COLOR, limits);
  if (img.empty()) throw RuntimeError("cannot read image '" + path + "'");
  img = resize_di(img, cv::Size(static_cast<int>(size), static_cast<int>(size)));
  cv::Mat f = di_to_model_input(img);
  if (!f.isContinuous()) f = f.clone();
  return torch::from_blob(f.data, {size, size, 3}, torch::kFloat32).permute({2, 0, 1}).unsqueeze(0).clone();
}

std::string json_list(const torch::Tensor& v) {
  std::string s = "[";
  auto a = v.accessor<float, 1>();
  for (int64_t i = 0; i < v.size(0); ++i) s += (i ? ", " : "") + fmt::format("{:.9g}", a[i]);
  return s + "]";
}

int run_predict(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("weights", po::value<std::string>()->default_value(""),
                        "torchvision-style .pth state dict, or imagenet (default: random initialisation)")(
      "input-size", po::value<int64_t>()->default_value(0), "input side in pixels (default: the model's default)")(
      "num-classes", po::value<int64_t>()->default_value(1000),
      "classes of the head (1000 = ImageNet; another count re-initialises a file's head)")(
      "max-image-side", po::value<std::uint64_t>()->default_value(Limits{}.image_max_side),
      "refuse images whose header declares a side above this many pixels");
  auto parsed = parse_args("models predict",
                           "mer models predict NAME [--weights FILE] [--input-size N] [--num-classes C] IMAGE...\n"
                           "Prints {\"image\", \"logits\", \"probabilities\", \"class\"} per image (JSON lines).\n"
                           "Input: 8-bit BGR read, resized to N x N (area when shrinking, else linear),\n"
                           "RGB, /255, ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).",
                           args, options);
  if (parsed.help) return 0;
  if (parsed.positional.size() < 2) throw UsageError("mer models predict: expected a model NAME and IMAGE files");
  register_builtin_components();
  const auto& name = parsed.positional[0];
  auto size = parsed.vm["input-size"].as<int64_t>();
  if (size == 0) size = default_input_size(name);
  if (model_input_streams(name) != 1)
    throw UsageError("mer models predict: " + name + " reads two phase images per sample; predict it through `mer run`");
  if (size < 32) throw UsageError("--input-size must be at least 32, got " + std::to_string(size));
  const auto classes = parsed.vm["num-classes"].as<int64_t>();
  if (classes < 1) throw UsageError("--num-classes must be at least 1, got " + std::to_string(classes));
  Limits limits;
  limits.source = Limits::Source::command_line;
  limits.image_max_side = parsed.vm["max-image-side"].as<std::uint64_t>();
  if (limits.image_max_side == 0) throw UsageError("--max-image-side must be a positive integer");
  YAML::Node node;
  node["name"] = name;
  node["input_size"] = size;
  const auto weights = parsed.vm["weights"].as<std::string>();
  if (!weights.empty()) node["pretrained"] = weights;
  auto model = build_model(node, classes);
  model->eval();
  torch::NoGradGuard no_grad;
  for (std::size_t i = 1; i < parsed.positional.size(); ++i) {
    const auto& path = parsed.positional[i];
    auto logits = model->forward(load_input(path, size, limits)).squeeze(0).contiguous();
    auto probs = torch::softmax(logits, 0).contiguous();
    std::cout << "{\"image\": " << json::quote(path) << ", \"logits\": " << json_list(logits)
              << ", \"probabilities\": " << json_list(probs) << ", \"class\": " << logits.argmax().item<int64_t>()
              << "}\n";
  }
  return 0;
}

}  // namespace

void add_predict_commands(CommandTable& table) {
  table.add({"models predict", "logits and probabilities of a model (optionally with weights) for image files, as JSON",
             run_predict});
}

}  // namespace merlab::cli
