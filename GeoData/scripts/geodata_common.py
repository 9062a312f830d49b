"""Helpers shared by the GeoData build scripts: projection to EPSG:4544
(CGCS2000 / 3-degree Gauss-Kruger CM 105E, where areas are measured) and back,
areas in km², and the polygonal parts of an overlay result."""
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon

TO_4544 = Transformer.from_crs("EPSG:4326", "EPSG:4544", always_xy=True)
TO_4326 = Transformer.from_crs("EPSG:4544", "EPSG:4326", always_xy=True)


def projected(g):
    return shapely.transform(g, lambda xy: list(zip(*TO_4544.transform(xy[:, 0], xy[:, 1]))))


def geographic(g):
    return shapely.transform(g, lambda xy: list(zip(*TO_4326.transform(xy[:, 0], xy[:, 1]))))


def km2(g):
    return projected(g).area / 1e6


def polygons(g):
    """Polygonal parts of a clip result, dropping points/lines."""
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    out = []
    for p in getattr(g, "geoms", []):
        out.extend(polygons(p))
    return out
