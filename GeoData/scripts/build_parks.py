#!/usr/bin/env python3
"""Build GeoData/chengdu/parks.geojson: ILLUSTRATIVE outlines of the parks and
industrial functional zones (产业功能区 / 园区) named in the 2022 Chengdu action
plan (seed/000_840ab373a14e64fc.txt), plus a few suburban receiving sites.

Nothing here is an official boundary or statistic. For each park the script
takes one public fact about where it is (the town/street or landmark it is in,
recorded below as an anchor point) and, where one was found, its published
planning area. It then draws a simple 8-vertex ellipse-like outline around the
anchor (hand-set aspect ratio, rotation and offset), clips it to the district(s)
the park belongs to, and scales it about the anchor (bisection on the scale)
until the drawn area equals the target area: the published area, or else a
modest guessed area stated in the feature. So the outline shows roughly where
and how big a park is; its edges are invented.

Anchors are WGS84 lon/lat. Coordinates read off Amap/Tencent maps are GCJ-02
and Baidu's are BD-09: such anchors are tagged with their datum and converted
here (BD-09 -> GCJ-02 by the standard Baidu formula, GCJ-02 -> WGS84 by the
iterative inverse of the standard GCJ-02 forward shift, as build_districts.py
does). The anchors used in this version are approximate WGS84 positions
(about +-1-3 km, see README), none of them GCJ-02/BD-09; the conversion code is
exercised by a round-trip self-test.

The spare-land figure (spare_land_ha) is an ASSUMPTION: a fixed share of the
drawn area by development stage (SPARE_SHARE), not a measured vacancy.

Usage:
    python3 GeoData/scripts/build_parks.py
Requirements: shapely >= 2, pyproj (pip install shapely pyproj).
Inputs: GeoData/chengdu/districts.geojson, city.geojson, functional-areas.geojson.
Output: GeoData/chengdu/parks.geojson (written only if every check passes).
Areas are computed in EPSG:4544 (CGCS2000 / 3-degree Gauss-Kruger CM 105E).
"""
import json
import math
import os
import re
import sys

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from geodata_common import geographic, km2, polygons, projected

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "chengdu"))
DISTRICTS = os.path.join(DATA, "districts.geojson")
CITY = os.path.join(DATA, "city.geojson")
FUNCTIONAL = os.path.join(DATA, "functional-areas.geojson")
OUT = os.path.join(DATA, "parks.geojson")

TOLERANCE = 0.20          # drawn area within +-20 % of the target (published or guessed)
MIN_OVERLAP_KM2 = 0.01    # a district counts as overlapped above this
NOTE = ("Illustrative outline and spare-land capacity drawn by zonefit around a public "
        "location fact and scaled to the published (or a guessed) area; not an official "
        "boundary or statistic.")

CHAINS = {"pv", "lithium", "nev", "hydrogen", "storage", "electronics", "recycling",
          "green_services", "producer_services", "aviation", "biomed"}
ACCEPTS = {"general_manufacturing", "commodity_market", "warehousing_logistics"}
CODE_RE = re.compile(r"^[A-T][0-9]{2,4}$")   # GB/T 4754-2017: section letter + 2-4 digits

# Spare-land ASSUMPTION, share of the drawn area (see README):
#   built    - largely built-out, dense or special-purpose sites;
#   growing  - established parks still filling up;
#   new      - new towns / parks whose published plans are far from built out.
SPARE_SHARE = {"built": 0.10, "growing": 0.20, "new": 0.30}

