#!/usr/bin/env bash
# Rebuilds every fixture of the CLI tests in this folder.
#
# Needs: bash, python3 (standard library only) and GDAL's ogr2ogr (Debian: gdal-bin).
# Run from anywhere: bash Tests/CLITests/Fixtures/make_fixtures.sh
#
# The points are real Chengdu places, each checked (against
# GeoData/chengdu/districts.geojson and the built units) to lie at least
# ~500 m from any unit boundary, so the GCJ-02 / BD-09 / EPSG:4544 round trips
# (errors of a few metres) cannot move them to another unit. Their expected
# units are written out in Tests/CLITests/Expected.swift.
set -euo pipefail
cd "$(dirname "$0")"
export OGR_GEOJSON_MAX_OBJ_SIZE=0

python3 - <<'PY'
import csv, io, json, math

# id (101…, so a lost id cannot pass for an FID), name, lon, lat (WGS84), industry_code (GB/T 4754-2017), employees
# expected unit / adcode in comments (see Expected.swift)
FIRMS = [
    (101, "春熙路商贸", 104.0806, 30.6574, "F5271", 80),        # 510104 锦江 (core)
    (102, "成都东站物流", 104.1413, 30.6296, "G5412", 300),     # 510108 成华 (core)
    (103, "荷花池批发市场", 104.0733, 30.6934, "F5132", 45),    # 510106 金牛 (core)
    (104, "天府软件园", 104.0689, 30.5503, "I6513", 900),       # gaoxin, adcode 510107 (new_area)
    (105, "兴隆湖实验室", 104.087, 30.405, "M7320", 60),        # tianfu, adcode 510116 (new_area)
    (106, "简阳机械厂", 104.547, 30.410, "C3670", 150),         # 510185 简阳 (suburban), outside dongbu
    (107, "都江堰食品厂", 103.620, 31.000, "C1513", 220),       # 510181 都江堰 (suburban)
    (108, "宽窄巷子文创", 104.0557, 30.6698, "R8710", 30),      # 510105 青羊 (core)
    (109, "武侯祠文旅", 104.0478, 30.6459, "R8720", 25),        # 510107 武侯 (core)
    (110, "龙泉驿汽车厂", 104.2690, 30.5600, "C3612", 500),    # 510112 龙泉驿 (central, not core)
    (111, "天府国际机场物流, 东区", 104.445, 30.312, "G5631", 120),  # dongbu, adcode 510185 (new_area); name has a comma
]

def write_csv(path, header, rows, encoding="utf-8", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    open(path, "wb").write(data)

def fmt(v):
    return f"{v:.7f}".rstrip("0").rstrip(".")

EN = ["id", "name", "lon", "lat", "industry_code", "employees"]
ZH = ["编号", "企业名称", "经度", "纬度", "行业代码", "从业人数"]
rows = [(i, n, fmt(x), fmt(y), c, e) for i, n, x, y, c, e in FIRMS]
write_csv("firms-utf8.csv", EN, rows)
write_csv("firms-bom.csv", ZH, rows, bom=True)
write_csv("firms-gbk.csv", ZH, rows, encoding="gbk")

# --- GCJ-02 and BD-09: the published forward formulas (WGS84 -> GCJ-02 -> BD-09).
A, EE = 6378245.0, 0.00669342162296594323
def _lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r
def _lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r
def wgs_to_gcj(lon, lat):
    dlat, dlon = _lat(lon - 105.0, lat - 35.0), _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sm = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sm) * math.pi)
    dlon = (dlon * 180.0) / (A / sm * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat
X_PI = math.pi * 3000.0 / 180.0
def gcj_to_bd(lon, lat):
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    t = math.atan2(lat, lon) + 0.000003 * math.cos(lon * X_PI)
    return z * math.cos(t) + 0.0065, z * math.sin(t) + 0.006

gcj = [(i, n, *wgs_to_gcj(x, y), c, e) for i, n, x, y, c, e in FIRMS]
bd = [(i, n, *gcj_to_bd(x, y), c, e) for i, n, x, y, c, e in gcj]
write_csv("firms-gcj02.csv", ["id", "name", "gcj02_lon", "gcj02_lat", "industry_code", "employees"],
          [(i, n, f"{x:.7f}", f"{y:.7f}", c, e) for i, n, x, y, c, e in gcj])
write_csv("firms-bd09.csv", ["id", "name", "bd09_lon", "bd09_lat", "industry_code", "employees"],
          [(i, n, f"{x:.7f}", f"{y:.7f}", c, e) for i, n, x, y, c, e in bd])

# --- GeoJSON points (RFC 7946: WGS84 lon/lat, no crs member).
def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geom}
def dump(path, obj):
    open(path, "w", encoding="utf-8").write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
def fc(name, feats):
    return {"type": "FeatureCollection", "name": name, "features": feats}
firm_features = [feature({"id": i, "name": n, "industry_code": c, "employees": e},
                         {"type": "Point", "coordinates": [x, y]}) for i, n, x, y, c, e in FIRMS]
dump("firms.geojson", fc("firms", firm_features))

