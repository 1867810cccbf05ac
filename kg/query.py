"""Query stage: a graph file + a SPARQL query (ad hoc or named) -> a table of strings.

Named queries live in ``kg/queries/<name>.rq``, one per file, each opening with a header::

    # name: partners-of
    # purpose: what it answers (continuation lines are indented comments)
    # params: actor (actor: name, alias or country code of an actor, case-insensitive)
    # params: b (optional actor: ...)
    # columns: partner, partner_code, type, ...

Each ``params`` line declares one parameter as ``NAME ([optional] KIND: description)``, where
KIND says how a value is normalised before it is bound: ``actor`` (stripped and lower-cased),
``type`` (upper-cased relation type code such as ``SUPPORT``), ``relation`` (a relation IRI,
``<>`` removed, or its last path segment), ``text`` (stripped) and ``limit`` (a row limit: a
non-negative integer, 0 = no limit). A description ending in ``default VALUE`` (after a ``;`` or
``,``) gives the value an optional parameter takes when it is not given, e.g.
``# params: limit (optional limit: at most this many rows, the most recent first; 0 = all; default 500)``.

A ``limit`` parameter is bound where the query has a line ``LIMIT ?name`` (a line of its own;
it may occur several times, e.g. in a sub-select that picks the relations first and at the end):
run_query writes the number there, or drops the line for 0. A query may also bind it in a
``VALUES`` line like any parameter (below), as an integer, or UNDEF for 0, to compute with it
(e.g. to read only the index nodes the limit can reach). The number is checked to be a
non-negative integer, so nothing else can reach the query text. The query's ORDER BY says which
rows a limit keeps; the result's ``limit`` field tells callers the limit that applied, so they
can say when a result may have been cut.

``actor`` and ``relation`` parameters stand for IRIs in the query: ``VALUES ?actor { UNDEF }``
receives the IRIs of every actor whose prefLabel or altLabel equals the value case-insensitively
(or, for the code of a current state or top-level IGO, that actor), and ``VALUES ?relation { UNDEF }``
the relation(s) with that IRI or last path segment. run_query looks them up first, with a small
query on the same graph (rdflib, the store or the endpoint), and binds the IRIs; query_text, which
has no graph, puts the lookup itself in place of the VALUES line, as a sub-select. Both give the
same rows; binding IRIs lets the engine start from the actor's own relations (Oxigraph joined the
sub-select with every relation of the store: 16 s for partners-of on 1.9M triples, 1 s with IRIs).

Values never go into the query text by string formatting: each value is written as an escaped
SPARQL literal into a ``VALUES`` block (an actor or relation as that literal inside the lookup,
or as the IRIs the lookup found, each checked to hold no character an IRI may not). A named
query marks where each parameter is bound with a line ``VALUES ?name { UNDEF }`` inside the
group that uses it, or binds several together with ``VALUES (?a ?b) { (UNDEF UNDEF) }`` (one
block with every combination of their values); run_query puts the values in place of
``UNDEF`` (a missing optional parameter stays ``UNDEF``, i.e. unbound, which the query reads
as "any"). A query without such a line (an ad-hoc query) gets a SPARQL 1.1 trailing
``VALUES`` block instead. Both forms run on rdflib, Oxigraph and any endpoint.

Why not only the trailing block: SPARQL joins a trailing VALUES block with the *finished*
WHERE result (spec 18.2.4.3), so a FILTER inside WHERE never sees the value and the query has
to be evaluated for every actor before the join throws most of it away. On rdflib that made
partners-of take 30 s on 500 relations; with the value bound inside the group it takes
well under a second.

rdflib is the engine; it is used only in ``_parse``/``_execute`` and ``load_graph``, so another
engine (Oxigraph) can be put behind ``run_query`` without touching callers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import BNode, Dataset, Graph
from rdflib.term import Node

from .config import QUERIES_DIR
from .errors import DataFileError, QueryError
from .graph.namespaces import ID, PREFIXES

log = logging.getLogger(__name__)

ParamKind = TypingLiteral["actor", "type", "relation", "text", "limit"]
PARAM_KINDS = ("actor", "type", "relation", "text", "limit")
HEADER_KEYS = ("name", "purpose", "params", "columns")
FORMATS = ("table", "csv", "json")

# suffix -> (rdflib parser name, human name, needs a Dataset)
GRAPH_FORMATS = {
    ".ttl": ("turtle", "Turtle", False),
    ".turtle": ("turtle", "Turtle", False),
    ".nt": ("nt", "N-Triples", False),
    ".ntriples": ("nt", "N-Triples", False),
    ".jsonld": ("json-ld", "JSON-LD", False),
    ".json": ("json-ld", "JSON-LD", False),
    ".n3": ("n3", "N3", False),
    ".rdf": ("xml", "RDF/XML", False),
    ".xml": ("xml", "RDF/XML", False),
    ".trig": ("trig", "TriG", True),
    ".nq": ("nquads", "N-Quads", True),
}


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: ParamKind = "text"
    required: bool = True
    description: str = ""
    default: str | None = None  # the value of an optional parameter that is not given


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query file: its header fields and its full text (header comments included)."""

    name: str
    path: Path | None
    purpose: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if not p.required)


