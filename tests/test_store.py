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
def test_store_refresh_reopening_the_database_during_the_final_export(tmp_path, cli_runner, monkeypatch):
    """A refresh reopens the database every REOPEN_ACTORS actors, but not while a thread reads it (the
    build's final refresh runs beside the thread writing the shared graph): the build completes, and
    its graph file is that of a build that never reopens."""
    inp = tmp_path / "in"
    _write(inp, "a1.txt", A1)
    _write(inp, "a2.txt", A2 + " Japan and South Korea held talks. Germany criticised Iran.", "2025-08-16")
    import time

    from kg.store import GraphStore

    export = GraphStore.export_graphs

    def slow_export(self, f, graphs, fmt="turtle"):
        held = self.store  # as a dump in progress holds the database (for the refresh to run meanwhile)
        time.sleep(0.5)
        del held
        return export(self, f, graphs, fmt)

    monkeypatch.setattr(GraphStore, "export_graphs", slow_export)
    monkeypatch.setattr("kg.store.REOPEN_ACTORS", 1)
    monkeypatch.setattr("kg.store.REOPEN_ACTORS_ABOVE", 0)
    r = cli_runner.invoke(cli, ["build", str(inp), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    monkeypatch.setattr("kg.store.REOPEN_ACTORS", 10**6)
    assert cli_runner.invoke(cli, ["build", str(inp), "--out", str(tmp_path / "fresh")]).exit_code == 0
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


@pytest.mark.model
def test_store_graph_file_after_changes_is_that_of_a_fresh_build(built, tmp_path, cli_runner):
    inp, out = built
    _write(inp, "a2.txt", "Russia and China held talks in Beijing.", "2025-08-16")
    _write(inp, "a3.txt", "Japan praised South Korea.", "2025-08-17")
    assert cli_runner.invoke(cli, ["build", str(inp), "--out", str(out)]).exit_code == 0
    fresh = tmp_path / "fresh"
    assert cli_runner.invoke(cli, ["build", str(inp), "--out", str(fresh)]).exit_code == 0
    assert (out / "graph.ttl").read_bytes() == (fresh / "graph.ttl").read_bytes()
    r = cli_runner.invoke(cli, ["remove", "a3", "--out", str(out)])
    assert r.exit_code == 0, r.output
    g = Graph().parse(out / "graph.ttl")
    assert not list(g.subjects(DIPL.docId, Literal("a3"))) and list(g.subjects(DIPL.docId, Literal("a2")))


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


def test_store_index_follows_random_article_changes(tmp_path, monkeypatch):
    """The index nodes (periods, pair statistics, partner tiers) a store keeps up to date from the
    touched relations only are, after any sequence of puts, changes and removals, the ones
    assemble_graph computes from scratch: dates moving a relation to another period, pairs gaining
    and losing relations (and moving tier), relations dropped, undated relations. (Changes are
    written in batches of 7, so that large batches' bulk writes are used too, and the database is
    reopened every two actors.)"""
    import random

    monkeypatch.setattr("kg.store.APPLY_BATCH", 7)
    monkeypatch.setattr("kg.store.REOPEN_ACTORS", 2)  # the database reopened within each refresh, too
    monkeypatch.setattr("kg.store.REOPEN_ACTORS_ABOVE", 0)

    from kg.graph import assemble_graph
    from kg.records import ArticleResult, RelationType
    from kg.store import GraphStore
    from tests.test_graph import GAZ, KIM, PRK, RUS, _article, _counts, _rel

    actors = [PRK, RUS, KIM, GAZ.actors["state/CHN"], GAZ.actors["state/JPN"]]
    types = [RelationType.CONSULT, RelationType.SUPPORT, RelationType.PARTNERSHIP, RelationType.ACCUSE]
    dates = [None, "2024", "2025-07", "2025-07-30", "2025-08-15", "2025-08-16", "2025-09-01"]
    rng = random.Random(4)

    def article(doc: str) -> ArticleResult:
        rels = []
        for i in range(rng.randint(1, 5)):
            src, tgt = rng.sample(actors, 2)
            rel = _rel(doc, rng.choice(types), src, tgt, negated=rng.random() < 0.2, date=rng.choice(dates))
            rels.append(__import__("dataclasses").replace(rel, sentence_index=i))
        return ArticleResult(_article(doc, "2025-08-15"), tuple(rels), ())

    store = GraphStore(tmp_path / "store")
    current: dict[str, ArticleResult] = {}
    for step in range(8):
        touched: set[str] = set()
        for doc in rng.sample([f"a{i}" for i in range(12)], 5):
            if doc in current and rng.random() < 0.3:
                touched |= store.remove_article(doc)
                del current[doc]
            else:
                current[doc] = article(doc)
                touched |= store.put_article(current[doc], "fp", GAZ)
        store.refresh(touched)
        want = _counts(assemble_graph([current[d] for d in sorted(current)], GAZ))
        got = _store_counts(store, tmp_path)
        assert got == want, (step, sorted(got - want)[:5], sorted(want - got)[:5])
        # the type counts the store keeps from each refresh's changes are those of a recount
        totals, periods = store._count_types()
        assert {c: v for c, v in store._type_totals.items() if v[0]} == totals
        assert {c: {k: n for k, n in v.items() if n} for c, v in store._type_periods.items()} == {
            c: v for c, v in periods.items() if v}
    assert any(p == "hasPair" for _, p, _ in got) and any(p == "firstDate" for _, p, _ in got)


def _random_articles(seed: int, n: int):
    """Articles with random relations among a few actors (two persons share the alias "Kim"), of a
    few types, on few dates (many ties; some undated, some a month or a year only), many stated in
    several articles (several mentions)."""
    import dataclasses
    import random

    from kg.records import ActorType, ArticleResult, RelationType
    from tests.test_graph import GAZ, KIM, PRK, RUS, _article, _rel

    rng = random.Random(seed)
    kim2 = dataclasses.replace(KIM, id="person/kim-yo-jong", name="Kim Yo-jong", aliases=("Kim",))
    kim = dataclasses.replace(KIM, aliases=("Kim",))
    actors = [PRK, RUS, kim, kim2, GAZ.actors["state/CHN"], GAZ.actors["state/JPN"]]
    assert kim.type is ActorType.PERSON
    types = [RelationType.CONSULT, RelationType.SUPPORT, RelationType.PARTNERSHIP, RelationType.ACCUSE]
    dates = [None, "2024", "2025-07", "2025-07-30", "2025-08", "2025-08-15", "2025-08-15", "2025-08-16", "2025-09"]
    out = []
    for i in range(n):
        rels = []
        for j in range(rng.randint(1, 6)):
            src, tgt = rng.sample(actors, 2)
            rel = _rel(f"a{i}", rng.choice(types), src, tgt, negated=rng.random() < 0.15, date=rng.choice(dates))
            rels.append(dataclasses.replace(rel, sentence_index=j, sentence=f"Sentence {j} of a{i}."))
        out.append(ArticleResult(_article(f"a{i}", rng.choice(["2025-08-15", "2025-09-02"])), tuple(rels), ()))
    return out


def test_store_limit_queries_give_the_rows_of_their_definitions(tmp_path):
    """timeline, relations-of-type and partners-of read only the index nodes a limit can reach; they
    give, for every limit, the rows the queries did before the index (tests/data/reference_queries),
    on a store, and the same rows on the graph file."""
    from pathlib import Path

    from kg.graph import assemble_graph
    from kg.query import load_graph, run_query
    from kg.store import GraphStore
    from tests.test_graph import GAZ

    results = _random_articles(7, 40)
    store = GraphStore(tmp_path / "store")
    touched: set[str] = set()
    for res in results:
        touched |= store.put_article(res, "fp", GAZ)
    store.refresh(touched)
    store.flush()
    del store
    on_store = load_graph(tmp_path / "store")
    assemble_graph(results, GAZ).serialize(tmp_path / "graph.ttl", format="turtle")
    on_file = load_graph(tmp_path / "graph.ttl")
    reference = Path(__file__).parent / "data" / "reference_queries"
    values = {"timeline": ("actor", ["North Korea", "Kim", "China", "Atlantis"]),
              "partners-of": ("actor", ["North Korea", "Kim", "China", "Atlantis"]),
              "relations-of-type": ("type", ["CONSULT", "support", "AGREE"])}
    checked = 0
    for name, (key, given) in values.items():
        text = (reference / f"{name}.rq").read_text(encoding="utf-8")
        for value in given:
            for limit in ("0", "1", "3", "8", "500"):
                params = {key: value, "limit": limit}
                want = run_query(on_store, query=text, params=params).rows
                got = run_query(on_store, name=name, params=params).rows
                assert got == want, (name, params)
                if limit in ("0", "3"):  # rdflib is slow at these
                    assert run_query(on_file, name=name, params=params).rows == got, (name, params, "file")
                checked += bool(want)
    assert checked >= 30


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


def test_store_writer_stopped_before_its_refresh_is_completed_by_the_next(tmp_path):
    """Articles written but not refreshed (the build was killed between the two) leave a marker:
    queries refuse the store with a clear message, and the next writer's refresh recomputes all the
    aggregates (the next build skips those articles as unchanged, so it would not touch them)."""
    from kg.errors import QueryError
    from kg.query import load_graph
    from kg.store import GraphStore, write_lock
    from tests.test_graph import GAZ, _results

    first, second = _results()
    folder = tmp_path / "store"
    store = GraphStore(folder)
    store.refresh(store.put_article(first, "fp", GAZ))
    assert not store.interrupted()
    want_first = _store_counts(store, tmp_path)
    store.put_article(second, "fp", GAZ)
    assert store.interrupted()
    store.flush()  # written, meta too: then the process dies
    del store
    with pytest.raises(QueryError, match="build stopped before"):
        load_graph(folder)
    with write_lock(folder):
        store = GraphStore(folder)
        store.refresh(set())  # what the next `kg build` does when every article is unchanged
        assert not store.interrupted()
        got = _store_counts(store, tmp_path)
        store.flush()
        del store
    fresh = GraphStore(tmp_path / "fresh")
    touched = fresh.put_article(first, "fp", GAZ) | fresh.put_article(second, "fp", GAZ)
    fresh.refresh(touched)
    assert got == _store_counts(fresh, tmp_path) != want_first
    assert load_graph(folder).run("ASK { ?s ?p ?o }").rows == [("true",)]


def test_store_query_during_a_build_is_not_refused(tmp_path):
    """A writer at work (holding the lock) has unrefreshed changes: a reader opening the store then
    gets the counts as the last refresh left them, without the interrupted-build error."""
    from kg.query import load_graph
    from kg.store import GraphStore, write_lock
    from tests.test_graph import GAZ, _results

    first, second = _results()
    folder = tmp_path / "store"
    with write_lock(folder):
        store = GraphStore(folder)
        store.refresh(store.put_article(first, "fp", GAZ))
        store.put_article(second, "fp", GAZ)
        store.flush()
        assert store.interrupted()
        assert load_graph(folder).run("ASK { ?s ?p ?o }").rows == [("true",)]
        del store
