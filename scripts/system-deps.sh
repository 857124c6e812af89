#!/usr/bin/env bash
# Debian packages the test suite and `make prod` need: Chromium, PostgreSQL, Redis, nginx,
# Node (the board protocol's conformance test runs socket.io-client from package-lock.json
# under it), the DejaVu fonts (the wall's PDF). Installs only what is missing, and only when we may (root or password-less sudo);
# quick when all is there.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# The wall's PDF (events/boards/pdf.py) writes with DejaVu Sans.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "Missing Debian packages: ${missing[*]} (install them: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The distribution's own PostgreSQL cluster and nginx site are not used: tests and
# `make prod` start their own (on a real server, deploy/README.md sets nginx up).
for service in postgresql nginx; do
  if [[ " ${missing[*]} " == *" $service "* ]]; then
    $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done
