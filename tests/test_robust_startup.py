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


def test_staff_area_is_imported_on_first_use_not_at_start() -> None:
    """Start-up does not import the staff area (nor SQLAlchemy); its first request does, and
    it is then served as usual."""
    script = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "from app.main import app\n"
        "c = TestClient(app)\n"
        "assert c.get('/healthz').status_code == 200\n"
        "assert c.post('/api/v1/screen', json={'facts': {}}).status_code == 200\n"
        "assert c.get('/rules').status_code == 200\n"
        "early = sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'app.staff')))\n"
        "assert not early, early\n"
        "r = c.get('/staff/login')\n"
        "assert r.status_code == 200 and 'password' in r.text, r.status_code\n"
        "assert 'sqlalchemy' in sys.modules and 'app.staff.routes' in sys.modules\n"
        "assert c.get('/staff/screen', follow_redirects=False).headers['location'] "
        ".startswith('/staff/login')\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
