#!/usr/bin/env python3
"""Build the data that `zonefit fit` reads next to fit-profile.toml:

  GeoData/chengdu/constraints.geojson  ILLUSTRATIVE ecological constraint layers
                                       (layer = eco_redline | farmland)
  GeoData/chengdu/indicators.csv       capacity indicators per statistical unit
                                       (23 rows; ILLUSTRATIVE values, see below)

Nothing here is official. No open boundary data for Chengdu's ecological
protection red line (生态保护红线) or permanent basic farmland (永久基本农田)
exists, and no district-level PM2.5 / good-air-day / water-resource tables were
found in the sources searched (2026-11). So:

* constraints.geojson: rough outlines drawn from public geography (龙门山 /
  邛崃山 mountain belt with the Giant Panda National Park, 龙泉山 ridge,
  三岔湖; Chengdu-plain farmland of the 都江堰 irrigation district, the
  south-west plain and the eastern hills), each scaled by bisection until the
  layer totals match the published (or derived) city totals quoted in TARGETS.
  The split between parts and every edge is invented.
* indicators.csv: district values are ILLUSTRATIVE numbers written below as
  literals, each with its rationale; functional-area values (tianfu, dongbu,
  gaoxin) are area-weighted means of their parent districts' values (weights
  = overlap areas in EPSG:4544), so they are illustrative too. Per-cell
  provenance is in the `<column>_status` columns; column sources are in
  indicators-sources.csv (hand-written, checked here for consistency).

Usage:
    python3 GeoData/scripts/build_fit_data.py
Requirements: shapely >= 2, pyproj.
Inputs: GeoData/chengdu/{districts,city,functional-areas}.geojson, zones.toml,
        indicators-sources.csv (checked, not written).
Outputs (written only if every check passes): constraints.geojson, indicators.csv.
Areas are computed in EPSG:4544 (CGCS2000 / 3-degree Gauss-Kruger CM 105E).
"""
import csv
import io
import json
import math
import os
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

import shapely
import shapely.affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
from geodata_common import TO_4544, geographic, polygons, projected

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "chengdu"))
DISTRICTS = os.path.join(DATA, "districts.geojson")
CITY = os.path.join(DATA, "city.geojson")
FUNCTIONAL = os.path.join(DATA, "functional-areas.geojson")
ZONES = os.path.join(DATA, "zones.toml")
SOURCES_CSV = os.path.join(DATA, "indicators-sources.csv")
OUT_LAYERS = os.path.join(DATA, "constraints.geojson")
OUT_TABLE = os.path.join(DATA, "indicators.csv")


# ---------------------------------------------------------------------------
# Published facts used (title / what it says - URL). Secondary reports where
# the primary document was not reachable; treat the figures accordingly.
# ---------------------------------------------------------------------------
SRC = {
    "redline": "揭秘成都市'红线'政策 (成都市国土空间总体规划 2021-2035 as reported: 生态保护红线 1496.61 km², "
               "城镇开发边界 2361.20 km², 耕地保有量不低于 453.99 万亩) - https://www.bkwk.cn/article/cdhxjmrhshcsstyfzph.html",
    "sc_plan": "《四川省国土空间规划(2021—2035年)》印发 (耕地保有量不少于 7542.57 万亩, 永久基本农田保护面积不少于 "
               "6306.88 万亩) - 雅安日报 2024-04-15, https://epaper.beiww.com/yarb/pc/navigation_005001001/2024/04/15/001/1779555634117672960.html",
    "panda": "大熊猫国家公园总体规划(征求意见稿) 2019: 总面积 27134 km², 其中成都市 1459 km², 涉及崇州、大邑、彭州、都江堰 "
             "- http://www.app.dawuhanapp.com/p/130768.html",
    "panda2016": "成都将建大熊猫国家公园 规划面积1616平方公里 (白水河、龙溪虹口国家级自然保护区, 鞍子河、黑水河省级自然保护区; "
                 "都江堰、彭州、崇州) - http://news.chengdu.cn/2016/0324/1774850.shtml",
    "water2005": "2005年成都市水资源公报 (全市水资源总量 76.27 亿m³, 平均产水模数 61.56 万m³/km²; 西部龙门山、邛崃山区, "
                 "中部平原, 东部龙泉山低山深丘区和金堂沱江以东丘陵区) - http://m.ilynn.cn/document_detail/80581.html",
    "air_2017": "2017年8月/12月成都市环境空气质量状况 (22 区(市)县 综合指数: 大邑、邛崃、简阳 较好; 龙泉驿、金牛、青白江 / "
                "双流、金牛、崇州 较差) - http://cdgoody.com/a/xinwenzixun/362.html ; https://yybnet.net/chengdu/qionglai/201801/6928276.html",
    "air_2020": "关于2020年3月和一季度四川省县(市、区)城市环境空气质量排名结果的通报 (后10位含成华、新都、青羊、金牛、青白江) "
                "- https://sthjt.sc.gov.cn/sthjt/c103944/2020/4/29/e65c923ef2954ab38c290dfbddd914fe.shtml",
    "air_2024": "四川省生态环境厅 2024年1-8月全省环境空气质量 (成都市 PM2.5 32 μg/m³, 优良天数率 76.2%) "
                "- http://sthjt.sc.gov.cn/sthjt/c10354/2024/9/20/72ccfcee2c2c408da742d620cb9b45e5.shtml",
    "gb3095": "GB 3095-2012 环境空气质量标准, PM2.5 年平均二级浓度限值 35 μg/m³",
}

