"""``python -m app.cli COMMAND [ARGS]``: the service's command line.

Each command lives with its area; this file only names them.
"""

from __future__ import annotations

import importlib
import sys

# command -> "module:function"; the function takes the remaining arguments and returns an
# exit code.
COMMANDS: dict[str, str] = {
    "check-rules": "app.engine.check:main_args",
    "screen-roster": "app.roster.launch:command",
    # staff area (app/staff/cli.py)
    "migrate": "app.staff.cli:migrate_main",
    "create-admin": "app.staff.cli:create_admin_main",
    "create-staff": "app.staff.cli:create_staff_main",
    "purge-expired": "app.staff.cli:purge_main",
    "unlock": "app.staff.cli:unlock_main",
}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in COMMANDS:
        print("usage: python -m app.cli COMMAND [ARGS]\ncommands: " + ", ".join(sorted(COMMANDS)),
              file=sys.stderr)
        return 2
    module, func = COMMANDS[argv[1]].split(":")
    return int(getattr(importlib.import_module(module), func)(argv[2:]) or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
