#!/usr/bin/env python3
"""Writes the .npy files of workloads/npy-example.yaml with NumPy's own writer.

The example is one fc layer, 8 inputs -> 4 outputs, batch 2: int8 weights (outFeatures x inFeatures = 4 x 8)
and uint8 data (batch x inFeatures = 2 x 8). The values are fixed formulas, not random, so the files are the
same on every machine and tests can pin them. Run from anywhere: python3 tools/make-npy-example.py
"""
import pathlib

import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "workloads"

# weights: a signed ramp that covers the int8 extremes
w = (np.arange(32, dtype=np.int32).reshape(4, 8) * 37 % 256 - 128).astype(np.int8)
# data: unsigned activations, with the uint8 maximum in the last place
x = (np.arange(16, dtype=np.int32).reshape(2, 8) * 17 % 256).astype(np.uint8)
x[1, 7] = 255

np.save(out / "npy-example-w.npy", w)
np.save(out / "npy-example-x.npy", x)
print("weights", w.tolist())
print("data", x.tolist())
