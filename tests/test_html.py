"""Export: the HTML graph is self-contained, groups relations into the two views, and article text
can never run as script. (What the page does in a browser: tests/test_browser.py.)"""

from __future__ import annotations

import itertools
import json
import re

import pytest

from kg.exports.html import (
    EVIDENCE,
    MAX_DATES,
    QUAD_OF,
    EdgeCounter,
    _json,
    _write_json,
    collect_edges,
    cue_spans,
    edge_key,
    export_html,
    graph_data,
    render_html,
)
from kg.records import Actor, ActorType, Modality, Relation, RelationType

PAYLOADS = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "</script><script>alert(2)</script>"]
WEIGHTS = {"PARTNERSHIP": 7.0, "ASSAULT": -9.5, "LEADER_OF": 0.0}


def _rel(src: Actor, typ: RelationType, tgt: Actor, sentence: str, negated=False, doc="d1", cue="x",
         date="2025-08-15", modality=Modality.ASSERTED) -> Relation:
    return Relation(doc=doc, type=typ, relation=typ.class_name, source=src, target=tgt, sentence_index=0,
                    sentence=sentence, start=0, end=len(sentence), negated=negated, date=date,
                    confidence=0.8, cue=cue, rule="test", modality=modality)


RUS = Actor("state/RUS", "Russia", ActorType.COUNTRY, "RUS", "Q159")
PRK = Actor("state/PRK", "North Korea", ActorType.COUNTRY, "PRK", "Q423")
PUTIN = Actor("person/vladimir-putin", "Vladimir Putin", ActorType.PERSON, "RUS", "Q7747")
JPN_FORCES = Actor("org/japanese-forces", "Japanese forces", ActorType.ORG, "JPN")
LONER = Actor("group/loner", "Loner group", ActorType.GROUP, None)


@pytest.fixture()
def relations():
    evil = Actor("person/evil", PAYLOADS[0] + PAYLOADS[2], ActorType.PERSON, "RUS")
    return [
        _rel(PRK, RelationType.PARTNERSHIP, RUS, "North Korea and Russia are allies.", cue="allies"),
        _rel(RUS, RelationType.PARTNERSHIP, PRK, "Russia hailed ties with North Korea.", doc="d2"),
        _rel(evil, RelationType.ASSAULT, PRK, "Planted " + " ".join(PAYLOADS)),
        _rel(RUS, RelationType.ASSAULT, PRK, "Russia did not attack.", negated=True),
        _rel(PUTIN, RelationType.LEADER_OF, RUS, "Russian President Vladimir Putin said."),
        _rel(PUTIN, RelationType.ASSAULT, JPN_FORCES, "Putin attacked Japanese forces.", date="1945-08"),
        _rel(LONER, RelationType.THREATEN, PUTIN, "The group threatened Putin.", modality=Modality.FUTURE),
    ]


def _mentions(data, edge) -> int:
    return sum(data["rels"][k][6] for k in edge["rels"])


def test_html_actor_view_one_edge_per_dyad_type_and_polarity(relations):
    data = graph_data(relations, WEIGHTS)
    view = data["views"]["actor"]
    assert len(view["nodes"]) == 6
    keys = sorted((e["from"], e["group"], e["to"]) for e in view["edges"])
    assert len(keys) == 6  # the two PARTNERSHIP mentions merge (symmetric); negated ASSAULT is its own edge
    partnership = [e for e in view["edges"] if e["group"] == "PARTNERSHIP"][0]
    assert _mentions(data, partnership) == 2 and partnership["arrows"] == ""
    assert [e for e in view["edges"] if e["group"] == "THREATEN"][0]["arrows"] == "to"


