// A fingerprint of the data a run trains and tests on, for provenance: two loads with the same
// fingerprint hold the same clips, labels, phase annotations and frame files, wherever the
// dataset folder lives. It hashes what the annotation sheet says of every usable clip (after
// corrections and the protocol) and each clip's frame list (file name and size, in order); the
// root path is left out so that moving a dataset does not change it.
#pragma once

#include <string>

#include "datasets/dataset.h"

namespace merlab {

// 32 hex digits (XXH3-128). Stats every frame file (no decoding).
std::string dataset_fingerprint(const DatasetLoad& dataset);

}  // namespace merlab
