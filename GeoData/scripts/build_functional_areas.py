#!/usr/bin/env python3
"""Build GeoData/chengdu/functional-areas.geojson: ILLUSTRATIVE outlines of
Chengdu's three new areas (城市新区).

No open boundary file of these areas exists. The outlines below are drawn by
hand from public facts (published areas, the towns/streets each area manages,
the districts they lie in, named landmarks) and then clipped to the district
boundaries of districts.geojson (built by build_districts.py). They are NOT
official boundaries: a planning bureau with the official outlines replaces
functional-areas.geojson and keeps the ids (tianfu, dongbu, gaoxin).

Usage:
    python3 GeoData/scripts/build_functional_areas.py
Requirements: shapely >= 2, pyproj (pip install shapely pyproj).
Input: GeoData/chengdu/districts.geojson. Output: GeoData/chengdu/functional-areas.geojson.
All literal coordinates are WGS84 lon/lat; areas are computed in EPSG:4544
(CGCS2000 / 3-degree Gauss-Kruger CM 105E).
"""
import json
import os
import sys

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from geodata_common import km2, polygons

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "chengdu"))
DISTRICTS = os.path.join(DATA, "districts.geojson")
OUT = os.path.join(DATA, "functional-areas.geojson")
TOLERANCE = 0.15           # drawn area must be within +-15 % of the published one
MIN_OVERLAP_KM2 = 0.01     # a district counts as overlapped above this
NOTE = ("Illustrative outline drawn from published facts (area, member towns/streets, "
        "landmarks); not an official boundary.")

# Public facts used (short citations: page title + URL where they were read).
SRC = {
    "tianfu_564": "四川天府新區 (成都直管區面積564平方公裏; 國務院批復 2014) - http://crsrw.com/dianzishuiwu/138932.html",
    "central_table": "成都市中心城區 (範圍列表2017: 高新區(南區、西區)130平方公里, 天府新區(直管區)564平方公里, 雙流區466平方公里) - encyclopedia mirror found by page search, no stable URL",
    "tianfu_towns": "四川天府新区 - 求闻百科 (成都直管区: 双流区 华阳街道 and 12 towns incl. 煎茶 太平 永兴 籍田 正兴 新兴 兴隆 万安) - https://www.qiuwenbaike.cn/wiki/%E5%A4%A9%E5%BA%9C%E6%96%B0%E5%8C%BA",
    "chengdu_admin": "四川省成都市(成都市行政管辖范围是哪些地方) 2022-09-10 (高新南区87平方公里: 武侯区4个街道+双流区1个街道; 高新西区43平方公里: 郫都区2个街道; 高新东区483平方公里: 简阳市12个乡镇; 2013年12月双流县1个街道和12个镇划归天府新区成都直管区) - https://pic.usqiaobao.com/news/20220910/70860.html",
    "xinglonghu": "興隆湖面積多少平方公里 (興隆湖位於四川天府新區成都直管區興隆街道) - https://qwkpw.com/jingyan/m44y69.html",
    "dongbu_729": "四川在线: 省政府批复同意设立成都东部新区 (规划面积729平方公里, 简阳市所辖13个镇(街道), 2020-04-28) - http://www.tianfudaily.cn/content_118513081-1.html",
    "dongbu_towns": "成都東部新區是簡陽市管理嗎 (海螺 蘆葭 董家埂 壯溪 玉成 草池 石闆凳 福田 養馬 石盤 全部; 高明 三岔 賈家 部分) - https://www.tftnews.com/news15880",
    "dongbu_191": "成都东部新区包括哪些地方 (另有天府新区简阳片区191平方公里委托东部新区管理, 共约920) - https://verywind.cn/ee/v7y2r7xjjf7x7yreyjx.html",
    "gaoxin_wiki": "成都高新技术产业开发区 - 维基百科镜像 (南部园区87平方公里, 西部园区约43平方公里, 东部园区483平方公里) - https://wiki.gdrain.workers.dev/wiki/%E6%88%90%E9%83%BD%E9%AB%98%E6%96%B0%E5%8C%BA",
    "gaoxin_2022": "成都高新技术产业开发区 (高新南区、高新西区; 与双流区共建天府国际生物城, 2020年与东部新区共建未来科技城; 2022年末管理7个街道) - http://shzq.org/shzq/7239571210357538853.html",
    "gaoxin_parks": "一區四園 (天府軟件園, 新川創新科技園10.34平方公里 in 高新南區; 高新西區43平方公里) - https://jsmbw.com/citiao/160732.html",
    "gaoxin_streets": "成都高新区托管街道 (肖家河 芳草街 桂溪 石羊 (武侯区); 合作 西园 (郫都区); 中和 (双流区)) - https://www.xinzixun.cn/news/china/2021/11/13/00007172.html",
}

