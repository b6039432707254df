#!/bin/sh
# How the container image starts (Dockerfile CMD), also run by tests/test_staff_security.py.
# Migrations first. If the database cannot be reached or written, the service still starts:
# the resident pages, the rule lookup and the API need no database, and the staff area says
# that the database is down (and keeps screening without saving) until it is back.
# uvicorn takes its worker count from WEB_CONCURRENCY. It believes no proxy header
# (--no-proxy-headers): the staff area takes the client's address from X-Forwarded-For only
# when the peer is one of SCREENER_TRUSTED_PROXIES (none by default), see app/staff/auth.py.
# Without SECRET_KEY every worker shares the key kept in SCREENER_DATA_DIR (app/settings.py).
# Several workers need one key. Without SECRET_KEY they share the key kept in the data volume;
# where that cannot be kept (a read-only volume), one worker is started instead of refusing to
# serve at all, and the log says why (the app itself refuses several workers in that case).
data_dir="${SCREENER_DATA_DIR:-/srv/screener/data}"
if [ -z "${SECRET_KEY:-}" ] && [ "${WEB_CONCURRENCY:-1}" -gt 1 ] \
    && ! { [ -r "$data_dir/secret_key" ] || [ -w "$data_dir" ]; }; then
  echo "warning: SECRET_KEY is not set and $data_dir cannot keep a key the workers share:" \
    "starting 1 worker instead of $WEB_CONCURRENCY. Set SECRET_KEY, or make the volume" \
    "writable." >&2
  export WEB_CONCURRENCY=1
fi
python -m app.cli migrate || echo 'warning: migrations not applied: the database is unreachable or read-only; staff pages will report it' >&2
# --ws none: the app serves no WebSocket; uvicorn then imports none at start (issue 17).
exec python -m uvicorn app.main:app --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
  --no-proxy-headers --no-access-log --ws none
