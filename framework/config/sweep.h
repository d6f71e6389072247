// Sweep (grid) expansion, parsed here and run by the engine.
//
// Command-line axes (`-m`/`--multirun` values or plain overrides with a sweep value), in
// Hydra's grammar (override_parser.h, sweep_functions.h):
//   key=a,b,c  key=choice(a,b,c)        choice axis
//   key=range(0,10,2)  range(0,1,step=0.25)   like Python's range (floats too)
//   group=glob(res*)  glob([a*,b*],exclude=vgg*)   options of a config group
//   sort(...)  shuffle(...)  tag(...)  int() float() str() bool()   ordering and casts
//   key=interval(0,1)      refused: a grid cannot sample a continuous interval
//   'zip(a=1,2;b=x,y)'     paired axes: (a=1,b=x), (a=2,b=y), not their product (mer only)
// YAML, in an experiment file:
//   sweep:
//     grid:   {model: [resnet18, learnet], seed: range(0,3)}
//     zip:    {aug: [single_di, dual_phase_di], train.epochs: [10, 20]}   # one axis, paired
//     # or several zipped axes: zip: [{a: [1, 2], b: [x, y]}, {c: [..], d: [..]}]
// Cartesian product over grid axes and zip groups; order is deterministic (first axis slowest).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::config {

struct SweepAxis {
  std::vector<std::string> keys;                 // one key, or several for a zipped axis
  std::vector<std::vector<std::string>> values;  // values[i] = one value per key (override text)
};

struct SweepSpec {
  std::vector<SweepAxis> axes;
  std::vector<std::string> fixed;  // overrides without sweep values
};

// True when an override's value is a sweep (a,b / choice() / range() / glob() ...), or zip().
bool is_sweep_override(const std::string& override_text);

// Parses command-line overrides (and `-m` values). Group globs need the config root.
SweepSpec parse_sweep_overrides(const std::vector<std::string>& overrides, const std::filesystem::path& root);

// Appends the axes of a YAML `sweep:` block (grid:, zip:).
void add_sweep_block(SweepSpec& spec, const YAML::Node& block, const std::filesystem::path& root);

// Every grid point as a list of overrides (fixed first, then one per axis key).
std::vector<std::vector<std::string>> expand(const SweepSpec& spec);

}  // namespace merlab::config
