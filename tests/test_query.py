"""Tests for kg.query and the named queries in kg/queries/, on tests/data/small_graph.ttl.

Every shipped .rq file has at least one case in CASES (checked by a test), each comparing the
full rows it returns on the small graph. Fast and offline: rdflib only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg.errors import DataFileError, QueryError
from kg.graph.namespaces import PREFIXES
from kg.query import (
    Param,
    QueryResult,
    format_result,
    load_graph,
    named_queries,
    parse_header,
    query_text,
    run_query,
    sparql_literal,
)

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "small_graph.ttl"
REL = "https://w3id.org/dipkg/id/relation/"


@pytest.fixture(scope="module")
def small():
    return load_graph(SMALL)


# (case id, query name, params, expected rows as {column: value} for the columns listed;
#  rows compared in order when the query orders them fully, else as sets)
CASES = [
    ("partners-of-russia", "partners-of", {"actor": "Russia"}, [
        {"partner": "North Korea", "partner_code": "PRK", "type": "PARTNERSHIP", "relations": "1",
         "mentions": "2", "first_date": "2024-06-19", "last_date": "2025-08-15"},
        {"partner": "Vladimir Putin", "partner_code": "RUS", "type": "LEADER_OF", "relations": "1",
         "mentions": "2", "first_date": "2024-06-19", "last_date": "2025-08-15"},
    ]),
    # a country code names the state only, not Putin (whose countryCode is also RUS)
    ("partners-of-code", "partners-of", {"actor": "rus"}, [
        {"partner": "North Korea", "type": "PARTNERSHIP"},
        {"partner": "Vladimir Putin", "type": "LEADER_OF"},
    ]),
    ("partners-of-alias-any-case", "partners-of", {"actor": "  RUSSIAN federation "}, [
        {"partner": "North Korea", "type": "PARTNERSHIP"},
        {"partner": "Vladimir Putin", "type": "LEADER_OF"},
    ]),
    # the negated SANCTION is not a partnership; the person's relations are
    ("partners-of-person", "partners-of", {"actor": "Kim"}, [
        {"partner": "Vladimir Putin", "type": "SUPPORT", "relations": "2", "mentions": "2"},
        {"partner": "North Korea", "type": "LEADER_OF", "relations": "1"},
        {"partner": "Vladimir Putin", "type": "CONSULT", "relations": "1"},
    ]),
    ("partners-of-unknown-actor", "partners-of", {"actor": "Atlantis"}, []),
    ("relations-between-both-directions", "relations-between", {"a": "Russia", "b": "DPRK"}, [
        {"source": "North Korea", "type": "PARTNERSHIP", "target": "Russia", "negated": "false",
         "modality": "asserted", "first_date": "2024-06-19", "last_date": "2025-08-15",
         "confidence": "0.900", "relation": REL + "r-partnership"},
        {"source": "Russia", "type": "SANCTION", "target": "North Korea", "negated": "true",
         "modality": "future", "first_date": "2024-06-19", "last_date": "2024-06-19",
         "confidence": "0.750", "relation": REL + "r-no-sanctions"},
    ]),
    ("relations-between-swapped", "relations-between", {"a": "north korea", "b": "moscow"}, [
        {"type": "PARTNERSHIP", "relation": REL + "r-partnership"},
        {"type": "SANCTION", "relation": REL + "r-no-sanctions"},
    ]),
    ("relations-between-none", "relations-between", {"a": "UNSC", "b": "Russia"}, []),
    ("timeline-kim", "timeline", {"actor": "Kim Jong-un"}, [
        {"date": "2025-08-15", "direction": "out", "other": "Vladimir Putin", "type": "CONSULT",
         "article": "000_1806962afed48cda", "relation": REL + "r-letter"},
        {"date": "2025-08-15", "direction": "out", "other": "North Korea", "other_code": "PRK",
         "type": "LEADER_OF", "relation": REL + "r-kim-leader"},
        {"date": "2025-08-15", "direction": "in", "other": "Vladimir Putin", "type": "SUPPORT",
         "sentence": "The letter was a reply to Putin's congratulatory message to Kim on Liberation Day.",
         "relation": REL + "r-congratulate"},
        {"date": "2025-08-15", "direction": "out", "other": "Vladimir Putin", "type": "SUPPORT",
         "relation": REL + "r-gratitude"},
    ]),
    # most recent first, then article, then sentence index
    ("timeline-russia-most-recent-first", "timeline", {"actor": "Russia"}, [
        {"date": "2025-08-15", "direction": "in", "other": "Vladimir Putin", "type": "LEADER_OF"},
        {"date": "2025-08-15", "direction": "in", "other": "North Korea", "type": "PARTNERSHIP",
         "article": "000_1806962afed48cda"},
        {"date": "2024-06-19", "direction": "in", "other": "Vladimir Putin", "type": "LEADER_OF"},
        {"date": "2024-06-19", "direction": "in", "other": "North Korea", "type": "PARTNERSHIP",
         "article": "001_pyongyang_visit"},
        {"date": "2024-06-19", "direction": "out", "other": "North Korea", "type": "SANCTION",
         "negated": "true", "modality": "future",
         "sentence": "Moscow said it would not join new sanctions against Pyongyang."},
    ]),
    ("timeline-russia-limit-keeps-most-recent", "timeline", {"actor": "Russia", "limit": "2"}, [
        {"date": "2025-08-15", "type": "LEADER_OF"},
        {"date": "2025-08-15", "type": "PARTNERSHIP"},
    ]),
    ("timeline-russia-limit-0-all", "timeline", {"actor": "Russia", "limit": "0"}, [
        {"date": "2025-08-15"}, {"date": "2025-08-15"}, {"date": "2024-06-19"}, {"date": "2024-06-19"},
        {"date": "2024-06-19"},
    ]),
    ("dyad-summary-all", "dyad-summary", {}, [
        {"actor_a": "Kim Jong-un", "actor_b": "Vladimir Putin", "relations": "3", "negated": "0",
         "verbal_cooperation": "3", "material_cooperation": "0", "verbal_conflict": "0",
         "material_conflict": "0", "net_goldstein": "7.8"},
        {"actor_a": "North Korea", "code_a": "PRK", "actor_b": "Russia", "code_b": "RUS",
         "relations": "2", "negated": "1", "material_conflict": "0", "net_goldstein": "5.0"},
        {"actor_a": "Kim Jong-un", "actor_b": "North Korea", "relations": "1", "net_goldstein": "0.0"},
        {"actor_a": "UN Security Council", "code_a": "IGO:UN", "actor_b": "North Korea",
         "relations": "1", "verbal_conflict": "1", "net_goldstein": "-2.0"},
        {"actor_a": "Vladimir Putin", "actor_b": "Russia", "relations": "1", "net_goldstein": "0.0"},
    ]),
    ("dyad-summary-one-actor", "dyad-summary", {"a": "Pyongyang"}, [
        {"actor_a": "North Korea", "actor_b": "Russia"},
        {"actor_a": "Kim Jong-un", "actor_b": "North Korea"},
        {"actor_a": "UN Security Council", "actor_b": "North Korea"},
    ]),
    ("dyad-summary-pair-either-order", "dyad-summary", {"a": "putin", "b": "KIM JONG-UN"}, [
        {"actor_a": "Kim Jong-un", "actor_b": "Vladimir Putin", "relations": "3", "net_goldstein": "7.8"},
    ]),
    ("dyad-summary-only-b", "dyad-summary", {"b": "IGO:UN"}, [
        {"actor_a": "UN Security Council", "actor_b": "North Korea"},
    ]),
    ("relations-of-type-support", "relations-of-type", {"type": "support"}, [
        {"source": "Vladimir Putin", "source_code": "RUS", "target": "Kim Jong-un", "target_code": "PRK",
         "date": "2025-08-15", "negated": "false", "confidence": "0.800",
         "article": "000_1806962afed48cda", "relation": REL + "r-congratulate"},
        {"source": "Kim Jong-un", "target": "Vladimir Putin",
         "sentence": "Kim expressed gratitude to Putin and wished him victory and glory.",
         "relation": REL + "r-gratitude"},
    ]),
    ("relations-of-type-negated-kept", "relations-of-type", {"type": "SANCTION"}, [
        {"source": "Russia", "target": "North Korea", "negated": "true", "modality": "future"},
    ]),
    ("provenance-by-segment", "provenance", {"relation": "r-partnership"}, [
        {"article": "001_pyongyang_visit", "title": "Putin visits Pyongyang, signs pact with Kim",
         "url": "https://example.org/news/2024/06/19/putin-pyongyang", "published": "2024-06-19",
         "date": "2024-06-19", "sentence_index": "1", "start": "88", "end": "163",
         "cue": "strategic partnership", "rule": "noun_cue", "extractor": "lexicon.v1", "confidence": "0.850"},
        {"article": "000_1806962afed48cda", "title": 'N. Korea\'s Kim thanks Putin for "blood-forged" ties',
         "sentence": "Kim hailed the comprehensive strategic partnership between Pyongyang and Moscow.",
         "start": "412", "end": "493", "confidence": "0.900"},
    ]),
    ("provenance-by-iri", "provenance", {"relation": f"<{REL}r-condemn>"}, [
        {"article": "001_pyongyang_visit", "cue": "condemn", "rule": "verb_dobj", "start": "301", "end": "381"},
    ]),
    ("actors-all", "actors", {}, [
        {"actor": "North Korea", "type": "COUNTRY", "code": "PRK", "wikidata": "Q423", "degree": "3"},
        {"actor": "Kim Jong-un", "type": "PERSON", "code": "PRK", "wikidata": "Q56226", "degree": "2",
         "relations": "4"},
        {"actor": "Russia", "type": "COUNTRY", "code": "RUS", "wikidata": "Q159", "degree": "2",
         "relations": "2", "iri": "https://w3id.org/dipkg/id/actor/state/RUS"},
        {"actor": "Vladimir Putin", "type": "PERSON", "degree": "2"},
        {"actor": "UN Security Council", "type": "IGO", "code": "IGO:UN", "wikidata": "Q37470", "degree": "1"},
    ]),
    ("types-all", "types", {}, [
        {"type": "LEADER_OF", "relations": "2", "negated": "0", "mentions": "3"},
        {"type": "SUPPORT", "relations": "2", "negated": "0", "mentions": "2"},
        {"type": "ACCUSE", "relations": "1", "negated": "0", "mentions": "1"},
        {"type": "CONSULT", "relations": "1", "negated": "0", "mentions": "1"},
        {"type": "PARTNERSHIP", "relations": "1", "negated": "0", "mentions": "2"},
        {"type": "SANCTION", "relations": "1", "negated": "1", "mentions": "1"},
    ]),
]


def _records(result: QueryResult) -> list[dict[str, str | None]]:
    return [dict(zip(result.columns, row)) for row in result.rows]


@pytest.mark.parametrize("name,params,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_query_named_query_rows(small, name, params, expected):
    result = run_query(small, name=name, params=params)
    assert result.columns == list(named_queries()[name].columns)
    got = [{k: rec[k] for k in want} for rec, want in zip(_records(result), expected)]
    assert len(result.rows) == len(expected), _records(result)
    assert got == expected


def test_query_every_named_query_has_a_case():
    assert {c[1] for c in CASES} == set(named_queries())


def test_query_named_queries_headers():
    queries = named_queries()
    assert set(queries) == {"partners-of", "relations-between", "timeline", "dyad-summary",
                            "relations-of-type", "provenance", "actors", "types"}
    for name, q in queries.items():
        assert q.name == name == q.path.stem
        assert q.purpose and q.columns
    assert queries["partners-of"].required == ("actor",)
    assert queries["relations-between"].required == ("a", "b")
    assert queries["dyad-summary"].required == () and queries["dyad-summary"].optional == ("a", "b")
    assert [p.kind for p in queries["relations-of-type"].params] == ["type", "limit"]
    for name in ("timeline", "relations-of-type", "partners-of"):
        assert queries[name].params[-1] == Param("limit", "limit", required=False, default="500",
                                                  description=queries[name].params[-1].description)
    assert [p.kind for p in queries["provenance"].params] == ["relation"]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_named_query_prefixes_match_namespaces(name):
    text = named_queries()[name].text
    for prefix, iri in re.findall(r"(?im)^\s*PREFIX\s+(\w*):\s*<([^>]*)>", text):
        if prefix in PREFIXES:
            assert iri == str(PREFIXES[prefix]), f"{name}: {prefix}"


# ------------------------------------------------------------------------- parameters

TRICKY = [
    'a"b',
    "back\\slash",
    'ends with backslash\\',
    "new\nline and\r\ncarriage",
    "tab\there",
    "single ' quote",
    '\\"} UNION { ?s ?p ?o } #',
    '") } SELECT * WHERE { ?s ?p ?o } #',
    "\\u0022 not an escape",
    "\\u00220022 \\U0001F600 \\\\u0022",
    "Kim Jong-un\u2028\u00e9\U0001F600",
]


@pytest.mark.parametrize("value", TRICKY, ids=range(len(TRICKY)))
def test_query_param_value_round_trips_unchanged(small, value):
    # an ad-hoc query gets a trailing VALUES block; the value must come back exactly
    result = run_query(small, query="SELECT ?x WHERE {}", params={"x": value})
    assert result.rows == [(value,)]


@pytest.mark.parametrize("value", TRICKY, ids=range(len(TRICKY)))
def test_query_param_cannot_inject_into_named_query(small, value):
    for name, key in (("partners-of", "actor"), ("provenance", "relation"), ("relations-of-type", "type")):
        assert run_query(small, name=name, params={key: value}).rows == []


def test_query_injection_attempt_stays_a_literal():
    text = query_text(name="relations-of-type", params={"type": 'x" } ?s ?p ?o . { VALUES ?type { "y'})
    code = [line.strip() for line in text.splitlines() if "VALUES" in line and not line.lstrip().startswith("#")]
    assert code == ['VALUES (?type ?limit) { ("X\\" } ?S ?P ?O . { VALUES ?TYPE { \\"Y" 500) }'] * 2


def test_query_sparql_literal_escapes():
    assert sparql_literal('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_query_optional_param_left_out_stays_undef():
    text = query_text(name="dyad-summary", params={"a": "Russia"})
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert 'LCASE("russia")' in code and "SELECT DISTINCT ?a WHERE" in code
    assert "VALUES (?b) { (UNDEF) }" in code


@pytest.mark.parametrize("name,params,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_query_text_with_lookup_gives_same_rows_as_bound_iris(small, name, params, expected):
    # query_text has no graph: actor and relation values are looked up inside the query, where
    # run_query binds the IRIs it found first; both must give the same rows
    inline = small.query(query_text(name=name, params=params))
    rows = [tuple(None if v is None else str(v) for v in row) for row in inline]
    assert rows == run_query(small, name=name, params=params).rows


def test_query_actor_parameter_is_bound_as_iris(small, monkeypatch):
    import kg.query as q

    sent = []
    monkeypatch.setattr(q, "_execute", lambda graph, prepared: sent.append(prepared) or QueryResult(["x"], []))
    monkeypatch.setattr(q, "_parse", lambda text: text)
    monkeypatch.setattr(q, "_resolve", lambda graph, kind, value: ["https://w3id.org/dipkg/id/actor/state/RUS"])
    run_query(small, name="partners-of", params={"actor": "Russia"})
    assert "VALUES ?actor { <https://w3id.org/dipkg/id/actor/state/RUS> }" in sent[-1]
    # parameters on one VALUES line are bound together, every combination of their IRIs
    monkeypatch.setattr(q, "_resolve", lambda graph, kind, value: [f"urn:{value}:1", f"urn:{value}:2"])
    run_query(small, name="dyad-summary", params={"a": "x", "b": "y"})
    assert "VALUES (?a ?b) { (<urn:x:1> <urn:y:1>) (<urn:x:1> <urn:y:2>) (<urn:x:2> <urn:y:1>) (<urn:x:2> <urn:y:2>) }" in sent[-1]
    run_query(small, name="dyad-summary", params={"b": "y"})
    assert "VALUES (?a ?b) { (UNDEF <urn:y:1>) (UNDEF <urn:y:2>) }" in sent[-1]


@pytest.mark.parametrize("name,params,message", [
    ("no-such-query", {}, "unknown query 'no-such-query'; named queries: actors, dyad-summary"),
    ("partners-of", {}, "missing parameter 'actor'"),
    ("partners-of", {"actor": "Russia", "country": "x"}, "unknown parameter 'country'"),
    ("partners-of", {"actor": "   "}, "parameter 'actor' is empty"),
    ("relations-between", {"a": "Russia"}, "missing parameter 'b'"),
    ("types", {"type": "SUPPORT"}, "unknown parameter 'type'; the query takes no parameters"),
], ids=["unknown-name", "missing", "unknown-param", "empty", "missing-second", "param-to-paramless"])
def test_query_errors(small, name, params, message):
    with pytest.raises(QueryError) as err:
        run_query(small, name=name, params=params)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_query_adhoc_unknown_param(small):
    with pytest.raises(QueryError, match="unknown parameter 'y'"):
        run_query(small, query="SELECT ?x WHERE {}", params={"y": "1"})


def test_query_needs_text_or_name(small):
    with pytest.raises(QueryError):
        run_query(small)
    with pytest.raises(QueryError):
        run_query(small, query="ASK {}", name="types")


@pytest.mark.parametrize("text", [
    "SELEKT ?s WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s ?p ?o ",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT many",
    "SELECT ?s WHERE { ?s nope:x ?o }",
], ids=["keyword", "unclosed", "limit", "unknown-prefix"])
def test_query_bad_sparql(small, text):
    with pytest.raises(QueryError) as err:
        run_query(small, query=text)
    assert str(err.value).startswith("bad SPARQL: ")
    assert "\n" not in str(err.value)


def test_query_adhoc_with_predeclared_prefixes(small):
    result = run_query(small, query="SELECT ?name WHERE { ?a a dipl:State ; skos:prefLabel ?name } ORDER BY ?name")
    assert result.rows == [("North Korea",), ("Russia",)]


def test_query_ask(small):
    assert run_query(small, query="ASK { ?r dipl:negated true }").rows == [("true",)]
    result = run_query(small, query="ASK { ?r dipl:typeCode \"ASSAULT\" }")
    assert (result.columns, result.rows) == (["ask"], [("false",)])


def test_query_construct(small):
    result = run_query(small, query="CONSTRUCT { ?a dipl:partnerOf ?b } WHERE { ?a dipl:partnerOf ?b }")
    assert result.columns == ["s", "p", "o"]
    assert result.rows == [("https://w3id.org/dipkg/id/actor/state/PRK",
                            "https://w3id.org/dipkg/ontology#partnerOf",
                            "https://w3id.org/dipkg/id/actor/state/RUS")]


def test_query_unbound_is_none(small):
    result = run_query(small, query="SELECT ?x ?y WHERE { BIND(1 AS ?x) }")
    assert result.rows == [("1", None)]


# ------------------------------------------------------------------------- graph files

@pytest.mark.parametrize("text,message", [
    ("@prefix : <http://x/> .\n:a :b :c .\n:a :b \"x\" \"y\" .\n", "not valid Turtle at line 3: "),
    ("@prefix : <http://x/> .\n:a :b", "not valid Turtle"),
], ids=["line", "eof"])
def test_query_load_graph_bad_turtle(tmp_path, text, message):
    path = tmp_path / "graph.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_graph(path)
    assert str(err.value).startswith(f"{path}: {message}")
    assert "\n" not in str(err.value)


def test_query_load_graph_missing_and_unknown_suffix(tmp_path):
    with pytest.raises(QueryError, match="no such file"):
        load_graph(tmp_path / "missing.ttl")
    (tmp_path / "graph.xyz").write_text("", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown graph format"):
        load_graph(tmp_path / "graph.xyz")


@pytest.mark.parametrize("suffix,fmt", [(".nt", "nt"), (".jsonld", "json-ld")])
def test_query_load_graph_other_formats_same_rows(tmp_path, small, suffix, fmt):
    path = tmp_path / ("graph" + suffix)
    path.write_text(small.serialize(format=fmt), encoding="utf-8")
    other = load_graph(path)
    assert len(other) == len(small)
    assert run_query(other, name="dyad-summary").rows == run_query(small, name="dyad-summary").rows


def test_query_load_graph_bad_json(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text('{"@id": ', encoding="utf-8")
    with pytest.raises(QueryError, match=r"graph.jsonld: not valid JSON-LD at line 1"):
        load_graph(path)


# ------------------------------------------------------------------------- headers

def test_query_header_parsing():
    fields, params = parse_header(
        "# name: x\n# purpose: first line\n#   continued\n# params: a (optional actor: who)\n"
        "# params: t (type)\n# params: raw\n# columns: a, b\nSELECT * WHERE {}\n")
    assert fields == {"name": "x", "purpose": "first line continued", "columns": "a, b", "params": "a, t, raw"}
    assert [(p.name, p.kind, p.required, p.description) for p in params] == [
        ("a", "actor", False, "who"), ("t", "type", True, ""), ("raw", "text", True, "")]


@pytest.mark.parametrize("header,message", [
    ("# params: a (colour: x)\n", "unknown parameter kind 'colour'"),
    ("# params: a b c\n", "bad params line"),
    ("# name: x\n# name: y\n", "given twice"),
    ("# params: a\n# params: a\n", "declared twice"),
])
def test_query_header_errors(header, message):
    with pytest.raises(DataFileError, match=message):
        parse_header(header + "SELECT * WHERE {}\n", "q.rq")


def test_query_named_query_needs_placeholder(tmp_path):
    (tmp_path / "q.rq").write_text(
        "# name: q\n# purpose: p\n# params: actor (actor: who)\n# columns: x\nSELECT ?x WHERE { ?x ?p ?actor }\n",
        encoding="utf-8")
    with pytest.raises(DataFileError, match=r"no line 'VALUES \?actor \{ UNDEF \}'"):
        named_queries(tmp_path)


def test_query_named_query_name_must_match_file(tmp_path):
    (tmp_path / "q.rq").write_text("# name: other\n# purpose: p\n# columns: x\nSELECT ?x WHERE {}\n",
                                   encoding="utf-8")
    with pytest.raises(DataFileError, match="differs from the file name"):
        named_queries(tmp_path)


# ------------------------------------------------------------------------- formats

RESULT = QueryResult(["name", "note", "n"], [("Kim Jong-un", 'said "hi",\nthen left', "3"), ("Putin", None, "12")])


def test_query_format_table():
    text = format_result(RESULT, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["name", "note", "n"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 4
    # columns are aligned: each column starts at the same offset on every line
    starts = [lines[0].index("note"), lines[0].rindex(" n") + 1]
    assert lines[2][starts[0]:].startswith('said "hi", then left')
    assert lines[2][starts[1]:].startswith("3") and lines[3][starts[1]:].startswith("12")
    assert format_result(RESULT, "table", max_width=8).splitlines()[2].split("  ")[0] == "Kim Jon…"


def test_query_format_csv():
    rows = list(csv.reader(io.StringIO(format_result(RESULT, "csv"))))
    assert rows == [["name", "note", "n"], ["Kim Jong-un", 'said "hi",\nthen left', "3"], ["Putin", "", "12"]]


def test_query_format_json():
    assert json.loads(format_result(RESULT, "json")) == [
        {"name": "Kim Jong-un", "note": 'said "hi",\nthen left', "n": "3"},
        {"name": "Putin", "note": None, "n": "12"},
    ]


def test_query_format_unknown():
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        format_result(RESULT, "xml")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_format_named_result(small, fmt):
    text = format_result(run_query(small, name="partners-of", params={"actor": "Russia"}), fmt)
    assert "North Korea" in text and "Vladimir Putin" in text


# ------------------------------------------------------------------------------ row limits

@pytest.mark.parametrize("name,params", [("timeline", {"actor": "Russia"}), ("relations-of-type", {"type": "SUPPORT"}),
                                         ("partners-of", {"actor": "Russia"})])
def test_query_limit_cuts_rows_in_query_order(small, name, params):
    full = run_query(small, name=name, params={**params, "limit": "0"})
    assert full.limit is None and not full.truncated and len(full.rows) >= 2
    assert run_query(small, name=name, params=params).rows == full.rows  # the default, 500, cuts nothing here
    cut = run_query(small, name=name, params={**params, "limit": "1"})
    assert cut.limit == 1 and cut.truncated and len(cut.rows) == 1 and cut.rows[0] in full.rows
    if "date" in full.columns:
        # a mention of the latest date; which one, among several of that date, is decided by the
        # relation IRI first (see the query's header)
        i = full.columns.index("date")
        assert cut.rows[0][i] == full.rows[0][i]
    else:
        assert cut.rows == full.rows[:1]


@pytest.mark.parametrize("value", ["-1", "ten", "1.5", "", "1 } ?s ?p ?o", "\u0661"])
def test_query_limit_must_be_a_non_negative_integer(small, value):
    with pytest.raises(QueryError, match=r"timeline: parameter 'limit' must be a non-negative integer"):
        run_query(small, name="timeline", params={"actor": "Russia", "limit": value})


def test_query_limit_line_bound_or_dropped():
    text = query_text(name="relations-of-type", params={"type": "SUPPORT", "limit": " 007 "})
    assert [ln.strip() for ln in text.splitlines() if "LIMIT" in ln and not ln.lstrip().startswith("#")] == \
        ["LIMIT 7", "LIMIT 7"]
    text = query_text(name="relations-of-type", params={"type": "SUPPORT", "limit": "0"})
    assert not [ln for ln in text.splitlines() if "LIMIT" in ln and not ln.lstrip().startswith("#")]


def test_query_limit_bound_in_values_as_an_integer_or_undef():
    """A limit in a VALUES line is an integer the query can compare with, UNDEF for 0 (no limit)."""
    def values(limit: str) -> list[str]:
        text = query_text(name="relations-of-type", params={"type": "SUPPORT", "limit": limit})
        return [ln.strip() for ln in text.splitlines() if ln.strip().startswith("VALUES")]

    assert values(" 007 ") == ['VALUES (?type ?limit) { ("SUPPORT" 7) }'] * 2
    assert values("0") == ['VALUES (?type ?limit) { ("SUPPORT" UNDEF) }'] * 2


def test_query_header_limit_default_and_placeholder(tmp_path):
    fields, params = parse_header("# params: n (optional limit: rows; 0 = all; default 20)\n")
    assert params == (Param("n", "limit", required=False, description="rows; 0 = all; default 20", default="20"),)
    with pytest.raises(DataFileError, match="not a non-negative integer"):
        parse_header("# params: n (optional limit: rows; default many)\n")
    (tmp_path / "q.rq").write_text("# name: q\n# purpose: p\n# params: n (optional limit: rows; default 2)\n"
                                   "# columns: s\nSELECT ?s WHERE { ?s ?p ?o }\n")
    with pytest.raises(DataFileError, match=r"no line 'LIMIT \?n'"):
        named_queries(tmp_path)
