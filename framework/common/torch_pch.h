// Precompiled header for every translation unit that uses LibTorch. Parsing <torch/torch.h>
// costs ~15 s per file on this class of machine; precompiling it once keeps builds fast.
#pragma once
#include <torch/torch.h>
