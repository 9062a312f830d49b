#!/usr/bin/env python3
"""DuckDB spatial peer: the overlay as one SQL statement.

    peer_duckdb.py POINTS.csv UNITS.geojson OUT.(csv|geojson|gpkg)

The spatial extension is loaded from the duckdb-extension-spatial wheel's file
(LOAD '<path>'), with auto-install and auto-load off, so nothing is fetched
from the network. ST_Read of the units, read_csv of the points, an ST_Within
join (DuckDB plans it as a SPATIAL_JOIN), COPY to CSV, or to GeoJSON or
GeoPackage through the extension's GDAL writer. Points in no unit are dropped (inner join). Phase
times go to stderr as one JSON line.
"""
import glob
import json
import os
import sys
import time

t0 = time.perf_counter()
import duckdb  # noqa: E402
import duckdb_extension_spatial  # noqa: E402

points_path, units_path, out_path = sys.argv[1:4]


def spatial_extension_path():
    base = os.path.dirname(duckdb_extension_spatial.__file__)
    found = glob.glob(os.path.join(base, "extensions", f"v{duckdb.__version__}", "spatial.duckdb_extension"))
    if not found:
        sys.exit(f"no spatial extension for duckdb {duckdb.__version__} under {base}")
    return found[0]


con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
con.execute(f"LOAD '{spatial_extension_path()}'")
t_load = time.perf_counter()
con.execute("CREATE TABLE units AS SELECT unit, name AS unit_name, zone, is_core, geom FROM ST_Read(?)", [units_path])
query = f"""
    SELECT p.*, u.unit, u.unit_name, u.zone, u.is_core{', ST_Point(p.lon, p.lat) AS geom' if not out_path.endswith('.csv') else ''}
    FROM read_csv('{points_path}', header = true, types = {{'id': 'VARCHAR', 'uscc': 'VARCHAR', 'industry_code': 'VARCHAR'}}) AS p
    JOIN units AS u ON ST_Within(ST_Point(p.lon, p.lat), u.geom)
"""
if out_path.endswith(".csv"):
    con.execute(f"COPY ({query}) TO '{out_path}' (FORMAT csv, HEADER true)")
else:
    driver = "GPKG" if out_path.endswith(".gpkg") else "GeoJSON"
    con.execute(f"COPY ({query}) TO '{out_path}' WITH (FORMAT gdal, DRIVER '{driver}', SRS 'EPSG:4326')")
t_done = time.perf_counter()
print(json.dumps({
    "tool": "duckdb", "load_s": round(t_load - t0, 3), "query_s": round(t_done - t_load, 3),
    "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
}), file=sys.stderr)
