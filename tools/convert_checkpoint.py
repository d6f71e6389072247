"""Rewrites any torch.save checkpoint as a zip-format state dict that `mer` reads.

usage: /usr/bin/python3 tools/convert_checkpoint.py IN.pth OUT.pth

Accepts the legacy (PyTorch < 1.6) format, whole pickled modules, and training checkpoints
holding the weights under "state_dict" or "model". Writes a plain dict of tensors.
"""
import sys

import torch


def extract(obj):
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if isinstance(obj, dict):
        if any(isinstance(v, torch.Tensor) for v in obj.values()):
            return obj
        for key in ("state_dict", "model"):
            if key in obj:
                return extract(obj[key])
    raise SystemExit(f"{sys.argv[1]}: no state dict found (top-level type {type(obj).__name__})")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    obj = torch.load(sys.argv[1], map_location="cpu")
    state = {k: v for k, v in extract(obj).items() if isinstance(v, torch.Tensor)}
    torch.save(state, sys.argv[2])
    print(f"wrote {len(state)} tensors to {sys.argv[2]}")


if __name__ == "__main__":
    main()