# ---------------------------------------------------------------------------
# Layer totals (km²)
# ---------------------------------------------------------------------------
MU_KM2 = 666.67 / 1e6                       # 1 亩 = 666.67 m²
ECO_REDLINE_KM2 = 1496.61                   # published (SRC["redline"], secondary report)
# Permanent basic farmland: no Chengdu figure found. DERIVED ESTIMATE:
# Chengdu cultivated-land target 453.99 万亩 x Sichuan's ratio of permanent
# basic farmland to cultivated land (6306.88 / 7542.57 = 0.836) = 379.6 万亩.
FARMLAND_RATIO_SC = 6306.88 / 7542.57
FARMLAND_KM2 = round(453.99e4 * FARMLAND_RATIO_SC * MU_KM2, 1)   # ≈ 2530.8 km²
UDB_KM2 = 2361.20                           # 城镇开发边界, published (SRC["redline"])
TOLERANCE = 0.02                            # each layer total within ±2 % of its target

# Parts of each layer, share of the layer total: OUR GUESS (only totals are anchored).
ECO_PARTS = [
    # id, name, share of ECO_REDLINE_KM2, how drawn, note
    ("eco_longmen", "龙门山—邛崃山生态屏障 (大熊猫国家公园成都片区及周边)", 1420.0 / 1496.61,
     "the mountain side of a hand-drawn 龙门山 mountain front, farther than a distance (chosen so the "
     "area fits) from that front, i.e. the higher mountains; "
     "the Giant Panda National Park's Chengdu part was 1459 km² in the 2019 draft plan (彭州, 都江堰, 崇州, 大邑)"),
    ("eco_longquan", "龙泉山脊 生态保护核心带 (龙泉山城市森林公园内)", 55.0 / 1496.61,
     "a buffer around a hand-drawn 龙泉山 ridge line (金堂 → 龙泉驿/青白江 → 简阳 west); width set to fit the guessed 55 km²"),
    ("eco_sancha", "三岔湖 水源与湿地保护区", 21.61 / 1496.61,
     "an ellipse around 三岔湖 (简阳, approximate position); guessed 21.6 km² so the layer total matches"),
]
FARM_PARTS = [
    ("farm_jinghua_north", "都江堰精华灌区 北片 (都江堰东、彭州南、新都北平原)", 0.18),
    ("farm_jinghua_west", "都江堰精华灌区 西片 (崇州东、温江西、郫都西平原)", 0.18),
    ("farm_southwest", "川西平原南部 (大邑东、邛崃东、蒲江北)", 0.20),
    ("farm_xinjin", "新津—双流南 平原 (天府新区直管区以外)", 0.08),
    ("farm_jintang", "龙泉山以东丘区 北片 (金堂、青白江东部)", 0.16),
    ("farm_jianyang", "龙泉山以东丘区 南片 (简阳, 含东部新区)", 0.20),
]