# ---------------------------------------------------------------------------
# Sources (page title / what it says - URL). URLs are where the page search
# found the text; many are mirrors or reposts of Chengdu media articles.
# ---------------------------------------------------------------------------
SRC = {
    "plan": "成都市优化产业结构促进城市绿色低碳发展行动方案 (2022), 三(一)-(四) - seed/000_840ab373a14e64fc.txt (this project)",
    "huaizhou_70": "揭秘成都金堂淮州新城 (位于金堂县域中部, 前身淮口镇; 至2035年规划面积70平方公里, 远景130; 节能环保、智能制造装备、通用航空三大主导产业; 枢纽物流产城单元) - https://bkwk.cn/article/jmcdjthzxcwlcsxdbdsj.html",
    "huaizhou_pv": "四川在线: 淮州新城以金堂县淮口街道为核心 (通威太阳能、巴莫科技、节能环保产业园, 2023-06) - http://buz-visq.com/news/2023/0607/062023_45633.html",
    "huaizhou_base": "淮州新城 (地处龙泉山脉东部, 节能环保/智能制造装备/通用航空; 国家新型工业化产业示范基地(节能环保)) - http://shzq.org/shzq/6206957598214726762.html",
    "railport_12": "国务院批复成立成都国际铁路港经济技术开发区 (规划面积12.24平方公里, 涉及青白江区、金堂县; 含青白江国际铁路港、青白江欧洲产业城和淮州新城三个产业功能区) - http://sn.smesc.cn/policy/show.php?itemid=375284",
    "railport_jt": "每日经济新闻: 成都国际铁路港经济开发区 (金堂区块规划面积4.39平方公里; 主导产业临港制造、先进材料、国际商贸物流) - https://ppfocus.com/0/trfa4979d.html",
    "xihanggang": "西南航空港经济开发区招商推介 (总体规划面积43.7平方公里, 双流区西南面, 双流航空经济区重要组成部分; 双流三大产业功能区: 双流航空经济区、成都芯谷、天府国际生物城) - https://www.xuehua.us/a/5ec20d5f46be1ccd5a252e67?lang=zh-hk",
    "shuangliu_498": "成都国际空港经济区双流片区 (规划面积4.98km2, 位于双流国际机场二跑道西侧; 航空制造、维修、航空现代服务业) - http://13135218825.com/757/17109.html",
    "cdpez_14th": "成都平原经济区十四五一体化发展规划 (航空航天以天府临空经济区、双流航空经济区为核心; 装备制造以天府智能制造产业园等为核心) - http://bbs.znwwh.com/showtopic-16201.aspx",
    "h2_pidu_photo": "每日经济新闻: 谋建中国绿氢之都 (成都绿色氢能产业功能区 图片, 成都市郫都区提供) - https://ruyici.top/portal.php?aid=42706&mod=view",
    "h2_pidu_survey": "成都市生态环境局到郫都区调研 (郫都区为氢能产业集聚区; 成都客车、成都绿色氢能产业功能区建设, 2021-07) - https://h2weilai.com/cms/index/shows/catid/81/id/2325.html",
    "h2_pidu_park": "东方氢能产业园 (郫都区作为成都氢能产业功能区腹地, 主导产业为氢能装备和电子信息配套装备) - https://kuaibao.lzzcloud.net/news_info/1175642.html",
    "pz_newmat_87": "成都新材料产业功能区新材料产业园起步区规划环评第二次公示 (管理区域87.4km2 = 彭州市隆丰镇镇域72.4km2 + 产业园区15km2; 成都石油化学工业园6.4km2 + 成都新材料产业园8.6km2) - https://max.book118.com/html/2020/0502/8102142106002110.shtm",
    "xinjin_tim_2021": "中新网四川: 新津区天府智能制造产业园重大项目集中开工 (新型电力系统、LED智能标识、轨道交通智能装备, 2021-12) - http://blue-maple.cn/bwbd/2021-12-31/160764.html",
    "xinjin_tim_sasac": "成都产业集团与天府新区、新津区共建天府先进智造产业基地 (在新津区天府智能制造产业园内, 首期约1000亩; 智能装备、智能硬件) - http://wap.sasac.gov.cn/n2588025/n2588129/c21983423/content.html",
    "xinjin_215": "新津工业园区总规划面积21.5平方公里 (2011; 轨道交通、新材料) - http://www.hzcs87.com/cluster/detail/215/20111229-142c7719f81f42bd.html",
    "semi_334": "天府新区半导体材料产业功能区围绕产业新赛道发展的探索与实践 (规划面积33.4平方公里, 建成约14平方公里; 新能源电池、第三代半导体材料; 璞泰来, 2021-12) - http://www.fylwh.com/gongwenfanwen/2021/1229/89523.html",
    "semi_qionglai": "成都商报: 天府新区新能源新材料产业功能区 (邛崃, 规划面积58平方公里, 羊安泉水湖起步区; 动力电池、化合物半导体, 2019-11) - http://news.chengdu.cn/2019/1104/2080710.shtml",
    "semi_yangan": "邛崃市融媒体中心: 新邛线串联羊安新城 (天府新区半导体材料产业功能区, 2023-06) - https://www.qlxww.cn/a/xinwen/guonaxinwen/20230613/14546.html",
    "changan": "长安静脉产业园 (国家资源循环利用基地; 长安垃圾填埋场、危废处置中心) - http://www.saike99.com/show/746-56179.html",
    "lqy_2017": "龙泉驿 中国制造示范区 (成都经开区南区规划56平方公里, 北区规划77平方公里, 含中法生态园项目; 汽车整车及零部件) - http://www.028news.net/longquanyi/20170926/119223.html",
    "lqy_2019": "成都日报: 成都经开区(龙泉驿区)四大产业功能区 (成都汽车产业功能区、中法生态园、龙泉山城市森林公园、简州新城, 2019-11) - https://yybnet.net/chengdu/news/201911/9864844.html",
    "sinofr_131": "龙泉驿到底有何过人之处 (中法生态园规划面积131平方公里; 智能网联、体育+、生态+; 东安新城/东安湖) - http://www.028news.net/longquanyi/20191204/369504_2.html",
    "sinofr_in_cdedz": "划重点丨2022成都将打造这些产业功能区 (成都中法生态园位于成都经济技术开发区) - https://cd.focus.cn/zixun/66f8cc64641a5a40.html",
    "jiaozi_93": "四川新闻网: 成都高新区加快建设交子公园金融商务区 (成都高新区和锦江区共同建设, 规划面积9.3平方公里, 2021-08) - http://blue-maple.cn/shouye/2021-08-21/154002.html",
    "jiaozi_river": "交子公园金融商务区以锦江为界, 分河西高新片区、河东锦江片区 - https://m.cnbaoji.cn/baoji/6960.html",
    "sci_132": "红星新闻: 成都科学城规划面积132平方公里, 兴隆湖畔 (2021-10) - http://www.ybxww.com/news/html/202110/438023.shtml",
    "sci_132b": "成都科学城规划面积132平方公里 (兴隆湖, 天府新区, 2023-08) - http://guizhou.baitongwang.com/shenghuo/2023/0821/45060.html",
    "sci_994": "封面新闻: 西部(成都)科学城战略规划 (一核四区; 成都科学城规划面积99.4平方公里, 2020-06) - http://wwwfh2222.com/news/b/2020-06-04/detail-iircuyvi6569817.shtml?from=sc_ydph",
    "ic_2km2": "成都8个集成电路重点项目开工 (毗邻电子科大的天润路两侧规划约2平方公里集成电路产业空间; 高新IC设计产业总部基地, 成都高新西区, 2020-03) - http://www.jssia.net/Html/Detail/20/03/13/2715425606.html",
    "ic_2km2b": "环电子科大集成电路重点项目集中开工 (成都高新西区, 天润路两侧约2平方公里) - http://m.jiangsulong.com/a/2020/0426/0360878.html",
    "jy_airport": "四川日报: 简阳临空经济产业园 (中通快递西南总部、航空资产交易、成都首衡国际食品贸易中心、唯品会; 六大商务商贸园区之一, 2025-10) - https://reportify.cn/news/1178981334337589248",
    "jy_airport2": "当代县域经济: 简阳临空经济产业园 (临空商务商贸、平台经济; 国家电子商务示范基地、商贸服务型国家物流枢纽) - http://www.ddxyjjzz.com/magazine/5388.html",
    "chongzhou": "成都崇州: 构建铁三角 剑指先进制造千亿县 (航空制造、电子信息、汽车零部件、新型储能; 中发天信) - https://0538ta.cn/post/89341.html",
    "shouan_1143": "产业基地与田园城市的完美融合 (寿安新城位于成都西南、蒲江县东部, 规划占地11.43平方公里; 精密机械制造及绿色印务包装产业基地) - URL not recorded by the page search (no stable URL)",
    "tcm_3782": "彭州年鉴2021 p.260 (天府中药城规划面积37.82平方公里; 医药研发、医药制造、医药贸易流通、大健康衍生品; 国际医药港) - http://www.scyjwh.com/readingebooks/%E5%BD%AD%E5%B7%9E%E5%B9%B4%E9%89%B42021%E6%89%8B%E6%9C%BA%E7%89%88/files/basic-html/page260.html",
    "mengyang_market": "彭州濛阳 (四川国际农产品交易中心占地4500亩, 蔬果交易量西部第一; 万贯服装产业园) - http://www.cdrx.net/cdrx/news/2016/5/29/52408_2.shtml",
    "mengyang_port": "成都国际陆港彭州片区 (农副产品及食品专业物流港、国际农产品加工产业园核心区, 2023-06) - http://big5.china.com.cn/gate/big5/sc.china.com.cn/2023/zonglan_0622/499003.html",
}

