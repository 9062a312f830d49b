#!/usr/bin/env python3
"""GeoPandas peer of `zonefit relocate … --summary`: the non-core rules as a planner writes them in GeoPandas.

    peer_geopandas_relocate.py POINTS.csv UNITS.geojson PROFILE.toml OUT.csv SUMMARY.csv

read_csv → points_from_xy → sjoin(predicate="within") against the units (as peer_geopandas.py) → for firms in
central units only, the profile's rules (GeoData/rules/noncore.toml, read with tomllib; its format is
GeoData/rules/README.md): the industry code read as zonefit reads it (full-width forms, digits alone take the
section of their division, a letter must match it; a code that cannot be read is `unknown_code`), chain
leaders and kept firms never flagged, then the rules in order — include prefixes, no exclude prefix, not
(possibly) high-tech when the rule says so, a name keyword when the rule has any — the first that fires
gives the category. OUT.csv: id, unit, flagged (1/0), noncore_category for every placed firm (points in no
unit are dropped, inner join). SUMMARY.csv: per central unit with firms, in the units' file order, the
columns of zonefit's summary CSV (flagged by category, freed land in ha and mu, employees and revenue of the
flagged firms, unknown codes, excluded firms). Phase times go to stderr as one JSON line.
"""
import csv
import json
import os
import sys
import time
import tomllib

t0 = time.perf_counter()
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# FirmColumns.flag in zonefit: what counts as true in chain_leader / keep.
TRUE_WORDS = {"true", "1", "是", "yes", "y", "t"}
SEVERAL_CODES = set(",;/、，； ")
M2_PER_MU = 666.67


def load_profile(path):
    """The profile, its division → section table and the high-tech classes, as zonefit loads them."""
    with open(path, "rb") as f:
        profile = tomllib.load(f)
    here = os.path.dirname(os.path.abspath(path))
    with open(os.path.join(here, profile["divisions_table"]), encoding="utf-8") as f:
        sections = {row["division"]: row["section"] for row in csv.DictReader(f)}
    with open(os.path.join(here, profile["hightech_table"]), encoding="utf-8") as f:
        hightech = [parse_code(row["code"], sections) for row in csv.DictReader(f)]
    if None in hightech:
        raise ValueError(f"{profile['hightech_table']}: a code that is not GB/T 4754")
    return profile, sections, hightech


def parse_code(text, sections):
    """A written GB/T 4754 code as section letter + digits ("C3825"), or None when zonefit could not read it
    (IndustryClassification.parse): full-width digits and letters and the ideographic space become ASCII, spaces
    around are trimmed, case is ignored; 0, 2, 3 or 4 digits; digits alone take their division's section."""
    ascii_text = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF10 <= ord(c) <= 0xFF19 or 0xFF21 <= ord(c) <= 0xFF3A or 0xFF41 <= ord(c) <= 0xFF5A
        else " " if c == "\u3000" else c
        for c in text).strip().upper()
    if not ascii_text or any(c in SEVERAL_CODES for c in ascii_text):
        return None
    letter, digits = (ascii_text[0], ascii_text[1:]) if ascii_text[0].isalpha() else (None, ascii_text)
    if not all(c in "0123456789" for c in digits) or len(digits) not in (0, 2, 3, 4) or (letter is None and not digits):
        return None
    if not digits:
        return letter if "A" <= letter <= "T" else None
    section = sections.get(digits[:2])
    if section is None or (letter is not None and letter != section):
        return None
    return section + digits


def column(frame_columns, candidates):
    """The first of the profile's names for a field that is a column (case-insensitive), or None."""
    lowered = [c.strip().lower() for c in frame_columns]
    for name in candidates:
        if name.lower() in lowered:
            return frame_columns[lowered.index(name.lower())]
    return None


def starts_with_any(codes, prefixes):
    return codes.str.startswith(tuple(prefixes)) if prefixes else pd.Series(False, index=codes.index)


def classify(central, fields, profile, sections, hightech):
    """noncore_category per central firm: a category, "unknown_code", "excluded" or None (not flagged)."""
    written = central[fields["industry_code"]].fillna("")
    codes = written.map({text: parse_code(text, sections) for text in written.unique()})
    known = codes.notna()
    codes = codes.fillna("")
    names = central[fields["name"]].fillna("") if fields["name"] else pd.Series("", index=central.index)
    # A code may be high-tech when a high-tech class lies within it (C27 may be a drug maker): every prefix
    # of every class, down to the section letter.
    maybe_hightech = codes.isin({code[:k] for code in hightech for k in range(1, len(code) + 1)})
    fired, categories = [], []
    for rule in profile["rules"]:
        include = [parse_code(p, sections) for p in rule["include"]]
        exclude = [parse_code(p, sections) for p in rule.get("exclude", [])]
        if None in include + exclude:
            raise ValueError(f"rule {rule['id']}: a code that is not GB/T 4754")
        mask = starts_with_any(codes, include) & ~starts_with_any(codes, exclude)
        if rule.get("exclude_hightech", False):
            mask &= ~maybe_hightech
        if rule.get("keywords"):
            mask &= pd.concat([names.str.contains(k, regex=False) for k in rule["keywords"]], axis=1).any(axis=1)
        fired.append(mask)
        categories.append(rule["category"])
    category = pd.Series(np.select(fired, categories, default=""), index=central.index)
    category = category.where(category != "", None)
    exclusions = profile.get("exclusions", {"chain_leaders": True, "kept": True})
    excluded = pd.Series(False, index=central.index)
    for field, on in (("chain_leader", exclusions.get("chain_leaders", True)), ("keep", exclusions.get("kept", True))):
        if on and fields[field]:
            excluded |= central[fields[field]].fillna("").str.strip().str.lower().isin(TRUE_WORDS)
    category[known & excluded] = "excluded"
    category[~known] = "unknown_code"
    return category