@dataclass(slots=True)
class QueryResult:
    """Column names and rows of lexical values (None where a variable is unbound).

    ``limit`` is the row limit the query ran with (a ``limit`` parameter, given or its default),
    None when nothing limited it; ``truncated`` says whether the rows may have been cut by it.
    """

    columns: list[str]
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    limit: int | None = None

    @property
    def truncated(self) -> bool:
        return self.limit is not None and len(self.rows) >= self.limit


# ----------------------------------------------------------------------------------- headers

_HEADER_LINE = re.compile(r"#\s*([A-Za-z_]+)\s*:\s*(.*)$")
_PARAM_DECL = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*(?P<optional>optional\s+)?(?P<kind>[a-z]+)\s*(?::\s*(?P<desc>.*))?\)\s*)?$"
)


def parse_header(text: str, path: Path | str | None = None) -> tuple[dict[str, str], tuple[Param, ...]]:
    """Read the leading ``# key: value`` comment block of a query.

    Returns the header fields (``params`` holds the declared names, comma-separated, when the
    header has a params line) and the declared parameters. No header gives ``({}, ())``.

    Raises:
        DataFileError: a malformed ``params`` line, an unknown parameter kind or a repeated key.
    """
    where = str(path) if path is not None else "<query>"
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            last = None
            continue
        if not line.startswith("#"):
            break
        m = _HEADER_LINE.match(line)
        if m and m.group(1).lower() in HEADER_KEYS:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "params":
                fields.setdefault("params", "")
                if value.lower() not in ("", "none", "-"):
                    params.append(_parse_param(value, where, lineno))
                    fields["params"] = ", ".join(p for p in (fields["params"], params[-1].name) if p)
                last = None
                continue
            if key in fields:
                raise DataFileError(where, lineno, f"header key {key!r} given twice")
            fields[key] = value
            last = key
        elif last is not None and raw.startswith("#  "):
            # an indented comment line continues the previous key
            fields[last] = (fields[last] + " " + line.lstrip("#").strip()).strip()
        else:
            last = None
    names = [p.name for p in params]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise DataFileError(where, None, f"parameter {min(dup)!r} declared twice")
    return fields, tuple(params)


