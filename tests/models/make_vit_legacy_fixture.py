"""Writes a ViT state dict with the legacy MLP key names of torchvision's ImageNet file
(vit_b_16-c867db91.pth: encoder.layers.encoder_layer_N.mlp.linear_1/linear_2), for
tests/models/weights_test.cpp.

The network is torchvision's VisionTransformer with ViT-B/16's key scheme but tiny sizes
(image 32, patch 16, 2 layers, 2 heads, width 16, MLP 32), so the file is a few KB. The state
dict is saved as torch.save(model.state_dict()) does (OrderedDict with _metadata), with the MLP
modules' metadata version set to 1 as in the original file, and torchvision itself is checked
to load it (MLPBlock._load_from_state_dict renames the keys).

usage: make_vit_legacy_fixture.py OUT_DIR  ->  vit_legacy.pth, vit_legacy.input.bin, vit_legacy.expected.bin
"""
import os
import sys
from collections import OrderedDict

import torch
from torchvision.models import vision_transformer as tv_vit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_parity_fixture import randomise  # noqa: E402

NUM_CLASSES = 5


def build():
    return tv_vit.VisionTransformer(image_size=32, patch_size=16, num_layers=2, num_heads=2, hidden_dim=16,
                                    mlp_dim=32, num_classes=NUM_CLASSES)


def legacy_names(state):
    out = OrderedDict()
    for key, value in state.items():
        for new, old in ((".mlp.0.", ".mlp.linear_1."), (".mlp.3.", ".mlp.linear_2.")):
            key = key.replace(new, old)
        out[key] = value
    meta = OrderedDict((k, dict(v)) for k, v in state._metadata.items())
    for k in meta:
        if k.endswith(".mlp"):
            meta[k]["version"] = 1
    out._metadata = meta
    return out


def main():
    out_dir = sys.argv[1]
    torch.manual_seed(4321)
    torch.set_num_threads(1)
    model = build().eval()
    randomise(model)
    legacy = legacy_names(model.state_dict())
    assert any(".mlp.linear_1." in k for k in legacy) and not any(".mlp.0." in k for k in legacy)
    torch.save(legacy, f"{out_dir}/vit_legacy.pth")
    # torchvision's own loader accepts the legacy names and gives the same network.
    check = build().eval()
    check.load_state_dict(torch.load(f"{out_dir}/vit_legacy.pth"))
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        y = model(x)
        assert torch.equal(y, check(x))
    x.numpy().astype("<f4").tofile(f"{out_dir}/vit_legacy.input.bin")
    y.numpy().astype("<f4").tofile(f"{out_dir}/vit_legacy.expected.bin")


if __name__ == "__main__":
    main()
