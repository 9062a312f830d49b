#!/usr/bin/env python3
"""Independent check of `zonefit clusters` with PySAL (esda, libpysal) and GeoPandas.

Makes a synthetic register (`zonefit synth`), runs `zonefit clusters` on it
with several grids and weights, and recomputes from zonefit's grid cells
(their values and corners only) and from the overlay's output, with nothing
from zonefit imported:

  - Gi* z-scores: esda `G_Local(y, w, transform="B", star=True)` on a
    libpysal `DistanceBand(binary=True)` over the cell centres, or on k-nearest
    weights built here by the documented rule (distance, then cell order);
    the two-sided normal p-values and their Benjamini-Hochberg adjustment
    (`scipy.stats.false_discovery_control`);
  - Local Moran's I and its quadrant: esda `Moran_Local` on the same weights
    row-standardised; its permutation p-values only in distribution (mean
    absolute difference per chain < 0.03 with 999 permutations each, and the
    mean p within the range of esda's over five seeds, widened by 0.01): the
    draws are not numpy's. Not the share of p <= 0.05:
    the many cells of a sparse chain that hold zeros among zeros share one
    p-value near 0.05 (both tools draw one set of rows for every cell), so that
    share jumps with the seed, in esda as in zonefit. esda's
    p-values are taken from its own simulated I values with ties (equal up to
    rounding) counted on both sides, as zonefit counts them (see `tie_aware_p`);
  - location quotients by firms, employees and revenue, reliability and rank:
    a GeoPandas groupby of `zonefit overlay`'s GeoPackage with the chain
    prefixes of GeoData/rules/chains.csv.

Reals are compared to 1e-9 absolute, relative above magnitude 1. One check
per compared value; the last line is `N passed, M failed`; exit 1 when M > 0.

Usage: python3 Tests/validation/clusters_pysal.py [--zonefit PATH] [--keep DIR]
"""
from __future__ import annotations

import argparse
import csv
import math
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from esda.getisord import G_Local
from esda.moran import Moran_Local
from libpysal.weights import W, DistanceBand
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
QUADS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
# (name, cell metres, extra options, band or None, k or None, permutations)
RUNS = [
    ("city 1 km, band 1.5 km", 1000, [], 1500.0, None, 0),
    ("3 km, 6 nearest", 3000, ["--knn", "6"], None, 6, 999),
    ("5 km, band 9 km", 5000, ["--band", "9000"], 9000.0, None, 999),
]


