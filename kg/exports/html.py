"""Export: relation records -> a self-contained interactive HTML graph with two views, filters and evidence.

Input: relation export records (the dicts of relations.jsonl and of the store) or Relation
records, plus optional Goldstein weights per type, article metadata and country names. Output:
one HTML file that works offline: vis-network (the copy shipped inside the pyvis package, so the
only run-time use of pyvis is that file) and the data are inlined, a Content-Security-Policy
forbids every load from elsewhere, and all text from articles is shown with ``textContent`` /
DOM nodes, never as markup.

The page has two views over the same relations:

* **country view** (default): persons, bodies and groups rolled up to the state or IGO carrying
  their country code (as ``kg.analysis.rollup`` does; nodes keyed by the code, e.g. ``"PRK"`` or
  ``"IGO:UN"``); one undirected edge per dyad and quad class (verbal/material cooperation,
  verbal/material conflict, standing, role); relations inside one country are dropped.
* **actor view**: every actor; one edge per (source, type, target, negated).

Memory does not grow with the number of mentions: the page never holds one object per mention.
Mentions are folded into one ``EdgeSummary`` per relation (source, type, target, negated,
modality): its mention count, its dates with their counts (coarsened to months, then years, past
MAX_DATES) and the EVIDENCE best-confidence quotes. For a large store, ``EdgeCounter`` first finds
the most-mentioned relations in bounded memory and ``collect_edges`` then summarises only those;
the page says how many mentions it leaves out (graph.ttl and relations.jsonl have them all).

Python groups the summaries into the edges of both views and precomputes positions; the page
only filters: an edge's width (mentions), colour (net Goldstein weight of what passes the
filters) and dash (all negated) are recomputed from the mentions that pass the filters.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import html
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import IO

from ..outputs import atomic_open
from ..records import Relation, RelationType

ACTOR_STYLE = {  # actor type -> (shape, colour, legend label)
    "COUNTRY": ("dot", "#4e79a7", "state"),
    "PERSON": ("diamond", "#f28e2b", "person"),
    "ORG": ("square", "#76b7b2", "body of a state"),
    "IGO": ("star", "#b07aa1", "international organisation"),
    "GROUP": ("triangle", "#e15759", "armed or non-state group"),
    "OTHER": ("dot", "#bab0ac", "other"),
}
COOPERATION, CONFLICT, NEUTRAL = "#2ca02c", "#d62728", "#8c8c8c"

# PLOVER/CAMEO quad class of each type (as dipl:quadClass in ontology/dipl.ttl; a test checks it).
QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict", "standing", "role")
QUAD_OF = {
    **dict.fromkeys(["AGREE", "CONSULT", "SUPPORT"], "verbal cooperation"),
    **dict.fromkeys(["CONCEDE", "COOPERATE", "AID", "RETREAT"], "material cooperation"),
    **dict.fromkeys(["REQUEST", "ACCUSE", "REJECT", "THREATEN"], "verbal conflict"),
    **dict.fromkeys(["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"], "material conflict"),
    **dict.fromkeys(["PARTNERSHIP", "RIVALRY"], "standing"),
    **dict.fromkeys(["LEADER_OF", "MEMBER_OF"], "role"),
}
BIG_GRAPH = 300  # above this many actors: satellite layout, no smooth edges, edges hidden while dragging
MAX_SPRING_GROUPS = 800  # networkx spring_layout (dense numpy, no scipy) is used up to this many groups
MAX_LISTED = 50  # quotes listed in the side panel for one edge; members listed for one node
EVIDENCE = 3  # quotes kept per relation: the most confident, then the earliest
MAX_DATES = 32  # distinct dates kept per relation; past this they are coarsened to months, then years
_SYMMETRIC = frozenset(t.value for t in RelationType if t.symmetric)


def _vis_assets() -> tuple[str, str]:
    base = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (base / "vis-network.min.js").read_text(encoding="utf-8"), (base / "vis-network.css").read_text(encoding="utf-8")


def _json(data) -> str:
    """JSON safe to embed in a <script> block: no '<', '>' or '&' can close it or open markup."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _write_json(f: IO[str], data) -> None:
    """Write ``_json(data)`` in pieces (dicts key by key, long lists and iterators item by item):
    the same text, without building one page-sized string."""
    if isinstance(data, dict):
        f.write("{")
        for i, k in enumerate(sorted(data)):
            f.write("," if i else "")
            f.write(_json(k) + ":")
            _write_json(f, data[k])
        f.write("}")
    elif isinstance(data, Iterator) or isinstance(data, list) and len(data) > 64:
        f.write("[")
        for i, item in enumerate(data):
            f.write(("," if i else "") + _json(item))
        f.write("]")
    else:
        f.write(_json(data))


