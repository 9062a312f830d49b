#!/usr/bin/env bash
# zonefit overlay vs GeoPandas, DuckDB spatial and a minimal C program on GEOS
# (bench/peer_geos.c, compiled by bench.py with cc), on the same synthetic firms;
# then zonefit relocate, fit and report on them, against the bare overlay and a
# GeoPandas relocate (bench/peer_geopandas_relocate.py).
#
#   bash bench/run.sh            # N = 100k and 1M, all tools, perf profile at 1M
#   bash bench/run.sh --big      # also 10M (zonefit and geos-c; GeoPandas and DuckDB stop at 1M)
#   bash bench/run.sh --postgis-only   # only the PostGIS record (bench/postgis.py → bench/results-postgis.md)
#
# Then bench/postgis.py (unless --no-postgis): a register read from PostGIS and the
# result written back, against ogr2ogr's copy of the same table and GeoPandas
# (read_postgis + sjoin + to_postgis), on a throw-away server (scripts/postgis.sh).
#
# Other options go to bench/bench.py (--sizes 100k,1m,10m, --no-peers,
# --no-geojson, --no-gpkg, --no-profile, --no-analyses, --no-report, --keep-data,
# --timeout S, --data DIR, --results FILE); see bench/README.md.
# Builds zonefit in .build-bench (release), makes the virtual environment
# bench/.venv with pinned GeoPandas and DuckDB on first use, writes the data to
# bench/data/ (git-ignored, deleted after the run unless --keep-data) and the
# record to bench/results.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

# Pinned: these install from PyPI for CPython 3.11 on x86_64 Linux. The DuckDB
# spatial extension comes as a wheel (duckdb-extension-spatial, same version as
# duckdb) holding the extension binary, so it loads with no network.
PINS=(
  geopandas==1.2.0 pandas==3.1.1 shapely==2.2.0 pyogrio==0.13.0 pyproj==3.7.2
  duckdb==1.5.5 duckdb-extension-spatial==1.5.5 pyarrow==26.0.1
  sqlalchemy==2.1.9 psycopg2-binary==2.9.13 geoalchemy2==0.20.0
)

want_peers=1
want_postgis=1
want_main=1
main_args=()
postgis_args=()
previous=""
for arg in "$@"; do
  case "$arg" in
  --no-peers) want_peers=0; main_args+=("$arg"); postgis_args+=("$arg") ;;
  --no-postgis) want_postgis=0 ;;
  --postgis-only) want_main=0 ;;
  *) main_args+=("$arg"); [[ "$previous" == "--data" ]] && postgis_args+=(--data "$arg") ;;
  esac
  previous="$arg"
done

for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install time python3-venv)" >&2; exit 1; }
done

echo "bench: building zonefit (release, .build-bench)" >&2
PATH="/opt/swift/usr/bin:$PATH" timeout 3600 swift build -c release --scratch-path .build-bench --product zonefit >&2
zonefit="$root/.build-bench/release/zonefit"

venv="$here/.venv"
python="$venv/bin/python"
if [[ $want_peers == 1 ]]; then
  stamp="$venv/.pins"
  if [[ ! -x "$python" || ! -f "$stamp" || "$(cat "$stamp")" != "${PINS[*]}" ]]; then
    echo "bench: making $venv with ${PINS[*]}" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    timeout 1200 "$venv/bin/pip" install --quiet --disable-pip-version-check "${PINS[@]}" >&2
    echo "${PINS[*]}" > "$stamp"
  fi
else
  # zonefit rows only: the checker still needs pandas and pyogrio.
  if [[ ! -x "$python" ]]; then
    python3 -m venv "$venv"
    timeout 1200 "$venv/bin/pip" install --quiet --disable-pip-version-check pandas==3.1.1 pyogrio==0.13.0 >&2
  fi
fi

status=0
if [[ $want_main == 1 ]]; then
  "$python" "$here/bench.py" --zonefit "$zonefit" "${main_args[@]}" || status=$?
fi
if [[ $want_postgis == 1 ]]; then
  "$python" "$here/postgis.py" --zonefit "$zonefit" "${postgis_args[@]}" || status=$?
fi
exit $status
