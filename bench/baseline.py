"""The OpenFisca baseline (``../shared/openfisca_baseline``), set up where the benchmarks can
run it in the same run as ours, so that every ratio compares two figures of one run.

    .venv/bin/python bench/baseline.py          # set it up if needed, print where it is

The baseline's own ``setup.sh --into DIR --no-data`` copies it to a writable directory and
builds its virtualenv there (openfisca-core[web-api] 46.0.1 from PyPI, about 30 s, once). DIR
is ``$OPENFISCA_BASELINE_DIR``, else ``~/.cache/baise-screener/openfisca_baseline``; the source
is ``$OPENFISCA_BASELINE_SRC``, else ``../shared/openfisca_baseline`` beside the project. A
directory whose ``openfisca`` command and package are in place is used as it is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("OPENFISCA_BASELINE_SRC",
                             ROOT.parent / "shared" / "openfisca_baseline"))
DIR = Path(os.environ.get("OPENFISCA_BASELINE_DIR",
                          Path.home() / ".cache" / "baise-screener" / "openfisca_baseline"))


def ready(where: Path = DIR) -> bool:
    return (where / ".venv" / "bin" / "openfisca").exists() and (where / "bench_single.py").exists()


def ensure(where: Path = DIR) -> Path:
    """The baseline's directory, set up first if it is not (prints what it does to stderr)."""
    if not ready(where):
        if not (SOURCE / "setup.sh").exists():
            raise SystemExit(f"the OpenFisca baseline is not at {SOURCE}: set "
                             "OPENFISCA_BASELINE_SRC")
        print(f"setting up the OpenFisca baseline in {where} (once, about 30 s) ...",
              file=sys.stderr, flush=True)
        where.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["bash", str(SOURCE / "setup.sh"), "--no-data", "--into", str(where)],
                       check=True, stdout=sys.stderr, timeout=900)
    return where


def python(where: Path = DIR) -> str:
    return str(where / ".venv" / "bin" / "python")


def serve_command(port: int, workers: int = 1, where: Path = DIR) -> list[str]:
    """``openfisca serve`` of the baseline's package on 127.0.0.1:``port``."""
    return [str(where / ".venv" / "bin" / "openfisca"), "serve", "--country-package",
            "baise_baseline", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]


def calculate_body(where: Path = DIR) -> bytes:
    """The JSON its ``POST /calculate`` takes: the baseline's own sample person."""
    code = "import json, common; print(json.dumps(common.situation()))"
    out = subprocess.run([python(where), "-c", code], cwd=where, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return out.strip().encode()


def single_screening_ms(runs: int = 1000, where: Path = DIR) -> float:
    """Median ms of one person's screening the way ``/calculate`` does it (the baseline's
    ``bench_single.py``: SimulationBuilder + calculate of the ten outputs)."""
    out = subprocess.run([python(where), "bench_single.py", "--runs", str(runs), "--loads", "1"],
                         cwd=where, capture_output=True, text=True, check=True,
                         timeout=600).stdout
    m = re.search(r"SimulationBuilder \+ calculate\): median ([\d.]+) ms", out)
    if not m:
        raise RuntimeError(f"bench_single.py said:\n{out}")
    return float(m.group(1))


if __name__ == "__main__":
    print(ensure())
