#include "framework/models/summary.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "framework/models/layers.h"

namespace merlab {
namespace {

int64_t direct_parameters(const torch::nn::Module& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters(/*recurse=*/false))
    if (p.requires_grad()) n += p.numel();
  return n;
}

std::string shape_text(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

}  // namespace

std::string group_thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

ModelSummary summarize(ClassifierImpl& model, int64_t input_size) {
  std::map<const torch::nn::Module*, std::string> names;
  for (const auto& item : model.named_modules("", /*include_self=*/false)) names[item.value().get()] = item.key();

  const bool was_training = model.is_training();
  model.eval();
  ModelSummary s;
  {
    torch::NoGradGuard no_grad;
    zoo::LayerRecorder recorder;
    auto y = model.forward(torch::zeros({1, model.input_channels(), input_size, input_size}));
    s.output_shape.assign(y.sizes().begin() + 1, y.sizes().end());
    std::set<const torch::nn::Module*> seen;
    for (const auto& r : recorder.records) {
      LayerSummary l;
      auto it = names.find(r.module);
      l.name = it == names.end() ? "?" : it->second;
      l.type = r.type;
      l.output_shape = r.output_shape;
      // Parameters are attributed once, to a layer's first run.
      l.parameters = seen.insert(r.module).second ? direct_parameters(*r.module) : 0;
      l.flops = r.flops;
      s.total_flops += r.flops;
      s.layers.push_back(std::move(l));
    }
  }
  model.train(was_training);
  for (const auto& p : model.parameters())
    if (p.requires_grad()) s.total_parameters += p.numel();
  int64_t listed = 0;
  for (const auto& l : s.layers) listed += l.parameters;
  s.other_parameters = s.total_parameters - listed;
  return s;
}

std::string format_summary(const ModelSummary& s) {
  std::size_t name_w = 5;
  for (const auto& l : s.layers) name_w = std::max(name_w, l.name.size());
  std::string out = fmt::format("{:<{}}  {:<14}  {:<18}  {:>13}  {:>17}\n", "layer", name_w, "type", "output",
                                "parameters", "FLOPs");
  for (const auto& l : s.layers) {
    out += fmt::format("{:<{}}  {:<14}  {:<18}  {:>13}  {:>17}\n", l.name, name_w, l.type, shape_text(l.output_shape),
                       group_thousands(l.parameters), group_thousands(l.flops));
  }
  if (s.other_parameters) {
    out += fmt::format("{:<{}}  {:<14}  {:<18}  {:>13}  {:>17}\n", "(other)", name_w, "Parameter", "",
                       group_thousands(s.other_parameters), "0");
  }
  out += fmt::format("total: {} trainable parameters, {} FLOPs per sample ({:.3f} GFLOPs), output {}\n",
                     group_thousands(s.total_parameters), group_thousands(s.total_flops),
                     static_cast<double>(s.total_flops) / 1e9, shape_text(s.output_shape));
  return out;
}

}  // namespace merlab
