#!/usr/bin/python3
"""Train and export the "bring your own model" examples: models as researchers export them today.

Usage (from the project root; Debian's python3-torch and python3-onnx in the system interpreter):

    apt-get install -y python3-torch python3-onnx dataset-fashion-mnist
    /usr/bin/python3 tools/train-byo-models.py

Writes to workloads/models/ (and the data set to workloads/fashion-mnist/):
- resnet-fashion-mnist.onnx: a pre-activation ResNet-style CNN on Fashion-MNIST (stem conv 1->16, two
  residual stages 16->32 and 32->64 with stride 2, 1x1 projection shortcuts and residual Adds, batch norm,
  global average pooling, fc 64->10). Exported by torch.onnx.export at opset 13 with a symbolic batch: the batch
  norms right after a convolution are folded by the exporter, the two after a residual Add stay
  BatchNormalization nodes; the flatten is x.view(x.size(0), -1), so the graph holds the Shape, Gather,
  Unsqueeze, Concat, Reshape arithmetic of a dynamic batch.
- resnet-fashion-mnist-external.onnx + resnet-fashion-mnist-external.onnx.data: the same model with every
  weight in the external file (onnx.save with save_as_external_data, as large exports are written).
- transformer-fashion-mnist.onnx: a 2-layer pre-LN transformer encoder on Fashion-MNIST read as 28 tokens of
  28 pixels (rows): token embedding 28->32 plus a learned position embedding, 2 heads of 16 with explicit
  Q K^T / sqrt(d), Softmax, P V products, a GELU MLP 32->64->32, LayerNormalization, mean over the tokens,
  fc 32->10. Opset 17 (LayerNormalization; GELU exported as its Erf form).
- resnet-fashion-mnist-qdq.onnx: the ResNet quantized after training (PTQ written here): weights int8 per
  output channel (symmetric, max), biases int32 at scale s_x s_w, activations uint8 asymmetric (min/max over
  512 training images) as QuantizeLinear / DequantizeLinear pairs on every input of a Conv, Gemm and Add and
  on every Add output.
- resnet-fashion-mnist-qonnx-4bit.onnx: the ResNet fine-tuned with fake quantization (quantization-aware
  training, straight-through rounding, LSQ-style learned activation scales) and exported with QONNX Quant nodes
  (domain qonnx.custom_op.general): weights signed 4-bit narrow (-7..7) per output channel, activations unsigned
  4-bit after every ReLU, the input unsigned 8-bit (scale 1/255) and the pooled features unsigned 8-bit.
- workloads/fashion-mnist/test-1000.npz: the first 1,000 Fashion-MNIST test images, x float32
  [1000, 1, 28, 28] = pixel / 255 and y int64 labels, as np.savez_compressed writes them.

Every export is checked: onnx.checker, then a small numpy interpreter of the graph (float64) against PyTorch on
500 test images (QDQ and QONNX against their own fake-quantized arithmetic). Accuracies printed here are
PyTorch's (float) or the numpy interpreter's (QDQ, QONNX) on the 10,000 test images.

Determinism: fixed seeds, one thread, torch.use_deterministic_algorithms(True).
"""
import argparse
import importlib.util
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import onnx
from onnx import helper, numpy_helper, TensorProto

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("reference", os.path.join(ROOT, "tools", "train-reference-models.py"))
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)  # shared: IDX reading, the training loop, accuracy, checksums

QONNX = "qonnx.custom_op.general"


# -------------------------------------------------------------------------------------------- models

