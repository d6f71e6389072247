#include "framework/flow/repr_options.h"

#include <fmt/format.h>

#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

std::string to_string(ReprKind k) {
  switch (k) {
    case ReprKind::di: return "di";
    case ReprKind::flow: return "flow";
    case ReprKind::flow_strain: return "flow_strain";
    case ReprKind::phase_flow: return "phase_flow";
  }
  return "di";
}

std::string ReprOptions::pixel_key() const {
  if (kind == ReprKind::di) return "repr=di";
  const auto& f = flow;
  return fmt::format("repr={};size={};tau={};lambda={};theta={};nscales={};warps={};eps={};inner={};outer={};"
                     "step={};gamma={};median={};strain={}",
                     to_string(kind == ReprKind::flow ? ReprKind::flow : ReprKind::flow_strain), f.size, f.tau, f.lambda,
                     f.theta, f.nscales, f.warps, f.epsilon, f.inner_iterations, f.outer_iterations, f.scale_step,
                     f.gamma, f.median_filtering, f.strain == StrainFormula::ststnet ? "ststnet" : "meb");
}

ReprOptions ReprOptions::from_config(const YAML::Node& node) {
  ReprOptions r;
  if (!node || node.IsNull()) return r;
  config::check_known_keys(node, {"name", "flow"}, "repr");
  const std::string name = cfg::choice(node, "name", "di", {"di", "flow", "flow_strain", "phase_flow"}, "repr");
  r.kind = name == "flow" ? ReprKind::flow : name == "flow_strain" ? ReprKind::flow_strain
           : name == "phase_flow" ? ReprKind::phase_flow : ReprKind::di;
  const YAML::Node f = node["flow"];
  if (f && !f.IsNull()) {
    config::check_known_keys(f, {"size", "tau", "lambda", "theta", "nscales", "warps", "epsilon", "inner_iterations",
                                 "outer_iterations", "scale_step", "gamma", "median_filtering", "strain"},
                             "repr.flow");
    auto& o = r.flow;
    const std::string w = "repr.flow";
    o.size = cfg::value_or<int>(f, "size", o.size, w);
    o.tau = cfg::value_or<double>(f, "tau", o.tau, w);
    o.lambda = cfg::value_or<double>(f, "lambda", o.lambda, w);
    o.theta = cfg::value_or<double>(f, "theta", o.theta, w);
    o.nscales = cfg::value_or<int>(f, "nscales", o.nscales, w);
    o.warps = cfg::value_or<int>(f, "warps", o.warps, w);
    o.epsilon = cfg::value_or<double>(f, "epsilon", o.epsilon, w);
    o.inner_iterations = cfg::value_or<int>(f, "inner_iterations", o.inner_iterations, w);
    o.outer_iterations = cfg::value_or<int>(f, "outer_iterations", o.outer_iterations, w);
    o.scale_step = cfg::value_or<double>(f, "scale_step", o.scale_step, w);
    o.gamma = cfg::value_or<double>(f, "gamma", o.gamma, w);
    o.median_filtering = cfg::value_or<int>(f, "median_filtering", o.median_filtering, w);
    o.strain = cfg::choice(f, "strain", "ststnet", {"ststnet", "meb"}, w) == "meb" ? StrainFormula::meb
                                                                                   : StrainFormula::ststnet;
    auto bad = [&](const std::string& key, const std::string& what) {
      throw ConfigError("config key 'repr.flow." + key + "': expected " + what);
    };
    if (o.size != 0 && (o.size < 16 || o.size > 1024)) bad("size", "0 (frame size) or 16..1024 pixels");
    if (!(o.tau > 0 && o.tau <= 0.25)) bad("tau", "a time step in (0, 0.25] (TV-L1 is stable up to 0.25)");
    if (!(o.lambda > 0)) bad("lambda", "a positive data weight");
    if (!(o.theta > 0)) bad("theta", "a positive coupling weight");
    if (o.nscales < 1 || o.nscales > 10) bad("nscales", "1..10 pyramid levels");
    if (o.warps < 1 || o.warps > 50) bad("warps", "1..50");
    if (!(o.epsilon > 0)) bad("epsilon", "a positive stopping threshold");
    if (o.inner_iterations < 1 || o.outer_iterations < 1) bad("inner_iterations", "positive iteration counts");
    if (!(o.scale_step > 0 && o.scale_step < 1)) bad("scale_step", "a factor in (0, 1)");
    if (!(o.gamma >= 0)) bad("gamma", "a non-negative illumination weight");
    if (o.median_filtering < 1 || o.median_filtering % 2 == 0) bad("median_filtering", "an odd window (1 = off)");
  }
  return r;
}

}  // namespace merlab
