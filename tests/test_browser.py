"""The HTML graph as a person sees it: real headless Chromium (Debian's /usr/bin/chromium) driven
by Playwright against pages served from a loopback http.server.

Marked ``browser``; skipped with a reason when Chromium or the ``playwright`` package is missing.
Screenshots go to the pytest tmp dir and are copied to /tmp/dipkg-shots/ for review.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import shutil
import threading
from pathlib import Path

import pytest

from kg.exports.html import graph_data, render_html
from kg.records import Actor, ActorType, Modality, Relation, RelationType

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
SHOTS = Path(os.environ.get("KG_SHOTS", "/tmp/dipkg-shots"))
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "needs the playwright package (pip install playwright; no browser download: it uses /usr/bin/chromium)"
    if not Path(CHROMIUM).exists():
        return f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


if _skip_reason():
    pytest.skip(_skip_reason(), allow_module_level=True)


# ------------------------------------------------------------------------------ synthetic graphs

TYPES = list(RelationType)


def synthetic_relations(n_actors: int, n_relations: int, seed: int = 5) -> tuple[list[Relation], dict]:
    """A reproducible graph shaped like news data: ~190 states, a few IGOs, persons, bodies and
    groups with a country code (a few without), heavy-tailed activity, 2020-2025 dates, some
    negated and future relations. Returns the relations and the article metadata."""
    rng = random.Random(seed)
    n_states = min(190, max(5, n_actors // 10))
    actors = [Actor(f"state/C{i:03d}", f"Country {i:03d}", ActorType.COUNTRY, f"C{i:03d}", f"Q{1000 + i}")
              for i in range(n_states)]
    n_igos = min(10, max(1, n_actors // 100))
    actors += [Actor(f"igo/O{i}", f"Organisation {i}", ActorType.IGO, f"IGO:O{i}", f"Q{9000 + i}") for i in range(n_igos)]
    kinds = [("person", ActorType.PERSON), ("org", ActorType.ORG), ("group", ActorType.GROUP)]
    weights_c = [1 / (i + 1) ** 0.8 for i in range(n_states)]
    while len(actors) < n_actors:
        i = len(actors)
        prefix, kind = kinds[i % 3]
        code = None if rng.random() < 0.04 else f"C{rng.choices(range(n_states), weights_c)[0]:03d}"
        actors.append(Actor(f"{prefix}/a{i}", f"{prefix.title()} {i}", kind, code))
    pick = [1 / (i + 1) ** 0.9 for i in range(len(actors))]
    order = list(range(len(actors)))
    rng.shuffle(order)
    pick = [pick[order[i]] for i in range(len(actors))]  # busy actors anywhere in the list
    rels = []
    articles = {}
    srcs = rng.choices(range(len(actors)), pick, k=n_relations)
    tgts = rng.choices(range(len(actors)), pick, k=n_relations)
    srcs[:len(actors)] = range(min(len(actors), n_relations))  # every actor takes part at least once
    for k in range(n_relations):
        a, b = actors[srcs[k]], actors[tgts[k]]
        if a.id == b.id:
            b = actors[(tgts[k] + 1) % len(actors)]
        typ = rng.choice(TYPES)
        doc = f"doc{k // 10:05d}"
        date = f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        articles.setdefault(doc, {"title": f"Article {doc}", "url": f"https://news.example/{doc}", "date": date})
        cue = typ.value.lower()
        sentence = f"{a.name} and {b.name}: an event of type {cue} was reported in article {doc}."
        rels.append(Relation(doc=doc, type=typ, relation=typ.class_name, source=a, target=b, sentence_index=k % 10,
                             sentence=sentence, start=0, end=len(sentence), negated=rng.random() < 0.05,
                             modality=Modality.FUTURE if rng.random() < 0.05 else Modality.ASSERTED, date=date,
                             confidence=0.8, cue=cue))
    return rels, articles


def weights() -> dict[str, float]:
    from kg.graph.assemble import type_info

    return {t.value: i.weight for t, i in type_info().items()}


# ------------------------------------------------------------------------------ browser fixtures

class Server:
    """A loopback http.server for one folder, in a thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


class Page:
    """A page under test: records console errors, page errors and every request it makes."""

    def __init__(self, browser, origin: str, viewport=(1400, 900)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.origin = origin
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, name: str, timeout: float = 30_000) -> None:
        self.page.goto(f"{self.origin}/{name}")
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 30_000, view: str | None = None) -> None:
        # a function, not an expression string: the page's CSP forbids eval, which Playwright uses for strings
        self.page.wait_for_function("(v) => window.dipkg && (v ? window.dipkg.viewReady === v : window.dipkg.ready)",
                                    arg=view, timeout=timeout)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def counts(self) -> dict:
        return self.js("""({nodes: dipkg.nodes.length, edges: dipkg.edges.length,
            shownNodes: dipkg.nodes.get({filter: n => !n.hidden}).length,
            shownEdges: dipkg.edges.get({filter: e => !e.hidden}).length})""")

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.origin + "/") or u.startswith("data:"))]

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / path.name)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    server = Server(folder)
    yield folder, server.origin
    server.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser, site):
    pg = Page(browser, site[1])
    yield pg
    pg.close()