# Landmarks that must fall inside the drawn outlines (WGS84, approximate to
# ~0.5 km; positions read off public maps, not surveyed).
LANDMARKS = [
    ("tianfu", "华阳街道 (Huayang)", 104.050, 30.495),
    ("tianfu", "天府总部商务区 / 秦皇寺 (Tianfu HQ business district)", 104.060, 30.440),
    ("tianfu", "兴隆湖 (Xinglong Lake)", 104.075, 30.405),
    ("tianfu", "煎茶 (Jiancha)", 104.160, 30.380),
    ("tianfu", "籍田 (Jitian)", 104.100, 30.270),
    ("dongbu", "成都天府国际机场 (Tianfu International Airport)", 104.440, 30.320),
    ("dongbu", "芦葭 (Lujia)", 104.420, 30.350),
    ("dongbu", "养马 (Yangma)", 104.480, 30.440),
    ("dongbu", "贾家 / 简州新城 (Jiajia)", 104.430, 30.560),
    ("gaoxin", "天府软件园 (Tianfu Software Park)", 104.065, 30.550),
    ("gaoxin", "桂溪 / 金融城 (Guixi, Chengdu Financial City)", 104.070, 30.580),
    ("gaoxin", "肖家河 (Xiaojiahe)", 104.050, 30.625),
    ("gaoxin", "新川创新科技园 (Xinchuan Innovation Park)", 104.100, 30.515),
    ("gaoxin", "高新西区 合作 (Hezuo, western park)", 103.920, 30.760),
    ("gaoxin", "高新西区 西园 (Xiyuan, western park)", 103.960, 30.740),
]

# Hand-drawn outlines, WGS84 lon/lat. Edges that run outside the covering
# districts are cut to the district boundaries by the clip below, so only the
# inner edges matter.
AREAS = [
    {
        "id": "tianfu",
        "name": "四川天府新区成都直管区",
        "name_en": "Sichuan Tianfu New Area, Chengdu directly administered zone",
        "published_area_km2": 564, "published_area_year": 2014,
        # 华阳街道 + 12 towns of the former 双流县, east of the Jinjiang (府河)
        # river down to the Meishan border; all inside Amap's 双流区.
        "cover": ["510116"],
        "parts": [[
            (104.030, 30.620),   # north: runs up to 高新南区, whose outline is cut out below
            (104.300, 30.620),   # north-east, beyond 双流's edge with 锦江/龙泉驿 (cut)
            (104.300, 30.150),   # south-east, beyond the Meishan border (cut)
            (103.990, 30.150),   # south-west, beyond the border (cut)
            (104.000, 30.300),   # west edge roughly along the 锦江/府河; 黄龙溪 stays with 双流
            (104.020, 30.380),   # 正兴 / 永安: 天府国际生物城, west of the river, stays with 双流
            (104.030, 30.450),
            (104.025, 30.520),   # 华阳 west edge
        ]],
        "sources": ["tianfu_564", "central_table", "tianfu_towns", "chengdu_admin", "xinglonghu"],
        "subtract": ["gaoxin"],   # 中和街道 (高新南区) borders 华阳 to the north
    },
    {
        "id": "dongbu",
        "name": "成都东部新区",
        "name_en": "Chengdu Eastern New Area",
        "published_area_km2": 729, "published_area_year": 2020,
        # Western and southern 简阳: 13 towns/streets from 贾家/石盘 in the
        # north to 福田/壮溪/海螺 in the south; 简阳 city (东溪/射洪坝) and
        # the north-east stay with 简阳市.
        "cover": ["510185"],
        "parts": [[
            (104.300, 30.660),   # north-west, beyond 龙泉驿 (cut to 简阳's edge)
            (104.460, 30.660),   # 贾家 north
            (104.460, 30.520),   # 贾家 / 石盘 east
            (104.500, 30.470),   # 养马 north
            (104.520, 30.420),   # 养马 east, west of 简阳 city (东溪/射洪坝)
            (104.530, 30.350),   # 石板凳
            (104.590, 30.300),   # 董家埂
            (104.610, 30.200),   # 海螺
            (104.610, 30.050),   # south, beyond the border (cut)
            (104.360, 30.050),   # south-west, beyond the border (cut)
            (104.360, 30.470),   # west edge: 丹景, 武庙 and the west of 三岔/高明 (天府新区简阳片区,
                                 # 191 km2, entrusted to 东部新区 but outside its 729 km2) left out
        ]],
        "sources": ["dongbu_729", "dongbu_towns", "dongbu_191", "chengdu_admin"],
        "subtract": [],
    },
    {
        "id": "gaoxin",
        "name": "成都高新区",
        "name_en": "Chengdu Hi-tech Zone",
        "published_area_km2": 130, "published_area_year": 2017,
        # 南部园区 87 km2 + 西部园区 43 km2. The 东部园区 (483 km2, 12 简阳
        # towns) is part of 东部新区 since 2020; 天府国际生物城 (with 双流)
        # and 未来科技城 (with 东部新区) are co-built, not drawn here.
        "cover": ["510107", "510116", "510117"],
        "parts": [
            [   # 南部园区: 肖家河/芳草街/桂溪/石羊 (武侯区) + 中和 incl. 新川 (双流区)
                (104.035, 30.640),   # 肖家河 north, near the 2nd ring road
                (104.062, 30.640),
                (104.068, 30.605),   # 芳草街 / 桂溪 east along 人民南路 - 锦江 district line
                (104.095, 30.600),
                (104.140, 30.600),   # runs into 锦江区 (cut: 武侯/双流 only)
                (104.140, 30.510),   # 中和 east
                (104.125, 30.503),   # 新川 south edge
                (104.085, 30.508),
                (104.050, 30.535),   # south of 天府软件园 at the ring road
                (104.025, 30.555),   # 石羊 south-west
                (104.020, 30.600),   # 石羊 / 芳草街 west
                (104.030, 30.615),
            ],
            [   # 西部园区: 合作 + 西园 streets (郫都区), by 德源
                (103.888, 30.760),
                (103.900, 30.780),
                (103.960, 30.775),
                (104.000, 30.760),   # east, runs into 金牛 (cut to 郫都)
                (104.000, 30.728),
                (103.935, 30.728),
                (103.893, 30.738),
            ],
        ],
        "part_published_km2": [87, 43],
        "sources": ["gaoxin_wiki", "gaoxin_2022", "gaoxin_parks", "gaoxin_streets", "central_table", "chengdu_admin"],
        "subtract": [],
    },
]









