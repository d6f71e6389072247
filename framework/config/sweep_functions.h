// The functions of Hydra's extended override grammar (hydra/_internal/grammar/grammar_functions.py):
//   choice(a,b)  range(start,stop,step)  interval(a,b)  glob(include,exclude)  tag(t1,..,sweep)
//   sort(..., reverse=false)  shuffle(...)  int(..) float(..) str(..) bool(..)
// with Python's typing and argument rules (named arguments, positional after named is an error).
// shuffle() is seeded by the override text, so that a plan and its hashes are reproducible;
// Hydra shuffles with Python's global random state.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "framework/config/override_value.h"

namespace merlab::config::grammar {

struct FunctionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Evaluates a call; throws FunctionError (the parser adds the position).
Item call_function(const std::string& name, std::vector<Item> args, std::vector<std::pair<std::string, Item>> kwargs);

// The points of a choice or range sweep, in sweep order (shuffled when asked, seeded by
// `seed_text`). Throws FunctionError for interval and glob sweeps.
std::vector<Value> sweep_points(const Sweep& sweep, const std::string& seed_text);

// Options matching any include pattern and no exclude pattern (fnmatch), in the given order.
std::vector<std::string> glob_filter(const Sweep& glob, const std::vector<std::string>& options);

}  // namespace merlab::config::grammar