NOTE_LAYER = ("Illustrative outline drawn by zonefit from public geography and scaled so the layer total "
              "matches a published (red line) or derived (farmland) city figure; not the official "
              "三区三线 boundary. Replace with the bureau's own layer.")

# Hand-drawn lines/polygons, WGS84 lon/lat, approximate (about ±2-5 km).
# 龙门山 mountain front, SW → NE: foot of the mountains west of 邛崃 (平乐),
# 大邑 (花水湾), 崇州 (街子), 都江堰 (town / 青城山), 彭州 (丹景山, 白鹿), to
# the 德阳 border. Extended beyond the city at both ends.
MOUNTAIN_FRONT = [(103.10, 30.05), (103.28, 30.33), (103.33, 30.47), (103.42, 30.62),
                  (103.50, 30.76), (103.55, 30.88), (103.63, 31.04), (103.76, 31.11),
                  (103.92, 31.15), (104.06, 31.23), (104.25, 31.40)]
# 龙泉山 ridge, NE → SW: north of 金堂峡 (沱江 gorge), east of 龙泉驿 town,
# west 简阳 (丹景), to the 眉山/仁寿 border.
LONGQUAN_RIDGE = [(104.56, 30.95), (104.45, 30.80), (104.37, 30.66), (104.33, 30.55),
                  (104.28, 30.42), (104.22, 30.28), (104.17, 30.12)]
SANCHA_LAKE = (104.335, 30.285)     # approximate centre of 三岔湖 (WGS84), our reading of public maps
# Farmland blobs (rough outlines of the plain / hill farming areas).
FARM_BLOBS = {
    "farm_jinghua_north": [(103.62, 30.93), (103.75, 31.05), (103.95, 31.10), (104.12, 31.05),
                           (104.18, 30.93), (104.00, 30.90), (103.80, 30.90)],
    "farm_jinghua_west": [(103.50, 30.62), (103.55, 30.80), (103.70, 30.90), (103.85, 30.88),
                          (103.85, 30.72), (103.75, 30.62), (103.62, 30.55)],
    "farm_southwest": [(103.35, 30.50), (103.55, 30.55), (103.65, 30.45), (103.60, 30.28),
                       (103.45, 30.18), (103.32, 30.30)],
    "farm_xinjin": [(103.72, 30.50), (103.90, 30.48), (104.00, 30.35), (103.95, 30.25),
                    (103.75, 30.30)],
    "farm_jintang": [(104.35, 30.95), (104.60, 30.95), (104.85, 30.80), (104.80, 30.60),
                     (104.55, 30.55), (104.40, 30.70)],
    "farm_jianyang": [(104.40, 30.55), (104.75, 30.55), (104.85, 30.35), (104.65, 30.12),
                      (104.45, 30.15), (104.38, 30.35)],
}
# Excluded from farmland: the main urban area (a circle around 天府广场) and
# county towns (circles), the red line, and the 高新区 / 天府新区直管区 outlines
# (largely urban or planned for development). 东部新区 is NOT excluded: it
# still holds much farmland.
TIANFU_SQUARE = (104.0657, 30.6574)
URBAN_RADIUS_M = 15000
TOWNS = {   # county seats / town centres, approximate WGS84
    "都江堰": (103.62, 31.00), "彭州": (103.96, 30.99), "崇州": (103.67, 30.63),
    "郫筒": (103.89, 30.81), "温江": (103.84, 30.69), "新都": (104.16, 30.82),
    "大邑": (103.52, 30.59), "邛崃": (103.46, 30.41), "新津": (103.81, 30.41),
    "蒲江": (103.51, 30.20), "赵镇(金堂)": (104.43, 30.86), "简阳": (104.55, 30.39),
    "城厢/大弯(青白江)": (104.25, 30.88), "双流": (103.92, 30.57), "龙泉": (104.27, 30.56),
    "淮口": (104.55, 30.76),
}
TOWN_RADIUS_M = 3000
# Landmarks that must fall in a layer (or outside all layers); approximate positions.
LANDMARKS = [
    ("西岭雪山 (大邑, high mountains)", (103.20, 30.66), "eco_redline"),
    ("白水河保护区 (彭州 north)", (103.85, 31.33), "eco_redline"),
    ("龙溪—虹口保护区 (都江堰 north)", (103.65, 31.22), "eco_redline"),
    ("三岔湖", SANCHA_LAKE, "eco_redline"),
    ("天府广场", TIANFU_SQUARE, None),
    ("天府国际机场", (104.44, 30.32), None),
]

