#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Chromium, chromedriver and axe-core for the
# accessibility checks (../shared/a11y/install.sh). Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
a11y="${A11Y_DIR:-$here/../shared/a11y}"
venv_py="$here/.venv/bin/python"

if [ -f "$a11y/install.sh" ]; then
  # The installer puts selenium into whatever python3 is first on PATH: make it ours.
  PATH="$here/.venv/bin:$PATH" bash "$a11y/install.sh" >/dev/null 2>&1 || \
    PATH="$here/.venv/bin:$PATH" bash "$a11y/install.sh"
  # The shared folder may be read-only (CI copies it without write bits): the installer then
  # cannot refresh vendor/, but a vendored axe.min.js is already there.
else
  echo "note: $a11y not found; accessibility tests will be skipped" >&2
fi
"$venv_py" -c 'import selenium' 2>/dev/null || "$venv_py" -m pip install -q 'selenium>=4.10'
