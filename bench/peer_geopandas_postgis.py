#!/usr/bin/env python3
"""GeoPandas peer for PostGIS: the overlay of a register kept in the database,
as a planner writes it in GeoPandas.

    peer_geopandas_postgis.py URL TABLE UNITS.geojson OUT_TABLE

read_postgis (SQLAlchemy + psycopg2) → sjoin(predicate="within") against the
units → to_postgis (GeoAlchemy2), replacing OUT_TABLE. Points in no unit are
dropped (inner join). The password comes from PGPASSWORD, as for libpq. Phase
times go to stderr as one JSON line.
"""
import json
import sys
import time

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

url, table, units_path, out_table = sys.argv[1:5]
engine = create_engine(url)
t_import = time.perf_counter()
points = gpd.read_postgis(f'SELECT * FROM "{table}"', engine, geom_col="geom")
units = gpd.read_file(units_path, engine="pyogrio")[["unit", "name", "zone", "is_core", "geometry"]]
units = units.rename(columns={"name": "unit_name"}).to_crs("EPSG:4326")
t_read = time.perf_counter()
joined = gpd.sjoin(points, units, how="inner", predicate="within").drop(columns="index_right")
t_join = time.perf_counter()
joined.to_postgis(out_table, engine, if_exists="replace", index=False, chunksize=100_000)
t_write = time.perf_counter()
print(json.dumps({
    "tool": "geopandas", "rows_in": len(points), "rows_out": len(joined),
    "import_s": round(t_import - t0, 3), "read_s": round(t_read - t_import, 3),
    "join_s": round(t_join - t_read, 3), "write_s": round(t_write - t_join, 3),
}), file=sys.stderr)