# ---------------------------------------------------------------------------
# District values — ILLUSTRATIVE (none published in the sources we found).
# Rationale per column:
#  pm25_ugm3: annual mean, μg/m³. Pattern only: the western/south-western
#    mountain-edge counties (大邑, 邛崃, 蒲江, 都江堰) had the best composite
#    air indices and the north/north-east central districts (新都, 青白江,
#    金牛, 成华, 青羊) the worst in the 2017 city and 2020 provincial rankings
#    (SRC air_2017, air_2020); levels placed around the high 30s, the city's
#    order of magnitude in recent years (Jan-Aug 2024: 32, SRC air_2024; the
#    2021/2022 annual city values were not verified here).
#  good_air_days_share: 0-1, same pattern, separately set (ozone makes it not a
#    simple function of PM2.5), around the city's ~0.76-0.85 of recent years.
#  water_modulus: local water resources per km² (万m³/km²) by terrain: the
#    2005 city average was 61.56 (SRC water2005); higher in the rainy western
#    mountains, lower in the 龙泉山 hills and east. water_resources_10k_m3 =
#    modulus × unit area. Local yield only: the 都江堰 irrigation's transit
#    water (岷江) is not counted — a bureau should decide which figure to use.
#  developable_land_share: remaining developable land (inside the town
#    development boundary, not yet built) as a share of unit area: low in the
#    built-up core and in the mountain/farming counties, higher in the inner
#    ring and highest in the new areas. Checked: total < 城镇开发边界 2361.20 km².
# ---------------------------------------------------------------------------
DISTRICT_VALUES = {
    #          pm25  good  modulus  developable
    "510104": (39.0, 0.80, 45.0, 0.04),   # 锦江
    "510105": (40.0, 0.79, 45.0, 0.04),   # 青羊
    "510106": (42.0, 0.77, 45.0, 0.05),   # 金牛
    "510107": (40.0, 0.79, 45.0, 0.03),   # 武侯 (remainder)
    "510108": (42.0, 0.77, 45.0, 0.06),   # 成华
    "510112": (40.0, 0.78, 40.0, 0.12),   # 龙泉驿
    "510113": (43.0, 0.76, 40.0, 0.10),   # 青白江
    "510114": (44.0, 0.75, 45.0, 0.10),   # 新都
    "510115": (39.0, 0.80, 50.0, 0.08),   # 温江
    "510116": (39.0, 0.79, 45.0, 0.10),   # 双流 (remainder)
    "510117": (39.0, 0.80, 50.0, 0.08),   # 郫都 (remainder)
    "510118": (41.0, 0.78, 50.0, 0.10),   # 新津
    "510121": (37.0, 0.81, 35.0, 0.06),   # 金堂
    "510129": (33.0, 0.86, 85.0, 0.03),   # 大邑
    "510131": (32.0, 0.87, 60.0, 0.04),   # 蒲江
    "510181": (34.0, 0.85, 95.0, 0.03),   # 都江堰
    "510182": (37.0, 0.82, 80.0, 0.04),   # 彭州
    "510183": (33.0, 0.86, 75.0, 0.04),   # 邛崃
    "510184": (36.0, 0.83, 80.0, 0.05),   # 崇州
    "510185": (36.0, 0.83, 30.0, 0.05),   # 简阳 (remainder)
}
# Functional areas: pm25, good-air share and water modulus are area-weighted
# means of the parent districts (computed below); developable_land_share is set
# here (ILLUSTRATIVE): new areas keep the largest reserves (东部新区 is young and
# large, 天府新区直管区 has the 科学城 / 总部 reserves, 高新区 is mostly built).
FUNCTIONAL_DEVELOPABLE = {"tianfu": 0.18, "dongbu": 0.22, "gaoxin": 0.10}
PM25_LIMIT = 35.0   # GB 3095-2012 grade II annual limit (SRC gb3095)

