"""Benchmark: time to a usable HTML graph view in headless Chromium.

For 500, 5,000 and 20,000 actors (4 relations per actor, the synthetic graphs of
tests/test_browser.py), reports the median of 3 runs of:
  build  - graph_data + page rendering in Python (layout included);
  usable - from navigation start until the page reports ready (data parsed, both DataSets
           filled, positions fixed, the network drawn once), measured in the page;
  actor  - switching to the actor view until it is drawn;
  filter - one filter click (a quad class off) until the DataSets are updated.

Run: PYTHONPATH=. python tests/benchmarks/html_view.py [--sizes 500,5000,20000] [--runs 3]
Needs /usr/bin/chromium and the playwright package (no browser download).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_browser import CHROMIUM_FLAGS, CHROMIUM, Server, synthetic_relations, weights  # noqa: E402

from kg.exports.html import render_html  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,5000,20000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="dipkg-bench-"))
    server = Server(folder)
    w = weights()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        for n in (int(s) for s in args.sizes.split(",")):
            rels, arts = synthetic_relations(n, 4 * n)
            builds, usable, actor, filt = [], [], [], []
            for run in range(args.runs):
                t0 = time.perf_counter()
                page_text = render_html(rels, weights=w, articles=arts)
                builds.append(time.perf_counter() - t0)
                (folder / f"g{n}.html").write_text(page_text, encoding="utf-8")
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                page.goto(f"{server.origin}/g{n}.html")
                page.wait_for_function("() => window.dipkg && window.dipkg.ready", timeout=120_000)
                usable.append(page.evaluate("() => window.dipkg.readyAt") / 1000)
                t0 = time.perf_counter()
                page.check("#view-actor")
                page.wait_for_function("() => window.dipkg.viewReady === 'actor'", timeout=120_000)
                actor.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                page.uncheck("#quad-verbal-cooperation")
                page.evaluate("() => window.dipkg.shown.edges")
                filt.append(time.perf_counter() - t0)
                ctx.close()
            size_mb = len(page_text.encode()) / 1e6
            rows.append((n, 4 * n, size_mb, *(statistics.median(x) for x in (builds, usable, actor, filt))))
            print(f"{n:>6} actors {4 * n:>6} relations  page {size_mb:5.1f} MB  build {rows[-1][3]:5.2f} s  "
                  f"usable {rows[-1][4]:5.2f} s  actor view {rows[-1][5]:5.2f} s  filter {rows[-1][6]:5.2f} s",
                  flush=True)
        browser.close()
    server.close()


if __name__ == "__main__":
    main()