def test_html_country_view_rolls_persons_up_and_groups_by_quad_class(relations):
    data = graph_data(relations, WEIGHTS, country_names={"JPN": "Japan"})
    view = data["views"]["country"]
    nodes = {n["id"]: n for n in view["nodes"]}
    # persons and bodies join their state (keyed by code, as kg.analysis.rollup); a codeless actor stays
    assert set(nodes) == {"RUS", "PRK", "JPN", "group/loner"}
    assert nodes["RUS"]["label"] == "Russia" and nodes["JPN"]["label"] == "Japan"
    assert data["actors"][nodes["RUS"]["members"][0]]["id"] == "state/RUS"  # the state heads its members
    edges = {(e["from"], e["to"], e["group"]): _mentions(data, e) for e in view["edges"]}
    assert edges == {("PRK", "RUS", "standing"): 2, ("PRK", "RUS", "material conflict"): 2,
                     ("JPN", "RUS", "material conflict"): 1, ("RUS", "group/loner", "verbal conflict"): 1}
    # LEADER_OF Putin -> Russia is inside one country: no edge in the country view


def test_html_quad_classes_match_the_ontology():
    from kg.graph.assemble import type_info

    assert {t.value: i.quad for t, i in type_info().items()} == QUAD_OF


def test_html_layout_is_deterministic_and_positions_every_node(relations):
    a, b = graph_data(relations, WEIGHTS), graph_data(relations, WEIGHTS)
    assert a == b
    for view in a["views"].values():
        assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view["nodes"])


def test_html_large_graph_layout_is_fast_and_spread(tmp_path):
    import time

    actors = [Actor(f"state/S{i}", f"S{i}", ActorType.COUNTRY, f"S{i:02d}") for i in range(60)]
    actors += [Actor(f"person/p{i}", f"P{i}", ActorType.PERSON, f"S{i % 60:02d}") for i in range(1500)]
    rels = [_rel(actors[i], RelationType.CONSULT, actors[(i * 7 + 3) % len(actors)], "s") for i in range(len(actors))]
    t0 = time.perf_counter()
    data = graph_data(rels)
    assert time.perf_counter() - t0 < 10
    assert data["big"]
    pos = {(n["x"], n["y"]) for n in data["views"]["actor"]["nodes"]}
    assert len(pos) == len(data["views"]["actor"]["nodes"])  # no two actors on one spot


def test_html_cue_spans():
    s = "Kim expressed gratitude to Putin for the Korean Central News Agency report."
    assert cue_spans(s, "Korean Central News Agency") == [[41, 67]]
    spans = cue_spans(s, "express +appreciation/gratitude/thank")
    assert [s[a:b] for a, b in spans] == ["expressed", "gratitude"]
    assert cue_spans(s, "") == [] and cue_spans(s, "nothing") == []


def test_html_is_offline_and_payloads_are_inert(tmp_path, relations):
    out = tmp_path / "g.html"
    arts = {"d1": {"title": PAYLOADS[1], "url": "javascript:alert(1)"}, "d2": {"title": "ok", "url": "https://x.org/"}}
    export_html(relations, out, weights=WEIGHTS, articles=arts, title=PAYLOADS[0])
    page = out.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\';' in page
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing is loaded from elsewhere
    assert "<link" not in page and "@import" not in page
    for p in PAYLOADS:
        assert p not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    # exactly our three script blocks: vis-network, the JSON data and our own code
    assert page.count("</script>") == 3
    assert ".innerHTML" not in page.split('<script type="application/json"')[1]  # our code builds DOM nodes
    m = re.search(r'<script type="application/json" id="dipkg-data">(.*?)</script>', page, flags=re.S)
    data = json.loads(m.group(1))
    assert len(data["views"]["actor"]["nodes"]) == 6
    assert any(a["name"] == PAYLOADS[0] + PAYLOADS[2] for a in data["actors"])  # shown as text, intact
    assert data["articles"]["d1"]["url"] == "javascript:alert(1)"  # kept as data; the page never links it