# ---------------------------------------------------------------------------
# Parks. anchor: (lon, lat, datum) of the location fact, approximate; the
# outline must contain it. shape: (aspect = east-west / north-south extent,
# rotation in degrees counter-clockwise, centre offset east and north of the
# anchor in units of the north-south half-axis). cover: adcodes the outline is
# clipped to (more than one = straddles by design). within_fa / avoid_fa:
# clip inside / outside a functional area of functional-areas.geojson.
# avoid: park ids built earlier whose ground is cut out (no overlaps).
# target: published area, else guess_km2 with guess_reason.
# ---------------------------------------------------------------------------
PARKS = [
    {
        "id": "huaizhou", "name": "淮州新城", "name_en": "Huaizhou New City (Jintang)",
        "anchor": (104.515, 30.735, "wgs84"), "anchor_label": "淮口街道 (Huaikou, Jintang)",
        "shape": (1.4, 30, 0.0, 0.0), "cover": ["510121"],
        "leading_industries": ["C3825", "C3841", "C3985", "C3591", "C374", "C34", "G59"],
        "chains": ["pv", "lithium", "storage", "recycling", "aviation"],
        "accepts": ["general_manufacturing", "warehousing_logistics"],
        "published_area_km2": 70, "published_area_source": "huaizhou_70",
        "published_area_note": "规划面积70平方公里 to 2035 (远景130)",
        "stage": "new",
        "sources": ["plan", "huaizhou_70", "huaizhou_pv", "huaizhou_base", "railport_12"],
    },
    {
        "id": "shuangliu_aviation", "name": "双流航空经济区", "name_en": "Shuangliu Aviation Economic Zone",
        "anchor": (103.947, 30.578, "wgs84"), "anchor_label": "成都双流国际机场 (Shuangliu airport)",
        "shape": (1.2, 0, 0.0, -0.45), "cover": ["510116"], "avoid_fa": ["tianfu", "gaoxin"],
        "leading_industries": ["C374", "C4343", "G56", "C3825", "C397", "G58"],
        "chains": ["aviation", "pv", "electronics"],
        "accepts": [],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 45,
        "guess_reason": "no published area of the whole zone found; guessed from its core part, the 西南航空港经济开发区 (43.7 km2, 2020)",
        "stage": "built",
        "sources": ["plan", "xihanggang", "shuangliu_498", "cdpez_14th"],
    },
    {
        "id": "green_hydrogen", "name": "成都绿色氢能产业功能区", "name_en": "Chengdu Green Hydrogen Industrial Functional Zone",
        "anchor": (103.870, 30.830, "wgs84"), "anchor_label": "郫都区 north of 郫筒 (position within Pidu not published; assumption)",
        "shape": (1.3, 0, 0.0, 0.0), "cover": ["510117"], "avoid_fa": ["gaoxin"],
        "leading_industries": ["C3849", "C3612", "C367", "C35", "C2619"],
        "chains": ["hydrogen", "nev"],
        "accepts": [],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 15,
        "guess_reason": "no published area found; modest guess for a district-level industrial functional zone",
        "stage": "growing",
        "sources": ["plan", "h2_pidu_photo", "h2_pidu_survey", "h2_pidu_park"],
    },
    {
        "id": "polymer", "name": "成都高分子新材料产业功能区", "name_en": "Chengdu Polymer New Materials Industrial Functional Zone (Pengzhou)",
        "anchor": (103.920, 31.050, "wgs84"), "anchor_label": "隆丰 / 四川石化 (Longfeng, Pengzhou)",
        "shape": (1.2, 0, 0.0, 0.0), "cover": ["510182"],
        "leading_industries": ["C2511", "C265", "C2619", "C292"],
        "chains": ["hydrogen"],
        "accepts": ["general_manufacturing"],
        "published_area_km2": 15, "published_area_source": "pz_newmat_87",
        "published_area_note": "产业园区15km2 (石化园6.4 + 新材料产业园8.6); the 87.4 km2 management area adds the rural 隆丰镇 and is not drawn",
        "stage": "growing",
        "sources": ["plan", "pz_newmat_87"],
    },
    {
        "id": "tianfu_imp", "name": "天府智能制造产业园", "name_en": "Tianfu Intelligent Manufacturing Industrial Park (Xinjin)",
        "anchor": (103.850, 30.410, "wgs84"), "anchor_label": "新津城区东侧 industrial area (approximate)",
        "shape": (1.3, 0, 0.0, 0.0), "cover": ["510118"],
        "leading_industries": ["C38", "C371", "C372", "C34", "C35"],
        "chains": ["storage", "nev"],
        "accepts": [],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 20,
        "guess_reason": "no published area found (first phase ~1000 mu); guessed from the former 新津工业园区 (21.5 km2, 2011)",
        "stage": "growing",
        "sources": ["plan", "xinjin_tim_2021", "xinjin_tim_sasac", "xinjin_215", "cdpez_14th"],
    },
    {
        "id": "tianfu_semiconductor", "name": "四川天府新区半导体材料产业功能区", "name_en": "Sichuan Tianfu New Area Semiconductor Materials Industrial Functional Zone (Qionglai)",
        "anchor": (103.630, 30.390, "wgs84"), "anchor_label": "羊安街道 (Yang'an, Qionglai)",
        "shape": (1.3, 20, 0.0, 0.0), "cover": ["510183"],
        "leading_industries": ["C3841", "C3985", "C3972", "C2641"],
        "chains": ["lithium", "storage", "electronics"],
        "accepts": ["general_manufacturing"],
        "published_area_km2": 33.4, "published_area_source": "semi_334",
        "published_area_note": "规划面积33.4平方公里 (2021; 58 km2 in 2019 as 新能源新材料产业功能区)",
        "stage": "new",
        "sources": ["plan", "semi_334", "semi_qionglai", "semi_yangan"],
    },
    {
        "id": "longquan_changan", "name": "龙泉长安静脉产业园", "name_en": "Longquan Chang'an Eco-industrial (Venous) Park",
        "anchor": (104.340, 30.670, "wgs84"), "anchor_label": "长安垃圾填埋场, north-east 龙泉驿 hills (approximate; assumption)",
        "shape": (1.0, 0, 0.0, 0.0), "cover": ["510112"],
        "leading_industries": ["N7820", "N7724", "C42", "D4417"],
        "chains": ["recycling"],
        "accepts": [],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 3,
        "guess_reason": "no published area found; modest guess for a landfill + incineration + hazardous-waste site",
        "stage": "built",
        "sources": ["plan", "changan"],
    },
    {
        "id": "cdedz", "name": "成都经济技术开发区", "name_en": "Chengdu Economic and Technological Development Zone (southern part, auto city)",
        "anchor": (104.220, 30.570, "wgs84"), "anchor_label": "经开区汽车城 west of 龙泉 (approximate)",
        "shape": (1.1, 0, 0.0, 0.0), "cover": ["510112"], "avoid": ["longquan_changan"],
        "leading_industries": ["C361", "C3612", "C367", "C38", "L72", "M74"],
        "chains": ["nev", "producer_services"],
        "accepts": [],
        "published_area_km2": 56, "published_area_source": "lqy_2017",
        "published_area_note": "南区规划56平方公里 (2017); the 77 km2 北区 includes 中法成都生态园, drawn separately",
        "stage": "built",
        "sources": ["plan", "lqy_2017", "lqy_2019"],
    },
    {
        "id": "sino_french", "name": "中法成都生态园", "name_en": "Sino-French Chengdu Ecological Park",
        "anchor": (104.265, 30.637, "wgs84"), "anchor_label": "东安湖 (Dong'an Lake, Longquanyi)",
        "shape": (2.0, 0, 0.35, 0.25), "cover": ["510112"], "avoid": ["longquan_changan", "cdedz"],
        "leading_industries": ["C3612", "C3670", "M74", "M75", "R89"],
        "chains": ["green_services", "nev"],
        "accepts": [],
        "published_area_km2": 131, "published_area_source": "sinofr_131",
        "published_area_note": "规划面积131平方公里 (2019)",
        "stage": "growing",
        "sources": ["plan", "sinofr_131", "sinofr_in_cdedz", "lqy_2017", "lqy_2019"],
    },
    {
        "id": "jiaozi_park", "name": "交子公园金融商务区", "name_en": "Jiaozi Park Financial Business District",
        "anchor": (104.070, 30.580, "wgs84"), "anchor_label": "金融城 / 交子公园 (Financial City)",
        "shape": (1.3, 0, 0.35, 0.0), "cover": ["510107", "510104"],
        "leading_industries": ["J66", "J67", "J68", "J69", "L72"],
        "chains": ["green_services", "producer_services"],
        "accepts": [],
        "published_area_km2": 9.3, "published_area_source": "jiaozi_93",
        "published_area_note": "规划面积9.3平方公里 (2021), 高新区 west of the 锦江 and 锦江区 east of it",
        "stage": "built",
        "sources": ["plan", "jiaozi_93", "jiaozi_river"],
    },
    {
        "id": "science_city", "name": "成都科学城", "name_en": "Chengdu Science City",
        "anchor": (104.075, 30.405, "wgs84"), "anchor_label": "兴隆湖 (Xinglong Lake)",
        "shape": (1.0, 0, 0.0, 0.0), "cover": ["510116"], "within_fa": ["tianfu"],
        "leading_industries": ["M73", "I65", "I64", "M75", "M74"],
        "chains": ["green_services", "electronics"],
        "accepts": [],
        "published_area_km2": 132, "published_area_source": "sci_132",
        "published_area_note": "规划面积132平方公里 (2021, 2023; earlier 73 and 99.4)",
        "stage": "growing",
        "sources": ["plan", "sci_132", "sci_132b", "sci_994"],
    },
    {
        "id": "ic_design", "name": "IC设计产业园 (高新IC设计产业总部基地 / 环电子科大集成电路产业空间)", "name_en": "IC Design Industrial Park (around UESTC, Chengdu Hi-tech Zone west)",
        "anchor": (103.945, 30.755, "wgs84"), "anchor_label": "天润路, east of 电子科大清水河校区 (approximate)",
        "shape": (0.8, 0, 0.0, 0.0), "cover": ["510117"], "within_fa": ["gaoxin"],
        "leading_industries": ["I6520", "C3973", "I65"],
        "chains": ["electronics"],
        "accepts": [],
        "published_area_km2": 2, "published_area_source": "ic_2km2",
        "published_area_note": "天润路两侧规划约2平方公里 (2020)",
        "stage": "built",
        "sources": ["plan", "ic_2km2", "ic_2km2b"],
    },
    {
        "id": "railport", "name": "成都国际铁路港经济技术开发区 (青白江区块: 国际铁路港、欧洲产业城)", "name_en": "Chengdu International Railway Port ETDZ (Qingbaijiang part)",
        "anchor": (104.240, 30.810, "wgs84"), "anchor_label": "成都铁路集装箱中心站, 城厢 (approximate)",
        "shape": (1.3, 45, 0.0, 0.0), "cover": ["510113"],
        "leading_industries": ["G532", "G58", "G59", "F51", "C367", "C30"],
        "chains": ["producer_services"],
        "accepts": ["warehousing_logistics", "commodity_market"],
        "published_area_km2": 7.85, "published_area_source": "railport_12",
        "published_area_note": "derived: 12.24 km2 (whole ETDZ) - 4.39 km2 (金堂区块) = 7.85 km2; the 金堂 block lies in 淮州新城",
        "stage": "built",
        "sources": ["plan", "railport_12", "railport_jt"],
    },
    {
        "id": "jianyang_airport", "name": "简阳临空经济产业园", "name_en": "Jianyang Airport Economy Industrial Park",
        "anchor": (104.560, 30.460, "wgs84"), "anchor_label": "简阳城区北 along the 沱江 (approximate; assumption)",
        "shape": (1.0, 0, 0.0, 0.0), "cover": ["510185"], "avoid_fa": ["dongbu"],
        "leading_industries": ["F5292", "G602", "G59", "F51"],
        "chains": ["producer_services"],
        "accepts": ["warehousing_logistics", "commodity_market"],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 12,
        "guess_reason": "no published area found; modest guess for a county-level commerce and logistics park",
        "stage": "new",
        "sources": ["jy_airport", "jy_airport2"],
    },
    {
        "id": "chongzhou", "name": "崇州经济开发区", "name_en": "Chongzhou Economic Development Zone",
        "anchor": (103.720, 30.620, "wgs84"), "anchor_label": "崇州城区东 industrial area (approximate)",
        "shape": (1.3, 0, 0.0, 0.0), "cover": ["510184"],
        "leading_industries": ["C374", "C39", "C367", "C3841", "C21"],
        "chains": ["aviation", "electronics", "storage"],
        "accepts": ["general_manufacturing", "warehousing_logistics"],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 20,
        "guess_reason": "no published area found; modest guess for a provincial-level development zone",
        "stage": "growing",
        "sources": ["chongzhou"],
    },
    {
        "id": "pujiang_shouan", "name": "蒲江寿安新城 (产业园区)", "name_en": "Pujiang Shou'an New Town industrial area",
        "anchor": (103.570, 30.240, "wgs84"), "anchor_label": "寿安街道 (Shou'an, Pujiang)",
        "shape": (1.2, 0, 0.0, 0.0), "cover": ["510131"],
        "leading_industries": ["C34", "C23", "C223", "C13"],
        "chains": [],
        "accepts": ["general_manufacturing", "warehousing_logistics"],
        "published_area_km2": 11.43, "published_area_source": "shouan_1143",
        "published_area_note": "寿安新城规划占地11.43平方公里 (town and industrial area together)",
        "stage": "new",
        "sources": ["shouan_1143"],
    },
    {
        "id": "tianfu_tcm_city", "name": "天府中药城", "name_en": "Tianfu TCM City (Pengzhou)",
        "anchor": (103.990, 30.960, "wgs84"), "anchor_label": "致和, south-east of 彭州城区 (approximate)",
        "shape": (1.2, 0, 0.0, 0.0), "cover": ["510182"], "avoid": ["polymer"],
        "leading_industries": ["C27", "C2740", "C2730", "F5152", "M73"],
        "chains": ["biomed"],
        "accepts": ["general_manufacturing", "commodity_market"],
        "published_area_km2": 37.82, "published_area_source": "tcm_3782",
        "published_area_note": "规划面积37.82平方公里 (2019)",
        "stage": "growing",
        "sources": ["tcm_3782"],
    },
    {
        "id": "mengyang", "name": "彭州濛阳 (四川国际农产品交易中心 / 成都国际陆港彭州片区)", "name_en": "Mengyang, Pengzhou (agricultural products market and Chengdu International Land Port Pengzhou area)",
        "anchor": (104.080, 30.940, "wgs84"), "anchor_label": "濛阳街道 (Mengyang, Pengzhou; approximate)",
        "shape": (1.0, 0, 0.0, 0.0), "cover": ["510182"], "avoid": ["tianfu_tcm_city"],
        "leading_industries": ["F511", "F512", "G59", "C13"],
        "chains": [],
        "accepts": ["commodity_market", "warehousing_logistics"],
        "published_area_km2": None, "published_area_source": None,
        "guess_km2": 10,
        "guess_reason": "no published area of the area found (the market alone occupies 4500 mu = 3 km2); modest guess",
        "stage": "growing",
        "sources": ["mengyang_market", "mengyang_port"],
    },
]

