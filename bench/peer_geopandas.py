#!/usr/bin/env python3
"""GeoPandas peer: the overlay as a planner writes it in GeoPandas.

    peer_geopandas.py POINTS.csv UNITS.geojson OUT.(csv|geojson|gpkg)

read_csv → points_from_xy → sjoin(predicate="within") against the units →
to_csv (geometry dropped; lon/lat stay as columns), to_file GeoJSON (pyogrio)
or to_file GeoPackage (pyogrio with Arrow, its fastest way to write one).
Points in no unit are dropped (inner join), like zonefit's rejects. Each output
row gains the unit's code, name, zone and core flag. Phase times go to stderr
as one JSON line.
"""
import json
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402

points_path, units_path, out_path = sys.argv[1:4]
t_import = time.perf_counter()
df = pd.read_csv(points_path, dtype={"id": str, "uscc": str, "industry_code": str})
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
units = gpd.read_file(units_path, engine="pyogrio")[["unit", "name", "zone", "is_core", "geometry"]]
units = units.rename(columns={"name": "unit_name"}).to_crs("EPSG:4326")
t_read = time.perf_counter()
joined = gpd.sjoin(points, units, how="inner", predicate="within").drop(columns="index_right")
t_join = time.perf_counter()
if out_path.endswith(".csv"):
    joined.drop(columns="geometry").to_csv(out_path, index=False)
elif out_path.endswith(".gpkg"):
    joined.to_file(out_path, driver="GPKG", engine="pyogrio", use_arrow=True)
else:
    joined.to_file(out_path, driver="GeoJSON", engine="pyogrio")
t_write = time.perf_counter()
print(json.dumps({
    "tool": "geopandas", "rows_in": len(df), "rows_out": len(joined),
    "import_s": round(t_import - t0, 3), "read_s": round(t_read - t_import, 3),
    "join_s": round(t_join - t_read, 3), "write_s": round(t_write - t_join, 3),
}), file=sys.stderr)
