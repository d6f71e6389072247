"""Writes .pth files exercising the C++ state-dict reader (tests/models/checkpoint_test.cpp).

usage: make_reader_fixture.py OUT_DIR
Values are deterministic (arange-based) so the test rebuilds the expected tensors itself.
"""
import sys
from collections import OrderedDict

import torch
import torchvision


def tensors():
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    shared = torch.arange(10, dtype=torch.float32)
    d = OrderedDict()
    d["float"] = base
    d["double"] = base.double() / 3
    d["half"] = base.half() / 2
    d["long"] = torch.arange(-3, 3, dtype=torch.int64)
    d["int"] = torch.tensor([7, -8], dtype=torch.int32)
    d["bool"] = torch.tensor([True, False, True])
    d["scalar"] = torch.tensor(42, dtype=torch.int64)
    d["transposed"] = base.t()            # non-contiguous strides
    d["view_a"] = shared[2:5]             # two views of one storage, with offsets
    d["view_b"] = shared[5:]
    d["big_dim"] = torch.zeros(70000, 1)  # sizes above 65535 pickle as BININT
    return d


def main():
    out = sys.argv[1]
    d = tensors()
    d._metadata = OrderedDict([("", {"version": 1})])  # as Module.state_dict() attaches
    torch.save(d, f"{out}/ordered.pth")
    torch.save(dict(d), f"{out}/plain.pth")
    torch.save({"epoch": 3, "state_dict": d}, f"{out}/nested.pth")
    torch.save(d, f"{out}/protocol4.pth", pickle_protocol=4)
    torch.save(d, f"{out}/legacy.pth", _use_new_zipfile_serialization=False)
    torch.save({"a": [1, 2]}, f"{out}/not_tensors.pth")
    torch.manual_seed(0)
    torch.save(torchvision.models.resnet18(num_classes=3).state_dict(), f"{out}/resnet18_3_classes.pth")


if __name__ == "__main__":
    main()
