"""The service refuses to start on a malformed rule file: uvicorn exits non-zero with one line
naming the file, the path inside it and the problem (no traceback)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.support.live import free_port


def test_uvicorn_on_a_broken_rules_dir_exits_with_one_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    program = rules / "programs" / "living_subsidy.yaml"
    text = program.read_text("utf-8")
    program.write_text(text.replace("{fact: household_dibao, is: true}",
                                    "{fact: household_dibao, is: yes}", 1), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENER_")}
    env["SCREENER_RULES_DIR"] = str(rules)
    proc = subprocess.run(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port",
         str(free_port()), "--log-level", "warning"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("rulebook refused, not starting: ")
    assert "rules/programs/living_subsidy.yaml" in lines[0] and ".when.is" in lines[0]
    assert "'yes'" in lines[0]
    assert "Traceback" not in proc.stderr
