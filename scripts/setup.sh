#!/usr/bin/env bash
# Installs what zonefit needs on a fresh Debian machine: GDAL, GEOS and SQLite
# development packages, GDAL's Python tools (the tests run its GeoPackage
# validator, validate_gpkg.py), Chromium and a CJK font (for `report --pdf` and
# the report's rendering test), PostgreSQL 15 with PostGIS 3 (the tests start a
# throw-away server of their own: scripts/postgis.sh), and the Python packages of
# the independent validation (Swift itself is expected at /opt/swift or on PATH).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgdal-dev libgeos-dev libsqlite3-dev libpq-dev gdal-bin python3-gdal pkg-config chromium fonts-noto-cjk
  postgresql-15-postgis-3 postgresql-client-15)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "setup: no Swift toolchain found (expected /opt/swift)" >&2; exit 1; }

if [ "${1:-}" = "--validation" ]; then
  python3 -m pip install --quiet --disable-pip-version-check -r Tests/validation/requirements.txt
fi
