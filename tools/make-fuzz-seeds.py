#!/usr/bin/python3
"""Writes the seed corpus of the fuzz tests (simulator/src/test/java/dev/qasim/fuzz/ReadersFuzzTest.java):
simulator/src/test/resources/dev/qasim/fuzz/ReadersFuzzTestInputs/TARGET/ (one folder per target). Small valid
inputs of every kind each reader takes, so that the fuzzer starts from the formats' real structure; the shipped
YAML and CSV files are copied as they are. Uses Debian's python3-numpy and python3-onnx:
    /usr/bin/python3 tools/make-fuzz-seeds.py
The outputs are committed; the tests never run this script."""
import gzip
import io
import os
import shutil
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "simulator/src/test/resources/dev/qasim/fuzz/ReadersFuzzTestInputs")
rng = np.random.default_rng(16)


def folder(target):
    path = os.path.join(OUT, target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write(target_dir, name, data):
    with open(os.path.join(target_dir, name), "wb") as f:
        f.write(data)


def copy(target_dir, *files):
    for f in files:
        shutil.copy(os.path.join(ROOT, f), os.path.join(target_dir, os.path.basename(f)))


def model(nodes, inputs, outputs, initializers, name):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="qasim-fuzz-seeds")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m.SerializeToString()


def floats(name, shape):
    return numpy_helper.from_array(rng.uniform(-1, 1, shape).astype(np.float32), name)


