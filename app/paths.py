"""Where the service finds its files, known without importing pydantic-settings.

:class:`app.settings.Settings` reads its configuration from the environment (names beginning
with :data:`ENV_PREFIX`, in any case) and from the :data:`ENV_FILE` file of the working
directory; the defaults of its paths are here. A command that needs nothing but the rules
(``python -m app.cli screen-roster``) asks :func:`rules_dir`, which builds the settings only
where the environment or that file names the rules' directory: importing pydantic-settings costs
~0.08 s of CPU, a tenth of screening a 1,000,000-row roster, and building the settings makes
the web service's secret key, which the command has no use for.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "SCREENER_"
ENV_FILE = ".env"
RULES_DIR = ROOT / "rules"


def rules_dir() -> Path:
    """The rules' directory, as ``get_settings().rules_dir`` gives it: :data:`RULES_DIR`
    where neither the environment (``SCREENER_RULES_DIR``, in any case, as pydantic-settings
    reads it) nor the :data:`ENV_FILE` of the working directory names another; else the
    settings' own answer."""
    name = f"{ENV_PREFIX}rules_dir".casefold()
    if any(key.casefold() == name for key in os.environ) or _env_file_may_name(name):
        from app.settings import get_settings

        return get_settings().rules_dir
    return RULES_DIR


def _env_file_may_name(name: str) -> bool:
    """Whether the :data:`ENV_FILE` may set ``name`` (case-folded): it does, as read by the
    library pydantic-settings reads it with (python-dotenv, UTF-8); or it cannot be read so
    (not UTF-8, a pipe, unreadable), and the settings are to say what is wrong with it."""
    path = Path(ENV_FILE)
    if not path.exists():
        return False
    if not path.is_file():
        return not path.is_dir()  # (a folder is no file of settings; a pipe is read by them)
    try:
        from dotenv import dotenv_values

        return any(key.casefold() == name for key in dotenv_values(path, encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return True