class PreActBlock(nn.Module):
    """BN-ReLU, conv 3x3 (stride s), BN-ReLU, conv 3x3, plus a 1x1 projection of the BN-ReLU input."""

    def __init__(self, cin, cout, stride, act=None):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.short = nn.Conv2d(cin, cout, 1, stride, 0, bias=False)
        self.act = act or (lambda name, x: x)

    def forward(self, x):
        a = self.act("a1", F.relu(self.bn1(x)))
        y = self.conv1(a)
        y = self.act("a2", F.relu(self.bn2(y)))
        return self.conv2(y) + self.short(a)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, 1, 1)
        self.stage1 = PreActBlock(16, 32, 2)
        self.stage2 = PreActBlock(32, 64, 2)
        self.bn = nn.BatchNorm2d(64)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.stage2(self.stage1(self.stem(x)))
        x = F.adaptive_avg_pool2d(F.relu(self.bn(x)), 1)
        return self.fc(x.view(x.size(0), -1))


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))

    def split(self, x):
        b, t, _ = x.shape
        return x.reshape(x.size(0), t, self.heads, self.dh).transpose(1, 2)  # b, h, t, dh

    def forward(self, x):
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        p = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.dh), dim=-1)
        y = torch.matmul(p, v).transpose(1, 2)
        return self.o(y.reshape(x.size(0), x.shape[1], -1))


class EncoderLayer(nn.Module):
    def __init__(self, d, heads, hidden):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.mlp = nn.Sequential(nn.Linear(d, hidden), nn.GELU(), nn.Linear(hidden, d))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Transformer(nn.Module):
    def __init__(self, d=32, heads=2, hidden=64, layers=2):
        super().__init__()
        self.embed = nn.Linear(28, d)
        self.pos = nn.Parameter(torch.zeros(1, 28, d))
        self.layers = nn.ModuleList(EncoderLayer(d, heads, hidden) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 10)

    def forward(self, x):  # x: [batch, 28 rows, 28 pixels]
        x = self.embed(x) + self.pos
        for layer in self.layers:
            x = layer(x)
        return self.fc(self.ln(x.mean(dim=1)))


# ----------------------------------------------------------------------- fake quantization (QAT)

def min_max_int(bits, signed, narrow):
    if signed:
        return -(2 ** (bits - 1)) + (1 if narrow else 0), 2 ** (bits - 1) - 1
    return 0, 2 ** bits - (2 if narrow else 1)


class RoundSte(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)  # half to even, as QONNX's ROUND

    @staticmethod
    def backward(ctx, g):
        return g


class QuantFn(torch.autograd.Function):
    """QONNX Quant in the forward pass (exported as the Quant node); gradients through fake_quant."""

    @staticmethod
    def forward(ctx, x, scale, zero, bits, signed, narrow):
        lo, hi = min_max_int(int(bits.item()), signed, narrow)
        return (torch.clamp(torch.round(x / scale + zero), lo, hi) - zero) * scale

    @staticmethod
    def symbolic(g, x, scale, zero, bits, signed, narrow):
        return g.op(QONNX + "::Quant", x, scale, zero, bits, signed_i=int(signed), narrow_i=int(narrow),
                    rounding_mode_s="ROUND")


def fake_quant(x, scale, bits, signed, narrow, exporting):
    zero = torch.zeros((), dtype=x.dtype)
    b = torch.tensor(float(bits))
    if exporting:
        return QuantFn.apply(x, scale, zero, b, signed, narrow)
    lo, hi = min_max_int(bits, signed, narrow)
    return torch.clamp(RoundSte.apply(x / scale), lo, hi) * scale


class QConv(nn.Module):
    """A convolution (or fc) whose weights are fake-quantized per output channel, signed narrow 4-bit."""

    def __init__(self, conv, bits=4):
        super().__init__()
        self.conv, self.bits = conv, bits
        self.exporting = False

    def weight_scale(self):
        w = self.conv.weight
        m = w.detach().abs().reshape(w.shape[0], -1).max(1).values.clamp_min(1e-8)
        return (m / min_max_int(self.bits, True, True)[1]).reshape(-1, *([1] * (w.dim() - 1)))

    def forward(self, x):
        scale = self.weight_scale()
        if self.exporting:  # a constant in the exported graph, not the arithmetic that found it
            scale = torch.tensor(scale.numpy())
        w = fake_quant(self.conv.weight, scale, self.bits, True, True, self.exporting)
        if isinstance(self.conv, nn.Linear):
            return F.linear(x, w, self.conv.bias)
        c = self.conv
        return F.conv2d(x, w, c.bias, c.stride, c.padding, c.dilation, c.groups)


