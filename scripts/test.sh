#!/usr/bin/env bash
# Installs what is missing, checks the formatting (swift format lint --strict,
# configuration in .swift-format), builds, runs the Swift test suite, then the
# independent checks: the 100,000-point overlay validation against shapely and
# the fit methods against numpy on random tables, the clusters statistics against
# PySAL (esda, libpysal) and GeoPandas, the report's interactive maps in Chromium
# driven by Playwright (Tests/browser); then runs every notebook
# headlessly (copies, so the stored outputs stay as they are). The PostGIS tests
# run against a throw-away server this script starts (scripts/postgis.sh) and
# removes when it ends, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --validation
swift format lint --strict --recursive --parallel Sources Tests Package.swift
swift build --product zonefit
# Assigned first, so that a server that fails to start stops the run (set -e) rather than skipping the suite.
pg_env=$(bash scripts/postgis.sh start)
eval "$pg_env"
trap 'bash scripts/postgis.sh stop "$ZONEFIT_PG_DIR"' EXIT
ZONEFIT_PG_REQUIRED=1 swift test
python3 Tests/validation/random_points.py --zonefit .build/debug/zonefit
python3 Tests/validation/fit_methods.py --zonefit .build/debug/zonefit
python3 Tests/validation/clusters_pysal.py --zonefit .build/debug/zonefit
python3 Tests/browser/report_browser.py --zonefit .build/debug/zonefit
ZONEFIT_BIN="$PWD/.build/debug/zonefit" bash scripts/notebooks.sh --check
