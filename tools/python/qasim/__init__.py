"""qasim from Python: runs the qasim launcher and returns its results as Python data.

    import qasim
    report = qasim.run("arch-configs/tpu-like-int8.yaml", "workloads/resnet18.yaml")   # report.json, a dict
    points = qasim.sweep("arch-configs/tpu-like-int8.yaml", "workloads/mlp-784-512-512-10.yaml",
                         "arch-configs/sweeps/dataflow-array-acc.yaml")                  # sweep.csv
    curves = qasim.tradeoff("arch-configs/tr-fpga-64x128.yaml", "workloads/mlp-784-512-512-10.yaml",
                            budgets="4..16:4", groups=[8, 16])                           # tradeoff.csv

Tables come back as pandas DataFrames when pandas is installed, else as lists of dicts (numbers as int or
float, empty cells as None, true/false as bool); ``tables="pandas"`` or ``"lists"`` chooses. Keyword arguments are qasim's options
with ``_`` for ``-`` (``no_check=True`` is ``--no-check``; ``set={"pe.accumulatorBits": 16}`` gives
``--set pe.accumulatorBits=16``; a list is written with commas, ``groups=[8, 16]`` as ``--groups 8,16``).
Without ``out`` a run writes into a temporary folder that is removed once its results are read.

Bad input (qasim's exit code 2) raises :class:`QasimInputError`, whose message is qasim's own lines, one per
problem; an internal error (exit 1) raises :class:`QasimError`. The launcher is found in this order: the
``launcher`` argument, the ``QASIM_LAUNCHER`` environment variable, the checkout this package lies in
(``tools/qasim``), then ``qasim`` on the PATH; none gives :class:`LauncherNotFoundError`. Standard library
only; pandas is optional. docs/python.md has a worked example.
"""

import csv
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["run", "sweep", "merge", "tradeoff", "command", "launcher_path",
           "QasimError", "QasimInputError", "LauncherNotFoundError"]

# Options given once per value rather than as one comma-separated list.
_REPEATED = {"set", "input"}
# Lines the launcher and the JVM write to stderr (building, waiting for a build, the Vector API module's notice that
# it is incubating), not qasim's messages.
_LAUNCHER_LINES = ("qasim: building the simulator", "qasim: waiting for the build",
                   "WARNING: Using incubator modules: jdk.incubator.vector")


class QasimError(Exception):
    """qasim ended with an error. ``exit_code``, ``lines`` (its stderr lines) and ``command`` say which."""

    def __init__(self, message, exit_code=None, lines=(), command=()):
        super().__init__(message)
        self.exit_code = exit_code
        self.lines = list(lines)
        self.command = list(command)


class QasimInputError(QasimError, ValueError):
    """Bad input (exit code 2): the message is qasim's, one line per problem naming file, key, value and rule."""


class LauncherNotFoundError(QasimError, FileNotFoundError):
    """No qasim launcher where this package looked (the message lists the places)."""


def launcher_path(launcher=None):
    """The launcher to run: ``launcher``, $QASIM_LAUNCHER, this checkout's tools/qasim, or qasim on the PATH."""
    looked = []
    explicit = launcher or os.environ.get("QASIM_LAUNCHER")
    if explicit:
        path = Path(explicit).expanduser()
        if path.is_file() and os.access(str(path), os.X_OK):
            return path
        source = "the launcher argument" if launcher else "QASIM_LAUNCHER"
        raise LauncherNotFoundError("qasim launcher not found: %s (%s) is not an executable file" % (path, source))
    beside = Path(__file__).resolve().parents[2] / "qasim"  # tools/python/qasim/__init__.py -> tools/qasim
    if beside.is_file() and os.access(str(beside), os.X_OK):
        return beside
    looked.append(str(beside))
    on_path = shutil.which("qasim")
    if on_path:
        return Path(on_path)
    looked.append("qasim on the PATH")
    raise LauncherNotFoundError("qasim launcher not found: looked at %s; give launcher= or set QASIM_LAUNCHER "
                                "to the tools/qasim of a qasim checkout" % ", ".join(looked))


def _arguments(options):
    args = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif key in _REPEATED:
            items = value.items() if isinstance(value, dict) else None
            values = ["%s=%s" % (k, _text(v)) for k, v in items] if items is not None else (
                [value] if isinstance(value, (str, os.PathLike)) else value)
            for v in values:
                args += [flag, _text(v)]
        elif isinstance(value, (list, tuple)):
            args += [flag, ",".join(_text(v) for v in value)]
        else:
            args += [flag, _text(value)]
    return args


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def command(*args, launcher=None, cwd=None):
    """Runs ``qasim ARGS...``; returns its stdout. Raises QasimInputError on exit 2, QasimError otherwise."""
    argv = [str(launcher_path(launcher))] + [_text(a) for a in args]
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if done.returncode == 0:
        return done.stdout
    lines = [l for l in done.stderr.splitlines() if l.strip() and not l.startswith(_LAUNCHER_LINES)]
    message = "\n".join(lines) or "qasim ended with exit code %d" % done.returncode
    error = QasimInputError if done.returncode == 2 else QasimError
    raise error(message, done.returncode, lines, argv)


class _Folder:
    """The --out folder: the caller's, or a temporary one removed on exit."""

    def __init__(self, out):
        self.given = out

    def __enter__(self):
        if self.given is not None:
            return Path(self.given)
        self.temporary = tempfile.mkdtemp(prefix="qasim-")
        return Path(self.temporary) / "out"  # not there yet: qasim creates it

    def __exit__(self, *exc):
        if self.given is None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def _table(path, tables):
    if tables is None or tables == "pandas":
        try:
            import pandas
        except ImportError:
            if tables == "pandas":
                raise
        else:
            return pandas.read_csv(str(path))
    with open(str(path), newline="", encoding="utf-8") as f:
        return [{k: _cell(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _cell(text):
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def run(arch, workload, out=None, launcher=None, **options):
    """``qasim run``: simulates ``workload`` on ``arch``; returns report.json as a dict."""
    with _Folder(out) as folder:
        command("run", "--arch", arch, "--workload", workload, "--out", folder, *_arguments(options),
                launcher=launcher)
        with open(str(folder / "report.json"), encoding="utf-8") as f:
            return json.load(f)


def sweep(arch, workload, grid, out=None, launcher=None, tables=None, **options):
    """``qasim sweep``: every point of ``grid``; returns sweep.csv (a row per point and layer, totals last)."""
    with _Folder(out) as folder:
        command("sweep", "--arch", arch, "--workload", workload, "--grid", grid, "--out", folder,
                *_arguments(options), launcher=launcher)
        return _table(folder / "sweep.csv", tables)


def merge(folders, out=None, launcher=None, tables=None):
    """``qasim merge``: the shards' folders into the results of the whole sweep; returns its sweep.csv."""
    with _Folder(out) as folder:
        command("merge", *folders, "--out", folder, launcher=launcher)
        return _table(folder / "sweep.csv", tables)


def tradeoff(arch, workload, out=None, launcher=None, tables=None, **options):
    """``qasim tradeoff``: term-revealing trade-off curves; returns tradeoff.csv."""
    with _Folder(out) as folder:
        command("tradeoff", "--arch", arch, "--workload", workload, "--out", folder, *_arguments(options),
                launcher=launcher)
        return _table(folder / "tradeoff.csv", tables)
