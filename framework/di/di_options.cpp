#include "framework/di/di_options.h"

#include <thread>

#include "framework/common/error.h"
#include "framework/config/access.h"
#include "framework/config/known_keys.h"

namespace merlab {

std::string to_string(DiMethod m) { return m == DiMethod::bilen ? "bilen" : "learnet_compat"; }

DiMethod di_method_from_name(const std::string& name, const std::string& where) {
  if (name == "bilen") return DiMethod::bilen;
  if (name == "learnet_compat") return DiMethod::learnet_compat;
  throw ConfigError("config key '" + where + "': '" + name + "' is not one of bilen, learnet_compat");
}

std::string DiOptions::pixel_key() const {
  return "method=" + to_string(method) +
         ";norm=" + (normalisation == Uint8Normalisation::global ? "global" : "per_channel") +
         ";round=" + (rounding == Uint8Rounding::round ? "round" : "truncate") + ";fit=" + to_string(fit) +
         (magnify.enabled ? ";" + magnify.key() : "");  // absent when off: earlier keys stay valid
}

std::string to_string(DiFit f) { return f == DiFit::pad ? "pad" : f == DiFit::crop ? "crop" : "stretch"; }

int DiOptions::thread_count() const {
  if (threads > 0) return threads;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

DiOptions DiOptions::from_config(const YAML::Node& node, const std::string& where) {
  DiOptions o;
  if (!node || node.IsNull()) return o;
  config::check_known_keys(node, {"method", "apex_in_both_phases", "apex_owner", "short_phase", "missing_apex",
                          "apex_outside", "clip_errors", "uint8", "fit", "magnify", "cache_dir", "threads"},
                   where);
  o.method = di_method_from_name(cfg::choice(node, "method", "bilen", {"bilen", "learnet_compat"}, where),
                                 cfg::join_key(where, "method"));
  o.apex_in_both_phases = cfg::value_or<bool>(node, "apex_in_both_phases", true, where);
  o.apex_owner_is_onset_apex =
      cfg::choice(node, "apex_owner", "onset_apex", {"onset_apex", "apex_offset"}, where) == "onset_apex";

  auto sp = cfg::choice(node, "short_phase", "use_full", {"error", "skip", "use_full", "single_frame"}, where);
  o.short_phase = sp == "error" ? ShortPhasePolicy::error
                  : sp == "skip" ? ShortPhasePolicy::skip
                  : sp == "use_full" ? ShortPhasePolicy::use_full : ShortPhasePolicy::single_frame;
  auto ma = cfg::choice(node, "missing_apex", "use_full", {"error", "skip_clip", "use_full", "middle"}, where);
  o.missing_apex = ma == "error" ? MissingApexPolicy::error
                   : ma == "skip_clip" ? MissingApexPolicy::skip_clip
                   : ma == "use_full" ? MissingApexPolicy::use_full : MissingApexPolicy::middle;
  auto ao = cfg::choice(node, "apex_outside", "clamp", {"error", "skip_clip", "clamp", "treat_as_missing"}, where);
  o.apex_outside = ao == "error" ? ApexOutsidePolicy::error
                   : ao == "skip_clip" ? ApexOutsidePolicy::skip_clip
                   : ao == "clamp" ? ApexOutsidePolicy::clamp : ApexOutsidePolicy::treat_as_missing;

  o.clip_errors = cfg::choice(node, "clip_errors", "skip_clip", {"skip_clip", "error"}, where) == "error"
                      ? ClipErrorPolicy::error
                      : ClipErrorPolicy::skip_clip;

  auto u8 = node["uint8"];
  auto u8where = cfg::join_key(where, "uint8");
  config::check_known_keys(u8, {"normalisation", "rounding"}, u8where);
  o.normalisation = cfg::choice(u8, "normalisation", "global", {"global", "per_channel"}, u8where) == "global"
                        ? Uint8Normalisation::global : Uint8Normalisation::per_channel;
  o.rounding = cfg::choice(u8, "rounding", "round", {"round", "truncate"}, u8where) == "round"
                   ? Uint8Rounding::round : Uint8Rounding::truncate;
  auto fit = cfg::choice(node, "fit", "pad", {"pad", "crop", "stretch"}, where);
  o.fit = fit == "pad" ? DiFit::pad : fit == "crop" ? DiFit::crop : DiFit::stretch;
  if (auto mg = node["magnify"]; mg && !mg.IsNull()) {
    const auto w = cfg::join_key(where, "magnify");
    config::check_known_keys(mg, {"enabled", "alpha", "r1", "r2", "levels", "lambda_c"}, w);
    auto& m = o.magnify;
    m.enabled = cfg::value_or<bool>(mg, "enabled", m.enabled, w);
    m.alpha = cfg::value_or<double>(mg, "alpha", m.alpha, w);
    m.r1 = cfg::value_or<double>(mg, "r1", m.r1, w);
    m.r2 = cfg::value_or<double>(mg, "r2", m.r2, w);
    m.levels = cfg::value_or<int>(mg, "levels", m.levels, w);
    m.lambda_c = cfg::value_or<double>(mg, "lambda_c", m.lambda_c, w);
    auto bad = [&](const std::string& k, const std::string& what) {
      throw ConfigError("config key '" + w + "." + k + "': expected " + what);
    };
    if (!(m.alpha >= 0 && m.alpha <= 100)) bad("alpha", "an amplification in 0..100");
    if (!(m.r1 > 0 && m.r1 <= 1)) bad("r1", "a smoothing coefficient in (0, 1]");
    if (!(m.r2 > 0 && m.r2 < m.r1)) bad("r2", "a smoothing coefficient in (0, r1)");
    if (m.levels < 2 || m.levels > 10) bad("levels", "2..10 pyramid levels");
    if (!(m.lambda_c > 0)) bad("lambda_c", "a positive cut-off wavelength");
  }
  o.cache_dir = cfg::value_or<std::string>(node, "cache_dir", o.cache_dir, where);
  o.threads = cfg::value_or<int>(node, "threads", 0, where);
  if (o.threads < 0) throw ConfigError("config key '" + cfg::join_key(where, "threads") + "': expected >= 0, got " + std::to_string(o.threads));
  return o;
}

}  // namespace merlab
