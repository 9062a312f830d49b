#!/usr/bin/env python3
"""The report's interactive maps in a real browser: Playwright driving Debian's
Chromium (executable_path, no browser download), report.html loaded from disk.

Asserts, in Chinese and English, on the shipped 20,000-firm sample: no network
request and no console error; the page is under 5 MB; hovering a unit shows its
name and the map's figure; clicking opens its unit page; switching a layer on
and off adds and removes it; zooming redraws; the computed font of the text is a
CJK sans (Noto Sans CJK), not a serif fallback; every interactive map and the
static SVG beside it name the same units; the printed PDF (report --pdf) has no
stub page, a page of fewer than 12 lines before the last. Then, on a synthetic register of
100,000 firms, that every firm is embedded as a point and a pan redraws it, and
on 130,000 firms that the layer is binned to grid counts with a note. Prints the
figures (size, time to interactive, redraw times) and writes screenshots.

Usage: report_browser.py --zonefit .build/debug/zonefit [--screenshots DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "GeoData/chengdu/enterprises-sample.csv")
PARKS = os.path.join(ROOT, "GeoData/chengdu/parks.geojson")
BASEMAP = os.path.join(ROOT, "Tests/CLITests/Fixtures/basemap.geojson")
FIVE_MB = 5 * 1024 * 1024


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("report_browser: no Chromium on PATH (apt-get install chromium)")


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"report_browser: {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")


class Page:
    """One report.html in a fresh context that refuses every request but the file itself."""

    def __init__(self, browser, path):
        self.path = path
        self.requests = []
        self.errors = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto("file://" + path, wait_until="load")
        self.page.wait_for_function("window.zonefitStats && window.zonefitStats.built > 0", timeout=30000)

    def _route(self, route):
        url = route.request.url
        if url == "file://" + self.path:
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def map(self, name):
        """Scrolls the map into view and waits until the viewer built it."""
        selector = f"#map-{name} div.zf-map"
        self.page.locator(selector).scroll_into_view_if_needed()
        self.page.wait_for_function(f"document.querySelector('{selector}').zonefit !== undefined", timeout=30000)
        return selector

    def evaluate(self, script, arg=None):
        return self.page.evaluate(script, arg)


def unit_point(page, selector, unit):
    """Page coordinates of a unit's label point (inside it) in a built map."""
    return page.evaluate(
        """([selector, id]) => {
            const div = document.querySelector(selector), map = div.zonefit.map;
            const unit = window.ZONEFIT_LAYERS.units.find(u => u.id === id);
            const p = map.latLngToContainerPoint([unit.label[1] / 1000, unit.label[0] / 1000]);
            const box = div.getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [selector, unit],
    )


def check_report(browser, folder, language, shots, figures):
    path = os.path.join(folder, "report.html")
    size = os.path.getsize(path)
    assert size < FIVE_MB, f"{language}: report.html is {size} bytes, over 5 MB"
    page = Page(browser, path)
    p = page.page
    layers = page.evaluate("window.ZONEFIT_LAYERS")
    stats = page.evaluate("window.zonefitStats")
    figures[f"{language} report.html bytes"] = size
    figures[f"{language} first map interactive (ms after navigation)"] = round(stats["firstBuilt"])

    # Every interactive map stands for a static SVG showing the same units.
    names = page.evaluate("[...document.querySelectorAll('figure[data-map]')].map(f => f.dataset.map)")
    assert len(names) >= 8, names
    for name in names:
        spec = page.evaluate(
            f"JSON.parse(document.querySelector('#map-{name} div.zf-map').getAttribute('data-zonefit-map'))")
        static = set(page.evaluate(
            f"[...document.querySelectorAll('#map-{name} svg path[data-unit]')].map(p => p.dataset.unit)"))
        assert set(spec["styles"]) == static, f"{language} {name}: interactive and static maps differ"

    # Hover a unit of the density map: the tooltip names it and gives the map's figure.
    selector = page.map("density")
    spec = page.evaluate(f"document.querySelector('{selector}').zonefit.spec")
    unit = next(u for u in layers["units"] if not u["core"])
    x, y = unit_point(p, selector, unit["id"])
    p.mouse.move(x - 3, y - 3)
    p.mouse.move(x, y)
    tip = p.locator(f"{selector} .leaflet-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    figure = spec["styles"][unit["id"]][1]
    assert unit["name"] in text, f"{language}: tooltip {text!r} lacks {unit['name']!r}"
    assert figure and figure in text, f"{language}: tooltip {text!r} lacks the figure {figure!r}"
    # What Leaflet drew: one path per unit, as on the static map.
    drawn = page.evaluate(f"[...document.querySelectorAll('{selector} path[data-unit]')].map(p => p.dataset.unit)")
    assert sorted(drawn) == sorted(u["id"] for u in layers["units"]), f"{language}: Leaflet drew {len(drawn)} units"
    p.screenshot(path=os.path.join(shots, f"{language}-density-hover.png"))

    # Click: the unit's page.
    p.mouse.click(x, y)
    p.wait_for_function(f"location.hash === '#unit-{unit['id']}'", timeout=5000)
    top = page.evaluate(f"document.getElementById('unit-{unit['id']}').getBoundingClientRect().top")
    assert abs(top) < 50, f"{language}: unit page not scrolled to (top {top})"

    # Layers: parks off then on in the zones map; flagged firms on the relocation map's canvas.
    selector = page.map("zones")
    parks = f"{selector} path.zf-park"
    shown = p.locator(parks).count()
    assert shown == len(layers["parks"]) > 0, (shown, len(layers["parks"]))
    toggle = p.locator(f"{selector} .leaflet-control-layers-overlays label", has_text=layers["names"]["parks"])
    toggle.locator("input").click()
    assert p.locator(parks).count() == 0, "parks still drawn after switching them off"
    toggle.locator("input").click()
    assert p.locator(parks).count() == shown
    if layers.get("basemap"):
        # The reference layer is on at first and switches off like the others.
        lines = f"{selector} path.zf-ref"
        assert p.locator(lines).count() == len(layers["basemap"]["lines"]) > 0
        p.locator(f"{selector} .leaflet-control-layers-overlays label",
                  has_text=layers["names"]["basemap"]).locator("input").click()
        assert p.locator(lines).count() == 0, "basemap still drawn after switching it off"
    p.screenshot(path=os.path.join(shots, f"{language}-zones.png"))

    selector = page.map("relocation")
    assert p.locator(f"{selector} canvas.zf-dots").count() == 1, "flagged firms not shown on the relocation map"
    # Zoom in with the control; the canvas redraws at the new scale.
    before = page.evaluate(f"document.querySelector('{selector}').zonefit.map.getZoom()")
    redraws = page.evaluate("window.zonefitStats.redraws.length")
    p.locator(f"{selector} a.leaflet-control-zoom-in").click()
    p.wait_for_function(
        f"document.querySelector('{selector}').zonefit.map.getZoom() > {before} && "
        f"window.zonefitStats.redraws.length > {redraws}", timeout=5000)
    p.locator(f"{selector} button.zf-core").click()
    p.wait_for_timeout(400)
    p.screenshot(path=os.path.join(shots, f"{language}-relocation-core.png"))
    figures[f"{language} flagged-firm redraw (ms)"] = round(page.evaluate("window.zonefitStats.redraws.at(-1)"), 1)

    # The computed font: Chromium's own answer for the text's glyphs.
    session = page.context.new_cdp_session(p)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "header.cover h1"})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    families = [f["familyName"] for f in fonts]
    assert families and all("Sans CJK" in f for f in families), f"{language}: the title is drawn in {families}"
    figures[f"{language} title font"] = ", ".join(sorted(set(families)))

    assert page.requests == [], f"{language}: network requests {page.requests[:5]}"
    assert page.errors == [], f"{language}: console errors {page.errors[:5]}"
    page.context.close()


def check_pdf(path, language, figures):
    """Pages of the printed report: none but the last holds fewer than 12 lines of text."""
    pages = PdfReader(path).pages
    lines = [len([line for line in (page.extract_text() or "").splitlines() if line.strip()]) for page in pages]
    stubs = [number + 1 for number, count in enumerate(lines[:-1]) if count < 12]
    assert not stubs, f"{language}: stub pages {stubs} in report.pdf (lines per page {lines})"
    figures[f"{language} report.pdf pages"] = len(pages)


def check_points(browser, zonefit, folder, firms, shots, figures):
    """A register of `firms` synthetic firms: its firm layer is points up to 100,000, counts above."""
    register = os.path.join(folder, f"synth-{firms}.csv")
    run(zonefit, "synth", "-n", str(firms), "--seed", "7", "--output", register)
    out = os.path.join(folder, f"report-{firms}")
    run(zonefit, "report", "--enterprises", register, "--lang", "en", "-o", out)
    page = Page(browser, os.path.join(out, "report.html"))
    p = page.page
    firms_layer = page.evaluate("window.ZONEFIT_LAYERS.firms")
    assert firms_layer["total"] == firms
    selector = page.map("density")
    toggle = p.locator(f"{selector} .leaflet-control-layers-overlays label",
                       has_text=page.evaluate("window.ZONEFIT_LAYERS.names.firms"))
    toggle.locator("input").click()
    assert p.locator(f"{selector} canvas.zf-dots").count() == 1
    if firms <= 100_000:
        assert len(firms_layer["points"]) == 3 * firms and "cells" not in firms_layer, "points missing"
        # A pan redraws every point; the time is the canvas redraw the viewer measured.
        count = page.evaluate("window.zonefitStats.redraws.length")
        page.evaluate(f"document.querySelector('{selector}').zonefit.map.panBy([120, 60], {{animate: false}})")
        p.wait_for_function(f"window.zonefitStats.redraws.length > {count}", timeout=5000)
        figures[f"{firms:,} points: redraw after a pan (ms)"] = round(page.evaluate("window.zonefitStats.redraws.at(-1)"), 1)
        p.screenshot(path=os.path.join(shots, f"en-{firms}-firms.png"))
    else:
        assert "points" not in firms_layer and firms_layer["cells"], "a layer over 100,000 firms is not binned"
        assert sum(firms_layer["cells"][2::3]) == firms, "the cells do not count every firm"
        legend = p.locator(f"{selector} .zf-legend").inner_text()
        assert "130,000 firms" in legend, legend
    figures[f"{firms:,} firms report.html bytes"] = os.path.getsize(os.path.join(out, "report.html"))
    assert page.requests == [] and page.errors == [], (page.requests[:3], page.errors[:3])
    page.context.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zonefit", required=True)
    parser.add_argument("--screenshots", default=os.path.join(ROOT, ".build/browser-screenshots"))
    args = parser.parse_args()
    zonefit = os.path.abspath(args.zonefit)
    os.makedirs(args.screenshots, exist_ok=True)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="zonefit-browser-") as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        for language in ("zh", "en"):
            out = os.path.join(folder, language)
            # The English report also draws the (illustrative) basemap fixture.
            basemap = ["--basemap", BASEMAP] if language == "en" else []
            run(zonefit, "report", "--enterprises", SAMPLE, "--parks", PARKS, "--lang", language, "--pdf", *basemap,
                "-o", out)
            check_report(browser, out, language, args.screenshots, figures)
            check_pdf(os.path.join(out, "report.pdf"), language, figures)
        check_points(browser, zonefit, folder, 100_000, args.screenshots, figures)
        check_points(browser, zonefit, folder, 130_000, args.screenshots, figures)
        browser.close()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    print(f"report_browser: passed; screenshots in {args.screenshots}")


if __name__ == "__main__":
    main()
