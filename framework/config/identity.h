// A run's identity: the part of its resolved config that can change its results.
//
// Run ids are the first 16 hex digits of identity_hash(config). Where files live (output,
// caches, dataset and weight folders), how a run is launched and how many threads it uses do
// not enter the id, so moving a runs or data folder, resuming on another machine or under
// Slurm keeps every id (and with it resume and matching runs across machines). What a
// non-identity key changes is recorded elsewhere: the data by the dataset fingerprint and the
// thread count by the provenance of every fold. The list is documented in docs/config.md
// ("Run identity").
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace merlab::config {

struct NonIdentityKey {
  std::string key;     // dotted; a section ("output") covers every key below it
  std::string reason;  // why it cannot change what a run computes
};

// The keys left out of a run's identity, in documentation order.
const std::vector<NonIdentityKey>& non_identity_keys();

// True when `dotted_key` is, or lies below, one of non_identity_keys().
bool is_non_identity_key(const std::string& dotted_key);

// A deep copy of `config` without the non-identity keys.
YAML::Node identity_view(const YAML::Node& config);

// config_hash(identity_view(config)): the run key.
std::string identity_hash(const YAML::Node& config);

}  // namespace merlab::config
