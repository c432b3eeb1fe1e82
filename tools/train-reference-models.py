#!/usr/bin/python3
"""Train qasim's two float reference models once and export them as ONNX.

Usage (from the project root; Debian's python3-torch and python3-onnx, so the system interpreter
/usr/bin/python3, not a pyenv/venv python without torch):

    apt-get install -y python3-torch python3-onnx dataset-fashion-mnist
    /usr/bin/python3 tools/train-reference-models.py

Models:
- mlp: the term-revealing paper's MLP 784-512-512-10 (Linear, ReLU, Linear, ReLU, Linear) on the MNIST
  training split of workloads/mnist (tools/mnist-to-idx.py, 7,996 digits), evaluated on its test split
  (2,004 digits). Input "input" float32 [batch, 784] = pixel / 255; output "logits" float32 [batch, 10].
  30 epochs, batch 64, Adam lr 1e-3 with cosine decay. With only 7,996 training digits the MLP overfits
  (about 95.3 % test accuracy without augmentation), so every training batch is randomly distorted
  (rotation +-10 degrees, scale +-10 %, shift +-2 pixels, bilinear); the test images are not.
- cnn: conv 1->16 3x3 pad 1, ReLU, maxpool 2, conv 16->32 3x3 pad 1, ReLU, maxpool 2, flatten,
  fc 1568 -> 10, on Fashion-MNIST (60,000 train, evaluated on the 10,000 test images) from Debian's
  dataset-fashion-mnist. Input "input" float32 [batch, 1, 28, 28] = pixel / 255; output "logits" [batch, 10].
  8 epochs, batch 128, Adam lr 2e-3 with cosine decay, no augmentation.

Both exports: ONNX opset 13, a symbolic batch dimension "batch", constants folded, only the operators
Gemm, Relu (mlp) and Conv, Relu, MaxPool, Flatten, Gemm (cnn); the script checks the graph (onnx.checker,
operator whitelist) and runs it with a small numpy interpreter against PyTorch's outputs on test images.

Determinism: fixed seeds (torch.manual_seed, a seeded torch.Generator for the shuffling), one thread,
torch.use_deterministic_algorithms(True). The same PyTorch build on the same CPU gives the same weights
and the same ONNX bytes; another build or BLAS may differ in the last bits (and so in the sha256).
"""
import argparse
import gzip
import hashlib
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED_OPS = {"Conv", "Gemm", "MatMul", "Add", "Relu", "Clip", "BatchNormalization", "MaxPool",
               "AveragePool", "GlobalAveragePool", "Flatten", "Reshape"}
OPSET = 13


# ---------------------------------------------------------------------------------------------- data

def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        sys.exit(f"{path}: {arr.size} bytes for dimensions {dims}")
    return arr.reshape(dims)


def load_split(folder, prefix):
    images = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"))
    if len(images) != len(labels):
        sys.exit(f"{folder}: {len(images)} {prefix} images but {len(labels)} labels")
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255))
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


# -------------------------------------------------------------------------------------------- models

class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


# ---------------------------------------------------------------------------------- train, evaluate

def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct, len(x)


def augment(x, gen, rotate_deg, shift_px, scale):
    """Random affine distortion of [n, 28, 28] images (bilinear, zero fill): rotation within +-rotate_deg,
    scaling within 1 +- scale, translation within +-shift_px per axis, drawn from gen."""
    n = len(x)

    def uniform():
        return torch.rand(n, generator=gen) * 2 - 1

    a = uniform() * rotate_deg * math.pi / 180
    s = 1 + uniform() * scale
    tx = uniform() * shift_px * 2 / 28
    ty = uniform() * shift_px * 2 / 28
    theta = torch.stack([torch.stack([torch.cos(a) / s, -torch.sin(a) / s, tx], 1),
                         torch.stack([torch.sin(a) / s, torch.cos(a) / s, ty], 1)], 1)
    grid = F.affine_grid(theta, (n, 1, 28, 28), align_corners=False)
    return F.grid_sample(x.reshape(n, 1, 28, 28), grid, align_corners=False, padding_mode="zeros")