class Tally:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.by_name: Counter[str] = Counter()
        self.largest = 0.0

    def close(self, name: str, mine, theirs, detail: str) -> None:
        if mine is None or theirs is None or (isinstance(theirs, float) and math.isnan(theirs)):
            ok = (mine is None or (isinstance(mine, float) and math.isnan(mine))) and (
                theirs is None or (isinstance(theirs, float) and math.isnan(theirs)))
            difference = 0.0
        else:
            difference = abs(float(mine) - float(theirs))
            scale = max(1.0, abs(float(theirs)))
            ok = difference <= 1e-9 * scale
            if ok:
                self.largest = max(self.largest, difference / scale)
        self.check(name, ok, f"{detail}: zonefit {mine}, reference {theirs}")

    def check(self, name: str, ok: bool, detail: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.by_name[name] += 1
            if self.by_name[name] <= 5:
                print(f"FAIL {name}: {detail}")


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL {' '.join(command)} exited {result.returncode}: {result.stderr.strip()[-500:]}")


def optional(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def nearest_weights(centres: np.ndarray, k: int) -> W:
    """Each cell's k nearest other cells, ties broken by cell order."""
    neighbours = {}
    for i, (x, y) in enumerate(centres):
        distance = np.hypot(centres[:, 0] - x, centres[:, 1] - y)
        distance[i] = np.inf
        order = np.lexsort((np.arange(len(centres)), distance))[:k]
        neighbours[i] = sorted(int(j) for j in order)
    return W(neighbours, silence_warnings=True)


def check_grid(t: Tally, name: str, grid: gpd.GeoDataFrame, chains: list[str], band, k, permutations, seed) -> None:
    size = float(grid["size_m"].iloc[0])
    centres = np.column_stack([grid["x_min"] + size / 2, grid["y_min"] + size / 2])
    if band is not None:
        binary = DistanceBand(centres, threshold=band, binary=True, silence_warnings=True)
    else:
        binary = nearest_weights(centres, k)
    t.check("weights", set(grid["weights"]) == {grid["weights"].iloc[0]}, f"{name}: one weights text")
    for chain in chains:
        y = grid[f"{chain}_value"].to_numpy(dtype=float)
        where = f"{name}, {chain}"
        if y.sum() == 0 or y.var() == 0:
            t.check("no variation", grid[f"{chain}_gi_z"].isna().all(), f"{where}: z null without variation")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = G_Local(y, binary, transform="B", star=True, permutations=0)
            rowwise = W(binary.neighbors, silence_warnings=True)
            rowwise.transform = "r"
            moran = Moran_Local(y, rowwise, permutations=permutations, seed=seed, keep_simulations=True)
        p = 2 * stats.norm.sf(np.abs(g.Zs))
        q = stats.false_discovery_control(p, method="bh")
        for i in range(len(y)):
            t.close("gi_z", optional(grid[f"{chain}_gi_z"].iloc[i]), float(g.Zs[i]), f"{where} cell {i}")
            t.close("gi_p", optional(grid[f"{chain}_gi_p"].iloc[i]), float(p[i]), f"{where} cell {i}")
            t.close("gi_q", optional(grid[f"{chain}_gi_q"].iloc[i]), float(q[i]), f"{where} cell {i}")
            t.close("lisa_i", optional(grid[f"{chain}_lisa_i"].iloc[i]), float(moran.Is[i]), f"{where} cell {i}")
            t.check("lisa_quad", grid[f"{chain}_lisa_quad"].iloc[i] == QUADS[int(moran.q[i])],
                    f"{where} cell {i}: {grid[f'{chain}_lisa_quad'].iloc[i]} against {QUADS[int(moran.q[i])]}")
        if permutations:
            mine = grid[f"{chain}_lisa_p"].to_numpy(dtype=float)
            theirs = tie_aware_p(moran.Is, moran.rlisas, permutations)
            mean_difference = float(np.mean(np.abs(mine - theirs)))
            t.check("lisa_p distribution", mean_difference < 0.03, f"{where}: mean |Δp| {mean_difference:.4f}")
            # esda's own mean p moves with its seed (by 0.04 on some chains): ours must lie in its range.
            means = [float(np.mean(theirs))]
            for other in range(seed + 1, seed + 5):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    again = Moran_Local(y, rowwise, permutations=permutations, seed=other, keep_simulations=True)
                means.append(float(np.mean(tie_aware_p(again.Is, again.rlisas, permutations))))
            low, high = min(means) - 0.01, max(means) + 0.01
            t.check("lisa_p mean", low <= float(np.mean(mine)) <= high,
                    f"{where}: mean p {np.mean(mine):.4f}, esda over 5 seeds {low + 0.01:.4f}–{high - 0.01:.4f}")


def tie_aware_p(observed: np.ndarray, simulated: np.ndarray, permutations: int) -> np.ndarray:
    """esda's folded pseudo p-value from its own draws, (min(as large, as small) + 1) / (R + 1), a draw equal to
    the observed I up to rounding counted on both sides, as zonefit counts it. esda's p_sim takes "as small" as
    R − "as large" and compares two sums computed in different orders, so where many cells hold the same value
    (the zeros of a sparse chain) exact ties fall either way by rounding noise."""
    tolerance = 1e-9 * np.maximum(1.0, np.abs(observed))
    larger = (simulated >= (observed - tolerance)[:, None]).sum(axis=1)
    smaller = (simulated <= (observed + tolerance)[:, None]).sum(axis=1)
    return (np.minimum(larger, smaller) + 1.0) / (permutations + 1.0)


def check_quotients(t: Tally, overlay: gpd.GeoDataFrame, table: pd.DataFrame, min_firms: int) -> None:
    chains = pd.read_csv(ROOT / "GeoData/rules/chains.csv")
    firms = overlay[overlay["industry_code"].fillna("").str.fullmatch(r"[A-T](\d{2,4})?")].copy()
    for column in ("employees", "revenue"):
        firms[column] = pd.to_numeric(firms[column], errors="coerce").fillna(0.0)
    firms["firms"] = 1.0
    measures = ["firms", "employees", "revenue"]
    unit_all = firms.groupby("unit")[measures].sum()
    city_all = firms[measures].sum()
    for chain, links in chains.groupby("chain", sort=False):
        prefixes = tuple(links["code_prefix"])
        member = firms[firms["industry_code"].str.startswith(prefixes)]
        in_unit = member.groupby("unit")[measures].sum()
        city_chain = member[measures].sum()
        rows = table[table["chain"] == chain].set_index("unit")
        ranked = []
        for unit, row in rows.iterrows():
            got = in_unit.loc[unit] if unit in in_unit.index else pd.Series(0.0, index=measures)
            every = unit_all.loc[unit] if unit in unit_all.index else pd.Series(0.0, index=measures)
            for measure in measures:
                share = got[measure] / every[measure] if every[measure] > 0 else None
                city_share = city_chain[measure] / city_all[measure] if city_all[measure] > 0 else 0
                expected = share / city_share if share is not None and city_share > 0 else None
                t.close(f"lq_{measure}", optional(row[f"lq_{measure}"]), expected, f"{chain} in {unit}")
            reliable = every["firms"] >= min_firms and got["firms"] >= 5
            t.check("lq_reliable", bool(row["lq_reliable"]) == reliable, f"{chain} in {unit}")
            if reliable and share_defined(got, every):
                ranked.append((-(got["firms"] / every["firms"]), unit))
        for rank, (_, unit) in enumerate(sorted(ranked), start=1):
            t.check("rank", int(rows.loc[unit, "rank"]) == rank, f"{chain}: {unit} rank {rows.loc[unit, 'rank']}")


def share_defined(got, every) -> bool:
    return every["firms"] > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zonefit", default=str(ROOT / ".build/debug/zonefit"))
    parser.add_argument("--keep", help="keep the register and outputs in this folder")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="zonefit-clusters-"))
    folder.mkdir(parents=True, exist_ok=True)
    t = Tally()
    try:
        register = folder / "register.csv"
        run([args.zonefit, "synth", "-n", "20000", "--seed", "3", "-o", str(register)])
        chains = list(dict.fromkeys(pd.read_csv(ROOT / "GeoData/rules/chains.csv")["chain"]))
        for index, (name, cell, extra, band, k, permutations) in enumerate(RUNS):
            out = folder / f"run{index}"
            out.mkdir(exist_ok=True)
            run([args.zonefit, "clusters", "--enterprises", str(register), "-o", str(out / "units.csv"),
                 "--grid", str(out / "grid.gpkg"), "--cell", str(cell), "--permutations", str(permutations),
                 "--seed", "5", *extra])
            grid = gpd.read_file(out / "grid.gpkg")
            check_grid(t, name, grid, chains, band, k, permutations, seed=5)
            if index == 0:
                overlay = folder / "overlay.gpkg"
                run([args.zonefit, "overlay", str(register), "-o", str(overlay)])
                check_quotients(t, gpd.read_file(overlay), pd.read_csv(out / "units.csv"), min_firms=30)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if t.failed:
        print("failures by check: " + ", ".join(f"{k} {v}" for k, v in t.by_name.most_common()))
    print(f"largest passing difference (relative above 1): {t.largest:.2e}")
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