COLUMNS = ["unit", "name", "area_km2",
           "water_resources_10k_m3", "water_resources_10k_m3_status",
           "pm25_ugm3", "pm25_ugm3_status",
           "pm25_headroom", "pm25_headroom_status",
           "good_air_days_share", "good_air_days_share_status",
           "developable_land_share", "developable_land_share_status",
           "basis"]
RANGES = {   # sanity ranges for the checks
    "area_km2": (1.0, 5000.0), "water_resources_10k_m3": (0.0, 500000.0),
    "pm25_ugm3": (5.0, 80.0), "pm25_headroom": (-45.0, 30.0),
    "good_air_days_share": (0.0, 1.0), "developable_land_share": (0.0, 1.0),
}


# ---------------------------------------------------------------------------




def pt(lonlat):
    x, y = TO_4544.transform(*lonlat)
    return Point(x, y)


def line_p(coords):
    return LineString([TO_4544.transform(*c) for c in coords])


def poly_p(coords):
    return Polygon([TO_4544.transform(*c) for c in coords])




def clean(g, min_km2=0.05):
    """Drop crumbs below min_km2 (projected geometry); returns (geometry, dropped km²)."""
    parts = polygons(g)
    keep = [p for p in parts if p.area / 1e6 >= min_km2]
    dropped = sum(p.area for p in parts if p.area / 1e6 < min_km2) / 1e6
    return (unary_union(keep) if keep else Polygon()), dropped


def bisect(fn, target_km2, lo, hi, n=60):
    """fn(s) -> projected geometry whose area grows with s; returns geometry at area ≈ target."""
    for _ in range(n):
        mid = (lo + hi) / 2
        if fn(mid).area / 1e6 < target_km2:
            lo = mid
        else:
            hi = mid
    return fn(hi)


def scaled(poly, s):
    c = poly.centroid
    return shapely.affinity.scale(poly, s, s, origin=c)


def round_geom(g, nd=6):
    return shapely.transform(g, lambda xy: [(round(x, nd), round(y, nd)) for x, y in xy])


def to_output(gp, city):
    """Projected -> WGS84, rounded, clipped to the city, oriented CCW (RFC 7946)."""
    g = shapely.make_valid(round_geom(geographic(gp)).intersection(city))
    parts = [p for p in polygons(g) if not p.is_empty]
    parts = [orient(p, sign=1.0) for p in parts]
    out = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if not out.is_valid:
        out = shapely.make_valid(out)
    return out


def read_zones_units():
    with open(ZONES, "rb") as f:
        raw = f.read()
    if tomllib is not None:
        z = tomllib.loads(raw.decode("utf-8"))
        return [d["unit"] for d in z["districts"]] + [a["id"] for a in z["functional_areas"]]
    # minimal fallback: `unit = "..."` and `id = "..."` lines after [[functional_areas]]
    units, in_fa = [], False
    for line in raw.decode("utf-8").splitlines():
        s = line.split("#")[0].strip()
        if s.startswith("[[functional_areas]]"):
            in_fa = True
        if s.startswith("unit =") or (in_fa and s.startswith("id =")):
            units.append(s.split("=", 1)[1].strip().strip('"'))
    return units


