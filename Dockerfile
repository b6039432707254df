# The production image: Debian's Python, the project, compiled catalogs, a non-root user,
# several uvicorn workers. Migrations run at start; DATABASE_URL and SECRET_KEY come from the
# environment (see README, "Container image"); without SECRET_KEY the workers share a key
# generated into the data volume.
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# update-ca-certificates is held back during the install and run after it: where the build
# mounts the host's certificate bundle over /etc/ssl/certs/ca-certificates.crt (as
# ../shared/container/probe.sh does), it cannot replace that file, and that is harmless.
RUN dpkg-divert --quiet --local --rename --add /usr/sbin/update-ca-certificates \
 && ln -s /bin/true /usr/sbin/update-ca-certificates \
 && apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm /usr/sbin/update-ca-certificates \
 && dpkg-divert --quiet --local --rename --remove /usr/sbin/update-ca-certificates \
 && (update-ca-certificates >/dev/null 2>&1 || echo "CA bundle: the build host's is mounted") \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /srv/screener --create-home \
      --shell /usr/sbin/nologin screener

WORKDIR /srv/screener/app
# dependencies first, so that a change of code alone does not reinstall them
COPY pyproject.toml README.md constraints.txt ./
RUN python3 -m venv /opt/venv \
 && mkdir app && touch app/__init__.py \
 && /opt/venv/bin/pip install -q -c constraints.txt . \
 && /opt/venv/bin/pip uninstall -q -y baise-screener \
 && rm -rf app build *.egg-info
COPY . .
# the app's bytecode compiled here: the service's account cannot write it, and
# PYTHONDONTWRITEBYTECODE is set, so each worker would otherwise compile every module at start
RUN /opt/venv/bin/python -m app.i18n.catalogs compile >/dev/null \
 && /opt/venv/bin/python -m compileall -q app >/dev/null \
 && /opt/venv/bin/python -m app.engine.check >/dev/null \
 && /opt/venv/bin/python -m app.engine.cache >/dev/null \
 && mkdir -p /srv/screener/data && chown screener:screener /srv/screener/data

ENV PATH=/opt/venv/bin:$PATH \
    WEB_CONCURRENCY=2 \
    DATABASE_URL=sqlite:////srv/screener/data/screener.db \
    SCREENER_DATA_DIR=/srv/screener/data \
    SCREENER_SECURE_COOKIES=true
USER screener
EXPOSE 8000
VOLUME ["/srv/screener/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Migrations, then uvicorn with WEB_CONCURRENCY workers and no proxy header believed unless
# SCREENER_TRUSTED_PROXIES names the proxy: see scripts/start-container.sh.
CMD ["sh", "scripts/start-container.sh"]
