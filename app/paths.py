"""Where the service finds its files, known without importing pydantic-settings.

:class:`app.settings.Settings` reads its configuration from the environment (names beginning
with :data:`ENV_PREFIX`, in any case) and from the :data:`ENV_FILE` file of the working
directory; the defaults of its paths are here. A command that needs nothing but the rules
(``python -m app.cli screen-roster``) asks :func:`rules_dir`, which builds the settings only
where something could move the rules from their default: importing pydantic-settings costs
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
    reads it) nor an :data:`ENV_FILE` in the working directory could set another; else the
    settings' own answer."""
    name = f"{ENV_PREFIX}rules_dir".casefold()
    if Path(ENV_FILE).exists() or any(key.casefold() == name for key in os.environ):
        from app.settings import get_settings

        return get_settings().rules_dir
    return RULES_DIR
