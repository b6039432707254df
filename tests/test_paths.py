"""The rules' directory as a command finds it without building the settings
(:func:`app.paths.rules_dir`): the settings' own answer whatever the environment or a ``.env``
file says, and pydantic-settings left unimported where neither says anything."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ASK = ("import json, sys; from app.paths import rules_dir; got = str(rules_dir()); "
       "built = 'pydantic_settings' in sys.modules; from app.settings import get_settings; "
       "print(json.dumps([got, str(get_settings().rules_dir), built]))")


def ask(cwd: Path, env: dict[str, str]) -> tuple[str, str, bool]:
    clean = {k: v for k, v in os.environ.items() if not k.casefold().startswith("screener_")}
    proc = subprocess.run([sys.executable, "-c", ASK], cwd=cwd, capture_output=True, text=True,
                          env={**clean, "PYTHONPATH": str(ROOT), **env}, timeout=60, check=True)
    got, settled, built = json.loads(proc.stdout)
    return got, settled, built


def test_default_without_pydantic_settings(tmp_path: Path) -> None:
    got, settled, built = ask(tmp_path, {})
    assert got == settled == str(ROOT / "rules")
    assert not built


@pytest.mark.parametrize("name", ["SCREENER_RULES_DIR", "screener_rules_dir",
                                  "Screener_Rules_Dir"])
def test_the_environment_moves_them(name: str, tmp_path: Path) -> None:
    got, settled, built = ask(tmp_path, {name: str(tmp_path / "elsewhere")})
    assert got == settled == str(tmp_path / "elsewhere")
    assert built


@pytest.mark.parametrize("line", ["SCREENER_RULES_DIR={dir}", "screener_rules_dir={dir}",
                                  "export SCREENER_RULES_DIR='{dir}'  # 规则"])
def test_a_dotenv_file_naming_them_is_read_by_the_settings(line: str, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# 设置\n" + line.format(dir=tmp_path / "moved") + "\n",
                                   "utf-8")
    got, settled, built = ask(tmp_path, {})
    assert got == settled == str(tmp_path / "moved")
    assert built


@pytest.mark.parametrize("text", ["SCREENER_RETENTION_DAYS=30\n", "# SCREENER_RULES_DIR=/x\n",
                                  "OTHER_RULES_DIR=/x\n", ""])
def test_a_dotenv_file_not_naming_them_builds_no_settings(text: str, tmp_path: Path) -> None:
    # (building the settings would make the web service's secret key, or warn about it)
    (tmp_path / ".env").write_text(text, "utf-8")
    got, settled, built = ask(tmp_path, {"SCREENER_DATA_DIR": str(tmp_path / "data")})
    assert got == settled == str(ROOT / "rules")
    assert not built


def test_a_dotenv_file_the_library_cannot_read_is_left_to_the_settings(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes("# 设置\nSCREENER_RULES_DIR=/x\n".encode("gb18030"))
    proc = subprocess.run([sys.executable, "-c", "from app.paths import rules_dir; rules_dir()"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "UnicodeDecodeError" in proc.stderr  # (the settings' own error, as the service's)


@pytest.mark.parametrize("rules_are", ["broken", "not there"])
def test_the_roster_command_screens_by_the_rules_the_environment_names(rules_are: str,
                                                                      tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    if rules_are == "broken":
        shutil.copytree(ROOT / "rules", rules)
        facts = rules / "facts.yaml"
        facts.write_text(facts.read_text("utf-8").replace("type: boolean", "type: bool", 1),
                         "utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text("age,hukou\n70,baise\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.casefold().startswith("screener_")}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "screen-roster", str(roster), "--on", "2025-06-01",
         "--out", str(tmp_path / "out.csv")], cwd=ROOT, capture_output=True, text=True,
        env={**env, "SCREENER_RULES_DIR": str(rules), "SCREENER_CACHE_DIR": str(tmp_path)},
        timeout=120)
    assert proc.returncode == 3
    if rules_are == "broken":
        assert "facts.yaml" in proc.stderr and ".type" in proc.stderr
    else:  # (the folder named, not rules/)
        assert f"{rules / 'rulebook.yaml'}: file is missing" in proc.stderr
    assert not (tmp_path / "out.csv").exists()