def _write(site, name: str, relations, **kw) -> dict:
    folder, _ = site
    (folder / name).write_text(render_html(relations, **kw), encoding="utf-8")
    return graph_data(relations, kw.get("weights"), kw.get("articles"), kw.get("country_names"))


# ------------------------------------------------------------------------------ tests

@pytest.fixture(scope="module")
def seed_relations():
    from kg.pipeline import extract

    results = list(extract([ROOT / "seeds"]))
    rels = [r for res in results for r in res.relations]
    arts = {res.article.id: {"title": res.article.title, "url": res.article.url, "date": res.article.date}
            for res in results}
    return rels, arts


@pytest.mark.model
def test_browser_seed_graph_renders_and_switches_views(page, site, seed_relations, tmp_path):
    rels, arts = seed_relations
    data = _write(site, "seed.html", rels, weights=weights(), articles=arts, title="Seed article")
    page.open("seed.html")
    country, actor = data["views"]["country"], data["views"]["actor"]
    c = page.counts()
    assert (c["nodes"], c["edges"]) == (len(country["nodes"]), len(country["edges"]))
    assert c["shownEdges"] == len(country["edges"]) > 0
    page.shot(tmp_path / "seed-country.png")
    # select Russia, switch to the actor view: the selection follows (Russia's state actor)
    assert page.js("dipkg.find('Russia')") == "RUS"
    page.page.check("#view-actor")
    page.wait_ready(view="actor")
    c = page.counts()
    assert (c["nodes"], c["edges"]) == (len(actor["nodes"]), len(actor["edges"]))
    assert page.js("dipkg.network.getSelectedNodes()[0]") == "state/RUS"
    page.shot(tmp_path / "seed-actor.png")
    # an edge's evidence: sentences with the cue highlighted in <mark>
    eid = page.js("dipkg.edges.get({filter: e => !e.hidden})[0].id")
    page.js(f"dipkg.network.selectEdges([{json.dumps(eid)}])")
    page.js(f"dipkg.showEdge({json.dumps(eid)})")
    assert page.js("document.querySelectorAll('#details .sent').length") >= 1
    page.shot(tmp_path / "seed-evidence.png")
    assert not page.errors, page.errors
    assert not page.foreign_requests(), page.foreign_requests()


def test_browser_filters_change_what_is_visible(page, site):
    rels, arts = synthetic_relations(60, 200, seed=3)
    data = _write(site, "small.html", rels, weights=weights(), articles=arts)
    page.open("small.html")
    before = page.counts()
    assert before["edges"] == len(data["views"]["country"]["edges"])
    # turning off a whole quad class hides the country edges that only carry that class
    page.page.uncheck("#quad-material-conflict")
    after = page.counts()
    expected = sum(1 for e in data["views"]["country"]["edges"] if e["group"] != "material conflict")
    assert after["shownEdges"] == expected < before["shownEdges"]
    page.page.check("#quad-material-conflict")
    # negated relations off: every edge made only of negated relations disappears
    page.page.check("#view-actor")
    page.wait_ready(view="actor")
    n_neg_only = sum(1 for e in data["views"]["actor"]["edges"] if all(data["rels"][k][4] for k in e["rels"]))
    assert n_neg_only > 0
    shown = page.counts()["shownEdges"]
    page.page.uncheck("#show-negated")
    assert page.counts()["shownEdges"] == shown - n_neg_only
    page.page.check("#show-negated")
    # a date range: only relations dated inside it remain
    page.page.fill("#date-from", "2024-01-01")
    page.page.dispatch_event("#date-from", "change")
    in_range = sum(1 for e in data["views"]["actor"]["edges"]
                   if any(d >= "2024-01-01" for k in e["rels"] for d, _ in data["rels"][k][3]))
    assert page.counts()["shownEdges"] == in_range
    # an actor's neighbourhood only
    page.page.fill("#search", "Country 000")
    page.page.press("#search", "Enter")
    page.page.check("#only-neighbourhood")
    c = page.counts()
    assert 0 < c["shownNodes"] < len(data["views"]["actor"]["nodes"])
    assert page.js("dipkg.network.getSelectedNodes()[0]") == "state/C000"
    assert not page.errors, page.errors
    assert not page.foreign_requests(), page.foreign_requests()


PAYLOAD_JS = "window.__pwned = (window.__pwned || 0) + 1"


