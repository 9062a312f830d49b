#!/usr/bin/env python3
"""GeoPandas peer of `zonefit relocate … --summary`: the non-core rules as a planner writes them in GeoPandas.

    peer_geopandas_relocate.py POINTS.csv UNITS.geojson PROFILE.toml OUT.csv SUMMARY.csv

read_csv → points_from_xy → sjoin(predicate="within") against the units (as peer_geopandas.py) → for firms in
central units only, the profile's rules (GeoData/rules/noncore.toml, read with tomllib; its format is
GeoData/rules/README.md): the industry code read as zonefit reads it (full-width forms, digits alone take the
section of their division, a letter must match it; a code that cannot be read is `unknown_code`), chain
leaders and kept firms never flagged, then the rules in order — include prefixes, no exclude prefix, not
(possibly) high-tech when the rule says so, a name keyword when the rule has any — the first that fires
gives the category. OUT.csv: the same work as zonefit's output, for every placed firm (points in no unit are
dropped, inner join): every input column, the unit's code, name, zone and core flag, then zonefit's relocation
fields — flagged (1/0), noncore_category, rules (the ids that fired; excluded:chain_leader / excluded:kept),
priority (the profile's [[priority]] factors: each 0 at `good` and 1 at `bad`, clamped, 0.5 without data,
weighted mean × 100, two decimals), priority_components ("id=score×weight; …"), reason_zh and reason_en (the
category's templates filled with the code, its division's name, the district and the rules), freed_land_m2
and chains (the chains table's prefixes). zonefit's adcode and district columns are not written (the peer joins
the units, not the district cells: in the central city the two are the same), and an unreadable code's reason
does not spell out why. SUMMARY.csv: per central unit with firms, in the units' file order, the columns of
zonefit's summary CSV (flagged by category, freed land in ha and mu, employees and revenue of the flagged firms,
unknown codes, excluded firms, possibly flagged firms: 0, as every point has coordinates). Phase times go to stderr as one JSON line.
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
    """The profile, its division → section table, the divisions' names, the high-tech classes and the chains
    (id → code prefixes, in the table's order), as zonefit loads them."""
    with open(path, "rb") as f:
        profile = tomllib.load(f)
    here = os.path.dirname(os.path.abspath(path))
    with open(os.path.join(here, profile["divisions_table"]), encoding="utf-8") as f:
        divisions = list(csv.DictReader(f))
    sections = {row["division"]: row["section"] for row in divisions}
    division_names = {row["division"]: (row["name_zh"], row["name_en"]) for row in divisions}
    with open(os.path.join(here, profile["hightech_table"]), encoding="utf-8") as f:
        hightech = [parse_code(row["code"], sections) for row in csv.DictReader(f)]
    if None in hightech:
        raise ValueError(f"{profile['hightech_table']}: a code that is not GB/T 4754")
    chains = {}
    with open(os.path.join(here, profile["chains_table"]), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            chains.setdefault(row["chain"], []).append(parse_code(row["code_prefix"], sections))
    return profile, sections, division_names, hightech, chains


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
    """(noncore_category, rules, codes) per central firm: a category, "unknown_code", "excluded" or None (not
    flagged); the ids of the rules that fired, ";"-separated, or excluded:chain_leader / excluded:kept; the code
    as read ("" where it cannot be read)."""
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
    rules = pd.Series("", index=central.index)
    for rule, mask in zip(profile["rules"], fired):
        rules = rules + np.where(mask, rule["id"] + ";", "")
    rules = rules.str.rstrip(";")
    exclusions = profile.get("exclusions", {"chain_leaders": True, "kept": True})
    excluded = pd.Series(False, index=central.index)
    # The chain-leader test comes first: a firm that is both is excluded as a chain leader.
    for field, why, on in (("keep", "kept", exclusions.get("kept", True)),
                           ("chain_leader", "chain_leader", exclusions.get("chain_leaders", True))):
        if on and fields[field]:
            marked = known & central[fields[field]].fillna("").str.strip().str.lower().isin(TRUE_WORDS)
            rules[marked] = "excluded:" + why
            excluded |= marked
    category[known & excluded] = "excluded"
    category[~known] = "unknown_code"
    rules[~known] = ""
    return category, rules, codes


def number(frame, name):
    """A numeric column with empty, text and infinite cells as 0 (zonefit: a number or nothing, `?? 0` in sums)."""
    if not name:
        return pd.Series(0.0, index=frame.index)
    values = pd.to_numeric(frame[name], errors="coerce").replace([np.inf, -np.inf], np.nan)
    return values.fillna(0.0)


def priority(central, flagged, fields, profile):
    """(priority, priority_components) of the flagged firms: PriorityScore in zonefit."""
    def values(field):
        if not fields[field]:
            return pd.Series(np.nan, index=central.index[flagged])
        return pd.to_numeric(central.loc[flagged, fields[field]], errors="coerce").replace([np.inf, -np.inf], np.nan)

    revenue, tax, energy, water, land = (values(f) for f in ("revenue", "tax", "energy", "water", "land"))
    mu = (land / M2_PER_MU).where(land > 0)
    positive_revenue = revenue.where(revenue > 0)
    metrics = {
        "output_per_mu": revenue / mu, "tax_per_mu": tax / mu, "energy_per_10k_yuan": energy / positive_revenue,
        "water_per_10k_yuan": water / positive_revenue, "land_ha": land / 10_000,
        "core": central.loc[flagged, "is_core"].astype(bool).astype(float),
    }
    weighted = pd.Series(0.0, index=central.index[flagged])
    components = []
    for factor in profile["priority"]:
        score = ((metrics[factor["metric"]] - factor["good"]) / (factor["bad"] - factor["good"])).clip(0, 1)
        weighted += score.fillna(0.5) * factor["weight"]
        text = score.map(lambda v: "n/a" if v != v else f"{v:.2f}")
        components.append(f"{factor['id']}=" + text + f"×{factor['weight']:.2f}")
    total = sum(factor["weight"] for factor in profile["priority"])
    score = 100 * weighted / total if total > 0 else weighted * 0
    joined = components[0].str.cat(components[1:], sep="; ") if components else pd.Series("", index=weighted.index)
    return np.floor(score * 100 + 0.5) / 100, joined


EXCLUDED_REASONS = {
    "excluded:chain_leader": ("链主企业，不列入疏解。", "A chain-leader firm: not listed for relocation."),
    "excluded:kept": ("区（市）县标记保留，不列入疏解。", "Marked as kept by the district: not listed for relocation."),
}


def reasons(central, category, rules, codes, flagged, profile, division_names, unit_names):
    """(reason_zh, reason_en) of every central firm with something to say: the category's templates filled
    once per code, unit and rules."""
    zh = pd.Series(None, index=central.index, dtype=object)
    en = pd.Series(None, index=central.index, dtype=object)
    keys = pd.DataFrame({"category": category[flagged], "code": codes[flagged], "unit": central.loc[flagged, "unit"],
                         "rules": rules[flagged]})
    filled = {}
    for key in keys.drop_duplicates().itertuples(index=False):
        definition = profile["categories"][key.category]
        names = division_names.get(key.code[1:3])
        unit_zh, unit_en = unit_names[key.unit]
        def fill(template, code_name, unit):
            for name, value in (("{code}", key.code), ("{code_name}", code_name or key.code), ("{district}", unit),
                                ("{unit}", unit), ("{rules}", key.rules.replace(";", ", "))):
                template = template.replace(name, value)
            return template
        filled[tuple(key)] = (fill(definition["reason_zh"], names and names[0], unit_zh),
                              fill(definition["reason_en"], names and names[1], unit_en))
    texts = [filled[tuple(key)] for key in keys.itertuples(index=False)]
    zh[flagged] = [t[0] for t in texts]
    en[flagged] = [t[1] for t in texts]
    for marker, (text_zh, text_en) in EXCLUDED_REASONS.items():
        zh[rules == marker], en[rules == marker] = text_zh, text_en
    unknown = category == "unknown_code"
    zh[unknown] = "行业代码无法识别，未判定是否疏解。"
    en[unknown] = "The industry code could not be read; not judged."
    return zh, en


def chains_of(frame, fields, sections, chains):
    """Each firm's chains, ";"-separated, worked out once per written code."""
    written = frame[fields["industry_code"]].fillna("")
    by_text = {}
    for text in written.unique():
        code = parse_code(text, sections)
        by_text[text] = "" if code is None else ";".join(
            chain for chain, prefixes in chains.items() if any(code.startswith(p) for p in prefixes))
    return written.map(by_text)


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
    # Firms placed by their register entry in a district whose unit is uncertain: the peer's all have coordinates.
    summary["possibly_flagged"] = 0
    return summary


def main():
    points_path, units_path, profile_path, out_path, summary_path = sys.argv[1:6]
    t_import = time.perf_counter()
    profile, sections, division_names, hightech, chains = load_profile(profile_path)
    header = list(pd.read_csv(points_path, nrows=0).columns)
    fields = {field: column(header, profile["fields"].get(field, []))
              for field in ("industry_code", "name", "land", "employees", "revenue", "tax", "energy", "water",
                            "chain_leader", "keep")}
    if not fields["industry_code"]:
        raise SystemExit(f"{points_path}: no industry code column (one of {profile['fields']['industry_code']})")
    text_columns = {"id"} | {fields[f] for f in ("industry_code", "name", "chain_leader", "keep") if fields[f]}
    df = pd.read_csv(points_path, dtype={c: str for c in text_columns})
    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    units = gpd.read_file(units_path, engine="pyogrio")[["unit", "name", "name_en", "zone", "is_core", "geometry"]]
    units = units.rename(columns={"name": "unit_name"}).to_crs("EPSG:4326")
    unit_names = {row.unit: (row.unit_name, row.name_en) for row in units.itertuples()}
    units = units.drop(columns="name_en")
    t_read = time.perf_counter()
    joined = gpd.sjoin(points, units, how="inner", predicate="within").drop(columns="index_right")
    joined = joined.reset_index(drop=True)
    t_join = time.perf_counter()
    central = joined[joined["zone"] == "central"]
    category, rules, codes = classify(central, fields, profile, sections, hightech)
    summary = summarise(central, category, fields, profile, units)
    flagged = category.isin(list(profile["categories"]))
    out = joined.drop(columns="geometry")
    out["is_core"] = out["is_core"].astype(int)
    out["flagged"] = 0
    out["noncore_category"] = None
    out.loc[central.index, "flagged"] = flagged.astype(int)
    out.loc[central.index, "noncore_category"] = category.where(flagged | (category == "unknown_code"))
    out["rules"] = None
    out.loc[central.index, "rules"] = rules.where(rules != "")
    out["priority"], out["priority_components"] = np.nan, None
    out.loc[central.index[flagged], "priority"], out.loc[central.index[flagged], "priority_components"] = \
        priority(central, flagged, fields, profile)
    out["reason_zh"], out["reason_en"] = reasons(central, category, rules, codes, flagged, profile,
                                                 division_names, unit_names)
    out["freed_land_m2"] = np.nan
    if fields["land"]:
        out.loc[central.index[flagged], "freed_land_m2"] = pd.to_numeric(
            central.loc[flagged, fields["land"]], errors="coerce")
    out["chains"] = chains_of(out, fields, sections, chains)
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
