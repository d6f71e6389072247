"""PyTorch side of bench/loso_fold.cpp: one LOSO fold written as a plain python3-torch 1.13 script.

Reads the fold's DIs (PNG files and labels.csv written by the C++ side) with cv2, normalises
them as the engine does (BGR -> RGB, /255, ImageNet mean/std), builds the same LEARNet
(train_step_torch.LearNet, Keras-like init as framework/models/learnet.cpp), trains it with Adam
(L2 weight decay), balanced class weights, gradient-norm clipping, reshuffling every epoch, and
predicts the test DIs in eval mode (logits of a clip's DIs averaged). Each repeat is timed from
reading the PNG files to the predictions; interpreter start-up and imports are not timed.
Prints one JSON object on its last line: the median seconds, the parameter count, and the
number of predictions and correct ones (and the median CPU time).

usage: loso_fold_torch.py --dir D --threads N --epochs E --batch B --eval-batch EB --lr LR
                          --weight-decay WD --grad-clip G --size S --classes C --repeats K
                          --seed S [--channels-last]
"""
import argparse
import csv
import json
import os
import statistics
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_step_torch import LearNet  # noqa: E402  (same layout as the C++ model)

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def load(folder):
    """Images [N,3,H,W] float, labels, test clip ids, split of each row, from labels.csv."""
    rows = list(csv.DictReader(open(os.path.join(folder, "labels.csv"))))
    out = {}
    for split in ("train", "test"):
        sel = [r for r in rows if r["split"] == split]
        imgs = []
        for r in sel:
            bgr = cv2.imread(os.path.join(folder, r["file"]), cv2.IMREAD_COLOR)
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0
            imgs.append((rgb - MEAN) / STD)
        x = torch.from_numpy(np.stack(imgs)).permute(0, 3, 1, 2).contiguous()
        y = torch.tensor([int(r["label"]) for r in sel])
        clip = torch.tensor([int(r["clip"]) for r in sel])
        out[split] = (x, y, clip)
    return out


def keras_init(model):
    # framework/models/learnet.cpp: Xavier-uniform weights and zero biases for conv and linear.
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def batches(order, size):
    # As the C++ trainer: a last batch of one sample joins the previous batch (BatchNorm).
    out = [order[i:i + size] for i in range(0, len(order), size)]
    if len(out) > 1 and len(out[-1]) == 1:
        out[-2] = torch.cat([out[-2], out[-1]])
        out.pop()
    return out


def one_fold(a, fmt):
    data = load(a.dir)
    x, y, _ = data["train"]
    xt, yt, clip = data["test"]

    torch.manual_seed(a.seed)
    model = LearNet(a.classes, a.size)
    keras_init(model)
    model = model.to(memory_format=fmt).train()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    counts = torch.bincount(y, minlength=a.classes).double()
    weight = torch.where(counts > 0, len(y) / (a.classes * counts), torch.zeros_like(counts)).float()

    for _ in range(a.epochs):
        for idx in batches(torch.randperm(len(y)), a.batch):
            loss = F.cross_entropy(model(x[idx].contiguous(memory_format=fmt)), y[idx], weight=weight)
            if not torch.isfinite(loss):
                raise RuntimeError("non-finite loss")
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), a.grad_clip)
            opt.step()

    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(xt[i:i + a.eval_batch].contiguous(memory_format=fmt)) for i in range(0, len(yt), a.eval_batch)])
    n_clips = int(clip.max()) + 1
    clip_logits = torch.zeros(n_clips, logits.shape[1]).index_add_(0, clip, logits)
    clip_logits /= torch.bincount(clip, minlength=n_clips).unsqueeze(1).float()
    clip_y = torch.zeros(n_clips, dtype=torch.long).index_copy_(0, clip, yt)
    pred = clip_logits.argmax(1)
    return model, int(n_clips), int((pred == clip_y).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--eval-batch", type=int, default=32)
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--grad-clip", type=float, default=5.0)
    ap.add_argument("--size", type=int, default=112)
    ap.add_argument("--classes", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cv2.setNumThreads(a.threads)
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format

    times, cpu = [], []
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        model, n_pred, correct = one_fold(a, fmt)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"seconds": statistics.median(times), "times": times,
                      "cpu_seconds": statistics.median(cpu), "params": params,
                      "predictions": n_pred, "correct": correct}))


if __name__ == "__main__":
    main()
