"""Builds GeoData/chengdu/register-example.xlsx: the first 500 firms of the
SYNTHETIC enterprises-sample.csv as a bureau's register might hand them over
(Chinese headers with units, land in 亩, revenue in 元, an address for every
firm and no coordinates for one in five), so that "Using your own register"
in the README has a file that runs. Needs python3 (standard library) and
GDAL's ogr2ogr. Run from the repository root:

    python3 GeoData/scripts/build_register_example.py
"""
import csv
import os
import subprocess
import tempfile

SAMPLE = "GeoData/chengdu/enterprises-sample.csv"
TARGET = "GeoData/chengdu/register-example.xlsx"
HEADER = ["编号", "企业名称", "统一社会信用代码", "行业代码", "从业人员期末人数（人）", "营业收入（元）",
          "用地面积（亩）", "住所", "登记状态", "经度", "纬度", "来源"]

with open(SAMPLE, encoding="utf-8-sig") as source:
    firms = list(csv.DictReader(source))[:500]

with tempfile.TemporaryDirectory() as folder:
    table = os.path.join(folder, "企业名录.csv")
    with open(table, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number, firm in enumerate(firms):
            located = number % 5 != 4
            writer.writerow([
                firm["id"], firm["name"], firm["uscc"], firm["industry_code"], firm["employees"],
                f'{float(firm["revenue"]) * 10_000:.0f}', f'{float(firm["land_m2"]) * 15 / 10_000:.2f}',
                firm["address"], firm["status"], firm["lon"] if located else "", firm["lat"] if located else "",
                "synthetic（示例数据，非真实企业）",
            ])
    if os.path.exists(TARGET):
        os.remove(TARGET)
    # Numbers as numeric cells (as Excel holds them); codes stay text, so their leading zeros stay.
    subprocess.run(
        ["ogr2ogr", "-f", "XLSX", TARGET, table, "-nln", "企业名录", "-oo", "AUTODETECT_TYPE=YES"], check=True)
print(f"wrote {len(firms)} firms to {TARGET}")
