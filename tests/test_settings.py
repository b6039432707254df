"""Settings from the environment (app.settings): names, defaults, types, and a bad value that
stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import ROOT, Settings, SettingsError

KEY = {"SECRET_KEY": "a test key that is long enough to sign with"}


def test_defaults_when_nothing_is_set() -> None:
    s = Settings.from_environ(KEY)
    assert s.rules_dir == ROOT / "rules" and s.data_dir == ROOT / "data"
    assert s.database_url == f"sqlite:///{ROOT / 'data' / 'screener.db'}"
    assert (s.retention_days, s.session_idle_minutes) == (365, 30)
    assert s.secure_cookies is False and s.trusted_proxies == ()


def test_every_variable_is_read_with_its_type(tmp_path: Path) -> None:
    s = Settings.from_environ({
        "SCREENER_RULES_DIR": str(tmp_path / "r"), "SCREENER_DATA_DIR": str(tmp_path / "d"),
        "SCREENER_DATABASE_URL": "postgresql://h/db", "SCREENER_SECRET_KEY": "k" * 40,
        "SCREENER_RETENTION_DAYS": "30", "SCREENER_SESSION_IDLE_MINUTES": " 5 ",
        "SCREENER_SECURE_COOKIES": "TRUE", "SCREENER_TRUSTED_PROXIES": "10.0.0.1, ,10.0.0.2 "})
    assert s.rules_dir == tmp_path / "r" and s.data_dir == tmp_path / "d"
    assert s.database_url == "postgresql://h/db" and s.secret_key == "k" * 40
    assert (s.retention_days, s.session_idle_minutes) == (30, 5)
    assert s.secure_cookies is True and s.trusted_proxies == ("10.0.0.1", "10.0.0.2")
    for word, value in (("yes", True), ("on", True), ("1", True), ("off", False),
                        ("No", False), ("0", False), ("false", False)):
        assert Settings.from_environ({**KEY, "SCREENER_SECURE_COOKIES": word}).secure_cookies \
            is value


def test_the_plain_names_come_before_the_prefixed() -> None:
    s = Settings.from_environ({"DATABASE_URL": "sqlite:///a.db",
                               "SCREENER_DATABASE_URL": "sqlite:///b.db",
                               "SECRET_KEY": "plain", "SCREENER_SECRET_KEY": "prefixed"})
    assert (s.database_url, s.secret_key) == ("sqlite:///a.db", "plain")


def test_without_a_key_the_shared_one_in_the_data_dir_is_used(tmp_path: Path) -> None:
    env = {"SCREENER_DATA_DIR": str(tmp_path)}
    key = Settings.from_environ(env).secret_key
    assert key and (tmp_path / "secret_key").read_text().strip() == key
    assert Settings.from_environ(env).secret_key == key


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SCREENER_RETENTION_DAYS", "a year", "whole number"),
    ("SCREENER_SESSION_IDLE_MINUTES", "", "whole number"),
    ("SCREENER_SECURE_COOKIES", "maybe", "true or false")])
def test_a_bad_value_names_the_variable(name: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({**KEY, name: value})
    assert name in str(caught.value) and repr(value) in str(caught.value)
    assert says in str(caught.value)


def test_a_bad_value_stops_start_up() -> None:
    env = {**os.environ, **KEY, "SCREENER_SESSION_IDLE_MINUTES": "half an hour"}
    r = subprocess.run([sys.executable, "-c", "import app.main"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "SCREENER_SESSION_IDLE_MINUTES='half an hour'" in r.stderr, r.stderr[-2000:]