def train(model, x, y, epochs, batch, lr, seed, name, distort=None):
    """Adam, cosine learning-rate decay to 0 over all steps, cross entropy; shuffling (and the optional
    distortion, a function (images, generator) -> images) drawn from a generator seeded with seed."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * ((len(x) + batch - 1) // batch))
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(x), generator=gen)
        total = 0.0
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            xb = x[idx] if distort is None else distort(x[idx], gen).reshape(x[idx].shape)
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"{name}: epoch {epoch + 1}/{epochs} loss {total / len(x):.4f} ({time.time() - t0:.1f} s)",
              flush=True)


# ------------------------------------------------------------------------------ export and checking

def export(model, example, path, doc):
    model.eval()
    torch.onnx.export(model, example, path, opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    m = onnx.load(path)
    m.doc_string = doc
    onnx.checker.check_model(m)
    onnx.save(m, path)
    ops = [n.op_type for n in m.graph.node]
    bad = sorted(set(ops) - ALLOWED_OPS)
    if bad:
        sys.exit(f"{path}: operators qasim does not import: {bad}")
    return m


def shape_of(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def numpy_run(m, x):
    """A tiny ONNX interpreter (float64) for the operators the two exports use; checks the export."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in m.graph.initializer}
    env[m.graph.input[0].name] = x.astype(np.float64)
    for n in m.graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in n.attribute}
        ins = [env[i] for i in n.input]
        if n.op_type == "Gemm":
            A, B = ins[0], ins[1]
            if a.get("transA", 0):
                A = A.T
            if a.get("transB", 0):
                B = B.T
            out = a.get("alpha", 1.0) * A @ B
            if len(ins) > 2:
                out = out + a.get("beta", 1.0) * ins[2]
        elif n.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif n.op_type == "Flatten":
            axis = a.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif n.op_type == "Conv":
            X, W = ins[0], ins[1]
            assert a.get("group", 1) == 1 and set(a.get("strides", [1, 1])) == {1}
            assert set(a.get("dilations", [1, 1])) == {1}
            p = a.get("pads", [0, 0, 0, 0])
            Xp = np.pad(X, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
            co, ci, kh, kw = W.shape
            H, Wd = Xp.shape[2] - kh + 1, Xp.shape[3] - kw + 1
            out = np.zeros((X.shape[0], co, H, Wd))
            for r in range(kh):
                for c in range(kw):
                    out += np.einsum("nchw,oc->nohw", Xp[:, :, r:r + H, c:c + Wd], W[:, :, r, c])
            if len(ins) > 2:
                out += ins[2][None, :, None, None]
        elif n.op_type == "MaxPool":
            k, s = a["kernel_shape"], a.get("strides", a["kernel_shape"])
            assert k == [2, 2] and s == [2, 2] and set(a.get("pads", [0])) == {0}
            X = ins[0]
            N, C, H, Wd = X.shape
            out = X[:, :, :H // 2 * 2, :Wd // 2 * 2].reshape(N, C, H // 2, 2, Wd // 2, 2).max(axis=(3, 5))
        else:
            sys.exit(f"numpy check: no interpreter for {n.op_type}")
        env[n.output[0]] = out
    return env[m.graph.output[0].name]


def check_export(m, model, x_test, count=500):
    x = x_test[:count]
    with torch.no_grad():
        ref = model(x).numpy().astype(np.float64)
    got = numpy_run(m, x.numpy())
    err = np.abs(got - ref).max()
    same = int((got.argmax(1) == ref.argmax(1)).sum())
    if err > 1e-3 or same != len(x):
        sys.exit(f"exported graph disagrees with PyTorch: max abs error {err}, argmax equal {same}/{len(x)}")
    return err


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def describe(path, m):
    print(f"{path}: {os.path.getsize(path)} bytes, sha256 {sha256(path)}")
    print(f"  opset {m.opset_import[0].version}; operators: {', '.join(n.op_type for n in m.graph.node)}")
    for v in m.graph.input:
        print(f"  input  {v.name} float32 {shape_of(v)}")
    for v in m.graph.output:
        print(f"  output {v.name} float32 {shape_of(v)}")


# ---------------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mnist", default=os.path.join(ROOT, "workloads", "mnist"))
    ap.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", default=os.path.join(ROOT, "workloads", "models"))
    ap.add_argument("--only", choices=["mlp", "cnn"], help="train one model only")
    ap.add_argument("--mlp-epochs", type=int, default=30)
    ap.add_argument("--cnn-epochs", type=int, default=8)
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    print(f"torch {torch.__version__}, onnx {onnx.__version__}, numpy {np.__version__}, 1 thread, "
          f"deterministic algorithms", flush=True)
    os.makedirs(args.out, exist_ok=True)

    if args.only in (None, "mlp"):
        x_train, y_train = load_split(args.mnist, "train")
        x_test, y_test = load_split(args.mnist, "t10k")
        x_train, x_test = x_train.reshape(-1, 784), x_test.reshape(-1, 784)
        print(f"mlp: MNIST {args.mnist}: {len(x_train)} train, {len(x_test)} test", flush=True)
        torch.manual_seed(1)
        model = Mlp()
        train(model, x_train, y_train, args.mlp_epochs, batch=64, lr=1e-3, seed=2, name="mlp",
              distort=lambda xb, gen: augment(xb, gen, rotate_deg=10, shift_px=2, scale=0.1))
        c, n = accuracy(model, x_test, y_test)
        ct, nt = accuracy(model, x_train, y_train)
        path = os.path.join(args.out, "mlp-784-512-512-10-mnist.onnx")
        m = export(model, x_test[:1], path,
                   f"qasim reference MLP 784-512-512-10 (ReLU), trained by tools/train-reference-models.py on "
                   f"the MNIST train split of workloads/mnist; input pixel/255 [batch, 784]; float test "
                   f"accuracy {c}/{n} = {100 * c / n:.2f} %")
        err = check_export(m, model, x_test)
        print(f"mlp: float accuracy test {c}/{n} = {100 * c / n:.2f} %, train {ct}/{nt} = {100 * ct / nt:.2f} %")
        print(f"mlp: ONNX graph run in numpy vs PyTorch on 500 test images: max abs error {err:.2e}")
        describe(path, m)

    if args.only in (None, "cnn"):
        x_train, y_train = load_split(args.fashion, "train")
        x_test, y_test = load_split(args.fashion, "t10k")
        x_train, x_test = x_train.reshape(-1, 1, 28, 28), x_test.reshape(-1, 1, 28, 28)
        print(f"cnn: Fashion-MNIST {args.fashion}: {len(x_train)} train, {len(x_test)} test", flush=True)
        torch.manual_seed(3)
        model = Cnn()
        train(model, x_train, y_train, args.cnn_epochs, batch=128, lr=2e-3, seed=4, name="cnn")
        c, n = accuracy(model, x_test, y_test)
        path = os.path.join(args.out, "cnn-fashion-mnist.onnx")
        m = export(model, x_test[:1], path,
                   f"qasim reference CNN (conv16-pool-conv32-pool-fc10), trained by "
                   f"tools/train-reference-models.py on Fashion-MNIST's 60,000 training images; input "
                   f"pixel/255 [batch, 1, 28, 28]; float test accuracy {c}/{n} = {100 * c / n:.2f} %")
        err = check_export(m, model, x_test)
        print(f"cnn: float accuracy test {c}/{n} = {100 * c / n:.2f} %")
        print(f"cnn: ONNX graph run in numpy vs PyTorch on 500 test images: max abs error {err:.2e}")
        describe(path, m)


if __name__ == "__main__":
    main()