def _parse_param(value: str, where: str, lineno: int) -> Param:
    m = _PARAM_DECL.match(value)
    if not m:
        raise DataFileError(where, lineno, f"bad params line {value!r}; expected 'NAME ([optional] KIND: description)'")
    kind = m.group("kind") or "text"
    if kind not in PARAM_KINDS:
        raise DataFileError(where, lineno, f"unknown parameter kind {kind!r}; expected one of {', '.join(PARAM_KINDS)}")
    desc = (m.group("desc") or "").strip()
    d = _DEFAULT.search(desc)
    default = d.group(1) if d else None
    if default is not None and not m.group("optional"):
        raise DataFileError(where, lineno, f"parameter {m.group('name')!r} is required but has a default")
    if default is not None and kind == "limit" and not default.isdigit():
        raise DataFileError(where, lineno, f"parameter {m.group('name')!r}: default {default!r} is not a "
                                           f"non-negative integer")
    return Param(m.group("name"), kind, required=not m.group("optional"),  # type: ignore[arg-type]
                 description=desc, default=default)


_DEFAULT = re.compile(r"(?:^|[;,]\s*)default\s+(\S+?)\s*$")


def load_query_file(path: Path | str) -> NamedQuery:
    """Read one ``.rq`` file (named or not) with its header.

    Raises:
        QueryError: the file cannot be read.
        DataFileError: its header is malformed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read query file ({exc.strerror or exc})") from None
    fields, params = parse_header(text, path)
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return NamedQuery(name=fields.get("name", path.stem), path=path, purpose=fields.get("purpose", ""),
                      params=params, columns=columns, text=text)


def named_queries(directory: Path | str | None = None) -> dict[str, NamedQuery]:
    """The shipped named queries (``kg/queries/*.rq``), by name, sorted.

    Raises:
        DataFileError: a file lacks ``name``/``columns`` or its name differs from the file stem.
    """
    folder = Path(directory) if directory is not None else QUERIES_DIR
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        q = load_query_file(path)
        fields, _ = parse_header(q.text, path)
        for key in ("name", "purpose", "columns"):
            if not fields.get(key):
                raise DataFileError(str(path), 1, f"header lacks '# {key}:'")
        if q.name != path.stem:
            raise DataFileError(str(path), 1, f"header name {q.name!r} differs from the file name {path.stem!r}")
        for p in q.params:
            if not has_placeholder(q.text, p.name, p.kind):
                line = f"LIMIT ?{p.name}" if p.kind == "limit" else f"VALUES ?{p.name} {{ UNDEF }}"
                raise DataFileError(str(path), None, f"parameter {p.name!r} has no line '{line}'")
        out[q.name] = q
    return out


# ------------------------------------------------------------------------------------ graphs

class StoreGraph:
    """A kg store folder (``output/store`` or the build folder holding it), queried with Oxigraph."""

    def __init__(self, folder: Path):
        from .store import AGGREGATES_VERSION, GraphStore, being_written

        self.store = GraphStore(folder, read_only=True)
        found = self.store.aggregates_version()
        if found != AGGREGATES_VERSION and self.store.articles():
            # the named queries read precomputed counts this store lacks or holds in an older form
            raise QueryError(f"{folder}: the store's precomputed counts are out of date (version "
                             f"{found or 'none'}, expected {AGGREGATES_VERSION}); run `kg build` on it "
                             f"once more to recompute them")
        if self.store.interrupted() and not being_written(self.store.folder):
            raise QueryError(f"{folder}: a build stopped before it computed the counts of what it wrote; "
                             f"run `kg build` on it once more to complete them")

    def run(self, text: str) -> QueryResult:
        try:
            result = self.store.query(text)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL: {_first_line(str(exc))}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {_first_line(str(exc))}") from None
        return _from_oxigraph(result)


class EndpointGraph:
    """A remote SPARQL 1.1 endpoint (Protocol: POST, results as SPARQL JSON)."""

    def __init__(self, url: str, timeout: float = 60.0):
        if not re.match(r"^https?://", url):
            raise QueryError(f"{url}: an endpoint must be an http(s) URL")
        self.url, self.timeout = url, timeout

    def run(self, text: str) -> QueryResult:
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode({"query": text}).encode()
        req = urllib.request.Request(self.url, data=data, headers={
            "Accept": "application/sparql-results+json, application/n-triples;q=0.5",
            "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body = resp.read().decode("utf-8")
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read().decode("utf-8", "replace"))
            raise QueryError(f"{self.url}: HTTP {exc.code}: {detail or exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise QueryError(f"{self.url}: cannot reach the endpoint: {getattr(exc, 'reason', exc)}") from None
        if "json" not in ctype:
            rows = [tuple(part.strip("<>") for part in line.rstrip(" .").split(" ", 2))
                    for line in body.splitlines() if line.strip()]
            return QueryResult(["s", "p", "o"], rows)
        doc = json.loads(body)
        if "boolean" in doc:
            return QueryResult(["ask"], [("true" if doc["boolean"] else "false",)])
        columns = doc["head"].get("vars", [])
        rows = [tuple((b.get(c) or {}).get("value") for c in columns) for b in doc["results"]["bindings"]]
        return QueryResult(columns, rows)


def _from_oxigraph(result) -> QueryResult:
    def lex(term):
        if term is None:
            return None
        value = getattr(term, "value", None)
        return ("_:" + value) if type(term).__name__ == "BlankNode" else (value if value is not None else str(term))

    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return QueryResult(["ask"], [("true" if bool(result) else "false",)])
    if type(result).__name__ == "QueryTriples":
        rows = sorted(tuple(lex(x) for x in (t.subject, t.predicate, t.object)) for t in result)
        return QueryResult(["s", "p", "o"], rows)
    columns = [v.value for v in result.variables]
    return QueryResult(columns, [tuple(lex(sol[c]) for c in columns) for sol in result])


def load_graph(path: Path | str) -> Graph:
    """Parse a graph file, its format chosen by suffix (.ttl, .nt, .jsonld/.json, .trig, .nq, ...).

    TriG and N-Quads give a Dataset whose default graph is the union of its named graphs.

    Raises:
        QueryError: the file is missing, has an unknown suffix or cannot be parsed; the message
            names the file, e.g. "graph.ttl: not valid Turtle at line 3: ...".
    """
    path = Path(path)
    if path.is_dir():
        for folder in (path, path / "store"):
            if (folder / "oxigraph").is_dir():
                return StoreGraph(folder)
        raise QueryError(f"{path}: a folder but not a kg store (no oxigraph/ inside)")
    suffix = path.suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise QueryError(f"{path}: unknown graph format {suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(sorted(GRAPH_FORMATS))}")
    fmt, human, quads = GRAPH_FORMATS[suffix]
    if not path.is_file():
        raise QueryError(f"{path}: no such file")
    graph: Graph = Dataset(default_union=True) if quads else Graph()
    try:
        with path.open("rb") as fh:
            graph.parse(fh, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - parsers raise many kinds (BadSyntax, ParseError, JSONDecodeError, ...)
        raise QueryError(f"{path}: not valid {human}{_where(exc)}: {_first_line(_reason(exc))}") from None
    return graph


def _where(exc: Exception) -> str:
    line = getattr(exc, "lineno", None) or getattr(exc, "lines", None)
    if isinstance(line, int):
        # rdflib's Turtle BadSyntax counts lines from 0
        return f" at line {line + 1 if type(exc).__name__ == 'BadSyntax' else line}"
    m = re.search(r"\bline[: ]+(\d+)", str(exc))
    return f" at line {m.group(1)}" if m else ""


def _reason(exc: Exception) -> str:
    why = getattr(exc, "_why", None)  # rdflib BadSyntax keeps the reason apart from the context
    if isinstance(why, str) and why:
        return why
    msg = getattr(exc, "msg", None)  # json.JSONDecodeError
    if isinstance(msg, str) and msg and not str(exc).startswith(msg):
        return msg
    return str(exc) or type(exc).__name__


def _first_line(text: str) -> str:
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return ""


# ----------------------------------------------------------------------------------- running

def query_text(query: str | None = None, name: str | None = None, params: dict[str, str] | None = None) -> str:
    """The exact SPARQL text run_query sends to the engine: prefixes added, parameter values bound.

    Use it to send a named query to another engine (a store, an endpoint) yourself.

    Raises:
        QueryError: as run_query, for everything but evaluation.
    """
    text, declared, values = _prepare(query, name, params)
    return _with_prefixes(_apply_values(text, values, {p.name: p.kind for p in declared}))


def _prepare(query: str | None, name: str | None, params: dict[str, str] | None
             ) -> tuple[str, tuple[Param, ...], list[tuple[str, str | None]]]:
    """(query text, declared parameters, checked and normalised values)."""
    if (query is None) == (name is None):
        raise QueryError("give either a query text or a query name")
    if name is not None:
        queries = named_queries()
        if name not in queries:
            raise QueryError(f"unknown query {name!r}; named queries: {', '.join(queries)}")
        text = queries[name].text
        declared = queries[name].params
        strict = True
        where = name
    else:
        text = query or ""
        fields, declared = parse_header(text)
        strict = "params" in fields
        where = "query"
    return text, declared, _bind(text, declared, dict(params or {}), where, strict)


def run_query(graph: Graph, query: str | None = None, name: str | None = None,
              params: dict[str, str] | None = None) -> QueryResult:
    """Run an ad-hoc query (``query``) or a named one (``name``) with parameter values.

    A query text with a header is checked against its declared parameters; one without a
    header accepts any parameter whose ``?variable`` occurs in it, bound by a trailing VALUES
    block. The dipl, id, schema, prov, skos, owl, xsd, rdf, rdfs and wd prefixes are
    predeclared when a query does not declare them. SELECT gives its variables as columns; ASK
    one row ``("true",)`` or ``("false",)`` under ``ask``; CONSTRUCT and DESCRIBE the triples
    as ``s, p, o`` rows.

    Raises:
        QueryError: neither or both of ``query`` and ``name``; an unknown name (the message
            lists the names); a missing, unknown or empty parameter; bad SPARQL; a failure
            while evaluating.
    """
    text, declared, values = _prepare(query, name, params)
    kinds = {p.name: p.kind for p in declared}
    resolved = {k: _resolve(graph, kinds[k], v) for k, v in values
                if v is not None and kinds.get(k) in _LOOKUPS and has_placeholder(text, k)}
    result = _run(graph, _with_prefixes(_apply_values(text, values, kinds, resolved)))
    limits = [int(v) for k, v in values if kinds.get(k) == "limit" and v is not None and int(v) > 0]
    result.limit = min(limits) if limits else None
    return result


def _run(graph: Graph, full: str) -> QueryResult:
    if isinstance(graph, (StoreGraph, EndpointGraph)):
        return graph.run(full)
    return _execute(graph, _parse(full))


# Lookups that turn an actor or relation parameter into IRIs ($var: the variable, $value: the
# parameter as a SPARQL literal). Actors: a label in any case, or the code of a current state or
# top-level IGO (not the persons and bodies that carry it).
_LOOKUPS = {
    "actor": """{ ?$var skos:prefLabel|skos:altLabel ?${var}_label }
UNION
{ ?$var dipl:countryCode ?${var}_label ;
       dipl:actorType ?${var}_code_type .
  FILTER(?${var}_code_type IN ("COUNTRY", "IGO"))
  FILTER NOT EXISTS { ?$var dipl:historical true }
  FILTER NOT EXISTS { ?$var dipl:parentOrganisation ?${var}_parent } }
FILTER(LCASE(STR(?${var}_label)) = LCASE($value))""",
    "relation": """?$var a dipl:Relation .
FILTER(STR(?$var) = $value || REPLACE(STR(?$var), "^.*[/#]", "") = $value)""",
}
# Bound when a value names nothing: no triple has it, so the query returns no rows (an empty
# VALUES block would say the same, but rdflib cannot evaluate one).
NO_MATCH = "urn:x-kg:no-match"
_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


def _lookup(kind: str, var: str, value: str, indent: str = "  ") -> str:
    from string import Template

    # indent before substituting: a value may hold characters str.splitlines() splits at (U+2028)
    template = "\n".join(indent + line for line in _LOOKUPS[kind].split("\n"))
    return Template(template).substitute(var=var, value=sparql_literal(value))


def _resolve(graph: Graph, kind: str, value: str) -> list[str] | None:
    """The IRIs a parameter value names in ``graph``, sorted; None when one of them cannot be
    written as an IRI (a blank node), so the caller falls back to the lookup inside the query."""
    if kind == "relation":
        # a kg relation IRI or segment is checked directly; anything else is looked for by its text
        iri = value if ":" in value else str(ID["relation/" + value])
        if _SAFE_IRI.fullmatch(iri):
            hit = _run(graph, _with_prefixes(f"SELECT ?x WHERE {{ VALUES ?x {{ <{iri}> }} ?x a dipl:Relation }}"))
            if hit.rows:
                return [iri]
    found = _run(graph, _with_prefixes(f"SELECT DISTINCT ?x WHERE {{\n{_lookup(kind, 'x', value)}\n}}"))
    iris = sorted({row[0] for row in found.rows if row[0] is not None})
    if not all(_SAFE_IRI.fullmatch(i) for i in iris):  # "_:b0" (a blank node) does not match
        return None
    return iris


def _bind(text: str, declared: tuple[Param, ...], given: dict[str, str], where: str,
          strict: bool | None = None) -> list[tuple[str, str | None]]:
    """Check the given values against the declared parameters and normalise them.

    Not ``strict`` (a query without a params header): any parameter naming a variable of the query.
    """
    if strict is None:
        strict = bool(declared)
    for key, value in given.items():
        if not isinstance(value, str):
            raise QueryError(f"{where}: parameter {key!r} must be a string, not {type(value).__name__}")
    if not strict:
        adhoc: list[tuple[str, str | None]] = []
        for key in sorted(given):
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) or not re.search(rf"[?$]{key}\b", text):
                raise QueryError(f"{where}: unknown parameter {key!r}; the query has no variable ?{key}")
            adhoc.append((key, given[key]))
        return adhoc
    known = {p.name: p for p in declared}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise QueryError(f"{where}: unknown parameter {unknown[0]!r}; "
                         + (f"parameters: {', '.join(known)}" if known else "the query takes no parameters"))
    out: list[tuple[str, str | None]] = []
    for p in declared:
        if p.name not in given:
            if p.required:
                raise QueryError(f"{where}: missing parameter {p.name!r} ({p.description or p.kind}); "
                                 f"give it as --param {p.name}=VALUE")
            out.append((p.name, None if p.default is None else _normalise(p, p.default)))
            continue
        value = _normalise(p, given[p.name])
        if p.required and not value:
            raise QueryError(f"{where}: parameter {p.name!r} is empty")
        if p.kind == "limit":
            if not value.isascii() or not value.isdigit():
                raise QueryError(f"{where}: parameter {p.name!r} must be a non-negative integer "
                                 f"(0 = all rows), not {given[p.name]!r}")
            value = str(int(value))
        out.append((p.name, value))
    return out


def _normalise(p: Param, value: str) -> str:
    value = value.strip()
    if p.kind == "actor":
        return value.lower()
    if p.kind == "type":
        return value.upper()
    if p.kind == "relation":
        return value.removeprefix("<").removesuffix(">").strip()
    return value


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_literal(value: str) -> str:
    """A SPARQL string literal for any Python string.

    Quotes, backslashes and line breaks are escaped. A ``u``/``U`` right after a backslash is
    written ``\\U00000075``/``\\U00000055``: SPARQL lets engines expand ``\\uXXXX`` anywhere in the query
    text before parsing (rdflib does), which would otherwise turn a value's ``\\u0022`` into a quote.
    """
    out = []
    after_backslash = False
    for ch in value:
        if after_backslash and ch in "uU":
            out.append(f"\\U{ord(ch):08X}")  # 8 digits: rdflib reads \\u + 8 hex digits as one code point
        else:
            out.append(_ESCAPES.get(ch, ch))
        after_backslash = ch == "\\"
    return '"' + "".join(out) + '"'


def _values_block(values: list[tuple[str, str | None]]) -> str:
    """A trailing ``VALUES`` block for (name, value) pairs; None is UNDEF. Prefer query_text()."""
    if not values:
        return ""
    names = " ".join(f"?{k}" for k, _ in values)
    row = " ".join("UNDEF" if v is None else sparql_literal(v) for _, v in values)
    return f"\nVALUES ({names}) {{ ({row}) }}\n"


def _placeholder(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(\s*VALUES\s+\?{re.escape(name)}\s*\{{\s*)UNDEF(\s*\}})", re.MULTILINE)


_TUPLE_PLACEHOLDER = re.compile(
    r"^(\s*)VALUES\s*\(\s*((?:\?[A-Za-z_][A-Za-z0-9_]*\s*)+)\)\s*\{\s*\(\s*((?:UNDEF\s*)+)\)\s*\}(.*)$")


def _tuple_names(line: str) -> list[str]:
    """The variables of a line ``VALUES (?a ?b) { (UNDEF UNDEF) }``, or [] for any other line."""
    m = _TUPLE_PLACEHOLDER.match(line)
    if not m:
        return []
    names = re.findall(r"\?([A-Za-z_][A-Za-z0-9_]*)", m.group(2))
    return names if len(names) == len(m.group(3).split()) else []


def _limit_placeholder(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(\s*)LIMIT\s+\?{re.escape(name)}\s*$", re.IGNORECASE)


def has_placeholder(text: str, name: str, kind: str | None = None) -> bool:
    """Whether a query marks where ``name`` is bound, with a line ``VALUES ?name { UNDEF }`` (or a
    line ``VALUES (?name ?other) { (UNDEF UNDEF) }`` that binds several parameters together); for
    a ``limit`` parameter, a line ``LIMIT ?name``."""
    if kind == "limit":
        return any(_limit_placeholder(name).match(line) for line in _code_lines(text))
    return any(_placeholder(name).match(line) or name in _tuple_names(line) for line in _code_lines(text))


def _code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def _apply_values(text: str, values: list[tuple[str, str | None]], kinds: dict[str, str] | None = None,
                  resolved: dict[str, list[str] | None] | None = None) -> str:
    """Put each value into its placeholder lines, or else into a trailing block.

    An actor or relation parameter (``kinds``) gets its ``resolved`` IRIs, or else the lookup
    sub-select in place of the line (see the module docstring). A line binding several
    parameters together, ``VALUES (?a ?b) { (UNDEF UNDEF) }``, gets every combination of their
    values in one VALUES block: Oxigraph then starts from both actors at once, where two
    separate blocks made it join one of them with every relation of the other (0.7 s, not 0.03 s).
    """
    kinds, resolved = kinds or {}, resolved or {}
    given = dict(values)
    used: set[str] = set()

    def terms(name: str) -> list[str] | None:
        """The terms to bind, or None for a lookup sub-select."""
        value = given.get(name)
        if value is None:
            return ["UNDEF"]
        if kinds.get(name) == "limit":  # checked by _bind: digits only
            return [str(int(value))] if int(value) > 0 else ["UNDEF"]
        iris = resolved.get(name)
        if iris is not None:
            return [f"<{i}>" for i in iris or [NO_MATCH]]
        if kinds.get(name) in _LOOKUPS:
            return None
        return [sparql_literal(value)]

    def subselect(name: str, indent: str) -> str:
        return (f"{indent}{{\n{indent}  SELECT DISTINCT ?{name} WHERE {{\n"
                f"{_lookup(kinds[name], name, given[name] or '', indent + '    ')}\n{indent}  }}\n{indent}}}")

    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        limit = next((n for n in given if kinds.get(n) == "limit" and _limit_placeholder(n).match(line)), None)
        if limit is not None:
            used.add(limit)
            n = int(given[limit] or 0)  # checked by _bind; a missing limit without default: no limit
            lines[i] = f"{line[: len(line) - len(line.lstrip())]}LIMIT {n}" if n > 0 else ""
            continue
        names = _tuple_names(line)
        if names:
            m = _TUPLE_PLACEHOLDER.match(line)
            indent = m.group(1)
            used |= {n for n in names if n in given}
            cols, options, subs = [], [], []
            for n in names:
                t = terms(n)
                if t is None:
                    subs.append(subselect(n, indent))
                else:
                    cols.append(n)
                    options.append(t)
            rows = " ".join("(" + " ".join(r) + ")" for r in itertools.product(*options))
            head = [f"{indent}VALUES ({' '.join('?' + c for c in cols)}) {{ {rows} }}{m.group(4)}"] if cols else []
            lines[i] = "\n".join(head + subs)
            continue
        for name in given:
            pattern = _placeholder(name)
            if pattern.match(line):
                used.add(name)
                t = terms(name)
                if t is None:
                    lines[i] = subselect(name, line[: len(line) - len(line.lstrip())])
                else:
                    lines[i] = pattern.sub(lambda m, lit=" ".join(t): m.group(1) + lit + m.group(2), line, count=1)
                break
    trailing = [(n, v) for n, v in values if n not in used and kinds.get(n) != "limit"]
    return "\n".join(lines) + "\n" + _values_block(trailing).lstrip("\n")


def _with_prefixes(text: str) -> str:
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
               if not re.search(rf"(?im)^\s*PREFIX\s+{re.escape(p)}\s*:", text)]
    return ("\n".join(missing) + "\n" + text) if missing else text


# The engine. Everything rdflib-specific about running a query is below this line.

def _parse(text: str):
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing.ParseException, or an algebra error
        raise QueryError(f"bad SPARQL: {_first_line(str(exc)) or type(exc).__name__}") from None


def _execute(graph: Graph, prepared) -> QueryResult:
    try:
        result = graph.query(prepared)
        kind = result.type
        if kind == "ASK":
            return QueryResult(["ask"], [("true" if result.askAnswer else "false",)])
        if kind in ("CONSTRUCT", "DESCRIBE"):
            triples = sorted(result.graph, key=lambda t: tuple(_lex(x) or "" for x in t))
            return QueryResult(["s", "p", "o"], [tuple(_lex(x) for x in t) for t in triples])
        columns = [str(v) for v in (result.vars or [])]
        rows = [tuple(_lex(row[i]) for i in range(len(columns))) for row in result]
    except QueryError:
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib's evaluator raises plain Exceptions too
        raise QueryError(f"query failed: {_first_line(str(exc)) or type(exc).__name__}") from None
    return QueryResult(columns, rows)


def _lex(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


# -------------------------------------------------------------------------------- formatting

def format_result(result: QueryResult, fmt: str = "table", max_width: int | None = 80) -> str:
    """Render a result as an aligned text table, CSV or a JSON list of objects.

    ``max_width`` shortens table cells (with "…"); csv and json are never shortened. Unbound
    values are empty in table and csv and ``null`` in json.

    Raises:
        QueryError: an unknown format.
    """
    if fmt == "json":
        objects = [dict(zip(result.columns, row)) for row in result.rows]
        return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buf.getvalue()
    if fmt == "table":
        return _table(result, max_width)
    raise QueryError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _table(result: QueryResult, max_width: int | None) -> str:
    def cell(v: str | None) -> str:
        s = "" if v is None else " ".join(str(v).split())
        if max_width and len(s) > max_width:
            s = s[: max_width - 1] + "…"
        return s

    header = [cell(c) for c in result.columns]
    body = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(header[i])] + [len(r[i]) for r in body]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in body]
    return "\n".join(lines) + "\n"