def test_view_command_writes_the_page(tmp_path, relations, cli_runner):
    from kg.cli_view import view

    src = tmp_path / "relations.jsonl"
    src.write_text("".join(json.dumps(r.export()) + "\n" for r in relations), encoding="utf-8")
    res = cli_runner.invoke(view, [str(tmp_path), "--no-open"])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == f"wrote {tmp_path / 'graph.html'}"
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert '"wikidata":"Q7747"' in page  # actors completed from the gazetteer
    res = cli_runner.invoke(view, [str(tmp_path / "missing"), "--no-open"])
    assert res.exit_code != 0 and "no such file" in str(res.exception or res.output)


def _record(i: int, src: Actor, tgt: Actor, typ=RelationType.CONSULT, date="2025-01-01", conf=0.8, doc=None) -> dict:
    return _rel(src, typ, tgt, f"Sentence {i}.", doc=doc or f"d{i}", date=date, cue="x").export() | {"confidence": conf}


def test_html_relation_summary_keeps_counts_dates_and_a_few_quotes():
    recs = [_record(i, RUS, PRK, date=f"20{10 + i // 12:02d}-{i % 12 + 1:02d}-01", conf=0.5 + i / 1000)
            for i in range(100)]
    page = collect_edges(recs)
    (e,) = page.edges
    assert e.n == 100 and page.mentions == 100 and page.omitted == 0
    assert len(e.evidence) == EVIDENCE and [ev[2] for ev in e.evidence] == ["d99", "d98", "d97"]  # most confident
    assert len(e.dates) <= MAX_DATES and sum(e.dates.values()) == 100
    assert all(len(d) == 4 for d in e.dates)  # 100 months: coarsened to years
    row = graph_data(page)["rels"][0]
    assert row[6] == 100 and row[3][0] == ["2010", 12] and len(row[8]) == EVIDENCE


def test_html_edge_counter_keeps_the_heavy_relations_in_bounded_memory():
    actors = [Actor(f"state/S{i}", f"S{i}", ActorType.COUNTRY, f"S{i:02d}") for i in range(400)]
    heavy = [(actors[0], actors[1]), (actors[2], actors[3])]
    counter = EdgeCounter(capacity=50)
    recs = []
    for i in range(5000):
        pair = heavy[i % 2] if i % 5 == 0 else (actors[i % 400], actors[(i * 7 + 1) % 400])
        recs.append(_record(i, *pair))
    for rec in recs:
        counter.add(rec)
        assert len(counter._counts) <= 100
    keep = counter.top(10)
    assert all(edge_key(_record(0, *p)) in keep for p in heavy) and len(keep) == 10
    page = collect_edges(recs, keep=keep, mentions=counter.total)
    assert len(page.edges) == 10 and page.mentions == 5000
    assert sorted(e.n for e in page.edges)[-2:] == [500, 500]  # recounted exactly
    assert page.omitted == 5000 - sum(e.n for e in page.edges) > 0
    assert set(page.actors) == {a for e in page.edges for a in (e.source, e.target)}


def test_html_page_says_when_relations_are_left_out(tmp_path):
    recs = [_record(i, RUS, PRK if i % 2 else PUTIN, typ=RelationType.CONSULT) for i in range(10)]
    page = collect_edges(recs, keep={edge_key(recs[1])}, mentions=len(recs))
    data = graph_data(page)
    assert (data["mentions"], data["omitted"], len(data["rels"])) == (10, 5, 1)
    assert set(data["articles"]) == {f"d{i}" for i in (1, 3, 5)}  # the docs of the kept quotes only
    assert "most-mentioned relations" in render_html(page)


def test_html_data_is_written_in_pieces_as_the_same_json(relations):
    import io

    actors = [Actor(f"person/p{i}", f"P{i} <&>", ActorType.PERSON, f"S{i % 9}") for i in range(120)]
    data = graph_data(relations + [_rel(a, RelationType.AID, b, "s \u2028") for a, b in itertools.pairwise(actors)], WEIGHTS)
    assert len(data["rels"]) > 64
    buf = io.StringIO()
    _write_json(buf, data)
    assert buf.getvalue() == _json(data)
