#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Chromium, chromedriver and axe-core for the
# accessibility checks (../shared/a11y/install.sh), and the GNOME Orca screen reader with a
# virtual display for tests/test_screen_reader.py (../shared/a11y/orca_listen.py). Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
a11y="${A11Y_DIR:-$here/../shared/a11y}"
venv_py="$here/.venv/bin/python"

# selenium first, at the version in constraints.txt, so that the shared installer finds it.
"$venv_py" -c 'import selenium' 2>/dev/null || \
  "$venv_py" -m pip install -q -c "$here/constraints.txt" 'selenium>=4.10'
if [ -f "$a11y/install.sh" ]; then
  # The installer puts selenium into whatever python3 is first on PATH: make it ours.
  PATH="$here/.venv/bin:$PATH" bash "$a11y/install.sh" >/dev/null 2>&1 || \
    PATH="$here/.venv/bin:$PATH" bash "$a11y/install.sh"
  # The shared folder may be read-only (CI copies it without write bits): the installer then
  # cannot refresh vendor/, but a vendored axe.min.js is already there.
else
  echo "note: $a11y not found; accessibility tests will be skipped" >&2
fi

# The screen reader (orca_listen.py's own list): Debian packages, about 11 s on a new machine.
orca_packages=(orca xvfb xdotool at-spi2-core dbus-daemon)
if [ -f "$a11y/orca_listen.py" ] && ! { command -v orca && command -v Xvfb && command -v xdotool \
    && command -v dbus-daemon; } >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${orca_packages[@]}" >/dev/null
fi

# pdftotext and pdfinfo (Debian poppler-utils), for tests/test_staff_print.py: the printed
# notice's page count and text.
if ! { command -v pdftotext && command -v pdfinfo; } >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    poppler-utils >/dev/null
fi