class QAct(nn.Module):
    """Unsigned activation fake quantization with a learned scale (LSQ: gradient through the STE)."""

    def __init__(self, bits, init_max):
        super().__init__()
        self.bits = bits
        self.scale = nn.Parameter(torch.tensor(float(init_max) / (2 ** bits - 1)))
        self.exporting = False

    def forward(self, x):
        scale = self.scale.abs() + 1e-8
        if self.exporting:
            scale = torch.tensor(scale.item())
        return fake_quant(x, scale, self.bits, False, False, self.exporting)


def fold_bn(conv, bn):
    """A convolution with the batch norm that follows it folded in (float64, then float32)."""
    w = conv.weight.detach().double()
    b = conv.bias.detach().double() if conv.bias is not None else torch.zeros(w.shape[0], dtype=torch.float64)
    a = bn.weight.detach().double() / torch.sqrt(bn.running_var.double() + bn.eps)
    out = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding, bias=True)
    out.weight.data = (w * a.reshape(-1, 1, 1, 1)).float()
    out.bias.data = ((b - bn.running_mean.double()) * a + bn.bias.detach().double()).float()
    return out


class QResNet(nn.Module):
    """The trained ResNet with the batch norms that follow a convolution folded into it, 4-bit weights and
    activations (input 8-bit, pooled features 8-bit); the batch norms after the residual Adds stay."""

    def __init__(self, f, act_max):
        super().__init__()
        self.stem = QConv(f.stem)
        self.blocks = nn.ModuleList()
        for s in (f.stage1, f.stage2):
            blk = nn.Module()
            blk.bn1 = s.bn1
            blk.conv1 = QConv(fold_bn(s.conv1, s.bn2))
            blk.conv2 = QConv(s.conv2)
            blk.short = QConv(s.short)
            blk.q1 = QAct(4, act_max.pop(0))
            blk.q2 = QAct(4, act_max.pop(0))
            self.blocks.append(blk)
        self.bn = f.bn
        self.qpool = QAct(8, act_max.pop(0))
        self.fc = QConv(f.fc)
        self.qin = QAct(8, 1.0)
        self.qin.scale.data = torch.tensor(1 / 255.0)
        self.qin.scale.requires_grad = False

    def exporting(self, on):
        for m in self.modules():
            if isinstance(m, (QConv, QAct)):
                m.exporting = on

    def forward(self, x):
        x = self.stem(self.qin(x))
        for b in self.blocks:
            a = b.q1(F.relu(b.bn1(x)))
            y = b.q2(F.relu(b.conv1(a)))
            x = b.conv2(y) + b.short(a)
        x = F.adaptive_avg_pool2d(F.relu(self.bn(x)), 1)
        return self.fc(self.qpool(x.view(x.size(0), -1)))


def activation_maxima(f, x):
    """The maxima of the tensors QResNet quantizes (for the initial scales), in its order."""
    out = []
    with torch.no_grad():
        h = f.stem(x)
        for s in (f.stage1, f.stage2):
            a = F.relu(s.bn1(h))
            y = F.relu(s.bn2(s.conv1(a)))
            out += [a.max().item(), y.max().item()]
            h = s.conv2(y) + s.short(a)
        out.append(F.adaptive_avg_pool2d(F.relu(f.bn(h)), 1).max().item())
    return out


# ----------------------------------------------------------------------------- the numpy interpreter

def conv2d(x, w, b, strides, pads, group=1):
    assert group == 1
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    co, ci, kh, kw = w.shape
    sh, sw = strides
    oh, ow = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], co, oh, ow))
    for r in range(kh):
        for c in range(kw):
            patch = x[:, :, r:r + sh * (oh - 1) + 1:sh, c:c + sw * (ow - 1) + 1:sw]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, r, c])
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def attrs_of(n):
    return {a.name: helper.get_attribute_value(a) for a in n.attribute}


