"""qasim's Python entry point against the real launcher (tools/qasim of this checkout): run, sweep, tradeoff,
merge, bad input and a missing launcher. Run with Debian's pytest: /usr/bin/python3 -m pytest tools/python."""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import qasim

HOME = Path(__file__).resolve().parents[3]
TPU = HOME / "arch-configs" / "tpu-like-int8.yaml"
TR = HOME / "arch-configs" / "tr-fpga-64x128.yaml"
GEMM = HOME / "workloads" / "gemm-64.yaml"
GRID = HOME / "arch-configs" / "sweeps" / "dataflow-array-acc.yaml"

try:
    import pandas
except ImportError:
    pandas = None


def without_provenance(report):
    """A report without its provenance, which records the command line and when it started."""
    return {k: v for k, v in report.items() if k != "provenance"}


def test_run_returns_report_json_as_a_dict_and_keeps_the_folder_it_was_given(tmp_path):
    report = qasim.run(TPU, GEMM, out=tmp_path / "r")
    assert report == json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["workload"]["name"] == "gemm-64"
    assert report["totals"]["macs"] == 64 * 64 * 64
    assert (tmp_path / "r" / "report.csv").is_file()
    # the same run from the command line, its report on stdout
    stdout = qasim.command("run", "--arch", TPU, "--workload", GEMM, "--out", tmp_path / "cli", "--format", "json")
    assert without_provenance(json.loads(stdout)) == without_provenance(report)


def test_run_without_out_writes_into_a_temporary_folder_and_removes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    report = qasim.run(TPU, GEMM, set={"pe.accumulatorBits": 16}, no_check=True)
    assert report["arch"]["pe"]["accumulatorBits"] == 16
    assert report["totals"]["overflowEvents"] > 0  # 8-bit products of K = 64 overflow 16 bits
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """The shipped grid on the 64x64x64 GEMM, whole, and as two shards (shard 0's table as pandas gives it)."""
    folder = tmp_path_factory.mktemp("sweeps")
    whole = qasim.sweep(TPU, GEMM, GRID, out=folder / "whole", jobs=2, tables="lists")
    shard0 = qasim.sweep(TPU, GEMM, GRID, out=folder / "shard-0", shard="0/2", jobs=2)
    qasim.sweep(TPU, GEMM, GRID, out=folder / "shard-1", shard="1/2", jobs=2, tables="lists")
    return folder, whole, shard0


def test_sweep_returns_sweep_csv_with_a_totals_row_per_point(sweeps):
    folder, table, shard0 = sweeps
    with open(folder / "whole" / "sweep.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(table) == len(rows)
    totals = [r for r in table if r["name"] == "total"]
    assert [r["point"] for r in totals] == list(range(30))
    assert [r["cycles"] for r in totals] == [int(r["cycles"]) for r in rows if r["name"] == "total"]
    assert {r["array.dataflow"] for r in totals} == {"os", "ws", "is"}
    assert all(r["status"] == "ok" and isinstance(r["pareto"], bool) for r in totals)
    if pandas is None:
        assert isinstance(shard0, list)
    else:
        assert isinstance(shard0, pandas.DataFrame)
        shard_totals = shard0[shard0["name"] == "total"]
        assert shard_totals["point"].tolist() == list(range(0, 30, 2))
        assert shard_totals["cycles"].tolist() == [r["cycles"] for r in totals][0::2]


def test_merge_of_two_shards_returns_the_unsharded_table(sweeps, tmp_path):
    folder, whole, _ = sweeps
    merged = qasim.merge([folder / "shard-0", folder / "shard-1"], out=tmp_path / "merged", tables="lists")
    assert merged == whole
    assert (tmp_path / "merged" / "sweep.csv").read_bytes() == (folder / "whole" / "sweep.csv").read_bytes()


def test_tradeoff_returns_tradeoff_csv_with_a_row_per_budget(tmp_path):
    table = qasim.tradeoff(TR, GEMM, out=tmp_path / "t", budgets=[4, 8], groups=[8], tables="lists")
    revealed = [r for r in table if r["budget"] is not None]
    assert sorted({r["budget"] for r in revealed}) == [4, 8]
    assert all(r["groupSize"] == 8 and r["termPairs"] > 0 for r in revealed)


def test_bad_input_raises_qasims_own_lines_with_exit_code_2_and_writes_nothing(tmp_path):
    with pytest.raises(qasim.QasimInputError) as caught:
        qasim.run(TPU, GEMM, out=tmp_path / "bad", set={"pe.accumulatorBits": 70})
    error = caught.value
    assert error.exit_code == 2
    assert str(error) == "--set pe.accumulatorBits=70: pe.accumulatorBits = 70: must be an integer from 2 to 64"
    assert error.lines == [str(error)]
    assert isinstance(error, ValueError)
    assert not (tmp_path / "bad").exists()
    with pytest.raises(qasim.QasimInputError, match="nope.yaml"):
        qasim.sweep(tmp_path / "nope.yaml", GEMM, GRID, out=tmp_path / "bad2")


def test_a_missing_launcher_raises_launcher_not_found_naming_where_it_looked(tmp_path, monkeypatch):
    with pytest.raises(qasim.LauncherNotFoundError, match="/nonexistent/qasim"):
        qasim.run(TPU, GEMM, launcher="/nonexistent/qasim")
    monkeypatch.setenv("QASIM_LAUNCHER", str(tmp_path / "qasim"))
    with pytest.raises(FileNotFoundError, match="QASIM_LAUNCHER"):
        qasim.run(TPU, GEMM)
    # the package copied out of a checkout, with no qasim on the PATH
    shutil.copytree(HOME / "tools" / "python" / "qasim", tmp_path / "lib" / "qasim")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "lib")}
    probe = ("import qasim\ntry:\n    qasim.run('a.yaml', 'b.yaml')\n"
             "except qasim.LauncherNotFoundError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env, stdout=subprocess.PIPE, universal_newlines=True,
                          check=True)
    assert done.stdout.startswith("qasim launcher not found: looked at ")
    assert "qasim on the PATH" in done.stdout


def test_keyword_options_become_qasims_options():
    args = qasim._arguments({"set": {"pe.accumulatorBits": 16, "array.dataflow": "os"}, "no_check": True,
                             "groups": [8, 16], "engine": "stepped", "input": ["x.npy", "y.npy"], "events": None,
                             "scalesim_report": False, "values": "off"})
    assert args == ["--set", "pe.accumulatorBits=16", "--set", "array.dataflow=os", "--no-check",
                    "--groups", "8,16", "--engine", "stepped", "--input", "x.npy", "--input", "y.npy",
                    "--values", "off"]
