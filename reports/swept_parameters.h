// The swept parameters of a set of runs: the keys of their grid overrides ("model=learnet",
// "train.optimizer.lr=0.001", "seed=1") whose values differ between the runs. `mer runs` shows
// them as columns and tables/runs.csv of a report has one column per key.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "framework/storage/records.h"

namespace merlab::reports {

// Key -> value of a run's overrides; "+a.b=1" and "++a.b=1" give a.b; deletions ("~a.b") and
// words without '=' are left out; a later override of the same key wins.
std::map<std::string, std::string> override_values(const storage::RunRecord& run);

// Keys with at least two distinct values (a run without the key counts as the value ""), in
// the order of their first appearance in the runs' overrides.
std::vector<std::string> swept_keys(const std::vector<const storage::RunRecord*>& runs);

}  // namespace merlab::reports