def run_graph(m, x, record=None):
    """Runs an ONNX graph in float64 numpy: the operators these exports contain, with ONNX's semantics.
    record(name, value), when given, sees the graph input and every value computed."""
    from math import erf
    verf = np.vectorize(erf)
    env = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    env[m.graph.input[0].name] = x
    if record:
        record(m.graph.input[0].name, x)
    for n in m.graph.node:
        a = attrs_of(n)
        ins = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op == "Identity":
            out = ins[0]
        elif op == "Conv":
            out = conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]),
                         a.get("pads", [0, 0, 0, 0]), a.get("group", 1))
        elif op == "BatchNormalization":
            X, s, b, mu, var = ins
            sh = (1, -1) + (1,) * (X.ndim - 2)
            out = (X - mu.reshape(sh)) / np.sqrt(var.reshape(sh) + a.get("epsilon", 1e-5)) * s.reshape(sh) + b.reshape(sh)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power}[op]
            out = f(ins[0], ins[1])
        elif op == "Sqrt":
            out = np.sqrt(ins[0])
        elif op == "Erf":
            out = verf(ins[0])
        elif op == "GlobalAveragePool":
            out = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "ReduceMean":
            out = ins[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Flatten":
            out = ins[0].reshape(int(np.prod(ins[0].shape[:a.get("axis", 1)])), -1)
        elif op == "Shape":
            out = np.array(ins[0].shape, dtype=np.int64)
        elif op == "Gather":
            out = np.take(ins[0], ins[1], axis=a.get("axis", 0))
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else list(ins[1])
            out = ins[0]
            for ax in sorted(axes):
                out = np.expand_dims(out, ax)
        elif op == "Concat":
            out = np.concatenate(ins, axis=a["axis"])
        elif op == "Reshape":
            shape = [d if d != 0 else ins[0].shape[i] for i, d in enumerate(ins[1])]
            out = ins[0].reshape(shape)
        elif op == "Transpose":
            out = np.transpose(ins[0], a["perm"])
        elif op == "MatMul":
            out = np.matmul(ins[0], ins[1])
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            A = A.T if a.get("transA", 0) else A
            B = B.T if a.get("transB", 0) else B
            out = a.get("alpha", 1.0) * A @ B + (a.get("beta", 1.0) * ins[2] if len(ins) > 2 else 0)
        elif op == "Softmax":
            e = np.exp(ins[0] - ins[0].max(axis=a.get("axis", -1), keepdims=True))
            out = e / e.sum(axis=a.get("axis", -1), keepdims=True)
        elif op == "LayerNormalization":
            axis = a.get("axis", -1)
            axes = tuple(range(axis % ins[0].ndim, ins[0].ndim))
            mu = ins[0].mean(axis=axes, keepdims=True)
            var = ((ins[0] - mu) ** 2).mean(axis=axes, keepdims=True)
            out = (ins[0] - mu) / np.sqrt(var + a.get("epsilon", 1e-5)) * ins[1] + ins[2]
        elif op == "QuantizeLinear":
            zp = ins[2]
            lo, hi = (0, 255) if zp.dtype == np.uint8 else (-128, 127)
            axis = a.get("axis", 1)
            s = ins[1] if ins[1].ndim == 0 else ins[1].reshape([-1 if i == axis else 1 for i in range(ins[0].ndim)])
            z = zp.astype(np.float64) if zp.ndim == 0 else zp.astype(np.float64).reshape(s.shape)
            out = np.clip(np.round(ins[0].astype(np.float32) / s.astype(np.float32)) + z, lo, hi).astype(zp.dtype)
        elif op == "DequantizeLinear":
            axis = a.get("axis", 1)
            s, z = ins[1], ins[2] if len(ins) > 2 and ins[2] is not None else np.zeros((), ins[0].dtype)
            if s.ndim == 1 and ins[0].ndim > 1:
                shape = [-1 if i == axis else 1 for i in range(ins[0].ndim)]
                s, z = s.reshape(shape), z.reshape(shape)
            out = (ins[0].astype(np.float64) - z.astype(np.float64)) * s
        elif op == "Quant":
            lo, hi = min_max_int(int(ins[3]), a["signed"], a["narrow"])
            out = (np.clip(np.round(ins[0] / ins[1] + ins[2]), lo, hi) - ins[2]) * ins[1]
        else:
            sys.exit(f"numpy interpreter: no {op}")
        env[n.output[0]] = out
        if record:
            record(n.output[0], out)
    return env[m.graph.output[0].name]


def graph_accuracy(m, x, y, batch=500):
    right = 0
    for i in range(0, len(x), batch):
        right += int((run_graph(m, x[i:i + batch]).argmax(1) == y[i:i + batch]).sum())
    return right


def export(model, example, path, opset, doc, external=None, custom=None):
    model.eval()
    torch.onnx.export(model, example, path, opset_version=opset, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, custom_opsets=custom)
    m = onnx.load(path)
    m.doc_string = doc
    if custom is None:
        onnx.checker.check_model(m)
    if external:
        data = os.path.join(os.path.dirname(path), external)
        if os.path.exists(data):
            os.remove(data)  # onnx appends to an existing data file
        onnx.save(m, path, save_as_external_data=True, all_tensors_to_one_file=True, location=external, size_threshold=0)
    else:
        onnx.save(m, path)
    return m


def check_export(m, model, x, count=500, tolerance=1e-3):
    with torch.no_grad():
        ref = model(x[:count]).double().numpy()
    got = run_graph(m, x[:count].double().numpy())
    err = np.abs(got - ref).max()
    same = int((got.argmax(1) == ref.argmax(1)).sum())
    if err > tolerance or same < count - 1:
        sys.exit(f"exported graph disagrees with PyTorch: max abs error {err}, argmax equal {same}/{count}")
    return err, same


# ------------------------------------------------------------------------------------ QDQ by hand (PTQ)

def qdq(float_model, calibration):
    """The float ResNet graph with QuantizeLinear / DequantizeLinear inserted (see the module comment)."""
    m = onnx.ModelProto()
    m.CopyFrom(float_model)
    g = m.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    # every float value's range over the calibration images
    seen = {}

    def record(name, v):
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            lo, hi = seen.get(name, (0.0, 0.0))
            seen[name] = (min(lo, float(v.min())), max(hi, float(v.max())))
    for i in range(0, len(calibration), 256):
        run_graph(m, calibration[i:i + 256], record)
    acts = set()
    for n in g.node:
        if n.op_type in ("Conv", "Gemm"):
            acts.add(n.input[0])
        if n.op_type == "Add":
            acts.update(n.input)
            acts.add(n.output[0])
    new_nodes, new_inits = [], []

    def act_params(name):
        lo, hi = seen[name]
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
        zp = np.uint8(np.clip(round(-lo / scale), 0, 255))
        return scale, zp

    replaced = {}
    for name in sorted(acts):
        s, z = act_params(name)
        new_inits += [numpy_helper.from_array(np.array(s, np.float32), name + "_scale"),
                      numpy_helper.from_array(np.array(z, np.uint8), name + "_zero_point")]
        replaced[name] = (name + "_dq", s)
    for n in g.node:
        if n.op_type in ("Conv", "Gemm"):
            w = inits[n.input[1]]
            s_x = replaced[n.input[0]][1]
            s_w = (np.abs(w.reshape(w.shape[0], -1)).max(1) / 127.0).astype(np.float32)
            s_w[s_w == 0] = 1
            shape = (-1,) + (1,) * (w.ndim - 1)
            wq = np.clip(np.round(w / s_w.reshape(shape)), -127, 127).astype(np.int8)
            new_inits += [numpy_helper.from_array(wq, n.input[1] + "_q"),
                          numpy_helper.from_array(s_w, n.input[1] + "_scale"),
                          numpy_helper.from_array(np.zeros(len(s_w), np.int8), n.input[1] + "_zero_point")]
            new_nodes.append(helper.make_node("DequantizeLinear", [n.input[1] + "_q", n.input[1] + "_scale",
                                                                   n.input[1] + "_zero_point"], [n.input[1] + "_dq"], axis=0))
            ins = [replaced[n.input[0]][0], n.input[1] + "_dq"]
            if len(n.input) > 2:
                b = inits[n.input[2]]
                s_b = (np.float32(s_x) * s_w).astype(np.float32)
                bq = np.round(b / s_b).astype(np.int32)
                new_inits += [numpy_helper.from_array(bq, n.input[2] + "_q"),
                              numpy_helper.from_array(s_b, n.input[2] + "_scale"),
                              numpy_helper.from_array(np.zeros(len(s_b), np.int32), n.input[2] + "_zero_point")]
                new_nodes.append(helper.make_node("DequantizeLinear", [n.input[2] + "_q", n.input[2] + "_scale",
                                                                       n.input[2] + "_zero_point"], [n.input[2] + "_dq"], axis=0))
                ins.append(n.input[2] + "_dq")
            new_nodes.append(helper.make_node(n.op_type, ins, list(n.output), name=n.name,
                                              **{a.name: helper.get_attribute_value(a) for a in n.attribute}))
        elif n.op_type == "Add":
            new_nodes.append(helper.make_node("Add", [replaced[i][0] for i in n.input], list(n.output), name=n.name))
        else:
            new_nodes.append(n)
        for o in n.output:
            if o in replaced:
                new_nodes += qdq_pair(o)
    # the graph input is quantized before its first use
    head = qdq_pair(g.input[0].name) if g.input[0].name in replaced else []
    used = {i for n in head + new_nodes for i in n.input} | {o.name for o in g.output}
    g.ClearField("node")
    g.node.extend(head + new_nodes)
    keep = [i for i in g.initializer if i.name in used]
    g.ClearField("initializer")
    g.initializer.extend(keep + [i for i in new_inits if i.name in used])
    onnx.checker.check_model(m)
    return m


def qdq_pair(name):
    return [helper.make_node("QuantizeLinear", [name, name + "_scale", name + "_zero_point"], [name + "_q"]),
            helper.make_node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zero_point"], [name + "_dq"])]


# ------------------------------------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", default=os.path.join(ROOT, "workloads", "models"))
    ap.add_argument("--data-out", default=os.path.join(ROOT, "workloads", "fashion-mnist"))
    ap.add_argument("--only", choices=["resnet", "transformer"], help="make one family only")
    ap.add_argument("--resnet-epochs", type=int, default=6)
    ap.add_argument("--qat-epochs", type=int, default=3)
    ap.add_argument("--transformer-epochs", type=int, default=15)
    ap.add_argument("--train-limit", type=int, help="train on the first N training images only (a quick check of the tool)")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    print(f"torch {torch.__version__}, onnx {onnx.__version__}, numpy {np.__version__}, 1 thread", flush=True)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.data_out, exist_ok=True)
    x_train, y_train = reference.load_split(args.fashion, "train")
    x_test, y_test = reference.load_split(args.fashion, "t10k")
    if args.train_limit:
        x_train, y_train = x_train[:args.train_limit], y_train[:args.train_limit]
    print(f"Fashion-MNIST {args.fashion}: {len(x_train)} train, {len(x_test)} test", flush=True)

    npz = os.path.join(args.data_out, "test-1000.npz")
    np.savez_compressed(npz, x=x_test[:1000].reshape(-1, 1, 28, 28).numpy().astype(np.float32),
                        y=y_test[:1000].numpy().astype(np.int64))
    print(f"{npz}: {os.path.getsize(npz)} bytes, sha256 {reference.sha256(npz)}")

    xt4 = x_test.reshape(-1, 1, 28, 28)
    if args.only in (None, "resnet"):
        xr = x_train.reshape(-1, 1, 28, 28)
        torch.manual_seed(5)
        model = ResNet()
        t0 = time.time()
        reference.train(model, xr, y_train, args.resnet_epochs, batch=128, lr=3e-3, seed=6, name="resnet")
        c, n = reference.accuracy(model, xt4, y_test)
        print(f"resnet: float accuracy {c}/{n} = {100 * c / n:.2f} % ({time.time() - t0:.0f} s)", flush=True)
        doc = (f"qasim example: pre-activation ResNet-style CNN on Fashion-MNIST (tools/train-byo-models.py); input "
               f"pixel/255 [batch, 1, 28, 28]; float test accuracy {c}/{n} = {100 * c / n:.2f} %")
        path = os.path.join(args.out, "resnet-fashion-mnist.onnx")
        m = export(model, xt4[:1], path, 13, doc)
        err, _ = check_export(m, model, xt4)
        print(f"resnet: numpy vs PyTorch max abs error {err:.2e}; ops {sorted({x.op_type for x in m.graph.node})}")
        ext = os.path.join(args.out, "resnet-fashion-mnist-external.onnx")
        export(model, xt4[:1], ext, 13, doc + "; weights in resnet-fashion-mnist-external.onnx.data",
               external="resnet-fashion-mnist-external.onnx.data")
        for p in (path, ext, ext + ".data"):
            print(f"{p}: {os.path.getsize(p)} bytes, sha256 {reference.sha256(p)}")

        # post-training quantization to QDQ
        q = qdq(m, xr[:512].double().numpy())
        qc = graph_accuracy(q, xt4.double().numpy(), y_test.numpy())
        q.doc_string = (f"qasim example: the ResNet quantized after training to QDQ (int8 weights per channel, uint8 "
                        f"activations, int32 bias) by tools/train-byo-models.py; test accuracy of its QDQ arithmetic "
                        f"{qc}/{n} = {100 * qc / n:.2f} %")
        qp = os.path.join(args.out, "resnet-fashion-mnist-qdq.onnx")
        onnx.save(q, qp)
        print(f"resnet qdq: accuracy {qc}/{n} = {100 * qc / n:.2f} % (numpy interpreter); {qp}: {os.path.getsize(qp)} "
              f"bytes, sha256 {reference.sha256(qp)}", flush=True)

        # quantization-aware fine-tuning to 4 bits, exported with QONNX Quant nodes
        maxima = activation_maxima(model, xr[:512])
        qm = QResNet(model, maxima)
        t0 = time.time()
        reference.train(qm, xr, y_train, args.qat_epochs, batch=128, lr=1e-3, seed=7, name="resnet-qat")
        qc, n = reference.accuracy(qm, xt4, y_test)
        print(f"resnet qat 4-bit: accuracy {qc}/{n} = {100 * qc / n:.2f} % ({time.time() - t0:.0f} s)", flush=True)
        qm.exporting(True)
        qp = os.path.join(args.out, "resnet-fashion-mnist-qonnx-4bit.onnx")
        qo = export(qm, xt4[:1], qp, 13, f"qasim example: the ResNet fine-tuned with 4-bit fake quantization and "
                    f"exported with QONNX Quant nodes by tools/train-byo-models.py; PyTorch test accuracy {qc}/{n} = "
                    f"{100 * qc / n:.2f} %", custom={QONNX: 1})
        # float32 (PyTorch) and float64 (numpy) round a few values at a half step differently: one step apart
        err, same = check_export(qo, qm, xt4, tolerance=1.0)
        gc = graph_accuracy(qo, xt4.double().numpy(), y_test.numpy())
        print(f"resnet qonnx: numpy vs PyTorch max abs error {err:.2e}, argmax equal {same}/500; numpy accuracy "
              f"{gc}/{n} = {100 * gc / n:.2f} %; {qp}: {os.path.getsize(qp)} bytes, sha256 {reference.sha256(qp)}")

    if args.only in (None, "transformer"):
        torch.manual_seed(8)
        model = Transformer()
        t0 = time.time()
        reference.train(model, x_train, y_train, args.transformer_epochs, batch=128, lr=2e-3, seed=9, name="transformer")
        c, n = reference.accuracy(model, x_test, y_test)
        print(f"transformer: float accuracy {c}/{n} = {100 * c / n:.2f} % ({time.time() - t0:.0f} s)", flush=True)
        path = os.path.join(args.out, "transformer-fashion-mnist.onnx")
        m = export(model, x_test[:1], path, 17,
                   f"qasim example: 2-layer transformer encoder on Fashion-MNIST rows as 28 tokens "
                   f"(tools/train-byo-models.py); input pixel/255 [batch, 28, 28]; float test accuracy {c}/{n} = "
                   f"{100 * c / n:.2f} %")
        err, _ = check_export(m, model, x_test)
        print(f"transformer: numpy vs PyTorch max abs error {err:.2e}; ops {sorted({x.op_type for x in m.graph.node})}")
        print(f"{path}: {os.path.getsize(path)} bytes, sha256 {reference.sha256(path)}")


if __name__ == "__main__":
    main()
