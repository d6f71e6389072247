"""Writes fixtures for the `mer models predict` parity test (tests/models/predict_test.cpp).

One 40x48 colour PNG (image.png) and, per model, random torchvision weights with 5 classes
(NAME.pth, saved as torch.save(model.state_dict()) does) and torchvision's logits for the image
(NAME.expected.bin, float32), after the preprocessing `mer models predict` documents: 8-bit BGR
read, resized to SIZE x SIZE (INTER_AREA when shrinking, else INTER_LINEAR), RGB, /255,
ImageNet mean/std.

usage: make_predict_fixture.py OUT_DIR SIZE NAME [NAME ...]
"""
import os
import sys

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_parity_fixture import build, randomise  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def preprocess(path, size):
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    shrink = size <= w and size <= h
    img = cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0
    x = (rgb - MEAN) / STD
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]


def main():
    out_dir, size, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    torch.manual_seed(99)
    torch.set_num_threads(1)
    rng = np.random.default_rng(7)
    image = f"{out_dir}/image.png"
    cv2.imwrite(image, rng.integers(0, 256, size=(40, 48, 3), dtype=np.uint8))
    x = preprocess(image, size)
    for name in names:
        model = build(name, size).eval()
        randomise(model)
        torch.save(model.state_dict(), f"{out_dir}/{name}.pth")
        with torch.no_grad():
            y = model(x)[0]
        y.numpy().astype("<f4").tofile(f"{out_dir}/{name}.expected.bin")


if __name__ == "__main__":
    main()
