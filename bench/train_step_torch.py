"""PyTorch side of bench/train_step.cpp: the same models and training step (SGD with momentum,
cross-entropy) in python3-torch 1.13, timed the same way. Prints one JSON object per model.

usage: train_step_torch.py --threads N --batch B --size S --steps K --warmup W MODEL[:cl] ...
  ":cl" runs that model with channels-last input and weights, as the C++ side does.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import vision_transformer as tv_vit

NUM_CLASSES = 5


class SameConv(nn.Conv2d):
    """TensorFlow 'same' padding (the odd pixel after), as framework/models/learnet.cpp."""

    def forward(self, x):
        k, s = self.kernel_size[0], self.stride[0]

        def pad(n):
            return max((math.ceil(n / s) - 1) * s + k - n, 0)

        ph, pw = pad(x.shape[2]), pad(x.shape[3])
        if ph or pw:
            x = F.pad(x, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2))
        return super().forward(x)


class LearNet(nn.Module):
    """Same layout as framework/models/learnet.h."""

    def __init__(self, num_classes, size=112, dropout=0.5):
        super().__init__()
        bn = lambda c: nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)
        self.stem = SameConv(3, 16, 3, 2)
        self.c1 = nn.ModuleList([SameConv(16, 16, 1, 2) for _ in range(4)])
        self.c2 = nn.ModuleList([SameConv(16, 32, 3, 2) for _ in range(4)])
        self.c3 = nn.ModuleList([SameConv(32, 64, 5, 2) for _ in range(4)])
        self.bn1 = nn.ModuleList([bn(16) for _ in range(2)])
        self.bn2 = nn.ModuleList([bn(32) for _ in range(2)])
        self.bn = bn(256)
        self.conv = SameConv(256, 256, 3, 2)
        s = size
        for _ in range(5):
            s = math.ceil(s / 2)
        self.fc1 = nn.Linear(256 * s * s, 256)
        self.drop = nn.Dropout(dropout)
        self.fc2 = nn.Linear(256, num_classes)

    def forward(self, x):
        s = F.relu(self.stem(x))
        ends = []
        for i in range(4):
            y = F.relu(self.c1[i](s))
            if i % 2:
                y = self.bn1[i // 2](y + a1)
            else:
                a1 = y
            y = F.relu(self.c2[i](y))
            if i % 2:
                y = self.bn2[i // 2](y + a2)
            else:
                a2 = y
            ends.append(F.relu(self.c3[i](y)))
        y = F.relu(self.conv(self.bn(torch.cat(ends, 1))))
        y = F.relu(self.fc1(y.flatten(1)))
        return self.fc2(self.drop(y))


def build(name, size):
    if name == "vit_tiny":
        return tv_vit.VisionTransformer(size, 16, 12, 3, 192, 768, num_classes=NUM_CLASSES)
    if name == "learnet":
        return LearNet(NUM_CLASSES, size)
    return getattr(torchvision.models, name)(num_classes=NUM_CLASSES)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--size", type=int, default=112)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("models", nargs="+")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    for spec in a.models:
        name, _, flag = spec.partition(":")
        channels_last = flag == "cl"
        model = build(name, a.size).train()
        fmt = torch.channels_last if channels_last else torch.contiguous_format
        model = model.to(memory_format=fmt)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        x = torch.randn(a.batch, 3, a.size, a.size).contiguous(memory_format=fmt)
        y = torch.randint(0, NUM_CLASSES, (a.batch,))
        times = []
        for step in range(a.warmup + a.steps):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            dt = time.perf_counter() - t0
            if step >= a.warmup:
                times.append(dt)
        times.sort()
        print(json.dumps({"model": spec, "median_s": times[len(times) // 2], "min_s": times[0]}), flush=True)


if __name__ == "__main__":
    main()
