#!/usr/bin/env python3
"""Independent check of `zonefit overlay` on random and boundary points.

Rebuilds the expected statistical units from the shipped files only
(districts.geojson, functional-areas.geojson, zones.toml) with shapely, runs
the zonefit binary on ~100,000 random points plus a few thousand boundary
points, and compares. Imports nothing from zonefit.

Counting: one check per point per property (e.g. an interior point gives five
checks: adcode, district, unit, zone, is_core), plus one check per input id for
reconciliation, one for the stderr reconciliation line, and one per unit for
the `zones` area comparison. The last line is `N passed, M failed`; the exit
code is 1 when M > 0.

Usage: python3 Tests/validation/random_points.py [--zonefit PATH] [--keep DIR]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
SCHEME = ROOT / "GeoData" / "chengdu" / "zones.toml"
TOL = 1e-9            # degrees: "on a boundary" tolerance
SEED = 20220531       # fixed: the run is reproducible
N_RANDOM = 100_000
N_DISTRICT_VERTICES = 1500
N_AREA_VERTICES = 600
N_SHARED_MIDPOINTS = 1500
MAX_SHOWN = 20
AREA_REL_TOL = 1e-6


# ---------------------------------------------------------------- results
class Tally:
    def __init__(self) -> None:
        self.passed = Counter()
        self.failed = Counter()
        self.failures: dict[str, list[str]] = defaultdict(list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed[name] += 1
        else:
            self.failed[name] += 1
            self.failures[name].append(detail)
        return ok

    def report(self) -> None:
        names = sorted(set(self.passed) | set(self.failed))
        print("\nper check: passed / failed")
        for name in names:
            print(f"  {name:32s} {self.passed[name]:8d} / {self.failed[name]}")
        for name in names:
            if self.failures[name]:
                shown = self.failures[name][:MAX_SHOWN]
                print(f"\nFAIL {name}: {len(self.failures[name])} (showing {len(shown)})")
                for line in shown:
                    print("  " + line)


# ---------------------------------------------------------------- expected units
def load_layer(path: Path, key: str) -> dict[str, tuple[shapely.Geometry, dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
            geom = shapely.union_all([g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")])
        out[str(feature["properties"][key])] = (geom, feature["properties"])
    return out


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygonal parts of an overlay result."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def build_expected():
    scheme = tomllib.loads(SCHEME.read_text(encoding="utf-8"))
    base = SCHEME.parent
    districts = load_layer(base / scheme["districts_file"], scheme["district_code_field"])
    areas = load_layer(base / scheme["functional_areas_file"], scheme["functional_area_id_field"])
    name_field = scheme["district_name_field"]
    city = shapely.union_all([g for g, _ in districts.values()])

    units = []  # in boundary-rule order: functional areas as listed, then districts by adcode
    taken = None
    for fa in scheme["functional_areas"]:
        ground = polygonal(shapely.intersection(areas[fa["id"]][0], city))
        if taken is not None:
            ground = polygonal(shapely.difference(ground, taken))
        taken = ground if taken is None else shapely.union(taken, ground)
        units.append(dict(id=fa["id"], name=fa["name"], zone=fa["zone"], is_core=False, geom=ground))
    for d in sorted(scheme["districts"], key=lambda d: d["adcode"]):
        geom, props = districts[d["adcode"]]
        remainder = geom if taken is None else polygonal(shapely.difference(geom, taken))
        units.append(dict(id=d["unit"], name=props.get(name_field, d["adcode"]), zone=d["zone"],
                          is_core=bool(d.get("is_core", False)), geom=remainder))
    district_list = [(code, g, p.get(name_field, code)) for code, (g, p) in sorted(districts.items())]
    return scheme, units, district_list, city, areas


# ---------------------------------------------------------------- points
def ring_coords(geom):
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            yield np.asarray(ring.coords)


def make_points(rng, units, districts, areas, city):
    """Returns arrays lon, lat and a list of kinds (random | dvertex | avertex | midpoint | cellpoint)."""
    minx, miny, maxx, maxy = city.bounds
    lon = [rng.uniform(minx, maxx, N_RANDOM)]
    lat = [rng.uniform(miny, maxy, N_RANDOM)]
    kinds = ["random"] * N_RANDOM

    dverts = np.unique(np.vstack([c[:-1] for _, g, _ in districts for c in ring_coords(g)]), axis=0)
    pick = dverts[rng.choice(len(dverts), min(N_DISTRICT_VERTICES, len(dverts)), replace=False)]
    lon.append(pick[:, 0]); lat.append(pick[:, 1]); kinds += ["dvertex"] * len(pick)

    averts = np.unique(np.vstack([c[:-1] for g, _ in areas.values() for c in ring_coords(g)]), axis=0)
    pick = averts[rng.choice(len(averts), min(N_AREA_VERTICES, len(averts)), replace=False)]
    lon.append(pick[:, 0]); lat.append(pick[:, 1]); kinds += ["avertex"] * len(pick)

    # segments of district rings that occur in two districts' rings
    owners = defaultdict(set)
    for code, g, _ in districts:
        for c in ring_coords(g):
            for a, b in zip(map(tuple, c[:-1]), map(tuple, c[1:])):
                owners[(min(a, b), max(a, b))].add(code)
    shared = sorted(seg for seg, who in owners.items() if len(who) == 2)
    idx = rng.choice(len(shared), min(N_SHARED_MIDPOINTS, len(shared)), replace=False)
    mids = np.array([[(shared[i][0][0] + shared[i][1][0]) / 2, (shared[i][0][1] + shared[i][1][1]) / 2] for i in idx])
    lon.append(mids[:, 0]); lat.append(mids[:, 1]); kinds += ["midpoint"] * len(mids)

    # one point inside every non-empty (unit x district) piece, however small: each piece of ground
    # must be reachable by a point
    cells = []
    for u in units:
        for _, g, _ in districts:
            piece = polygonal(shapely.intersection(u["geom"], g))
            for part in shapely.get_parts(piece):
                if not part.is_empty:
                    cells.append(shapely.get_coordinates(part.representative_point())[0])
    cells = np.array(cells)
    lon.append(cells[:, 0]); lat.append(cells[:, 1]); kinds += ["cellpoint"] * len(cells)
    return np.concatenate(lon), np.concatenate(lat), kinds


# ---------------------------------------------------------------- zonefit
def read_csv(path: Path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def truthy(text: str) -> bool | None:
    t = text.strip().lower()
    return True if t in ("1", "true", "yes") else False if t in ("0", "false", "no") else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zonefit", default=str(ROOT / ".build-validate" / "release" / "zonefit"))
    ap.add_argument("--keep", help="write the points and outputs to this folder and keep them "
                    "(default: a temp folder, removed when every check passes)")
    args = ap.parse_args()
    started = time.time()
    tally = Tally()

    scheme, units, districts, city, areas = build_expected()
    unit_by_id = {u["id"]: u for u in units}
    rule_rank = {u["id"]: i for i, u in enumerate(units)}
    print(f"expected: {len(units)} units, {len(districts)} districts, {len(areas)} functional areas")

    rng = np.random.default_rng(SEED)
    lon, lat, kinds = make_points(rng, units, districts, areas, city)
    n = len(lon)
    ids = [f"P{i:06d}" for i in range(n)]
    points = shapely.points(lon, lat)

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="zonefit-validate-"))
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "points.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "lon", "lat"])
        for i in range(n):
            w.writerow([ids[i], repr(float(lon[i])), repr(float(lat[i]))])  # repr: exact round trip

    # ---- classify with the independent units
    unit_geoms = [u["geom"] for u in units]
    dist_geoms = [g for _, g, _ in districts]
    for g in unit_geoms + dist_geoms:
        shapely.prepare(g)
    # every boundary segment of every unit and district, in an STRtree (one big prepared
    # MultiLineString is ~30x slower for dwithin)
    segments = []
    for g in unit_geoms + dist_geoms:
        for c in ring_coords(g):
            segments.append(np.stack([c[:-1], c[1:]], axis=1))
    segments = shapely.linestrings(np.concatenate(segments))
    seg_hits = shapely.STRtree(segments).query(points, predicate="dwithin", distance=TOL)
    near_boundary = np.zeros(n, dtype=bool)
    near_boundary[seg_hits[0]] = True
    utree = shapely.STRtree(unit_geoms)
    dtree = shapely.STRtree(dist_geoms)

    def pairs_to_sets(pairs):
        sets = [set() for _ in range(n)]
        for p, g in zip(*pairs):
            sets[p].add(int(g))
        return sets

    unit_exact = pairs_to_sets(utree.query(points, predicate="intersects"))
    unit_near = pairs_to_sets(utree.query(points, predicate="dwithin", distance=TOL))
    dist_exact = pairs_to_sets(dtree.query(points, predicate="intersects"))
    dist_near = pairs_to_sets(dtree.query(points, predicate="dwithin", distance=TOL))

    category = []
    for i in range(n):
        if near_boundary[i] or kinds[i] not in ("random", "cellpoint"):
            category.append("boundary" if dist_near[i] else "outside")
        else:
            category.append("interior" if unit_exact[i] else "outside")
    # outside = not within tolerance of any district (also for vertices of functional areas outside the city)
    for i in range(n):
        if category[i] == "boundary" and not unit_near[i]:
            category[i] = "outside"
    cat_count = Counter(category)
    kind_cat = Counter(zip(kinds, category))
    print(f"points: {n} ({N_RANDOM} random, {sum(k != 'random' for k in kinds)} boundary candidates)")
    for (k, c), m in sorted(kind_cat.items()):
        print(f"  {k:9s} -> {c:9s} {m}")
    mids = [i for i in range(n) if kinds[i] == "midpoint"]
    mid_exact = sum(1 for i in mids if len(dist_exact[i]) >= 2)
    print(f"  shared-edge midpoints exactly on the line (intersect both districts in shapely): {mid_exact}, "
          f"a hair off (within {TOL:g} deg only): {len(mids) - mid_exact}")

    # ---- run zonefit
    out = workdir / "out.csv"
    cmd = [args.zonefit, "overlay", str(src), "-o", str(out), "--scheme", str(SCHEME)]
    print("running:", " ".join(cmd))
    t0 = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    print(f"zonefit overlay: exit {proc.returncode}, {time.time() - t0:.1f} s")
    if proc.returncode != 0:
        print(proc.stderr)
    tally.check("overlay_exit_code", proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    rejects_path = workdir / "out.rejects.csv"
    written = read_csv(out) if out.exists() else []
    rejected = read_csv(rejects_path) if rejects_path.exists() else []

    # ---- reconciliation (one check per input id, one for the stderr line)
    rows_by_id = defaultdict(list)
    for row in written:
        rows_by_id[row["id"]].append(row)
    rej_by_id = defaultdict(list)
    for row in rejected:
        rej_by_id[row["id"]].append(row)
    for i in range(n):
        k = len(rows_by_id.get(ids[i], [])) + len(rej_by_id.get(ids[i], []))
        tally.check("reconciliation_id_once", k == 1,
                    f"{ids[i]} ({float(lon[i])!r}, {float(lat[i])!r}): {k} rows in output+rejects")
    stray = (set(rows_by_id) | set(rej_by_id)) - set(ids)
    tally.check("reconciliation_no_stray_ids", not stray, f"ids not in the input: {sorted(stray)[:10]}")
    m = re.search(r"reconciliation: read (\d+) = written (\d+) \+ rejected (\d+)", proc.stderr)
    tally.check("reconciliation_stderr_line",
                bool(m) and tuple(map(int, m.groups())) == (n, len(written), len(rejected)),
                f"stderr says {m.group(0) if m else 'nothing'}; files: read {n}, written {len(written)}, "
                f"rejected {len(rejected)}")

    # ---- per point
    def where(i):
        return f"{ids[i]} {kinds[i]} lon={float(lon[i])!r} lat={float(lat[i])!r}"

    hair_notes: list[str] = []

    def got(i):
        rows = rows_by_id.get(ids[i], [])
        return rows[0] if len(rows) == 1 else None

    for i in range(n):
        cat = category[i]
        row = got(i)
        rej = rej_by_id.get(ids[i], [])
        if cat == "interior":
            u = units[min(unit_exact[i], key=lambda j: j)]  # exactly one when away from boundaries
            d = districts[min(dist_exact[i])]
            exp = dict(adcode=d[0], district=d[2], unit=u["id"], zone=u["zone"], is_core=u["is_core"])
            if row is None:
                tally.check("interior_written", False,
                            f"{where(i)}: expected unit {u['id']}, got "
                            f"{'rejected ' + rej[0]['reason'] + ': ' + rej[0]['detail'] if rej else 'no row'}")
                continue
            tally.check("interior_written", True)
            for key in ("adcode", "district", "unit", "zone"):
                tally.check(f"interior_{key}", row[key] == exp[key], f"{where(i)}: {key} {row[key]!r} != {exp[key]!r}")
            tally.check("interior_is_core", truthy(row["is_core"]) == exp["is_core"],
                        f"{where(i)}: is_core {row['is_core']!r} != {exp['is_core']}")
        elif cat == "boundary":
            cands = sorted(unit_near[i])
            cand_ids = [units[j]["id"] for j in cands]
            cand_adcodes = {districts[j][0] for j in dist_near[i]}
            ok = tally.check("boundary_one_row", row is not None and not rej,
                             f"{where(i)}: touches {cand_ids} but "
                             f"{'rejected ' + rej[0]['reason'] + ': ' + rej[0]['detail'] if rej else 'not one row'}")
            if not ok:
                continue
            tally.check("boundary_unit_touches_point", row["unit"] in cand_ids,
                        f"{where(i)}: unit {row['unit']} not in {cand_ids}")
            tally.check("boundary_adcode_touches_point", row["adcode"] in cand_adcodes,
                        f"{where(i)}: adcode {row['adcode']} not in {sorted(cand_adcodes)}")
            u = unit_by_id.get(row["unit"])
            tally.check("boundary_zone_is_core_of_unit",
                        u is not None and row["zone"] == u["zone"] and truthy(row["is_core"]) == u["is_core"],
                        f"{where(i)}: unit {row['unit']} zone {row['zone']} is_core {row['is_core']}")
            # documented rule: first unit in scheme order among those the point lies exactly on. Checked
            # only where exact `intersects` and the 1e-9 tolerance agree on the units; where they do not,
            # zonefit's GEOS overlay and ours may differ by a hair, so a different pick is only listed.
            exact = sorted(unit_exact[i])
            if len(exact) >= 2:
                first = units[exact[0]]["id"]
                msg = f"{where(i)}: on {[units[j]['id'] for j in exact]}, got {row['unit']}, rule says {first}"
                if set(exact) == set(cands):
                    tally.check("boundary_rule_first_unit", row["unit"] == first, msg)
                elif row["unit"] != first:
                    hair_notes.append(msg + f"; within {TOL:g}: {cand_ids}")
        else:  # outside
            ok = tally.check("outside_rejected", row is None and len(rej) == 1,
                             f"{where(i)}: written to unit {row['unit'] if row else '?'}")
            if ok:
                tally.check("outside_reason", rej[0]["reason"] == "outside",
                            f"{where(i)}: reason {rej[0]['reason']}: {rej[0]['detail']}")

    # ---- zones -o: unit areas in the scheme's projected CRS
    units_out = workdir / "units.geojson"
    proc = subprocess.run([args.zonefit, "zones", "--scheme", str(SCHEME), "-o", str(units_out)],
                          capture_output=True, text=True, cwd=ROOT)
    tally.check("zones_exit_code", proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    to_gk = Transformer.from_crs("EPSG:4326", scheme["area_crs"], always_xy=True)

    def area_m2(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(to_gk.transform(xy[:, 0], xy[:, 1]))).area

    zf_units = {}
    if units_out.exists():
        for f in json.loads(units_out.read_text(encoding="utf-8"))["features"]:
            zf_units[f["properties"]["unit"]] = f
    tally.check("zones_unit_set", set(zf_units) == set(unit_by_id),
                f"zonefit units {sorted(zf_units)} vs expected {sorted(unit_by_id)}")
    for u in units:
        f = zf_units.get(u["id"])
        if f is None:
            continue
        exp = area_m2(u["geom"])
        geom_area = area_m2(shape(f["geometry"]))
        prop_area = float(f["properties"]["area_km2"]) * 1e6
        for label, value in (("geometry", geom_area), ("area_km2", prop_area)):
            rel = abs(value - exp) / exp
            tally.check(f"zones_area_{label}", rel < AREA_REL_TOL,
                        f"{u['id']}: zonefit {label} {value:.3f} m² vs independent {exp:.3f} m² (rel {rel:.2e})")

    tally.report()
    if hair_notes:
        print(f"\nnot counted: {len(hair_notes)} boundary point(s) where the units touching the point differ between exact "
              f"intersects and the {TOL:g} tolerance (floating-point hair), and zonefit's pick is not the rule's pick "
              f"on our geometry:")
        for line in hair_notes[:MAX_SHOWN]:
            print("  " + line)
    print(f"\npoints per category: " + ", ".join(f"{k} {cat_count[k]}" for k in ("interior", "boundary", "outside")))
    passed, failed = sum(tally.passed.values()), sum(tally.failed.values())
    if args.keep or failed:
        print(f"work folder (kept): {workdir}")
    else:
        shutil.rmtree(workdir)
    print(f"total run time {time.time() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
