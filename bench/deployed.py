"""What a deployed install has that a developer's checkout may lack, for the benchmarks that
time a whole process (bench/startup.py, bench/roster.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def compile_bytecode(root: Path) -> None:
    """The checkout's ``app`` compiled to ``.pyc`` (``python -m compileall``), as ``make
    install`` and the container image leave it: with ``PYTHONDONTWRITEBYTECODE`` set, or a
    ``.pyc`` older than its source after an edit, each process would compile every module
    from source first (tens of milliseconds a start), which no deployed process does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