def number(frame, name):
    """A numeric column with empty, text and infinite cells as 0 (zonefit: a number or nothing, `?? 0` in sums)."""
    if not name:
        return pd.Series(0.0, index=frame.index)
    values = pd.to_numeric(frame[name], errors="coerce").replace([np.inf, -np.inf], np.nan)
    return values.fillna(0.0)


def summarise(central, category, fields, profile, units):
    """zonefit's summary CSV: per central unit with firms, in the units' order."""
    names = sorted(profile["categories"])
    flagged = category.isin(names)
    work = pd.DataFrame({
        "unit": central["unit"], "category": category, "flagged": flagged,
        "land": number(central, fields["land"]).where(flagged, 0.0),
        "employees": number(central, fields["employees"]).where(flagged, 0.0),
        "revenue": number(central, fields["revenue"]).where(flagged, 0.0),
    })
    counts = pd.crosstab(work["unit"], work["category"]).reindex(columns=names + ["unknown_code", "excluded"], fill_value=0)
    sums = work.groupby("unit")[["flagged", "land", "employees", "revenue"]].sum()
    order = [u for u in units["unit"] if u in sums.index]
    info = units.set_index("unit").loc[order]
    summary = pd.DataFrame({"unit": order, "name": info["unit_name"].values,
                            "is_core": info["is_core"].astype(int).values, "flagged": sums.loc[order, "flagged"].values})
    for name in names:
        summary[name] = counts.loc[order, name].values
    summary["freed_land_ha"] = sums.loc[order, "land"].values / 10_000
    summary["freed_land_mu"] = sums.loc[order, "land"].values / M2_PER_MU
    summary["employees"] = sums.loc[order, "employees"].values
    summary["revenue_10k_yuan"] = sums.loc[order, "revenue"].values
    summary["unknown_codes"] = counts.loc[order, "unknown_code"].values
    summary["excluded"] = counts.loc[order, "excluded"].values
    return summary


def main():
    points_path, units_path, profile_path, out_path, summary_path = sys.argv[1:6]
    t_import = time.perf_counter()
    profile, sections, hightech = load_profile(profile_path)
    header = list(pd.read_csv(points_path, nrows=0).columns)
    fields = {field: column(header, profile["fields"].get(field, []))
              for field in ("industry_code", "name", "land", "employees", "revenue", "chain_leader", "keep")}
    if not fields["industry_code"]:
        raise SystemExit(f"{points_path}: no industry code column (one of {profile['fields']['industry_code']})")
    text_columns = {"id"} | {fields[f] for f in ("industry_code", "name", "chain_leader", "keep") if fields[f]}
    df = pd.read_csv(points_path, dtype={c: str for c in text_columns})
    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    units = gpd.read_file(units_path, engine="pyogrio")[["unit", "name", "zone", "is_core", "geometry"]]
    units = units.rename(columns={"name": "unit_name"}).to_crs("EPSG:4326")
    t_read = time.perf_counter()
    joined = gpd.sjoin(points, units, how="inner", predicate="within").drop(columns="index_right")
    joined = joined.reset_index(drop=True)
    t_join = time.perf_counter()
    central = joined[joined["zone"] == "central"]
    category = classify(central, fields, profile, sections, hightech)
    summary = summarise(central, category, fields, profile, units)
    flagged = category.isin(list(profile["categories"]))
    out = pd.DataFrame({"id": joined["id"], "unit": joined["unit"], "flagged": 0, "noncore_category": None})
    out.loc[central.index, "flagged"] = flagged.astype(int)
    out.loc[central.index, "noncore_category"] = category.where(flagged | (category == "unknown_code"))
    t_rules = time.perf_counter()
    out.to_csv(out_path, index=False)
    summary.to_csv(summary_path, index=False)
    t_write = time.perf_counter()
    print(json.dumps({
        "tool": "geopandas relocate", "rows_in": len(df), "rows_out": len(joined), "central": len(central),
        "flagged": int(flagged.sum()), "import_s": round(t_import - t0, 3), "read_s": round(t_read - t_import, 3),
        "join_s": round(t_join - t_read, 3), "rules_s": round(t_rules - t_join, 3), "write_s": round(t_write - t_rules, 3),
    }), file=sys.stderr)


if __name__ == "__main__":
    main()
