#!/usr/bin/env bash
# Installs what is missing, builds, runs the Swift test suite, then the
# independent 100,000-point validation of the overlay against shapely.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --validation
swift build --product zonefit
swift test
python3 Tests/validation/random_points.py --zonefit .build/debug/zonefit
