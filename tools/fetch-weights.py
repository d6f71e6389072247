#!/usr/bin/python3
"""Downloads torchvision's ImageNet weights for MERLab's model zoo into one folder, to copy to
an offline machine (then set weights.dir=FOLDER, or put them in $TORCH_HOME/hub/checkpoints).

Uses torchvision's own weight enums (IMAGENET1K_V1, the files framework/models/weights.cpp
expects) and torch.hub.download_url_to_file, which checks each file's SHA-256 against the hash
prefix in its name, as `mer weights list` does. Files already present with a matching hash are
skipped.

usage: /usr/bin/python3 tools/fetch-weights.py --out DIR [--dry-run] [--models NAME ...]
"""
import argparse
import hashlib
import os
import re
import sys
import zipfile

from torchvision import models as tvm

# zoo name -> torchvision weights enum (IMAGENET1K_V1 of each)
WEIGHTS = {
    "resnet18": tvm.ResNet18_Weights.IMAGENET1K_V1,
    "resnet50": tvm.ResNet50_Weights.IMAGENET1K_V1,
    "vgg16": tvm.VGG16_Weights.IMAGENET1K_V1,
    "vgg16_bn": tvm.VGG16_BN_Weights.IMAGENET1K_V1,
    "mobilenet_v2": tvm.MobileNet_V2_Weights.IMAGENET1K_V1,
    "efficientnet_b0": tvm.EfficientNet_B0_Weights.IMAGENET1K_V1,
    "vit_b_16": tvm.ViT_B_16_Weights.IMAGENET1K_V1,
}


def hash_prefix(name):
    m = re.search(r"-([a-f0-9]*)\.", name)  # torch.hub's HASH_REGEX
    return m.group(1) if m else ""


def file_ok(path):
    if not os.path.exists(path):
        return False
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest().startswith(hash_prefix(os.path.basename(path)))


def convert_if_legacy(path):
    """torchvision's older files use torch.save's pre-1.6 format, which mer does not read: write
    the zip copy mer loads (PATH.converted.pth, as tools/convert_checkpoint.py names it); the
    original keeps its name so its hash stays checkable."""
    converted = path + ".converted.pth"
    if zipfile.is_zipfile(path) or os.path.exists(converted):
        return
    import torch
    state = torch.load(path, map_location="cpu")
    torch.save({k: v for k, v in state.items() if isinstance(v, torch.Tensor)}, converted)
    print(f"  legacy format: wrote {converted}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="folder to download into (created if needed)")
    p.add_argument("--dry-run", action="store_true", help="list model, file and URL; download nothing")
    p.add_argument("--models", nargs="+", choices=sorted(WEIGHTS), default=list(WEIGHTS),
                   help="only these zoo models (default: all)")
    args = p.parse_args()
    for name in args.models:
        url = WEIGHTS[name].url
        path = os.path.join(args.out, os.path.basename(url))
        if args.dry_run:
            print(f"{name:<16} {os.path.basename(url):<40} {url}")
            continue
        if file_ok(path):
            print(f"{name}: {path} present, hash ok")
        else:
            # Imported here so that --help and --dry-run work without torch.hub's network code.
            from torch.hub import download_url_to_file
            os.makedirs(args.out, exist_ok=True)
            print(f"{name}: downloading {url}", flush=True)
            download_url_to_file(url, path, hash_prefix=hash_prefix(os.path.basename(url)), progress=True)
        convert_if_legacy(path)
    if not args.dry_run:
        print(f"done; on the offline machine: weights.dir={os.path.abspath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