def main():
    with open(DISTRICTS, encoding="utf-8") as f:
        dfc = json.load(f)
    dist = {ft["properties"]["adcode"]: shape(ft["geometry"]) for ft in dfc["features"]}
    city = shapely.union_all(list(dist.values()))

    raw = {}
    for a in AREAS:
        raw[a["id"]] = [Polygon(ring) for ring in a["parts"]]
        for p in raw[a["id"]]:
            assert p.is_valid, "%s: hand-drawn ring invalid" % a["id"]

    ok = True
    feats = []
    geoms = {}
    for a in AREAS:
        cover = shapely.union_all([dist[c] for c in a["cover"]])
        parts = []
        for i, p in enumerate(raw[a["id"]]):
            g = p.intersection(cover)
            for other in a["subtract"]:
                g = g.difference(shapely.union_all(raw[other]))
            pieces = polygons(g)
            # Keep the main piece of each drawn part; report any dropped crumbs.
            pieces.sort(key=lambda q: -q.area)
            for crumb in pieces[1:]:
                print("  %s part %d: dropped clip fragment of %.4f km2" % (a["id"], i, km2(crumb)))
            parts.append(orient(pieces[0], sign=1.0))
        geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        if not geom.is_valid:
            ok = False
            print("  %s: INVALID geometry" % a["id"])
        if not geom.difference(city).is_empty and km2(geom.difference(city)) > 1e-6:
            ok = False
            print("  %s: lies partly outside the city" % a["id"])
        geoms[a["id"]] = geom
        drawn = km2(geom)
        pub = a["published_area_km2"]
        dev = drawn / pub - 1
        print("%-7s published %6.1f km2 (%d)  drawn %7.2f km2  (%+.1f%%)" % (a["id"], pub, a["published_area_year"], drawn, 100 * dev))
        if abs(dev) > TOLERANCE:
            ok = False
            print("  FAIL: outside +-%d%% of the published area" % (100 * TOLERANCE))
        for i, pk in enumerate(a.get("part_published_km2", [])):
            d = km2(parts[i])
            print("        part %d published %5.1f  drawn %7.2f km2  (%+.1f%%)" % (i, pk, d, 100 * (d / pk - 1)))
            if abs(d / pk - 1) > TOLERANCE:
                ok = False
                print("  FAIL: part outside +-%d%%" % (100 * TOLERANCE))
        overl = []
        for code in sorted(dist):
            if geom.intersects(dist[code]):
                ov = km2(geom.intersection(dist[code]))
                if ov > MIN_OVERLAP_KM2:
                    overl.append(code)
                    print("        overlaps %s %-6s %8.2f km2" % (code, [f["properties"]["name"] for f in dfc["features"] if f["properties"]["adcode"] == code][0], ov))
        for fid, label, lon, lat in LANDMARKS:
            if fid == a["id"]:
                inside = geom.contains(Point(lon, lat))
                ok &= inside
                print("        landmark %-55s %s" % (label, "inside" if inside else "OUTSIDE"))
        feats.append({
            "type": "Feature",
            "properties": {
                "id": a["id"],
                "name": a["name"],
                "name_en": a["name_en"],
                "published_area_km2": pub,
                "published_area_year": a["published_area_year"],
                "drawn_area_km2": round(drawn, 1),
                "districts": overl,
                "sources": [SRC[s] for s in a["sources"]],
                "provenance": "illustrative",
                "note": NOTE,
            },
            "geometry": mapping(geom),
        })

    # The areas must not overlap one another.
    ids = [a["id"] for a in AREAS]
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            ov = km2(geoms[ids[i]].intersection(geoms[ids[j]]))
            print("overlap %s/%s: %.6f km2" % (ids[i], ids[j], ov))
            if ov > 1e-6:
                ok = False

    fc = {"type": "FeatureCollection", "features": feats}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    if not ok:
        os.remove(tmp)
        sys.exit("checks failed; %s not written" % OUT)
    os.replace(tmp, OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
