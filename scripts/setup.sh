#!/usr/bin/env bash
# Make a fresh machine ready: MediaWiki + PHP (for the sandbox wikis), MariaDB (for the
# state's tests) and .venv.
# Idempotent: every step checks first, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

# mariadb-server: a throw-away MariaDB (sandbox/mariadb.py) stands in for ToolsDB in the tests.
debs=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml mariadb-server)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
# A developer's machine: the runtime packages and the tools (tests, lint, types).
# Production (Toolforge) installs requirements.txt alone. The stamp covers both files.
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing requirements-dev.txt (with requirements.txt) into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
echo "setup: ready (MediaWiki $(dpkg-query -W -f='${Version}' mediawiki), $(.venv/bin/python --version))"