def onnx_seeds():
    d = folder("onnxModel")
    vi = helper.make_tensor_value_info
    write(d, "gemm.onnx", model([helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)],
                                [vi("x", TensorProto.FLOAT, [1, 8])], [vi("y", TensorProto.FLOAT, [1, 4])],
                                [floats("w", [4, 8]), floats("b", [4])], "gemm"))
    write(d, "cnn.onnx", model([
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"]),
        helper.make_node("Gemm", ["f", "w2"], ["y"], transB=1)],
        [vi("x", TensorProto.FLOAT, [1, 1, 6, 6])], [vi("y", TensorProto.FLOAT, [1, 3])],
        [floats("w", [2, 1, 3, 3]), floats("w2", [3, 18])], "cnn"))
    write(d, "matmul-add.onnx", model([helper.make_node("MatMul", ["x", "w"], ["m"]), helper.make_node("Add", ["m", "b"], ["y"])],
                                      [vi("x", TensorProto.FLOAT, [2, 5])], [vi("y", TensorProto.FLOAT, [2, 3])],
                                      [floats("w", [5, 3]), floats("b", [3])], "matmul"))
    scale = numpy_helper.from_array(np.array(0.05, np.float32), "s")
    zero = numpy_helper.from_array(np.array(0, np.int8), "z")
    wq = numpy_helper.from_array(rng.integers(-127, 128, [6, 4]).astype(np.int8), "wq")
    write(d, "qdq-matmul.onnx", model([
        helper.make_node("QuantizeLinear", ["x", "s", "z"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "s", "z"], ["xd"]),
        helper.make_node("DequantizeLinear", ["wq", "s", "z"], ["wd"]),
        helper.make_node("MatMul", ["xd", "wd"], ["y"])],
        [vi("x", TensorProto.FLOAT, [1, 6])], [vi("y", TensorProto.FLOAT, [1, 4])], [scale, zero, wq], "qdq"))
    xs = numpy_helper.from_array(np.array(0.1, np.float32), "xs")
    xz = numpy_helper.from_array(np.array(128, np.uint8), "xz")
    ws = numpy_helper.from_array(np.array(0.02, np.float32), "ws")
    wz = numpy_helper.from_array(np.array(0, np.int8), "wz")
    w = numpy_helper.from_array(rng.integers(-127, 128, [2, 1, 3, 3]).astype(np.int8), "w")
    ys = numpy_helper.from_array(np.array(0.2, np.float32), "ys")
    yz = numpy_helper.from_array(np.array(128, np.uint8), "yz")
    write(d, "qlinearconv.onnx", model([helper.make_node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz"], ["y"])],
                                        [vi("x", TensorProto.UINT8, [1, 1, 5, 5])], [vi("y", TensorProto.UINT8, [1, 2, 3, 3])],
                                        [xs, xz, w, ws, wz, ys, yz], "qlinear"))
    a = numpy_helper.from_array(rng.integers(-127, 128, [4, 3]).astype(np.int8), "b")
    write(d, "matmulinteger.onnx", model([helper.make_node("MatMulInteger", ["x", "b"], ["y"])],
                                          [vi("x", TensorProto.INT8, [2, 4])], [vi("y", TensorProto.INT32, [2, 3])], [a], "mmi"))


def npy_seeds():
    d = folder("npy")
    copy(d, "workloads/npy-example-w.npy", "workloads/npy-example-x.npy")
    for name, arr in [("int8.npy", rng.integers(-128, 128, [2, 3]).astype(np.int8)),
                      ("uint8.npy", rng.integers(0, 256, [4]).astype(np.uint8)),
                      ("int16-fortran.npy", np.asfortranarray(rng.integers(-999, 999, [3, 2]).astype(np.int16))),
                      ("int32-big-endian.npy", rng.integers(-99999, 99999, [2, 2]).astype(">i4")),
                      ("float32.npy", rng.uniform(-1, 1, [1, 2, 2]).astype(np.float32)),
                      ("float64-scalar.npy", np.array(1.5))]:
        buf = io.BytesIO()
        np.save(buf, arr)
        write(d, name, buf.getvalue())


def idx(magic_type, dims, data):
    return struct.pack(">BBBB", 0, 0, magic_type, len(dims)) + b"".join(struct.pack(">I", n) for n in dims) + data


def idx_seeds():
    d = folder("idx")
    images = rng.integers(0, 256, [3, 4, 4]).astype(np.uint8)
    labels = np.array([1, 7, 3], np.uint8)
    write(d, "images-idx3-ubyte", idx(0x08, images.shape, images.tobytes()))
    write(d, "labels-idx1-ubyte", idx(0x08, labels.shape, labels.tobytes()))
    write(d, "images-idx3-ubyte.gz", gzip.compress(idx(0x08, images.shape, images.tobytes()), mtime=0))
    write(d, "int32-idx2", idx(0x0C, [2, 2], rng.integers(-9, 9, [2, 2]).astype(">i4").tobytes()))
    write(d, "float-idx1", idx(0x0D, [3], rng.uniform(-1, 1, [3]).astype(">f4").tobytes()))


def copies():
    copy(folder("architecture"), "arch-configs/tpu-like-int8.yaml", "arch-configs/edge-os-16x16.yaml",
         "arch-configs/lsq-int4-acc16.yaml", "arch-configs/tr-fpga-64x128.yaml")
    copy(folder("workload"), "workloads/gemm-64.yaml", "workloads/conv-28x28x16.yaml", "workloads/mlp-784-512-512-10.yaml",
         "workloads/npy-example.yaml", "workloads/resnet18.yaml")
    d = folder("grid")
    copy(d, "arch-configs/sweeps/dataflow-array-acc.yaml")
    write(d, "small.yaml", b"grid:\n  array.rows: [4, 8]\n  pe.overflow: [wrap, saturate]\nsample: { count: 3, seed: 2 }\n"
          b"plots:\n  - { x: array.rows, y: speedup, baseline: 4 }\n")
    copy(folder("energyTable"), "arch-configs/energy/horowitz-45nm.yaml")
    d = folder("scaleSimTopology")
    copy(d, "workloads/scalesim-resnet18.csv")
    write(d, "small.csv", b"Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
          b"conv1,8,8,3,3,2,4,1,\nfc,1,1,1,1,16,10,1,\n")


onnx_seeds()
npy_seeds()
idx_seeds()
copies()