# --- Parks: wholly in 锦江; across the 锦江/成华 boundary; a bow-tie in 龙泉驿 (area 2.13 km² once repaired).
def square(cx, cy, h, clockwise=False):
    ring = [[round(cx - h, 6), round(cy - h, 6)], [round(cx + h, 6), round(cy - h, 6)],
            [round(cx + h, 6), round(cy + h, 6)], [round(cx - h, 6), round(cy + h, 6)]]
    ring = ring[::-1] if clockwise else ring
    return ring + [ring[0]]
parks = [
    # clockwise on purpose: RFC 7946 output must turn it counter-clockwise
    feature({"id": "P1", "name": "春熙路片区"}, {"type": "Polygon", "coordinates": [square(104.0806, 30.6574, 0.002, clockwise=True)]}),
    # centred on a point of the 510104/510108 shared boundary: ~1/3 锦江, ~2/3 成华 (majority 510108)
    feature({"id": "P2", "name": "锦江成华交界片区"}, {"type": "Polygon", "coordinates": [square(104.12434, 30.62657, 0.003)]}),
    # self-intersecting ring (bow-tie): GEOS calls it invalid; zonefit must repair it
    feature({"id": "P3", "name": "龙泉驿汽车城(蝴蝶结)"}, {"type": "Polygon", "coordinates": [[
        [104.259, 30.550], [104.279, 30.570], [104.279, 30.550], [104.259, 30.570], [104.259, 30.550]]]}),
]
dump("parks.geojson", fc("parks", parks))

# --- A basemap for `report --basemap`, ILLUSTRATIVE: a ring of radius 0.08° round 天府广场 (not a real road),
# a line along 人民南路's rough course, two named places and one unnamed point (not drawn).
ring = [[round(104.0657 + 0.08 * math.cos(k * math.pi / 18), 5), round(30.6575 + 0.07 * math.sin(k * math.pi / 18), 5)]
        for k in range(37)]
basemap = [
    feature({"name": "示意环线", "name_en": "Illustrative ring", "provenance": "illustrative"},
            {"type": "LineString", "coordinates": ring}),
    feature({"name": "示意南北轴线", "name_en": "Illustrative north-south axis", "provenance": "illustrative"},
            {"type": "MultiLineString", "coordinates": [[[104.0657, 30.70], [104.0657, 30.50]]]}),
    feature({"name": "天府广场", "name_en": "Tianfu Square", "provenance": "illustrative"},
            {"type": "Point", "coordinates": [104.0657, 30.6575]}),
    feature({"name": "春熙路", "name_en": "Chunxi Road", "provenance": "illustrative"},
            {"type": "Point", "coordinates": [104.0806, 30.6574]}),
    feature({"provenance": "illustrative"}, {"type": "Point", "coordinates": [104.2, 30.6]}),
]
dump("basemap.geojson", fc("basemap", basemap))

# --- Bad inputs.
open("empty.csv", "wb").close()
# a quote opened in row 2 and never closed: the rest of the file would be one field
with open("unterminated-quote.csv", "w", encoding="utf-8", newline="") as f:
    f.write('id,name,lon,lat\n1,春熙路商贸,104.0806,30.6574\n2,"未闭合,104.0810,30.6580\n3,成华,104.1243,30.6266\n')
write_csv("header-only.csv", EN, [])
write_csv("no-coords.csv", ["id", "name", "address", "industry_code"],
          [(1, "春熙路商贸", "锦江区春熙路1号", "F5271"), (2, "成都东站物流", "成华区邛崃山路333号", "G5412")])
write_csv("bad-coords.csv", ["id", "name", "lon", "lat"], [
    (1, "好行:春熙路", "104.0806", "30.6574"),            # written, 510104
    (2, "非数字", "abc", "30.6574"),                       # non_numeric
    (3, "空坐标", "", ""),                                 # missing_coordinates
    (4, "NaN", "NaN", "30.6574"),                          # not_finite
    (5, "无穷", "104.0806", "inf"),                        # not_finite
    (6, "越界", "200", "95"),                              # out_of_range
    (7, "经纬颠倒", "30.6296", "104.1413"),                # swapped
    (8, "北京天安门", "116.397", "39.909"),                # outside
    (9, "好行:成都东站", "104.1413", "30.6296"),          # written, 510108
])
text = json.dumps(fc("firms", firm_features[:3]), ensure_ascii=False, indent=1)
cut = text.index('"coordinates"', text.index('"id": 102'))  # inside the second feature
open("truncated.geojson", "w", encoding="utf-8").write(text[:cut + 20])
dump("mixed.geojson", fc("mixed", [
    feature({"id": "M1", "kind": "point"}, {"type": "Point", "coordinates": [104.0806, 30.6574]}),
    feature({"id": "M2", "kind": "polygon"}, {"type": "Polygon", "coordinates": [square(104.1413, 30.6296, 0.002)]}),
    feature({"id": "M3", "kind": "line"}, {"type": "LineString", "coordinates": [[104.06, 30.66], [104.08, 30.65]]}),
    feature({"id": "M4", "kind": "null"}, None),
]))
dump("zm.geojson", fc("zm", [
    feature({"id": "Z1", "name": "春熙路(3D)"}, {"type": "Point", "coordinates": [104.0806, 30.6574, 505.0]}),
    feature({"id": "Z2", "name": "成都东站(3D)"}, {"type": "Point", "coordinates": [104.1413, 30.6296, 498.5]}),
]))
write_csv("zm-m.csv", ["id", "name", "WKT"], [
    ("M1", "春熙路(M)", "POINT M (104.0806 30.6574 7)"),
    ("M2", "成都东站(ZM)", "POINT ZM (104.1413 30.6296 498.5 8)"),
])
# --snap: one point ~1 km east of the city outline (nearest unit 510185, ~1000 m)
# and one ~10 km out in the same direction (beyond --snap 5000).
write_csv("near-city.csv", ["id", "name", "lon", "lat"], [
    (1, "城外1公里", "104.8827", "30.48401"),
    (2, "城外10公里", "104.9760", "30.48401"),
    (3, "春熙路", "104.0806", "30.6574"),
])

