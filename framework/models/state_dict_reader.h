// Reads the tensors of a PyTorch .pth file written by `torch.save(model.state_dict(), path)`.
//
// LibTorch 1.13's torch::pickle_load aborts on the OrderedDict that state_dict() returns (its
// `_metadata` attribute is restored with a BUILD opcode it does not accept), and real torchvision
// checkpoints are exactly that. So we read the zip archive ourselves: data.pkl goes through a
// small unpickler that knows the opcodes torch.save emits (protocols 2-4) and only the globals a
// state dict needs (OrderedDict, _rebuild_tensor_v2, _rebuild_parameter, <Type>Storage);
// storages come from the archive's data/<key> records via PyTorchStreamReader.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace merlab {

struct StateDict {
  std::vector<std::string> keys;                // in file order
  std::map<std::string, torch::Tensor> tensors; // CPU tensors, dtype as stored
};

// Accepts a state dict at the top level, or a dict holding one under "state_dict" or "model"
// (common training-checkpoint layouts). Throws RuntimeError naming the file and the problem; for
// the legacy (pre-1.6, non-zip) format the message prints the conversion command.
StateDict read_state_dict(const std::string& path);

// The command that rewrites any torch.save file as a plain zip state dict (tools/convert_checkpoint.py).
std::string conversion_command(const std::string& path);

}  // namespace merlab
