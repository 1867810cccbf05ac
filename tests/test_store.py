"""The persistent store: incremental builds, removal, one writer at a time, recovery."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal

from kg.cli import cli
from kg.graph.namespaces import DIPL

A1 = "North Korea and Russia signed a defence pact on Monday. Japan condemned North Korea."
A2 = "Russia and North Korea signed a defence pact. China praised Russia."


def _write(folder, name, text, date="2025-08-15"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"date {date} {text}", encoding="utf-8")


def _report(out):
    return json.loads((out / "report.json").read_text())


@pytest.fixture()
def built(tmp_path, cli_runner):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a1.txt", A1)
    _write(inp, "a2.txt", A2, "2025-08-16")
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return inp, out


@pytest.mark.model
def test_store_rebuild_of_unchanged_input_changes_nothing(built, cli_runner):
    inp, out = built
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file() and p.name != "report.json"}
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 0
    rep = _report(out)
    assert (rep["parsed"], rep["skipped_unchanged"]) == (0, 2)
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file() and p.name != "report.json"}
    assert before == after


@pytest.mark.model
def test_store_same_relation_in_two_articles_is_one_node(built):
    _, out = built
    g = Graph().parse(out / "graph.ttl")
    nodes = [n for n in g.subjects(DIPL.typeCode, Literal("AGREE"))]
    assert len(nodes) == 1
    assert len(list(g.objects(nodes[0], DIPL.hasMention))) == 2
    assert len(list(g.objects(nodes[0], DIPL.confidence))) == 1


@pytest.mark.model
def test_store_changed_article_replaces_its_statements(built, cli_runner):
    inp, out = built
    _write(inp, "a2.txt", "Russia and China held talks in Beijing.", "2025-08-16")
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 0
    assert _report(out)["parsed"] == 1
    g = Graph().parse(out / "graph.ttl")
    assert not list(g.subjects(DIPL.typeCode, Literal("SUPPORT")))  # "China praised Russia" is gone
    (agree,) = list(g.subjects(DIPL.typeCode, Literal("AGREE")))
    assert len(list(g.objects(agree, DIPL.hasMention))) == 1
    assert list(g.subjects(DIPL.typeCode, Literal("CONSULT")))


@pytest.mark.model
def test_store_changed_article_drops_direct_edges_no_relation_supports(built, cli_runner):
    inp, out = built
    g = Graph().parse(out / "graph.ttl")
    assert list(g.subject_objects(DIPL.supports))  # China praised Russia
    _write(inp, "a2.txt", "Russia and China held talks in Beijing.", "2025-08-16")
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = Graph().parse(out / "graph.ttl")
    assert not list(g.subject_objects(DIPL.supports))
    assert list(g.subject_objects(DIPL.consults))  # the new relation's edge is there


@pytest.mark.model
def test_store_remove_drops_article(built, cli_runner):
    _, out = built
    r = cli_runner.invoke(cli, ["remove", "a1", "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = Graph().parse(out / "graph.ttl")
    assert not list(g.subjects(DIPL.typeCode, Literal("ACCUSE")))  # only a1 said Japan condemned
    assert list(g.subjects(DIPL.docId, Literal("a2"))) and not list(g.subjects(DIPL.docId, Literal("a1")))
    r = cli_runner.invoke(cli, ["remove", "nope", "--out", str(out)])
    assert r.exit_code == 1 and "no article 'nope'" in r.output


def test_store_concurrent_build_is_refused(tmp_path, cli_runner):
    from kg.store import write_lock

    inp = tmp_path / "in"
    _write(inp, "a.txt", A1)
    with write_lock(tmp_path / "out" / "store"):
        r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "being written by kg build" in r.output and "Traceback" not in r.output


@pytest.mark.model
def test_store_build_killed_midway_is_completed_next_time(built, cli_runner):
    """An article whose statements were written but not its meta (the build died) is redone."""
    import pyoxigraph as ox

    from kg.graph.assemble import article_iri
    from kg.store import META, GraphStore

    inp, out = built
    store = GraphStore(out / "store")
    for q in list(store.store.quads_for_pattern(ox.NamedNode(str(article_iri("a1"))), None, None, META)):
        store.store.remove(q)
    store.flush()
    del store
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (_report(out)["parsed"], _report(out)["skipped_unchanged"]) == (1, 1)
    r = cli_runner.invoke(cli, ["validate", str(out / "graph.ttl")])
    assert r.exit_code == 0, r.output


@pytest.mark.model
@pytest.mark.parametrize("name,params", [
    ("partners-of", {"actor": "Russia"}), ("relations-between", {"a": "North Korea", "b": "Russia"}),
    ("timeline", {"actor": "North Korea"}), ("dyad-summary", {}), ("relations-of-type", {"type": "AGREE"}),
    ("actors", {}), ("types", {}),
])
def test_store_named_queries_give_same_rows_as_the_turtle_file(built, name, params):
    from kg.query import load_graph, run_query

    _, out = built
    on_file = run_query(load_graph(out / "graph.ttl"), name=name, params=params)
    on_store = run_query(load_graph(out), name=name, params=params)
    assert on_file.rows and sorted(on_file.rows, key=str) == sorted(on_store.rows, key=str)


@pytest.mark.model
def test_store_keeps_sentences_with_unusual_line_breaks(tmp_path, cli_runner):
    """Characters N-Triples may not carry raw (line separators, control characters) are escaped."""
    inp = tmp_path / "in"
    _write(inp, "odd.txt", "Japan condemned North Korea.\u2028 Iran praised Iraq.\x0b China warned Taiwan.")
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert _report(tmp_path / "out")["parsed"] == 1


def _store_counts(store, tmp_path):
    """The precomputed counts of a store, as test_graph._counts reads them from its export."""
    from tests.test_graph import _counts

    path = tmp_path / "export.ttl"
    store.export(path)
    return _counts(Graph().parse(path))


def test_store_counts_follow_changed_and_removed_articles(tmp_path):
    """Aggregates of actors and types are recomputed for what an article change touches, and are the
    triples assemble_graph writes for the same articles (so a graph file and the store agree)."""
    from kg.graph import assemble_graph
    from kg.records import ArticleResult, RelationType
    from kg.store import GraphStore
    from tests.test_graph import GAZ, KIM, RUS, _article, _counts, _rel, _results

    store = GraphStore(tmp_path / "store")
    first, second = _results()
    touched = set()
    for res in (first, second):
        touched |= store.put_article(res, "fp", GAZ)
    store.refresh(touched)
    assert _store_counts(store, tmp_path) == _counts(assemble_graph([first, second], GAZ))
    # a2 now says only that Kim consulted Russia: PRK loses RUS, ASSAULT goes, CONSULT comes
    changed = ArticleResult(_article("a2", "2025-08-16"), (_rel("a2", RelationType.CONSULT, KIM, RUS),), ())
    store.refresh(store.put_article(changed, "fp", GAZ))
    assert _store_counts(store, tmp_path) == _counts(assemble_graph([first, changed], GAZ))
    store.refresh(store.remove_article("a1"))
    assert _store_counts(store, tmp_path) == _counts(assemble_graph([changed], GAZ))


def test_store_outdated_aggregates_are_recomputed(tmp_path):
    from kg.errors import QueryError
    from kg.query import load_graph
    from kg.store import AGGREGATES, AGGREGATES_VERSION_P, META, GraphStore, write_lock
    from tests.test_graph import GAZ, _results

    folder = tmp_path / "store"
    store = GraphStore(folder)
    touched = set()
    for res in _results():
        touched |= store.put_article(res, "fp", GAZ)
    store.refresh(touched)
    want = _store_counts(store, tmp_path)
    # a store written before the counts existed: no version, only the old aggregates
    store.store.remove_graph(AGGREGATES)
    for q in list(store.store.quads_for_pattern(None, AGGREGATES_VERSION_P, None, META)):
        store.store.remove(q)
    store.flush()
    del store
    with pytest.raises(QueryError, match="out of date"):
        load_graph(folder)
    with write_lock(folder):
        store = GraphStore(folder)
        store.refresh(set())  # what the next `kg build` does, even with nothing to parse
        assert _store_counts(store, tmp_path) == want
        store.flush()
        del store
    assert load_graph(folder).run("ASK { ?s ?p ?o }").rows == [("true",)]