def cue_spans(sentence: str, cue: str) -> list[list[int]]:
    """Character spans of ``sentence`` to highlight for ``cue``.

    A cue is either a phrase from the text ("State Duma") or a lexicon pattern such as
    "express +appreciation/gratitude/thank": the whole cue is tried first, then each of its words
    (3+ letters) as the start of a word of the sentence, so lemma cues match inflected forms.
    """
    if not cue or not sentence:
        return []
    low = sentence.lower()
    i = low.find(cue.lower())
    if i >= 0:
        return [[i, i + len(cue)]]
    import re

    spans = []
    for word in {w for w in re.split(r"[\s+/|,;]+", cue.lower()) if len(w) >= 3}:
        for m in re.finditer(r"\b" + re.escape(word) + r"\w*", low):
            spans.append([m.start(), m.end()])
    spans.sort()
    merged: list[list[int]] = []
    for s in spans:
        if merged and s[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(s)
    return merged


# ---------------------------------------------------------------------- relation summaries

def edge_key(rec: Mapping) -> str:
    """The relation a mention (an export record) belongs to on the page, as one compact string:
    source, type, target, negated, modality; symmetric types are unordered."""
    a, b, typ = rec["source"]["id"], rec["target"]["id"], rec["type"]
    if typ in _SYMMETRIC and b < a:
        a, b = b, a
    return f"{a}\t{typ}\t{b}\t{int(bool(rec['negated']))}\t{rec.get('modality') or 'asserted'}"


class EdgeCounter:
    """Pass 1 over a large store: which relations are mentioned most, in bounded memory.

    Misra-Gries with batched decrements: at most ``2 * capacity`` counters are held; when that is
    exceeded, the (capacity+1)-th largest count is subtracted from every counter and those left at
    zero are dropped. So every relation with more than total / (capacity + 1) mentions is kept;
    counts are lower bounds (``collect_edges`` recounts the chosen relations exactly). To keep each
    counter small (~100 bytes), a relation is held as a 64-bit hash of its key, and its count and
    best confidence (in thousandths, the low 10 bits) as one int, so ties go to the more confident.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.total = 0
        self._counts: dict[int, int] = {}

    def add(self, rec: Mapping) -> None:
        self.total += 1
        key = _digest(edge_key(rec))
        conf = min(1000, max(0, round(float(rec.get("confidence") or 0.0) * 1000)))
        old = self._counts.get(key, 0)
        self._counts[key] = ((old >> 10) + 1) << 10 | max(old & 1023, conf)
        if len(self._counts) > 2 * self.capacity:
            self._prune()

    def _prune(self) -> None:
        cut = heapq.nlargest(self.capacity + 1, (v >> 10 for v in self._counts.values()))[-1]
        self._counts = {k: v - (cut << 10) for k, v in self._counts.items() if v >> 10 > cut}

    def top(self, n: int) -> Container[str]:
        """The keys of the ``n`` relations with the highest (count, confidence) estimates."""
        return _Digests({k for k, _ in heapq.nlargest(n, self._counts.items(), key=lambda kv: (kv[1], kv[0]))})


def _digest(key: str) -> int:
    """A stable 64-bit hash (Python's own ``hash`` of a str changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


class _Digests:
    """Edge keys, held as their digests."""

    def __init__(self, digests: set[int]):
        self._digests = digests

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _digest(key) in self._digests

    def __len__(self) -> int:
        return len(self._digests)


class EdgeSummary:
    """The mentions of one relation: count, best confidence, dates with counts, a few quotes."""

    __slots__ = ("_cut", "confidence", "dates", "evidence", "modality", "n", "negated", "source", "target", "type")

    def __init__(self, source: str, type_: str, target: str, negated: bool, modality: str):
        self.source, self.type, self.target, self.negated, self.modality = source, type_, target, negated, modality
        self.n = 0
        self.confidence = 0.0
        self.dates: dict[str, int] = {}  # date ("" if undated; "YYYY-MM" / "YYYY" once coarsened) -> mentions
        # the EVIDENCE best quotes, best first: (-confidence, date, doc, sentence index, sentence, cue)
        self.evidence: list[tuple[float, str, str, int, str, str]] = []
        self._cut = 10  # length the dates are cut to: 10, then 7 (months), then 4 (years)

    def add(self, rec: Mapping) -> None:
        self.n += 1
        conf = float(rec.get("confidence") or 0.0)
        self.confidence = max(self.confidence, conf)
        date = rec.get("date") or ""
        key = date[:self._cut]
        self.dates[key] = self.dates.get(key, 0) + 1
        while len(self.dates) > MAX_DATES and self._cut > 4:
            self._cut = 7 if self._cut > 7 else 4
            coarse: dict[str, int] = {}
            for d, c in self.dates.items():
                coarse[d[:self._cut]] = coarse.get(d[:self._cut], 0) + c
            self.dates = coarse
        ev = (-conf, date, rec["doc"], int(rec.get("sentence_index") or 0), rec.get("sentence") or "", rec.get("cue") or "")
        if len(self.evidence) < EVIDENCE or ev < self.evidence[-1]:
            bisect.insort(self.evidence, ev)
            del self.evidence[EVIDENCE:]


@dataclass
class PageEdges:
    """What a page draws: relation summaries and their actors, and how many mentions it leaves out."""

    edges: list[EdgeSummary]
    actors: dict[str, dict]  # actor id -> {"name", "type", "country", "wikidata"}
    mentions: int = 0  # relation mentions in all, drawn or not
    omitted: int = 0  # mentions of the relations not drawn

    def docs(self) -> set[str]:
        """The articles the kept quotes come from."""
        return {ev[2] for e in self.edges for ev in e.evidence}


def collect_edges(records: Iterable[Mapping], keep: Container[str] | None = None,
                  mentions: int | None = None) -> PageEdges:
    """Fold relation export records into one summary per relation (only the keys in ``keep``,
    when given: see EdgeCounter).

    Args:
        mentions: how many records there are in all, if not all of them are in ``records``.
    """
    edges: dict[str, EdgeSummary] = {}
    actors: dict[str, dict] = {}
    seen = 0
    for rec in records:
        seen += 1
        key = edge_key(rec)
        if keep is not None and key not in keep:
            continue
        e = edges.get(key)
        if e is None:
            a, typ, b, negated, modality = key.split("\t")
            e = edges[key] = EdgeSummary(a, typ, b, negated == "1", modality)
            for side in (rec["source"], rec["target"]):
                if side["id"] not in actors:
                    actors[side["id"]] = {"name": side.get("label") or side.get("name") or side["id"], "type": side.get("type") or "OTHER",
                                          "country": side.get("country") or None, "wikidata": side.get("wikidata") or ""}
        e.add(rec)
    total = seen if mentions is None else mentions
    return PageEdges([edges[k] for k in sorted(edges)], actors, total, total - sum(e.n for e in edges.values()))


# ---------------------------------------------------------------------- page data

def graph_data(relations: Sequence[Relation] | PageEdges, weights: Mapping[str, float] | None = None,
               articles: Mapping[str, Mapping] | None = None,
               country_names: Mapping[str, str] | None = None) -> dict:
    """The page's data: actors, relation summaries, articles and the nodes and edges of both views.

    ``rels`` rows are ``[source, target, type, dates, negated, modality, mentions, confidence,
    quotes]``: source/target index ``actors``; ``dates`` is ``[[date, mentions], ...]`` ("" for
    undated mentions); ``quotes`` is ``[[doc, date, sentence, cue spans, confidence, cue], ...]``.
    View edges list the indices of their rows in ``rels``.
    """
    return _graph_data(relations, weights, articles, country_names)


def _graph_data(relations: Sequence[Relation] | PageEdges, weights: Mapping[str, float] | None = None,
                articles: Mapping[str, Mapping] | None = None, country_names: Mapping[str, str] | None = None,
                lazy: bool = False) -> dict:
    """graph_data; with ``lazy``, ``rels`` is an iterator of the rows (made as they are written)."""
    page = relations if isinstance(relations, PageEdges) else collect_edges(r.export() for r in relations)
    weights = dict(weights or {})
    actors = page.actors
    ids = sorted(actors)
    index = {aid: i for i, aid in enumerate(ids)}
    # country view keys: the code for actors that carry one, else the actor itself
    heads: dict[str, str] = {}
    for aid in ids:
        a = actors[aid]
        code = a["country"]
        if code and (a["type"] == "COUNTRY" or aid == _head_id(code)):
            heads.setdefault(code, a["name"])
    names = dict(country_names or {})
    ckey = [actors[aid]["country"] or aid for aid in ids]

    def row(e: EdgeSummary) -> list:
        quotes = [[doc, date, sentence, cue_spans(sentence, cue), round(-negconf, 3), cue]
                  for negconf, date, doc, _, sentence, cue in e.evidence]
        return [index[e.source], index[e.target], e.type, [[d, c] for d, c in sorted(e.dates.items())],
                int(e.negated), e.modality, e.n, round(e.confidence, 3), quotes]

    actor_edges: dict[tuple, list[int]] = defaultdict(list)
    actor_n: Counter = Counter()
    country_edges: dict[tuple, list[int]] = defaultdict(list)
    mentions: Counter = Counter()
    cmention: Counter = Counter()
    for k, e in enumerate(page.edges):
        key = (e.source, e.type, e.target, e.negated)
        actor_edges[key].append(k)
        actor_n[key] += e.n
        mentions[e.source] += e.n
        mentions[e.target] += e.n
        ca, cb = ckey[index[e.source]], ckey[index[e.target]]
        if ca != cb:
            if cb < ca:
                ca, cb = cb, ca
            country_edges[(ca, cb, QUAD_OF[e.type])].append(k)
            cmention[ca] += e.n
            cmention[cb] += e.n

    pos = _layout(ids, ckey, actor_n, mentions)

    anodes = []
    for i, aid in enumerate(ids):
        a = actors[aid]
        shape, colour, _ = ACTOR_STYLE.get(a["type"], ACTOR_STYLE["OTHER"])
        x, y = pos["actor"][aid]
        anodes.append({"id": aid, "label": a["name"], "shape": shape, "color": colour, "x": x, "y": y,
                       "size": _size(mentions[aid]), "font": {"size": _font(mentions[aid])},
                       "members": [i], "kind": a["type"], "code": a["country"] or ""})
    aedges = []
    for n, ((a, typ, b, _), ks) in enumerate(sorted(actor_edges.items())):
        aedges.append({"id": f"a{n}", "from": a, "to": b, "arrows": "" if typ in _SYMMETRIC else "to", "group": typ,
                       "rels": ks})
    cmembers: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(ckey):
        cmembers[key].append(i)
    cnodes = []
    for key in sorted(cmembers):
        members = sorted(cmembers[key], key=lambda i: (ids[i] != _head_id(key), -mentions[ids[i]], ids[i]))
        if key in index and actors[key]["country"] is None:  # an actor without a code stays itself
            a = actors[key]
            kind, label, code = a["type"], a["name"], ""
        else:
            kind = "IGO" if key.startswith("IGO:") else "COUNTRY"
            label, code = heads.get(key) or names.get(key) or key, key
        shape, colour, _ = ACTOR_STYLE.get(kind, ACTOR_STYLE["OTHER"])
        x, y = pos["country"][key]
        cnodes.append({"id": key, "label": label, "shape": shape, "color": colour, "x": x, "y": y,
                       "size": _size(cmention[key]), "font": {"size": _font(cmention[key])},
                       "members": members, "kind": kind, "code": code})
    cedges = [{"id": f"c{n}", "from": a, "to": b, "arrows": "", "group": quad, "rels": ks}
              for n, ((a, b, quad), ks) in enumerate(sorted(country_edges.items()))]
    arts = {}
    for doc in sorted(page.docs()):
        meta = (articles or {}).get(doc) or {}
        arts[doc] = {k: str(meta[k]) for k in ("title", "url", "date") if meta.get(k)}
    return {
        "actors": [{"id": aid, "name": actors[aid]["name"], "type": actors[aid]["type"],
                    "country": actors[aid]["country"] or "", "wikidata": actors[aid]["wikidata"] or "",
                    "ckey": ckey[i]} for i, aid in enumerate(ids)],
        "rels": (row(e) for e in page.edges) if lazy else [row(e) for e in page.edges], "articles": arts, "mentions": page.mentions, "omitted": page.omitted, "evidence": EVIDENCE,
        "types": [t.value for t in RelationType], "quads": list(QUADS), "quad_of": QUAD_OF,
        "weights": {t.value: float(weights.get(t.value, 0.0)) for t in RelationType},
        "symmetric": sorted(_SYMMETRIC),
        "views": {"country": {"nodes": cnodes, "edges": cedges}, "actor": {"nodes": anodes, "edges": aedges}},
        "big": len(ids) > BIG_GRAPH,
    }


def _head_id(key: str) -> str:
    """The actor id of the state or top IGO that carries a country key (``PRK`` -> ``state/PRK``)."""
    return "igo/" + key[4:] if key.startswith("IGO:") else "state/" + key


def _size(mentions: int) -> float:
    return round(8 + 5 * math.log2(1 + mentions), 1)


def _font(mentions: int) -> int:
    """Hubs get bigger labels, so theirs stay visible longest when zoomed out (vis hides small ones)."""
    return int(min(40, 14 + 3 * math.log2(1 + mentions)))


def _layout(ids: list[str], ckey: list[str], actor_edges: Mapping[tuple, int],
            mentions: Mapping[str, int]) -> dict[str, dict[str, tuple[float, float]]]:
    """Positions for both views (vis-network pixels), computed here so the browser runs no physics.

    Small graphs: networkx spring_layout on the actor graph; a country sits at the mean of its
    members. Large graphs: the cheap "satellite" layout: spring_layout on the country graph (a
    few hundred nodes: fast even without scipy), then each actor on a sunflower spiral around its
    country, busiest actors nearest; actors without a code join the country of their busiest
    partner, so both views share one map.
    """
    import networkx as nx

    weight: Counter = Counter()
    for (a, _, b, _), n in actor_edges.items():
        if a != b:
            weight[(a, b) if a < b else (b, a)] += n
    key_of = dict(zip(ids, ckey))
    if len(ids) <= BIG_GRAPH:
        g = nx.Graph()
        g.add_nodes_from(ids)
        g.add_edges_from((a, b, {"weight": w}) for (a, b), w in weight.items())
        raw = nx.spring_layout(g, seed=7, iterations=100) if ids else {}
        scale = 120 + 45 * len(ids) ** 0.5
        apos = {aid: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for aid, (x, y) in raw.items()}
        acc: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for aid in ids:
            acc[key_of[aid]].append(apos[aid])
        cpos = {k: (round(sum(p[0] for p in v) / len(v), 1), round(sum(p[1] for p in v) / len(v), 1))
                for k, v in acc.items()}
        return {"actor": apos, "country": cpos}

    # layout group of each actor: its country key; codeless actors join their busiest partner's
    group = dict(key_of)
    best: dict[str, tuple[int, str]] = {}
    for (a, b), w in weight.items():
        for x, y in ((a, b), (b, a)):
            if key_of[x] == x and key_of[y] != y and (x not in best or best[x] < (w, y)):
                best[x] = (w, y)
    for x, (_, y) in best.items():
        group[x] = key_of[y]
    gw: Counter = Counter()
    for (a, b), w in weight.items():
        ga, gb = group[a], group[b]
        if ga != gb:
            gw[(ga, gb) if ga < gb else (gb, ga)] += w
    gsize = Counter(group.values())
    gdeg: Counter = Counter()
    for (ga, gb), w in gw.items():
        gdeg[ga] += w
        gdeg[gb] += w
    groups = sorted(gsize, key=lambda k: (-gdeg[k], -gsize[k], k))
    core = set(groups[:MAX_SPRING_GROUPS])
    g = nx.Graph()
    g.add_nodes_from(sorted(core))
    g.add_edges_from((a, b, {"weight": w}) for (a, b), w in gw.items() if a in core and b in core)
    raw = nx.spring_layout(g, seed=7, iterations=50)
    # room for every group's spiral: scale the unit layout by the spread the spirals need
    spacing = 22.0
    scale = spacing * (sum(gsize.values()) ** 0.5) * 2.2 + 40 * len(core) ** 0.5
    gpos = {k: (float(x) * scale, float(y) * scale) for k, (x, y) in raw.items()}
    outer = [k for k in groups if k not in core]
    for n, k in enumerate(outer):  # the long tail of small groups: a ring outside the core
        angle = 2 * math.pi * n / max(1, len(outer))
        gpos[k] = (1.25 * scale * math.cos(angle), 1.25 * scale * math.sin(angle))
    members: dict[str, list[str]] = defaultdict(list)
    for aid in ids:
        members[group[aid]].append(aid)
    golden = math.pi * (3 - 5 ** 0.5)
    apos = {}
    for k, ms in members.items():
        cx, cy = gpos[k]
        ms.sort(key=lambda a: (a != k and a != _head_id(k), -mentions[a], a))
        for n, aid in enumerate(ms):
            r = spacing * n ** 0.5
            apos[aid] = (round(cx + r * math.cos(n * golden), 1), round(cy + r * math.sin(n * golden), 1))
    cpos = {}
    for aid in ids:
        k = key_of[aid]
        if k not in cpos:
            cpos[k] = apos[aid] if k == aid else tuple(round(v, 1) for v in gpos[group[aid]])
    return {"actor": apos, "country": cpos}



def export_html(relations: Sequence[Relation] | PageEdges, path: str | Path, title: str = "dipkg graph",
                weights: Mapping[str, float] | None = None, articles: Mapping[str, Mapping] | None = None,
                country_names: Mapping[str, str] | None = None) -> None:
    """Write the interactive graph of ``relations`` (Relation records, or summaries from
    ``collect_edges``) to ``path`` (atomically, the data written piece by piece).

    Args:
        weights: Goldstein weight per relation type (colours edges by net cooperation/conflict).
        articles: document id -> {"title", "url", "date"}, shown with the evidence (only http(s)
            URLs become links).
        country_names: country code -> name, for countries that only appear through their
            persons and bodies.
    """
    with atomic_open(path) as f:
        write_html(f, relations, title=title, weights=weights, articles=articles, country_names=country_names)


def render_html(relations: Sequence[Relation] | PageEdges, title: str = "dipkg graph", weights=None, articles=None,
                country_names=None) -> str:
    """The page as a string (see export_html)."""
    buf = io.StringIO()
    write_html(buf, relations, title=title, weights=weights, articles=articles, country_names=country_names)
    return buf.getvalue()


def write_html(f: IO[str], relations: Sequence[Relation] | PageEdges, title: str = "dipkg graph", weights=None,
               articles=None, country_names=None) -> None:
    """Write the page to an open text file (see export_html)."""
    data = _graph_data(relations, weights, articles, country_names, lazy=True)
    js, css = _vis_assets()
    legend_nodes = "".join(
        f'<li><span class="sym">{_SHAPE_GLYPH[s]}</span><span class="sw" style="background:{c}"></span>'
        f'{html.escape(label)}</li>' for s, c, label in ACTOR_STYLE.values())

    def fill(part: str) -> str:
        return (part.replace("%TITLE%", html.escape(title)).replace("%CSS%", css)
                .replace("%LEGEND_NODES%", legend_nodes).replace("%COOP%", COOPERATION).replace("%CONFLICT%", CONFLICT)
                .replace("%NEUTRAL%", NEUTRAL).replace("%MAX_LISTED%", str(MAX_LISTED))
                .replace("%VIS%", js.replace("</script", "<\\/script")))

    before, after = TEMPLATE.split("%DATA%")  # split first: the title and assets may contain any marker
    f.write(fill(before))
    _write_json(f, data)
    f.write(fill(after))


_SHAPE_GLYPH = {"dot": "●", "diamond": "◆", "square": "■", "star": "★", "triangle": "▲"}


TEMPLATE = r"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>%TITLE%</title>
<style>%CSS%
body{margin:0;font:13px system-ui,sans-serif;display:flex;height:100vh;color:#222}
#graph{flex:1;min-width:0;background:#fff}
#side{width:360px;overflow:auto;border-left:1px solid #ddd;padding:8px 10px;box-sizing:border-box}
h3{margin:4px 0 6px} h4{margin:8px 0 4px} fieldset{border:1px solid #ddd;margin:6px 0;padding:4px 8px}
legend{font-weight:600} label{white-space:nowrap;margin-right:6px} .types{margin-left:16px;font-size:12px}
#legend ul{list-style:none;padding:0;margin:2px 0} .sw{display:inline-block;width:10px;height:10px;margin:0 6px 0 2px;border-radius:2px}
.sym{display:inline-block;width:14px;text-align:center}
.line{display:inline-block;width:28px;height:0;border-top:3px solid;margin-right:6px;vertical-align:middle}
.ev{border-top:1px solid #eee;padding:4px 0} .meta{color:#555;font-size:12px} .sent{background:#f7f7f7;padding:4px;border-radius:3px;margin:3px 0}
mark{background:#ffe08a;padding:0 1px} #counts{color:#555} .more{color:#777;font-style:italic}
input[type=search]{width:200px}
</style></head>
<body><div id="graph"></div>
<div id="side"><h3>%TITLE%</h3>
<div id="counts"></div>
<div id="truncated" class="meta"></div>
<fieldset><legend>View</legend>
<label><input type="radio" name="view" id="view-country" value="country" checked> countries</label>
<label><input type="radio" name="view" id="view-actor" value="actor"> actors</label></fieldset>
<fieldset><legend>Actor</legend>
<input type="search" id="search" list="actor-names" placeholder="name or code" autocomplete="off">
<button id="find" type="button">find</button><datalist id="actor-names"></datalist>
<div><label><input type="checkbox" id="only-neighbourhood"> only its neighbourhood</label>
<button id="clear" type="button">clear</button></div><div id="search-msg" class="meta"></div></fieldset>
<fieldset><legend>Relations</legend><div id="quad-filters"></div>
<div>from <input type="date" id="date-from"> to <input type="date" id="date-to"></div>
<label><input type="checkbox" id="show-negated" checked> negated</label>
<label><input type="checkbox" id="show-future" checked> future / conditional</label></fieldset>
<div id="details"></div>
<div id="legend"><h4>Legend</h4><b>Actors</b> (node size: mentions)<ul>%LEGEND_NODES%</ul><b>Relations</b><ul>
<li><span class="line" style="border-color:%COOP%"></span>net cooperation (sum of Goldstein weights &gt; 0)</li>
<li><span class="line" style="border-color:%CONFLICT%"></span>net conflict (sum &lt; 0)</li>
<li><span class="line" style="border-color:%NEUTRAL%"></span>roles, standing, balanced</li>
<li><span class="line" style="border-color:%NEUTRAL%;border-top-style:dashed"></span>only negated (stated as not happening)</li>
<li><span class="line" style="border-color:%NEUTRAL%;border-top-style:dotted"></span>only future or conditional</li>
<li><span class="line" style="border-color:%NEUTRAL%;border-top-width:1px"></span>1 mention &nbsp;<span class="line" style="border-color:%NEUTRAL%;border-top-width:8px"></span>many</li>
</ul><p class="meta">Country view: persons and bodies are counted with their state; one line per pair and class.
Actor view: one line per source, type and target; arrows point from source to target.
Labels appear as you zoom in.</p></div>
</div>
<script>%VIS%</script>
<script type="application/json" id="dipkg-data">%DATA%</script>
<script>
(function () {
"use strict";
var D = JSON.parse(document.getElementById("dipkg-data").textContent);
var MAX = %MAX_LISTED%, COOP = "%COOP%", CONFLICT = "%CONFLICT%", NEUTRAL = "%NEUTRAL%";
var SYM = {}; D.symmetric.forEach(function (t) { SYM[t] = true; });
var S = {view: "country", types: {}, negated: true, future: true, from: "", to: "", primary: null, only: false};
D.types.forEach(function (t) { S.types[t] = true; });
var dates = [];
D.rels.forEach(function (r) { r[3].forEach(function (dc) { if (dc[0]) dates.push(dc[0]); }); });
dates.sort();
function full(d, end) {  // a date input needs YYYY-MM-DD; partial dates ("1945-08") are padded
  d = d.slice(0, 10);
  return d.length === 4 ? d + (end ? "-12-31" : "-01-01") : d.length === 7 ? d + (end ? "-28" : "-01") : d;
}
var DMIN = dates.length ? full(dates[0], false) : "", DMAX = dates.length ? full(dates[dates.length - 1], true) : "";
var nodes = new vis.DataSet(), edges = new vis.DataSet(), view = null, nodeIndex = {}, edgeIndex = {}, state = {};
var pass = new Uint32Array(D.rels.length);  // mentions of each relation that pass the filters
var container = document.getElementById("graph");
var net = new vis.Network(container, {nodes: nodes, edges: edges}, {
  physics: false, layout: {improvedLayout: false},
  nodes: {borderWidth: 1, font: {size: 14, strokeWidth: 3, strokeColor: "#ffffff"},
          scaling: {label: {drawThreshold: 9, maxVisible: 48}}},
  edges: {smooth: D.big ? false : {type: "continuous"}, font: {size: 10, align: "middle"}, selectionWidth: 2,
          color: {inherit: false}},
  interaction: {hover: !D.big, tooltipDelay: 150, hideEdgesOnDrag: D.big, hideEdgesOnZoom: D.big}
});
function el(tag, text, cls) { var x = document.createElement(tag); if (text !== undefined && text !== null) x.textContent = String(text); if (cls) x.className = cls; return x; }
function name(i) { return D.actors[i].name; }
function safeUrl(u) {
  if (typeof u !== "string" || !/^https?:\/\//i.test(u)) return null;
  try { var p = new URL(u); return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null; } catch (e) { return null; }
}
function link(text, url) {
  var a = el("a", text); a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank"; return a;
}
function highlighted(sentence, spans) {
  var box = el("div", undefined, "sent"), at = 0;
  (spans || []).forEach(function (s) {
    if (s[0] < at || s[1] > sentence.length) return;
    box.appendChild(document.createTextNode(sentence.slice(at, s[0])));
    box.appendChild(el("mark", sentence.slice(s[0], s[1])));
    at = s[1];
  });
  box.appendChild(document.createTextNode(sentence.slice(at)));
  return box;
}
// ------------------------------------------------------------------ filters
function dateFiltered() { return S.from && S.from !== DMIN || S.to && S.to !== DMAX; }
function datePasses(d) {
  d = (d || "").slice(0, 10);  // a partial date is a period: it passes if it overlaps the range
  return !(!d || (S.from && d + "\uffff" < S.from) || (S.to && d > S.to));
}
function relPasses(r) {  // how many of the relation's mentions pass the filters
  if (!S.types[r[2]]) return 0;
  if (r[4] && !S.negated) return 0;
  if (r[5] !== "asserted" && !S.future) return 0;
  if (!dateFiltered()) return r[6];
  var n = 0;
  r[3].forEach(function (dc) { if (datePasses(dc[0])) n += dc[1]; });
  return n;
}
function edgeStyle(e) {
  var n = 0, neg = 0, fut = 0, sum = 0;
  for (var j = 0; j < e.rels.length; j++) {
    var k = e.rels[j], m = pass[k]; if (!m) continue;
    var r = D.rels[k]; n += m;
    if (r[4]) neg += m; else if (r[5] !== "asserted") fut += m; else sum += m * (D.weights[r[2]] || 0);
  }
  if (!n) return {hidden: true};
  var c = sum > 0 ? COOP : sum < 0 ? CONFLICT : NEUTRAL;
  return {hidden: false, n: n, sum: sum, width: Math.min(12, 1 + 2 * Math.log2(n)),
          color: {color: c, highlight: c, hover: c, opacity: 0.8},
          dashes: neg === n ? true : (neg + fut === n ? [2, 6] : false)};
}
function edgeTitle(e, st) {
  var grp = S.view === "country" ? e.group : e.group + (SYM[e.group] ? "" : " →");
  return nodeLabel(e.from) + " — " + nodeLabel(e.to) + "\n" + grp + ": " + st.n + " mention(s), net weight " +
         (st.sum > 0 ? "+" : "") + st.sum.toFixed(1) + "\n(click for the evidence)";
}
function nodeItem(n, hidden) {
  return {id: n.id, label: n.label, shape: n.shape, color: n.color, x: n.x, y: n.y, size: n.size, font: n.font, hidden: hidden,
          title: n.label + "\n" + n.kind + (n.code ? " · " + n.code : "") + (n.members.length > 1 ? "\n" + n.members.length + " actors" : "")};
}
function nodeLabel(id) { var n = view.nodes[nodeIndex[id]]; return n ? n.label : id; }
function neighbourhood(id) {
  var out = {}; out[id] = true;
  view.edges.forEach(function (e) { if (e.from === id) out[e.to] = true; if (e.to === id) out[e.from] = true; });
  return out;
}
function apply(fresh) {  // fresh: the DataSets are empty; add every item once, styled
  for (var k = 0; k < D.rels.length; k++) pass[k] = relPasses(D.rels[k]);
  var focus = S.only && selectedNode() !== null ? neighbourhood(selectedNode()) : null;
  var seen = {}, eu = [], nu = [], ne = 0, nn = 0;
  view.edges.forEach(function (e) {
    var st = edgeStyle(e);
    if (!st.hidden && focus && !(focus[e.from] && focus[e.to])) st = {hidden: true};
    var key = st.hidden ? "h" : [st.n, st.sum, st.width, st.color.color, String(st.dashes)].join("|");
    if (state[e.id] !== key) {
      state[e.id] = key;
      var item = st.hidden ? {id: e.id, hidden: true} :
              {id: e.id, hidden: false, width: st.width, color: st.color, dashes: st.dashes, title: edgeTitle(e, st)};
      if (fresh) { item.from = e.from; item.to = e.to; item.arrows = e.arrows; item.label = fresh.labels ? e.group.toLowerCase() : undefined; }
      eu.push(item);
    }
    if (!st.hidden) { seen[e.from] = seen[e.to] = true; ne++; }
  });
  view.nodes.forEach(function (n) {
    var hidden = !seen[n.id];
    if (!hidden) nn++;
    if (fresh) { state["n:" + n.id] = hidden; nu.push(nodeItem(n, hidden)); }
    else if (state["n:" + n.id] !== hidden) { state["n:" + n.id] = hidden; nu.push({id: n.id, hidden: hidden}); }
  });
  if (fresh) { nodes.add(nu); edges.add(eu); }
  else { if (eu.length) edges.update(eu); if (nu.length) nodes.update(nu); }
  document.getElementById("counts").textContent = nn + " of " + view.nodes.length + " nodes, " + ne + " of " +
    view.edges.length + " edges shown (" + D.actors.length + " actors, " + D.rels.length + " relations, " +
    (D.mentions - D.omitted) + " mentions)";
  window.dipkg.shown = {nodes: nn, edges: ne};
}
// ------------------------------------------------------------------ views and selection
function selectedNode() {
  if (S.primary === null) return null;
  return S.view === "country" ? D.actors[S.primary].ckey : D.actors[S.primary].id;
}
function setView(name) {
  S.view = name; view = D.views[name]; state = {}; nodeIndex = {}; edgeIndex = {};
  document.getElementById("view-" + name).checked = true;
  view.nodes.forEach(function (n, i) { nodeIndex[n.id] = i; });
  view.edges.forEach(function (e, i) { edgeIndex[e.id] = i; });
  edges.clear(); nodes.clear();
  apply({labels: !D.big && view.edges.length <= 300});
  var sel = selectedNode();
  if (sel !== null && nodeIndex[sel] !== undefined) { select(sel); showNode(sel); }
  settle(name);
}
// Small views settle with a short hidden physics run from the precomputed positions (spacing,
// no overlaps), then physics is switched off; big views are drawn as laid out (no physics).
function settle(name) {
  window.dipkg.viewReady = null;
  function done() {
    net.setOptions({physics: {enabled: false}});
    net.fit({animation: false});
    net.once("afterDrawing", function () {
      window.dipkg.viewReady = name; window.dipkg.ready = true;
      if (!window.dipkg.readyAt) window.dipkg.readyAt = performance.now();
    });
    net.redraw();
  }
  if (D.big || view.nodes.length > 300) { done(); return; }
  net.setOptions({physics: {enabled: true, solver: "barnesHut", stabilization: {enabled: true, iterations: 300, fit: false},
                            barnesHut: {gravitationalConstant: -3000, springLength: 140, avoidOverlap: 0.3}}});
  net.once("stabilizationIterationsDone", done);
  net.stabilize(300);
}
function select(id) {
  var nb = Object.keys(neighbourhood(id));
  var ce = net.getConnectedEdges(id);
  net.setSelection({nodes: nb.filter(function (x) { return x === id; }).concat(nb.filter(function (x) { return x !== id; })), edges: ce},
                   {unselectAll: true, highlightEdges: false});
}
// ------------------------------------------------------------------ side panel
var details = document.getElementById("details");
function showEdge(id) {
  var e = view.edges[edgeIndex[id]]; if (!e) return;
  details.replaceChildren();
  details.appendChild(el("h4", nodeLabel(e.from) + " — " + nodeLabel(e.to) + ": " + e.group));
  var n = 0, quotes = [], dated = dateFiltered();
  e.rels.forEach(function (k) {
    if (!pass[k]) return;
    n += pass[k];
    D.rels[k][8].forEach(function (q) { if (!dated || datePasses(q[1])) quotes.push([k, q]); });
  });
  quotes.sort(function (a, b) { return (a[1][1] || "").localeCompare(b[1][1] || "") || a[0] - b[0]; });
  details.appendChild(el("p", n + " mention(s) pass the filters; " + (quotes.length > MAX ? "the first " + MAX + " by date of " : "") +
    quotes.length + " quote(s) kept (up to " + D.evidence + " per relation):", "meta"));
  quotes.slice(0, MAX).forEach(function (kq) {
    var r = D.rels[kq[0]], q = kq[1], box = el("div", undefined, "ev"), art = D.articles[q[0]] || {};
    box.appendChild(el("div", r[2] + ": " + name(r[0]) + (SYM[r[2]] ? " — " : " → ") + name(r[1]) +
      " · " + (q[1] || "undated") + (r[4] ? " · NEGATED" : "") + (r[5] !== "asserted" ? " · " + r[5] : "") +
      " · confidence " + q[4], "meta"));
    box.appendChild(highlighted(q[2], q[3]));
    var src = el("div", "article " + q[0] + (art.title ? ": " : ""), "meta");
    if (art.title) src.appendChild(el("i", art.title));
    if (art.date) src.appendChild(document.createTextNode(" (" + art.date + ")"));
    var u = safeUrl(art.url);
    if (u) { src.appendChild(document.createTextNode(" ")); src.appendChild(link("open article", u)); }
    else if (art.url) src.appendChild(el("span", " [link not shown: " + String(art.url).slice(0, 80) + "]"));
    box.appendChild(src);
    details.appendChild(box);
  });
  if (quotes.length > MAX) details.appendChild(el("p", "… and " + (quotes.length - MAX) + " more", "more"));
}
function showNode(id) {
  var n = view.nodes[nodeIndex[id]]; if (!n) return;
  details.replaceChildren();
  var head = D.actors[n.members[0]];
  details.appendChild(el("h4", n.label));
  details.appendChild(el("p", n.kind + (n.code ? " · code " + n.code : "") + (S.view === "actor" ? " · id " + n.id : ""), "meta"));
  var qid = S.view === "actor" || head.ckey === head.id || head.type === n.kind ? head.wikidata : "";
  if (qid && /^Q[0-9]+$/.test(qid)) { var p = el("p"); p.appendChild(link("Wikidata " + qid, "https://www.wikidata.org/wiki/" + qid)); details.appendChild(p); }
  var out = 0, inn = 0, all = 0, partners = {}, byType = {};
  view.edges.forEach(function (e) {
    if (e.from !== id && e.to !== id) return;
    e.rels.forEach(function (k) {
      var m = pass[k]; if (!m) return;
      var r = D.rels[k]; all += m; byType[r[2]] = (byType[r[2]] || 0) + m;
      if (S.view === "actor") { if (D.actors[r[0]].id === id) out += m; else inn += m; }
    });
    partners[e.from === id ? e.to : e.from] = true;
  });
  details.appendChild(el("p", all + " relation mention(s) shown, with " + Object.keys(partners).length + " partner(s)" +
    (S.view === "actor" ? "; as source " + out + ", as target " + inn : "")));
  var types = Object.keys(byType).sort(function (a, b) { return byType[b] - byType[a]; });
  if (types.length) details.appendChild(el("p", types.map(function (t) { return t + " " + byType[t]; }).join(", "), "meta"));
  if (n.members.length > 1) {
    details.appendChild(el("p", n.members.length + " actor(s) rolled up here:"));
    var ul = el("ul"); n.members.slice(0, MAX).forEach(function (i) { ul.appendChild(el("li", name(i) + " (" + D.actors[i].type + ")")); });
    details.appendChild(ul);
    if (n.members.length > MAX) details.appendChild(el("p", "… and " + (n.members.length - MAX) + " more", "more"));
  }
}
net.on("click", function (p) {
  if (p.nodes.length) {
    var n = view.nodes[nodeIndex[p.nodes[0]]];
    S.primary = n.members[0]; select(n.id); showNode(n.id); if (S.only) apply();
  } else if (p.edges.length) { showEdge(p.edges[0]); }
});
// ------------------------------------------------------------------ controls
var quadBox = document.getElementById("quad-filters");
D.quads.forEach(function (q) {
  var types = D.types.filter(function (t) { return D.quad_of[t] === q; });
  var wrap = el("div"), lab = el("label"), cb = el("input");
  cb.type = "checkbox"; cb.checked = true; cb.id = "quad-" + q.replace(/ /g, "-"); cb.dataset.quad = q;
  lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + q)); wrap.appendChild(lab);
  var sub = el("div", undefined, "types");
  types.forEach(function (t) {
    var l = el("label"), c = el("input"); c.type = "checkbox"; c.checked = true; c.id = "type-" + t; c.dataset.type = t;
    c.addEventListener("change", function () { S.types[t] = c.checked; cb.checked = types.some(function (x) { return S.types[x]; }); apply(); });
    l.appendChild(c); l.appendChild(document.createTextNode(" " + t.toLowerCase())); sub.appendChild(l);
  });
  cb.addEventListener("change", function () {
    types.forEach(function (t) { S.types[t] = cb.checked; document.getElementById("type-" + t).checked = cb.checked; }); apply();
  });
  wrap.appendChild(sub); quadBox.appendChild(wrap);
});
var from = document.getElementById("date-from"), to = document.getElementById("date-to");
from.min = to.min = DMIN; from.max = to.max = DMAX; from.value = S.from = DMIN; to.value = S.to = DMAX;
from.addEventListener("change", function () { S.from = from.value; apply(); });
to.addEventListener("change", function () { S.to = to.value; apply(); });
document.getElementById("show-negated").addEventListener("change", function (ev) { S.negated = ev.target.checked; apply(); });
document.getElementById("show-future").addEventListener("change", function (ev) { S.future = ev.target.checked; apply(); });
document.getElementById("view-country").addEventListener("change", function () { setView("country"); });
document.getElementById("view-actor").addEventListener("change", function () { setView("actor"); });
document.getElementById("only-neighbourhood").addEventListener("change", function (ev) { S.only = ev.target.checked; apply(); });
var names = document.getElementById("actor-names"), seenName = {};
D.actors.forEach(function (a) { if (!seenName[a.name]) { seenName[a.name] = 1; var o = el("option"); o.value = a.name; names.appendChild(o); } });
function find(q) {
  q = (q || "").trim().toLowerCase(); var msg = document.getElementById("search-msg");
  if (!q) return null;
  var hit = -1;
  for (var pass_ = 0; pass_ < 2 && hit < 0; pass_++) {
    for (var i = 0; i < D.actors.length; i++) {
      var a = D.actors[i], nm = a.name.toLowerCase();
      if (pass_ === 0 ? (nm === q || a.country.toLowerCase() === q && a.ckey === a.country && a.type !== "PERSON") : nm.indexOf(q) >= 0) { hit = i; break; }
    }
  }
  if (hit < 0) { msg.textContent = "no actor matches"; return null; }
  msg.textContent = "";
  S.primary = hit;
  var id = selectedNode();
  if (S.only) apply();
  select(id); showNode(id);
  net.focus(id, {scale: Math.max(net.getScale(), 1.0), animation: false});
  return id;
}
document.getElementById("find").addEventListener("click", function () { find(document.getElementById("search").value); });
document.getElementById("search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") find(ev.target.value); });
document.getElementById("clear").addEventListener("click", function () {
  S.primary = null; net.unselectAll(); details.replaceChildren(); document.getElementById("search").value = ""; apply();
});
// ------------------------------------------------------------------ start
if (D.omitted) {
  document.getElementById("truncated").textContent = "This page draws the " + D.rels.length +
    " most-mentioned relations: " + (D.mentions - D.omitted) + " of " + D.mentions + " mentions; " + D.omitted +
    " mentions of other relations are left out (graph.ttl and relations.jsonl have them all).";
}
window.dipkg = {nodes: nodes, edges: edges, network: net, data: D, state: S, setView: setView, apply: apply,
                find: find, showNode: showNode, showEdge: showEdge, ready: false, shown: null};
setView("country");
})();
</script></body></html>
"""