# ---------------------------------------------------------------------------
# Datum shifts (for anchors read off Amap/Tencent = GCJ-02 or Baidu = BD-09).
# ---------------------------------------------------------------------------
A_KRASOVSKY = 6378245.0
EE = 0.00669342162296594323
X_PI = math.pi * 3000.0 / 180.0


def _t_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _t_lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    dlat = _t_lat(lon - 105.0, lat - 35.0)
    dlon = _t_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A_KRASOVSKY * (1 - EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A_KRASOVSKY / sq * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tol=1e-12):
    """Iterative inverse of wgs84_to_gcj02."""
    wl, wt = lon, lat
    for _ in range(100):
        gl, gt = wgs84_to_gcj02(wl, wt)
        dl, dt = lon - gl, lat - gt
        wl, wt = wl + dl, wt + dt
        if abs(dl) < tol and abs(dt) < tol:
            break
    return wl, wt


def bd09_to_gcj02(lon, lat, tol=1e-12):
    """The standard Baidu inverse formula, refined by iterating on the forward
    formula (the closed form alone is off by up to ~0.1 m)."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * X_PI)
    gl, gt = z * math.cos(theta), z * math.sin(theta)
    for _ in range(100):
        bl, bt = gcj02_to_bd09(gl, gt)
        dl, dt = lon - bl, lat - bt
        gl, gt = gl + dl, gt + dt
        if abs(dl) < tol and abs(dt) < tol:
            break
    return gl, gt


def gcj02_to_bd09(lon, lat):
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def to_wgs84(lon, lat, datum):
    if datum == "wgs84":
        return lon, lat
    if datum == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
    raise ValueError("unknown datum %r" % datum)


# ---------------------------------------------------------------------------










def template(anchor_xy, shp, s):
    """8-vertex ellipse-like ring in EPSG:4544 metres; s = north-south half-axis (m)."""
    aspect, rot, off_e, off_n = shp
    x0, y0 = anchor_xy
    cx, cy = x0 + off_e * s, y0 + off_n * s
    c, si = math.cos(math.radians(rot)), math.sin(math.radians(rot))
    ring = []
    for k in range(8):
        t = 2 * math.pi * k / 8 + math.pi / 8
        dx, dy = aspect * s * math.cos(t), s * math.sin(t)
        ring.append((cx + dx * c - dy * si, cy + dx * si + dy * c))
    return Polygon(ring)


def round_geom(g, nd=6):
    return shapely.transform(g, lambda xy: [(round(x, nd), round(y, nd)) for x, y in xy])


def draw(park, allowed_p, anchor_p, target_km2):
    """Bisection on the scale so that the clipped outline has the target area.
    Returns the main polygon (projected) containing the anchor, and dropped crumbs."""
    def clipped(s):
        g = template((anchor_p.x, anchor_p.y), park["shape"], s).intersection(allowed_p)
        parts = polygons(g)
        main = [p for p in parts if p.buffer(1e-6).contains(anchor_p)]
        if not main:
            return None, parts
        return main[0], [p for p in parts if p is not main[0]]

    lo, hi = 10.0, 60000.0
    for _ in range(80):
        mid = (lo + hi) / 2
        g, _ = clipped(mid)
        a = 0.0 if g is None else g.area / 1e6
        if a < target_km2:
            lo = mid
        else:
            hi = mid
    return clipped(hi)


def self_test_datums():
    """Round-trip of the datum shifts over a grid covering Chengdu (metres)."""
    worst = 0.0
    for i in range(11):
        for j in range(11):
            lon, lat = 102.9 + 2.0 * i / 10, 30.0 + 1.5 * j / 10
            g = wgs84_to_gcj02(lon, lat)
            back = gcj02_to_wgs84(*g)
            b = gcj02_to_bd09(*g)
            back2 = to_wgs84(b[0], b[1], "bd09")
            for q in (back, back2):
                d = math.hypot((q[0] - lon) * 111320 * math.cos(math.radians(lat)), (q[1] - lat) * 110540)
                worst = max(worst, d)
    return worst


def main():
    with open(DISTRICTS, encoding="utf-8") as f:
        dfc = json.load(f)
    dist = {ft["properties"]["adcode"]: shape(ft["geometry"]) for ft in dfc["features"]}
    dname = {ft["properties"]["adcode"]: ft["properties"]["name"] for ft in dfc["features"]}
    with open(CITY, encoding="utf-8") as f:
        city = shapely.union_all([shape(ft["geometry"]) for ft in json.load(f)["features"]])
    with open(FUNCTIONAL, encoding="utf-8") as f:
        fa = {ft["properties"]["id"]: shape(ft["geometry"]) for ft in json.load(f)["features"]}

    ok = True
    rt = self_test_datums()
    print("datum round-trip (WGS84->GCJ-02->WGS84 and ->BD-09->WGS84), worst: %.2e m" % rt)
    if rt > 0.01:
        ok = False
        print("  FAIL: datum round-trip above 0.01 m")

    ids = [p["id"] for p in PARKS]
    assert len(ids) == len(set(ids)), "duplicate park id"
    built = {}
    feats = []
    rows = []
    for park in PARKS:
        pid = park["id"]
        errs = []
        # --- attribute checks
        for code in park["leading_industries"]:
            if not CODE_RE.match(code):
                errs.append("bad industry code %s" % code)
        for c in park["chains"]:
            if c not in CHAINS:
                errs.append("unknown chain %s" % c)
        for a in park["accepts"]:
            if a not in ACCEPTS:
                errs.append("unknown accepts %s" % a)
        for s in park["sources"]:
            if s not in SRC:
                errs.append("unknown source %s" % s)
        pub = park["published_area_km2"]
        target = pub if pub is not None else park["guess_km2"]

        # --- geometry
        lon, lat = to_wgs84(*park["anchor"])
        anchor = Point(lon, lat)
        allowed = shapely.make_valid(shapely.union_all([dist[c] for c in park["cover"]]))
        for f_id in park.get("within_fa", []):
            allowed = allowed.intersection(fa[f_id])
        for f_id in park.get("avoid_fa", []):
            allowed = allowed.difference(fa[f_id])
        for other in park.get("avoid", []):
            allowed = allowed.difference(built[other])
        if not allowed.contains(anchor):
            errs.append("anchor %s not in the allowed ground" % park["anchor_label"])
            geom = None
        else:
            allowed_p = shapely.make_valid(projected(allowed))
            anchor_p = projected(anchor)
            main_p, crumbs = draw(park, allowed_p, anchor_p, target)
            if main_p is None:
                errs.append("no outline around the anchor")
                geom = None
            else:
                for c in crumbs:
                    if c.area > 1.0:
                        print("  %s: dropped clip fragment of %.4f km2" % (pid, c.area / 1e6))
                geom = round_geom(geographic(main_p))
                # rounding can create tiny slivers outside the allowed ground; cut them
                geom = polygons(geom.intersection(allowed).buffer(0))
                geom = max(geom, key=lambda q: q.area) if geom else None
                if geom is not None:
                    geom = orient(round_geom(geom), sign=1.0)
                    if not geom.is_valid:
                        geom = orient(geom.buffer(0), sign=1.0)
        if geom is None:
            ok = False
            print("%-22s FAIL: %s" % (pid, "; ".join(errs) or "no geometry"))
            continue
        built[pid] = geom

        drawn = km2(geom)
        dev = drawn / target - 1
        if abs(dev) > TOLERANCE:
            errs.append("drawn %.2f km2 outside +-%d%% of %.2f" % (drawn, 100 * TOLERANCE, target))
        if not geom.is_valid:
            errs.append("invalid geometry")
        outside_city = km2(geom.difference(city)) if not geom.within(city) else 0.0
        if outside_city > 1e-4:
            errs.append("%.4f km2 outside the city" % outside_city)
        if not geom.contains(anchor):
            errs.append("anchor outside the outline")
        overl = []
        for code in sorted(dist):
            if geom.intersects(dist[code]):
                ov = km2(geom.intersection(dist[code]))
                if ov > MIN_OVERLAP_KM2:
                    overl.append((code, ov))
        codes = [c for c, _ in overl]
        stray = [c for c in codes if c not in park["cover"]]
        if stray:
            errs.append("overlaps districts outside its cover: %s" % stray)
        if sorted(codes) != sorted(park["cover"]):
            errs.append("does not reach every covered district: %s vs %s" % (codes, park["cover"]))
        if errs:
            ok = False
        rows.append((pid, pub, target, drawn, dev, overl, outside_city, errs))

        spare_ha = round(drawn * 100 * SPARE_SHARE[park["stage"]])
        if pub is not None:
            pub_src = "%s; %s" % (park["published_area_note"], SRC[park["published_area_source"]].split(" - ")[0])
        else:
            pub_src = "none found; drawn at a guessed %g km2: %s" % (park["guess_km2"], park["guess_reason"])
        feats.append({
            "type": "Feature",
            "properties": {
                "id": pid,
                "name": park["name"],
                "name_en": park["name_en"],
                "district_adcodes": codes,
                "leading_industries": park["leading_industries"],
                "chains": park["chains"],
                "accepts": park["accepts"],
                "published_area_km2": pub,
                "published_area_source": pub_src,
                "drawn_area_km2": round(drawn, 2),
                "spare_land_ha": spare_ha,
                "sources": [SRC[s] for s in park["sources"]],
                "provenance": "illustrative",
                "note": NOTE,
            },
            "geometry": mapping(geom),
        })

    # --- check table
    print()
    print("%-22s %10s %10s %9s %7s  %-34s %s" % ("id", "published", "target", "drawn", "dev", "districts (km2)", "in city"))
    for pid, pub, target, drawn, dev, overl, outside, errs in rows:
        ds = ", ".join("%s %s %.1f" % (c, dname[c], a) for c, a in overl)
        print("%-22s %10s %10.2f %9.2f %+6.1f%%  %-34s %s" % (
            pid, "-" if pub is None else "%.2f" % pub, target, drawn, 100 * dev, ds,
            "yes" if outside <= 1e-4 else "NO (%.4f km2 out)" % outside))
        for e in errs:
            print("    FAIL: %s" % e)

    # --- parks must not overlap one another
    pids = list(built)
    for i in range(len(pids)):
        for j in range(i + 1, len(pids)):
            a, b = built[pids[i]], built[pids[j]]
            if a.intersects(b):
                ov = km2(a.intersection(b))
                if ov > 1e-4:
                    ok = False
                    print("FAIL: %s and %s overlap by %.4f km2" % (pids[i], pids[j], ov))
    print("pairwise overlaps checked: %d pairs" % (len(pids) * (len(pids) - 1) // 2))

    fc = {"type": "FeatureCollection", "features": feats}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    if not ok:
        sys.exit("checks failed; %s not written" % OUT)
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    os.replace(tmp, OUT)
    print("wrote %s (%d parks)" % (OUT, len(feats)))


if __name__ == "__main__":
    main()