# A bureau's sheet: a merged title row and a units line above the header (Chinese, full-width units),
# written with the standard library (GDAL writes no title rows); and the same as CSV.
import zipfile
from xml.sax.saxutils import escape

TITLED_HEADER = ["编号", "企业名称", "经度（°）", "纬度（°）", "行业代码", "从业人员（人）"]
TITLES = [["成都市市场主体名录（示例，非真实登记数据）"], ["单位：人"]]
titled = TITLES + [TITLED_HEADER] + [[i, n, x, y, c, e] for i, n, x, y, c, e in FIRMS]

def column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name

def write_xlsx(path, rows, merges):
    cells = []
    for r, row in enumerate(rows, 1):
        items = []
        for c, value in enumerate(row):
            ref = f"{column_name(c)}{r}"
            if isinstance(value, (int, float)):
                items.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                items.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        cells.append(f'<row r="{r}">' + "".join(items) + "</row>")
    merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="名录" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>' + "".join(cells) + "</sheetData>"
        + merged + "</worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), '<?xml version="1.0" encoding="UTF-8"?>' + text)

write_xlsx("title-row.xlsx", titled, ["A1:F1", "A2:F2"])
with open("title-row.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, lineterminator="\n").writerows([row + [""] * (6 - len(row)) for row in titled])
PY

# --- Formats that need GDAL.
rm -f firms.xlsx firms-4544.csv firms-4490.gpkg firms.gpkg firms.fgb multi-layer.gpkg zm-m.gpkg
rm -f firms-gbk.{shp,shx,dbf,prj,cpg} firms-utf8-cpg.{shp,shx,dbf,prj,cpg}

# XLSX with numeric lon/lat cells.
ogr2ogr -f XLSX firms.xlsx firms-utf8.csv -nln firms -oo AUTODETECT_TYPE=YES

# EPSG:4544 (CGCS2000 / 3-degree GK CM 105E) metres, as columns X,Y; lon/lat dropped.
ogr2ogr -f CSV firms-4544.csv firms-utf8.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
    -oo KEEP_GEOM_COLUMNS=NO -s_srs EPSG:4326 -t_srs EPSG:4544 -lco GEOMETRY=AS_XY -nln firms

# Points layers with a declared CRS.
ogr2ogr -f GPKG firms.gpkg firms.geojson -nln firms -lco SPATIAL_INDEX=NO
ogr2ogr -f FlatGeobuf firms.fgb firms.geojson -nln firms
# CGCS2000 geographic: same numbers, CRS EPSG:4490 (≈ WGS84 at this scale).
ogr2ogr -f GPKG firms-4490.gpkg firms.geojson -nln firms -a_srs EPSG:4490 -lco SPATIAL_INDEX=NO

# Shapefiles: GBK text with no .cpg (as Chinese desktop GIS writes them), and UTF-8 with a .cpg.
ogr2ogr -f "ESRI Shapefile" firms-gbk.shp firms.geojson -lco ENCODING=CP936 -nln firms-gbk
rm -f firms-gbk.cpg
ogr2ogr -f "ESRI Shapefile" firms-utf8-cpg.shp firms.geojson -lco ENCODING=UTF-8 -nln firms-utf8-cpg

# Two layers: overlay must ask for -l.
ogr2ogr -f GPKG multi-layer.gpkg firms.geojson -nln firms -lco SPATIAL_INDEX=NO
ogr2ogr -f GPKG -update multi-layer.gpkg parks.geojson -nln parks -lco SPATIAL_INDEX=NO

# Measured points (M and ZM) — GeoJSON cannot carry M.
ogr2ogr -f GPKG zm-m.gpkg zm-m.csv -nln zm -a_srs EPSG:4326 -nlt POINTZM -lco SPATIAL_INDEX=NO -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO
rm -f zm-m.csv

# GeoPackages start at ~100 KB (4 KB pages, spatial index); shrink them to small pages.
for gpkg in firms.gpkg firms-4490.gpkg multi-layer.gpkg zm-m.gpkg; do
    python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA page_size=512'); c.execute('VACUUM'); c.close()" "$gpkg"
done

ls -l