def test_browser_planted_payloads_do_not_run(page, site, tmp_path):
    evil_name = f'<img src=x onerror="{PAYLOAD_JS}">"><script>{PAYLOAD_JS}</script>'
    rus = Actor("state/RUS", "Russia", ActorType.COUNTRY, "RUS", "Q159")
    evil = Actor("person/evil", evil_name, ActorType.PERSON, "RUS", 'Q1"><img src=x onerror=alert(1)>')
    prk = Actor("state/PRK", "North Korea", ActorType.COUNTRY, "PRK", "javascript:alert(1)")
    sentence = f'Planted <img src=x onerror="{PAYLOAD_JS}"> and "><script>{PAYLOAD_JS}</script> attacked.'
    rels = [Relation(doc=d, type=RelationType.ASSAULT, relation="Assault", source=evil, target=prk, sentence_index=0,
                     sentence=sentence, start=0, end=len(sentence), date="2025-08-15", cue="attacked")
            for d in ("bad-js-url", "bad-markup", "good")]
    rels.append(Relation(doc="good", type=RelationType.PARTNERSHIP, relation="Partnership", source=rus, target=prk,
                         sentence_index=1, sentence="Russia and North Korea are allies.", start=0, end=10,
                         date="2025-08-15", cue="allies"))
    arts = {
        "bad-js-url": {"title": f'<img src=x onerror="{PAYLOAD_JS}">', "url": f"javascript:{PAYLOAD_JS}"},
        "bad-markup": {"title": f'"><script>{PAYLOAD_JS}</script>', "url": f'"><img src=x onerror="{PAYLOAD_JS}">'},
        "good": {"title": "A fine article", "url": "https://example.org/a?b=1&c=<2>"},
    }
    _write(site, "evil.html", rels, weights=weights(), articles=arts, title=f"<script>{PAYLOAD_JS}</script>")
    page.open("evil.html")
    page.page.check("#view-actor")
    page.wait_ready(view="actor")
    # hover and click everything: tooltips, node panels, the evidence panel
    for nid in page.js("dipkg.nodes.getIds()"):
        page.js(f"dipkg.showNode({json.dumps(nid)})")
        box = page.js(f"dipkg.network.canvasToDOM(dipkg.network.getPositions([{json.dumps(nid)}])[{json.dumps(nid)}])")
        page.page.mouse.move(box["x"], box["y"])
        page.page.wait_for_timeout(250)
    eid = page.js("dipkg.edges.get({filter: e => e.from === 'person/evil'})[0].id")
    page.js(f"dipkg.showEdge({json.dumps(eid)})")
    page.page.wait_for_timeout(300)
    page.shot(tmp_path / "payloads.png")
    assert page.js("window.__pwned") is None
    links = page.js("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert links == ["https://example.org/a?b=1&c=%3C2%3E"], links  # only the http(s) URL is a link
    assert page.js("document.querySelectorAll('#details img, #details script, #side script').length") == 0
    assert evil_name in page.js("document.getElementById('details').textContent") or \
        evil_name in page.js("JSON.stringify(dipkg.nodes.get('person/evil'))")
    # the node panel of the actor with a bad Wikidata id shows no Wikidata link
    page.js("dipkg.showNode('state/PRK')")
    assert page.js("document.querySelectorAll('#details a').length") == 0
    assert page.js("window.__pwned") is None
    assert not [e for e in page.errors if "dialog" in e], page.errors
    assert not page.foreign_requests(), page.foreign_requests()


def test_browser_5000_actors_20000_relations_usable(page, site, tmp_path):
    import time

    rels, arts = synthetic_relations(5000, 20_000)
    t0 = time.perf_counter()
    data = _write(site, "big.html", rels, weights=weights(), articles=arts)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page.open("big.html", timeout=30_000)
    load_s = time.perf_counter() - t0
    country = data["views"]["country"]
    c = page.counts()
    assert (c["nodes"], c["edges"]) == (len(country["nodes"]), len(country["edges"]))
    page.shot(tmp_path / "big-country.png")
    t0 = time.perf_counter()
    page.page.check("#view-actor")
    page.wait_ready(view="actor")
    switch_s = time.perf_counter() - t0
    c = page.counts()
    actor = data["views"]["actor"]
    assert (c["nodes"], c["edges"]) == (len(actor["nodes"]), len(actor["edges"]))
    assert c["nodes"] == 5000
    page.shot(tmp_path / "big-actor.png")
    # still responsive: a pan and a filter run quickly
    t0 = time.perf_counter()
    page.page.mouse.move(500, 400)
    page.page.mouse.down()
    page.page.mouse.move(650, 500, steps=5)
    page.page.mouse.up()
    page.page.uncheck("#quad-verbal-cooperation")
    interact_s = time.perf_counter() - t0
    print(f"\n5000/20000: build {build_s:.1f} s, open {load_s:.1f} s, switch {switch_s:.1f} s, "
          f"pan+filter {interact_s:.1f} s")
    assert load_s < 20 and switch_s < 15 and interact_s < 10
    assert not page.errors, page.errors
    assert not page.foreign_requests(), page.foreign_requests()
