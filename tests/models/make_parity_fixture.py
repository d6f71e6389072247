"""Writes parity fixtures for the C++ model zoo tests (tests/models/parity_test.cpp).

For each requested model: random torchvision weights saved exactly as
`torch.save(model.state_dict(), path)` does (an OrderedDict with _metadata), a random input and
the eval-mode output, both as raw little-endian float32 (.bin).

usage: make_parity_fixture.py OUT_DIR SPEC [SPEC ...]
  SPEC = name:image_size[:weights_size]   weights_size != image_size saves weights made for that
                                          size (ViT position embeddings), and the expected output
                                          uses torchvision's interpolate_embeddings to image_size.
"""
import sys
from collections import OrderedDict

import torch
import torchvision
from torchvision.models import vision_transformer as tv_vit

NUM_CLASSES = 5
BATCH = 2


def build(name, image_size):
    if name == "vit_b_16":
        return torchvision.models.vit_b_16(num_classes=NUM_CLASSES, image_size=image_size)
    if name == "vit_tiny":
        return tv_vit.VisionTransformer(image_size, 16, 12, 3, 192, 768, num_classes=NUM_CLASSES)
    if name == "vit_small":
        return tv_vit.VisionTransformer(image_size, 16, 12, 6, 384, 1536, num_classes=NUM_CLASSES)
    return getattr(torchvision.models, name)(num_classes=NUM_CLASSES)


def randomise(model):
    """Makes every parameter and buffer matter: torchvision zero-initialises ViT heads, and fresh
    BatchNorm statistics (mean 0, var 1) would hide a wrongly loaded buffer."""
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.normal_(0.0, 0.1)
                mod.running_mean.normal_(0.0, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
                mod.num_batches_tracked.fill_(int(torch.randint(1, 1000, ()).item()))
            elif isinstance(mod, torch.nn.LayerNorm):
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.normal_(0.0, 0.1)
        if hasattr(model, "heads"):
            model.heads.head.weight.normal_(0.0, 0.05)
            model.heads.head.bias.normal_(0.0, 0.05)
        if hasattr(model, "class_token"):
            model.class_token.normal_(0.0, 0.5)


def main():
    out_dir = sys.argv[1]
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    for spec in sys.argv[2:]:
        parts = spec.split(":")
        name, image_size = parts[0], int(parts[1])
        weights_size = int(parts[2]) if len(parts) > 2 else image_size
        model = build(name, weights_size).eval()
        randomise(model)
        state = model.state_dict()
        torch.save(state, f"{out_dir}/{name}.pth")
        if weights_size != image_size:
            state = tv_vit.interpolate_embeddings(image_size, 16, OrderedDict(state))
            model = build(name, image_size).eval()
            model.load_state_dict(state)
        x = torch.randn(BATCH, 3, image_size, image_size)
        with torch.no_grad():
            y = model(x)
        x.numpy().astype("<f4").tofile(f"{out_dir}/{name}.input.bin")
        y.numpy().astype("<f4").tofile(f"{out_dir}/{name}.expected.bin")


if __name__ == "__main__":
    main()