# ---------------------------------------------------------------------------
def main():
    ok = True
    city = shape(json.load(open(CITY, encoding="utf-8"))["features"][0]["geometry"])
    city_p = projected(city)
    dist = {f["properties"]["adcode"]: (f["properties"]["name"], shape(f["geometry"]))
            for f in json.load(open(DISTRICTS, encoding="utf-8"))["features"]}
    fas = {f["properties"]["id"]: (f["properties"]["name"], shape(f["geometry"]))
           for f in json.load(open(FUNCTIONAL, encoding="utf-8"))["features"]}
    fa_union_p = projected(unary_union([g for _, g in fas.values()]))

    # ---- statistical units (district remainder / functional area), projected
    units = {}
    for code, (name, g) in sorted(dist.items()):
        units[code] = (name, projected(g).difference(fa_union_p))
    for fid, (name, g) in fas.items():
        units[fid] = (name, projected(g))
    zone_units = read_zones_units()
    for u in zone_units:
        if zone_units.count(u) != 1:
            ok = False
            print("FAIL: unit %s appears %d times in zones.toml" % (u, zone_units.count(u)))
    if sorted(zone_units) != sorted(units):
        ok = False
        print("FAIL: zones.toml units %s differ from geometry units %s" % (sorted(zone_units), sorted(units)))

    # ---- eco_redline
    layers = []   # (layer, id, name, projected geometry, note)
    eco_target = {pid: ECO_REDLINE_KM2 * share for pid, _, share, _ in ECO_PARTS}
    front = line_p(MOUNTAIN_FRONT)
    (x0, y0), (x1, y1) = front.coords[0], front.coords[-1]
    L = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / L, (x1 - x0) / L          # unit normal pointing north-west
    far = 400000.0

    front_side = Polygon(list(front.coords) + [
        (front.coords[-1][0] + nx * far, front.coords[-1][1] + ny * far),
        (front.coords[0][0] + nx * far, front.coords[0][1] + ny * far)]).intersection(city_p)

    def belt(d):
        # the mountain side deeper than d metres from the mountain front
        return front_side.difference(front.buffer(d, quad_segs=4))

    # area shrinks as d grows: bisect on s = 60 km - d
    longmen = bisect(lambda s: belt(60000.0 - s), eco_target["eco_longmen"], 0.0, 60000.0, n=40)
    ridge = line_p(LONGQUAN_RIDGE)
    longquan = bisect(lambda w: ridge.buffer(w, cap_style="round").intersection(city_p).difference(longmen),
                      eco_target["eco_longquan"], 1.0, 10000.0)
    lake_c = pt(SANCHA_LAKE)

    def lake(s):
        e = shapely.affinity.scale(lake_c.buffer(1.0, quad_segs=8), 0.55 * s, s, origin=lake_c)
        return shapely.affinity.rotate(e, 20, origin=lake_c).intersection(city_p).difference(longquan)

    sancha = bisect(lake, eco_target["eco_sancha"], 1.0, 20000.0)
    eco_geoms = {"eco_longmen": longmen, "eco_longquan": longquan, "eco_sancha": sancha}
    for pid, name, share, how in ECO_PARTS:
        g, dropped = clean(eco_geoms[pid])
        if dropped:
            print("  %s: dropped crumbs %.3f km2" % (pid, dropped))
        layers.append(("eco_redline", pid, name, g, how))
    eco_all_p = unary_union([l[3] for l in layers])

    # ---- farmland
    excl = [pt(TIANFU_SQUARE).buffer(URBAN_RADIUS_M)]
    excl += [pt(c).buffer(TOWN_RADIUS_M) for c in TOWNS.values()]
    excl += [projected(fas["tianfu"][1]), projected(fas["gaoxin"][1]), eco_all_p.buffer(1.0)]
    allowed = city_p.difference(unary_union(excl))
    taken = Polygon()
    for pid, name, share in FARM_PARTS:
        blob = poly_p(FARM_BLOBS[pid])
        avail = allowed.difference(taken)
        g = bisect(lambda s: scaled(blob, s).intersection(avail), FARMLAND_KM2 * share, 0.05, 3.0)
        g, dropped = clean(g)
        if dropped:
            print("  %s: dropped crumbs %.3f km2" % (pid, dropped))
        taken = unary_union([taken, g.buffer(1.0)])
        how = ("rough outline of this farming area, minus the main urban area (%d km around 天府广场), "
               "county towns (%d km), the red line and the 高新区/天府新区直管区 outlines, scaled to %.0f %% "
               "of the derived city total" % (URBAN_RADIUS_M // 1000, TOWN_RADIUS_M // 1000, 100 * share))
        layers.append(("farmland", pid, name, g, how))

    # ---- output geometry + checks
    feats, out_geoms = [], {}
    totals = {"eco_redline": 0.0, "farmland": 0.0}
    for layer, pid, name, gp, how in layers:
        g = to_output(gp, city)
        out_geoms[pid] = (layer, g)
        a = projected(g).area / 1e6
        totals[layer] += a
        if not g.is_valid:
            ok = False
            print("FAIL: %s invalid geometry" % pid)
        outside = projected(g.difference(city)).area / 1e6
        if outside > 1e-4:
            ok = False
            print("FAIL: %s has %.4f km2 outside the city" % (pid, outside))
        for p in polygons(g):
            if not p.exterior.is_ccw:
                ok = False
                print("FAIL: %s exterior ring not counter-clockwise" % pid)
        target = (ECO_REDLINE_KM2 * dict((e[0], e[2]) for e in ECO_PARTS)[pid] if layer == "eco_redline"
                  else FARMLAND_KM2 * dict((f[0], f[2]) for f in FARM_PARTS)[pid])
        print("%-12s %-15s drawn %8.1f km2  target %8.1f km2" % (layer, pid, a, target))
        feats.append({"type": "Feature", "properties": {
            "id": pid, "layer": layer, "name": name, "drawn_area_km2": round(a, 1),
            "provenance": "illustrative",
            "note": NOTE_LAYER + " How drawn: " + how + ".",
            "sources": ([SRC["redline"], SRC["panda"], SRC["panda2016"]] if layer == "eco_redline"
                        else [SRC["redline"], SRC["sc_plan"]]),
        }, "geometry": mapping(g)})

    for layer, target in (("eco_redline", ECO_REDLINE_KM2), ("farmland", FARMLAND_KM2)):
        dev = totals[layer] / target - 1
        print("%-12s total %8.1f km2 vs %s %.1f km2 (%+.2f %%)" % (
            layer, totals[layer], "published" if layer == "eco_redline" else "derived", target, 100 * dev))
        if abs(dev) > TOLERANCE:
            ok = False
            print("FAIL: %s total outside ±%d %%" % (layer, 100 * TOLERANCE))
    eco_u = unary_union([g for l, g in out_geoms.values() if l == "eco_redline"])
    farm_u = unary_union([g for l, g in out_geoms.values() if l == "farmland"])
    ov = projected(eco_u.intersection(farm_u)).area / 1e6
    print("eco_redline ∩ farmland: %.4f km2" % ov)
    if ov > 0.01:
        ok = False
        print("FAIL: red line and farmland overlap")
    for nm, ll, want in LANDMARKS:
        p = Point(*ll)
        got = ("eco_redline" if eco_u.contains(p) else "farmland" if farm_u.contains(p) else None)
        flag = "ok" if got == want else "FAIL"
        if got != want:
            ok = False
        print("  landmark %-28s in %-12s (want %s) %s" % (nm, got, want, flag))

    # ---- indicators
    rows = []
    parent_values = {}
    for code, (name, gp) in units.items():
        if code in DISTRICT_VALUES:
            pm, good, mod, dev = DISTRICT_VALUES[code]
            basis = ("district remainder (Amap district outside the functional areas); pm25, good-air share, "
                     "water modulus and developable share are illustrative literals in build_fit_data.py")
            parent_values[code] = (pm, good, mod, dev, basis)
    for fid, (name, g) in fas.items():
        gp = projected(g)
        w = []
        for code, (_, dg) in sorted(dist.items()):
            a = projected(dg).intersection(gp).area / 1e6
            if a > 0.01:
                w.append((code, a))
        tot = sum(a for _, a in w)
        pm = sum(DISTRICT_VALUES[c][0] * a for c, a in w) / tot
        good = sum(DISTRICT_VALUES[c][1] * a for c, a in w) / tot
        mod = sum(DISTRICT_VALUES[c][2] * a for c, a in w) / tot
        basis = ("functional area; pm25, good-air share and water modulus = area-weighted means of the "
                 "parent districts' illustrative values (" +
                 ", ".join("%s %.1f km2" % (c, a) for c, a in w) +
                 "); developable share illustrative literal")
        parent_values[fid] = (pm, good, mod, FUNCTIONAL_DEVELOPABLE[fid], basis)

    dev_total = 0.0
    for u in zone_units:
        name, gp = units[u]
        area = gp.area / 1e6
        pm, good, mod, dev, basis = parent_values[u]
        pm, good = round(pm, 1), round(good, 3)
        water = round(mod * area)
        dev_total += dev * area
        rows.append({
            "unit": u, "name": name, "area_km2": round(area, 1),
            "water_resources_10k_m3": water, "water_resources_10k_m3_status": "illustrative",
            "pm25_ugm3": pm, "pm25_ugm3_status": "illustrative",
            "pm25_headroom": round(PM25_LIMIT - pm, 1), "pm25_headroom_status": "illustrative",
            "good_air_days_share": good, "good_air_days_share_status": "illustrative",
            "developable_land_share": dev, "developable_land_share_status": "illustrative",
            "basis": basis,
        })
    for r in rows:
        for col, (lo, hi) in RANGES.items():
            v = r[col]
            if not (lo <= v <= hi):
                ok = False
                print("FAIL: %s %s = %s outside [%s, %s]" % (r["unit"], col, v, lo, hi))
        for col in COLUMNS:
            if col.endswith("_status") and r[col] not in ("published", "derived", "illustrative"):
                ok = False
                print("FAIL: %s %s = %r" % (r["unit"], col, r[col]))
    ids = [r["unit"] for r in rows]
    if len(ids) != 23 or len(set(ids)) != len(ids):
        ok = False
        print("FAIL: expected 23 distinct units, got %d (%d distinct)" % (len(ids), len(set(ids))))
    city_area = city_p.area / 1e6
    wmean_mod = sum(r["water_resources_10k_m3"] for r in rows) / city_area
    print("units: %d; area sum %.1f km2 (city %.1f); water area-weighted modulus %.1f 万m3/km2 "
          "(2005 city average 61.56); developable total %.0f km2 (< 城镇开发边界 %.2f km2)"
          % (len(rows), sum(r["area_km2"] for r in rows), city_area, wmean_mod, dev_total, UDB_KM2))
    if dev_total >= UDB_KM2:
        ok = False
        print("FAIL: developable land exceeds the town development boundary")
    if abs(sum(gp.area for _, gp in units.values()) / 1e6 - city_area) > 0.01:
        ok = False
        print("FAIL: units do not tile the city")

    # indicators-sources.csv: every data column documented, status valid
    if os.path.exists(SOURCES_CSV):
        with open(SOURCES_CSV, encoding="utf-8") as f:
            src_rows = list(csv.DictReader(f))
        documented = {r["column"] for r in src_rows}
        for col in COLUMNS:
            if col not in documented and not col.endswith("_status") and col not in ("unit", "name", "basis"):
                ok = False
                print("FAIL: column %s missing from indicators-sources.csv" % col)
        for r in src_rows:
            if r["status"] not in ("published", "derived", "illustrative"):
                ok = False
                print("FAIL: indicators-sources.csv %s status %r" % (r["column"], r["status"]))
    else:
        ok = False
        print("FAIL: %s missing" % SOURCES_CSV)

    # ---- preview: per-unit layer shares (EPSG:4544)
    print("\n%-8s %-14s %9s %8s %8s %7s %6s %6s" % ("unit", "name", "area_km2", "eco", "farm",
                                                     "pm25", "good", "devel"))
    eco_p, farm_p = projected(eco_u), projected(farm_u)
    for r in rows:
        gp = units[r["unit"]][1]
        a = gp.area
        print("%-8s %-14s %9.1f %7.1f%% %7.1f%% %7.1f %6.3f %6.2f" % (
            r["unit"], r["name"], r["area_km2"], 100 * gp.intersection(eco_p).area / a,
            100 * gp.intersection(farm_p).area / a, r["pm25_ugm3"], r["good_air_days_share"],
            r["developable_land_share"]))

    if not ok:
        sys.exit("checks failed; nothing written")

    fc = {"type": "FeatureCollection", "features": feats}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    tmp = OUT_LAYERS + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    os.replace(tmp, OUT_LAYERS)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    tmp = OUT_TABLE + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    os.replace(tmp, OUT_TABLE)
    print("\nwrote %s (%d features) and %s (%d rows)" % (OUT_LAYERS, len(feats), OUT_TABLE, len(rows)))


if __name__ == "__main__":
    main()
