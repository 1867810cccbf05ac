"""Export: the HTML graph is self-contained and article text can never run as script."""

from __future__ import annotations

import json
import re

import pytest

from kg.exports.html import export_html, graph_data
from kg.records import Actor, ActorType, Relation, RelationType

PAYLOADS = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "</script><script>alert(2)</script>"]


def _rel(src: Actor, typ: RelationType, tgt: Actor, sentence: str, negated=False, doc="d1") -> Relation:
    return Relation(doc=doc, type=typ, relation=typ.class_name, source=src, target=tgt, sentence_index=0,
                    sentence=sentence, start=0, end=len(sentence), negated=negated, date="2025-08-15",
                    confidence=0.8, cue="x", rule="test")


@pytest.fixture()
def relations():
    rus = Actor("state/RUS", "Russia", ActorType.COUNTRY, "RUS", "Q159")
    prk = Actor("state/PRK", "North Korea", ActorType.COUNTRY, "PRK", "Q423")
    evil = Actor("person/evil", PAYLOADS[0] + PAYLOADS[2], ActorType.PERSON, "RUS")
    return [
        _rel(prk, RelationType.PARTNERSHIP, rus, "North Korea and Russia are allies."),
        _rel(rus, RelationType.PARTNERSHIP, prk, "Russia hailed ties with North Korea.", doc="d2"),
        _rel(evil, RelationType.ASSAULT, prk, "Planted " + " ".join(PAYLOADS)),
        _rel(rus, RelationType.ASSAULT, prk, "Russia did not attack.", negated=True),
    ]


def test_html_one_edge_per_dyad_type_and_polarity(relations):
    data = graph_data(relations, {"PARTNERSHIP": 7.0, "ASSAULT": -9.5})
    assert len(data["nodes"]) == 3
    assert len(data["edges"]) == 3  # the two PARTNERSHIP mentions merge (symmetric)
    colours = {(e["label"], e["dashes"]): e["color"]["color"] for e in data["edges"]}
    assert colours[("PARTNERSHIP", False)] != colours[("ASSAULT", False)]
    assert [e for e in data["edges"] if e["label"] == "PARTNERSHIP"][0]["relation"]["mentions"] == 2


def test_html_is_offline_and_payloads_are_inert(tmp_path, relations):
    out = tmp_path / "g.html"
    export_html(relations, out, weights={"PARTNERSHIP": 7.0, "ASSAULT": -9.5})
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", page)  # nothing is loaded from elsewhere
    assert "<link" not in page and "@import" not in page
    for p in PAYLOADS:
        assert p not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    # exactly the two script blocks we write (vis-network and our own)
    assert page.count("</script>") == 2
    m = re.search(r"var DATA = (\{.*?\});\n", page, flags=re.S)
    data = json.loads(m.group(1))
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 3
    assert any(n["label"] == PAYLOADS[0] + PAYLOADS[2] for n in data["nodes"])  # shown as text, intact


def test_html_large_graph_gets_precomputed_positions(tmp_path):
    actors = [Actor(f"org/a{i}", f"A{i}", ActorType.ORG) for i in range(400)]
    rels = [_rel(actors[i], RelationType.CONSULT, actors[(i + 1) % 400], "s") for i in range(400)]
    data = graph_data(rels)
    assert all("x" in n and n["physics"] is False for n in data["nodes"])
