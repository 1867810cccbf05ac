"""kg.exports.formats: every format from tests/data/small_graph.ttl, read back and compared."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.exports.formats import CSV_COLUMNS, FORMATS, JSONLD_CONTEXT, SUFFIXES, event_rows, export_graph
from kg.query import load_graph

DATA = Path(__file__).resolve().parent / "data"
ID = "https://w3id.org/dipkg/id/"


@pytest.fixture(scope="module")
def small() -> Graph:
    return load_graph(DATA / "small_graph.ttl")


RDFLIB_DEPRECATIONS = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib 7's own internals


@RDFLIB_DEPRECATIONS
@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_exports_rdf_round_trip(small, tmp_path, fmt, parser):
    out = export_graph(small, tmp_path / f"g{SUFFIXES[fmt]}", fmt)
    back = Dataset() if parser == "nquads" else Graph()
    back.parse(out, format=parser)
    if parser == "nquads":
        back = Graph(store=back.default_graph.store, identifier=back.default_graph.identifier)
    assert isomorphic(back, small)


@RDFLIB_DEPRECATIONS
def test_exports_nquads_keeps_named_graphs(small, tmp_path):
    ds = Dataset()
    named = ds.graph(URIRef("urn:x-test:g"))
    for t in small:
        named.add(t)
    out = export_graph(ds, tmp_path / "g.nq", "nquads")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(small) and all(line.endswith("<urn:x-test:g> .") for line in lines)
    assert lines == sorted(lines)
    again = export_graph(load_graph(out), tmp_path / "again.nq", "nquads")
    assert again.read_bytes() == out.read_bytes()


@RDFLIB_DEPRECATIONS
def test_exports_jsonld_uses_compact_context(small, tmp_path):
    doc = json.loads(export_graph(small, tmp_path / "g.jsonld", "jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == JSONLD_CONTEXT
    kim = next(n for n in doc["@graph"] if n["@id"].endswith("kim_jong_un"))
    assert kim["skos:prefLabel"] == "Kim Jong-un" and kim["@type"] == "dipl:Person"


@RDFLIB_DEPRECATIONS
@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_deterministic(small, tmp_path, fmt):
    a = export_graph(small, tmp_path / f"a{SUFFIXES[fmt]}", fmt).read_bytes()
    b = export_graph(load_graph(DATA / "small_graph.ttl"), tmp_path / f"b{SUFFIXES[fmt]}", fmt).read_bytes()
    assert a == b


@pytest.mark.parametrize("fmt,reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_exports_network_formats(small, tmp_path, fmt, reader):
    g = reader(export_graph(small, tmp_path / f"g{SUFFIXES[fmt]}", fmt))
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 8
    kim = g.nodes[ID + "actor/person/kim_jong_un"]
    assert (kim["label"], kim["type"], kim["country"]) == ("Kim Jong-un", "PERSON", "PRK")
    edges = {a["relation"]: a for _, _, a in g.edges(data=True)}
    p = edges[ID + "relation/r-partnership"]
    assert (p["relation_type"], p["goldstein"], p["negated"], p["date"], p["mentions"], p["weight"]) == (
        "PARTNERSHIP", 5.0, False, "2024-06-19", 2, 2.0)
    assert edges[ID + "relation/r-no-sanctions"]["negated"] is True
    assert "quad_class" not in p  # absent in the data: left out rather than written as None


def test_exports_csv_event_table(small, tmp_path):
    out = export_graph(small, tmp_path / "events.csv", "csv")
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 10  # one per mention
    letter = next(r for r in rows if r["relation"].endswith("r-letter"))
    assert letter == {
        "date": "2025-08-15", "source": "Kim Jong-un", "source_country": "PRK", "source_type": "PERSON",
        "type": "CONSULT", "relation_class": "LetterExchange", "plover": "CONSULT", "cameo": "043",
        "goldstein": "1.0", "quad_class": "VerbalCooperation", "negated": "false", "modality": "asserted",
        "target": "Vladimir Putin", "target_country": "RUS", "target_type": "PERSON", "confidence": "0.850",
        "article": "000_1806962afed48cda", "sentence_index": "0",
        "sentence": "North Korean leader Kim Jong-un sent a letter to Russian President Vladimir Putin on Friday.",
        "relation": ID + "relation/r-letter",
    }
    partnership = [r for r in rows if r["type"] == "PARTNERSHIP"]
    assert sorted(r["date"] for r in partnership) == ["2024-06-19", "2025-08-15"]  # each mention its own date
    assert {r["plover"] for r in partnership} == {""} and partnership[0]["relation_class"] == "StrategicPartnership"
    gratitude = next(r for r in rows if r["relation"].endswith("r-gratitude"))
    assert gratitude["relation_class"] == "Support"  # no finer class: the type's class
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_exports_event_rows_match_csv(small, tmp_path):
    rows = event_rows(small)
    with export_graph(small, tmp_path / "e.csv", "csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == rows


def test_exports_unknown_format_lists_formats(small, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xlsx'; expected one of turtle, nquads"):
        export_graph(small, tmp_path / "g.xlsx", "xlsx")
    assert not list(tmp_path.iterdir())


def test_exports_failed_write_leaves_old_file(small, tmp_path, monkeypatch):
    out = tmp_path / "g.csv"
    out.write_text("old\n", encoding="utf-8")
    import kg.exports.formats as formats

    def boom(graph):
        raise RuntimeError("boom")

    monkeypatch.setattr(formats, "event_rows", boom)
    with pytest.raises(RuntimeError):
        export_graph(small, out, "csv")
    monkeypatch.undo()
    export_graph(small, tmp_path / "g.gexf", "gexf")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv", "g.gexf"]  # no temporary files left


def test_cli_export(cli_runner, tmp_path):
    from kg.cli_more import export

    out = tmp_path / "g.graphml"
    res = cli_runner.invoke(export, [str(DATA / "small_graph.ttl"), "--format", "graphml", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.is_file() and f"wrote {out}" in res.output
    res = cli_runner.invoke(export, [str(DATA / "small_graph.ttl"), "--format", "xlsx", "--out", str(out)])
    assert res.exit_code == 2 and "xlsx" in res.output
