#!/usr/bin/env bash
# The main job on the shipped Chengdu data: build the statistical units, then
# place the demo enterprises in them. Outputs go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product zonefit
zonefit=.build/release/zonefit
mkdir -p out
"$zonefit" zones -o out/units.geojson
"$zonefit" overlay GeoData/chengdu/enterprises-demo.csv -o out/enterprises-demo.geojson
"$zonefit" relocate GeoData/chengdu/enterprises-sample.csv --parks GeoData/chengdu/parks.geojson \
  -o out/relocate.geojson --summary out/relocate-summary.csv
"$zonefit" fit --enterprises GeoData/chengdu/enterprises-sample.csv -o out/fit.geojson
"$zonefit" report --enterprises GeoData/chengdu/enterprises-sample.csv --parks GeoData/chengdu/parks.geojson -o out/report
