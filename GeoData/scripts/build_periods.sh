#!/usr/bin/env bash
# Builds GeoData/chengdu/periods/: three quarters of a SYNTHETIC register for
# trying `zonefit diff` and `zonefit monitor` (README, "What changed since last
# period"). The first is `zonefit synth -n 3000 --seed 2026`; each next one is
# the one before evolved three months (`zonefit synth --evolve`, seeds 2027
# and 2028), and changes/ lists what each evolution changed (monitor reads
# only the folder's files, not its subfolders). Everything in them is
# invented. Run from the repository root with a built zonefit:
#
#   bash GeoData/scripts/build_periods.sh [path/to/zonefit]
set -euo pipefail
zonefit="${1:-.build/release/zonefit}"
out=GeoData/chengdu/periods
mkdir -p "$out/changes"
"$zonefit" synth -n 3000 --seed 2026 -o "$out/register-2026-03.csv"
"$zonefit" synth --evolve "$out/register-2026-03.csv" --months 3 --seed 2027 \
  -o "$out/register-2026-06.csv" --changes "$out/changes/2026-06.csv"
"$zonefit" synth --evolve "$out/register-2026-06.csv" --months 3 --seed 2028 \
  -o "$out/register-2026-09.csv" --changes "$out/changes/2026-09.csv"
