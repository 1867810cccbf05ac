"""kg.analysis on tests/data/small_graph.ttl: the networkx projection and the stats it gives."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from rdflib import Graph, Literal, URIRef

from kg.analysis import format_stats, rollup, stats, stats_json, to_networkx
from kg.query import load_graph

DATA = Path(__file__).resolve().parent / "data"

ID = "https://w3id.org/dipkg/id/"
PRK, RUS = ID + "actor/state/PRK", ID + "actor/state/RUS"
KIM, PUTIN = ID + "actor/person/kim_jong_un", ID + "actor/person/vladimir_putin"
UNSC = ID + "actor/igo/UNSC"


@pytest.fixture(scope="module")
def small() -> Graph:
    return load_graph(DATA / "small_graph.ttl")


def test_analysis_projection_nodes_and_edges(small):
    g = to_networkx(small)
    assert set(g.nodes) == {PRK, RUS, KIM, PUTIN, UNSC}
    assert g.nodes[KIM] == {"label": "Kim Jong-un", "type": "PERSON", "country": "PRK", "state": PRK}
    assert g.number_of_edges() == 8  # one per relation node; direct edges are all explained by them
    e = g.edges[PRK, RUS, ID + "relation/r-partnership"]
    assert (e["type"], e["weight"], e["negated"], e["mentions"], e["date"], e["last_date"]) == (
        "PARTNERSHIP", 5.0, False, 2, "2024-06-19", "2025-08-15")
    assert g.edges[RUS, PRK, ID + "relation/r-no-sanctions"]["negated"] is True
    assert all(v is not None for _, _, a in g.edges(data=True) for v in a.values())


def test_analysis_direct_edge_without_relation_node_becomes_edge(small):
    g2 = Graph()
    for t in small:
        g2.add(t)
    dipl = "https://w3id.org/dipkg/ontology#"
    g2.add((URIRef(RUS), URIRef(dipl + "threatens"), URIRef(UNSC)))
    g = to_networkx(g2)
    extra = [a for s, t, a in g.edges(data=True) if (s, t) == (RUS, UNSC)]
    assert len(extra) == 1 and extra[0]["type"] == "THREATEN" and extra[0]["mentions"] == 0


def test_analysis_stats_top_actors_and_dyads(small):
    s = stats(small, top=10)
    assert (s.actors, s.relations, s.negated, s.country) == (5, 8, 1, False)
    # roles and the negated relation are not interactions: Kim and Putin have 3 relations each
    assert [(x.label, x.score) for x in s.by_degree[:2]] == [("Kim Jong-un", 3), ("Vladimir Putin", 3)]
    assert s.by_betweenness[0].actor == PRK  # the only actor between two others (UNSC and Russia)
    assert {x.actor for x in s.by_eigenvector[:2]} == {KIM, PUTIN}
    top = s.dyads_by_volume[0]
    assert {top.a, top.b} == {KIM, PUTIN}
    assert (top.relations, top.mentions, top.net, top.types) == (3, 3, 7.8, {"CONSULT": 1, "SUPPORT": 2})
    assert [(d.a_label, d.b_label, d.net) for d in s.most_conflictual] == [("UN Security Council", "North Korea", -2.0)]
    assert [d.net for d in s.most_cooperative] == [7.8, 5.0]


def test_analysis_stats_blocs_from_positive_dyads(small):
    blocs = {frozenset(b.members) for b in stats(small).blocs}
    assert blocs == {frozenset({KIM, PUTIN}), frozenset({PRK, RUS})}


def test_analysis_stats_country_rollup(small):
    s = stats(small, country=True)
    assert s.country
    assert {x.actor for x in s.by_degree} == {"PRK", "RUS", "IGO:UN"}
    top = s.dyads_by_volume[0]
    assert ({top.a, top.b}, top.relations, top.net) == ({"PRK", "RUS"}, 4, 12.8)
    assert {top.a_label, top.b_label} == {"North Korea", "Russia"}
    assert [set(b.labels) for b in s.blocs] == [{"North Korea", "Russia"}]


def test_analysis_rollup_drops_relations_inside_a_country(small):
    g = rollup(to_networkx(small))
    assert not any(s == t for s, t in g.edges())  # LEADER_OF Kim -> North Korea became PRK -> PRK
    assert g.nodes["PRK"]["label"] == "North Korea"


def test_analysis_stats_include_roles(small):
    s = stats(small, include_roles=True)
    assert dict((x.actor, x.score) for x in s.by_degree)[KIM] == 4


def test_analysis_stats_top_limits_lists(small):
    s = stats(small, top=1)
    assert len(s.by_degree) == len(s.dyads_by_volume) == 1


def test_analysis_stats_empty_graph():
    s = stats(Graph())
    assert (s.actors, s.relations, s.by_degree, s.blocs, s.dyads_by_volume) == (0, 0, [], [], [])
    assert "(none)" in format_stats(s)


def test_analysis_format_and_json(small):
    s = stats(small)
    text = format_stats(s)
    assert "Kim Jong-un - Vladimir Putin" in text and "Blocs" in text
    doc = json.loads(stats_json(s))
    assert doc["by_degree"][0]["label"] == "Kim Jong-un" and doc["relations"] == 8


def test_analysis_negated_only_graph_has_no_interactions():
    g = Graph()
    dipl = "https://w3id.org/dipkg/ontology#"
    rel, a, b = URIRef(ID + "relation/x"), URIRef(ID + "actor/a"), URIRef(ID + "actor/b")
    for p, o in (("source", a), ("target", b), ("typeCode", Literal("ASSAULT")), ("negated", Literal(True)),
                 ("goldsteinWeight", Literal(-10.0))):
        g.add((rel, URIRef(dipl + p), o))
    s = stats(g)
    assert (s.relations, s.negated, s.dyads_by_volume, s.by_degree) == (1, 1, [], [])


def test_cli_stats(cli_runner):
    from kg.cli_more import stats as stats_cmd

    path = str(DATA / "small_graph.ttl")
    res = cli_runner.invoke(stats_cmd, [path, "--top", "3"])
    assert res.exit_code == 0, res.output
    assert "Top actors by degree" in res.output
    res = cli_runner.invoke(stats_cmd, [path, "--country", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["country"] is True
    assert isinstance(stats_cmd, click.Command) and "Example: kg stats" in stats_cmd.help
