#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1: start them when installed but stopped, install them
# with apt when missing (as root on Debian/Ubuntu), and install Chromium for the browser tests.
set -euo pipefail

have_apt_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  have_apt_root || { echo "!! $* missing and cannot be installed here (needs root + apt)" >&2; return 1; }
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_ready() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "==> installing PostgreSQL"
  apt_install postgresql postgresql-contrib
fi
if ! pg_ready; then
  echo "==> starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf=/etc/postgresql/$version/main
  # Tests connect over TCP as the postgres superuser without a password: local trust, never on a network port.
  if ! grep -qE '^host\s+all\s+all\s+127.0.0.1/32\s+trust' "$conf/pg_hba.conf" 2>/dev/null; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$conf/pg_hba.conf" 2>/dev/null || true
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
pg_ready || { echo "!! PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "==> installing Redis"
  apt_install redis-server
fi
if ! redis_ready; then
  echo "==> starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
fi
redis_ready || { echo "!! Redis is not answering on 127.0.0.1:6379" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Chromium for the browser tests"
  apt_install chromium
fi
