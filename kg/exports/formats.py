"""Export stage: an RDF graph -> a file in one of the formats users take elsewhere (``kg export``).

- ``turtle``, ``nquads``, ``jsonld``: rdflib's serializers (RDF tools, triple stores). N-Quads
  lines are sorted; JSON-LD is compacted with a small ``@context`` (dipl, id, schema, skos, prov,
  owl, xsd, rdf) and its node and value arrays are sorted, so every export is deterministic.
- ``gexf``, ``graphml``: the networkx projection of ``kg.analysis.to_networkx`` (Gephi, yEd,
  Cytoscape). Nodes are actors (``label``, ``type``, ``country``); edges are relations
  (``relation_type``, ``weight``, ``goldstein``, ``negated``, ``date``, ``mentions``, ...; not
  ``type``, which GEXF reserves for directed/undirected). Both formats reject None, so absent
  values are left out; GEXF's date stamp is dropped so the file is deterministic. ``weight`` is
  the number of mentions (at least 1) and the signed Goldstein-style weight is ``goldstein``:
  Gephi skips edges of negative weight in its preview and has crashed on zero weights
  (gephi/gephi#269, #1945).
- ``csv``: the event table an event-data user expects, one row per relation mention
  (``CSV_COLUMNS``), from one SPARQL query (``EVENTS_QUERY``).

Every file is written through ``kg.outputs.atomic_open``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from ..errors import ExportError
from ..graph.namespaces import DIPL, ID, PREFIXES, SCHEMA, bind_prefixes
from ..outputs import atomic_open
from ..records import RelationType

FORMATS = ("turtle", "nquads", "jsonld", "gexf", "graphml", "csv")
SUFFIXES = {"turtle": ".ttl", "nquads": ".nq", "jsonld": ".jsonld", "gexf": ".gexf", "graphml": ".graphml",
            "csv": ".csv"}

JSONLD_CONTEXT = {
    "dipl": str(DIPL), "id": str(ID), "schema": str(SCHEMA), "skos": str(PREFIXES["skos"]),
    "prov": str(PREFIXES["prov"]), "owl": str(PREFIXES["owl"]), "xsd": str(PREFIXES["xsd"]),
    "rdf": str(PREFIXES["rdf"]), "rdfs": str(PREFIXES["rdfs"]), "wd": str(PREFIXES["wd"]),
}

CSV_COLUMNS = ("date", "source", "source_country", "source_type", "type", "relation_class", "plover", "cameo",
               "goldstein", "quad_class", "negated", "modality", "target", "target_country", "target_type",
               "confidence", "article", "sentence_index", "sentence", "relation")

EVENTS_QUERY = """PREFIX dipl: <https://w3id.org/dipkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
SELECT ?rel ?m ?date ?source ?source_country ?source_type ?type ?classes ?cameo ?goldstein ?quad_class
       ?negated ?modality ?target ?target_country ?target_type ?confidence ?article ?sentence_index ?sentence
WHERE {
  ?rel dipl:source ?s ; dipl:target ?t ; dipl:typeCode ?type ; dipl:hasMention ?m .
  { SELECT ?rel (GROUP_CONCAT(STR(?c); separator=" ") AS ?classes)
    WHERE { ?rel dipl:typeCode ?_tc ; a ?c } GROUP BY ?rel }
  OPTIONAL { ?s skos:prefLabel ?source }
  OPTIONAL { ?s dipl:countryCode ?source_country }
  OPTIONAL { ?s dipl:actorType ?source_type }
  OPTIONAL { ?t skos:prefLabel ?target }
  OPTIONAL { ?t dipl:countryCode ?target_country }
  OPTIONAL { ?t dipl:actorType ?target_type }
  OPTIONAL { ?rel dipl:cameoCode ?cameo }
  OPTIONAL { ?rel dipl:goldsteinWeight ?goldstein }
  OPTIONAL { ?rel dipl:quadClass ?quad_class }
  OPTIONAL { ?rel dipl:negated ?negated }
  OPTIONAL { ?rel dipl:modality ?modality }
  OPTIONAL { ?rel dipl:confidence ?rel_conf }
  OPTIONAL { ?m dipl:confidence ?m_conf }
  OPTIONAL { ?m dipl:sentenceIndex ?sentence_index }
  OPTIONAL { ?m dipl:sentenceText ?sentence }
  OPTIONAL { ?m dipl:date ?m_date }
  OPTIONAL { ?m dipl:inArticle ?a .
             OPTIONAL { ?a dipl:docId ?doc } OPTIONAL { ?a schema:datePublished ?published } }
  BIND(COALESCE(?m_date, ?published) AS ?date)
  BIND(COALESCE(?m_conf, ?rel_conf) AS ?confidence)
  BIND(COALESCE(?doc, REPLACE(STR(?a), "^.*/", "")) AS ?article)
}
"""


def export_graph(graph: Graph, path: str | Path, fmt: str) -> Path:
    """Write ``graph`` to ``path`` in format ``fmt`` (one of ``FORMATS``), atomically.

    Raises:
        ExportError: an unknown format (the message lists the formats).
    """
    writers: dict[str, Callable[[Graph, Path], None]] = {
        "turtle": _turtle, "nquads": _nquads, "jsonld": _jsonld, "gexf": _gexf, "graphml": _graphml, "csv": _csv,
    }
    key = fmt.lower().replace("-", "").replace("_", "")
    key = {"ttl": "turtle", "nq": "nquads", "json": "jsonld"}.get(key, key)
    if key not in writers:
        raise ExportError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    writers[key](graph, path)
    return path


# --------------------------------------------------------------------------------------- RDF

def _turtle(graph: Graph, path: Path) -> None:
    data = _bound(graph).serialize(format="turtle", encoding="utf-8")
    _write_bytes(path, data)


def _nquads(graph: Graph, path: Path) -> None:
    if getattr(graph.store, "context_aware", False) and isinstance(graph, Dataset):
        data = graph.serialize(format="nquads", encoding="utf-8")
    else:
        data = graph.serialize(format="nt", encoding="utf-8")  # default-graph quads are N-Triples lines
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    _write_bytes(path, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))


def _jsonld(graph: Graph, path: Path) -> None:
    text = _bound(graph).serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
    doc = _sorted_jsonld(json.loads(text))
    _write_bytes(path, (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _sorted_jsonld(node: Any, key: str | None = None) -> Any:
    """Sort JSON-LD arrays (unordered sets in RDF) recursively; ``@list`` arrays keep their order."""
    if isinstance(node, dict):
        return {k: _sorted_jsonld(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def _bound(graph: Graph) -> Graph:
    return bind_prefixes(graph)


# ---------------------------------------------------------------------------------- networkx

def graph_for_export(graph: Graph):
    """The networkx projection with export-ready attributes (no None; ``weight`` = mentions, at least 1)."""
    import networkx as nx

    from ..analysis import to_networkx

    g = to_networkx(graph)
    out = nx.MultiDiGraph()
    for node, a in sorted(g.nodes(data=True)):
        attrs = {k: a[k] for k in ("label", "type", "country") if a.get(k) is not None}
        out.add_node(node, **attrs)
    for s, t, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        attrs = {
            "label": a.get("type"), "relation_type": a.get("type"), "weight": float(max(1, a.get("mentions", 0))),
            "goldstein": a.get("weight"), "negated": bool(a.get("negated", False)), "date": a.get("date"),
            "last_date": a.get("last_date"), "mentions": int(a.get("mentions", 0)),
            "quad_class": a.get("quad_class"), "modality": a.get("modality"), "relation": a.get("relation"),
        }
        out.add_edge(s, t, key=k, **{n: v for n, v in attrs.items() if v is not None})
    return out


def _gexf(graph: Graph, path: Path) -> None:
    import networkx as nx

    g = graph_for_export(graph)
    text = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True))
    # networkx stamps today's date into <meta>: drop it (optional in GEXF) to keep exports deterministic
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    with atomic_open(path, "w") as f:
        f.write("<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n")


def _graphml(graph: Graph, path: Path) -> None:
    import networkx as nx

    g = graph_for_export(graph)
    with atomic_open(path, "wb") as f:
        nx.write_graphml(g, f, encoding="utf-8", prettyprint=True)


# --------------------------------------------------------------------------------------- CSV

def event_rows(graph: Graph) -> list[dict[str, str]]:
    """The event table: one dict per relation mention, keys ``CSV_COLUMNS``, sorted by date,
    source, type, target, article and sentence index. Missing values are ``""``."""
    rows = []
    for r in graph.query(EVENTS_QUERY):
        rec = {name: ("" if r[name] is None else str(r[name])) for name in r.labels}
        code = rec["type"]
        rec["relation_class"] = _fine_class(rec.pop("classes"), code)
        rec["plover"] = _plover(code)
        rec["relation"] = rec.pop("rel")
        rec.pop("m", None)
        rows.append({c: rec.get(c, "") for c in CSV_COLUMNS})
    rows.sort(key=lambda r: (r["date"], r["source"], r["type"], r["target"], r["article"],
                             int(r["sentence_index"]) if r["sentence_index"].lstrip("-").isdigit() else 0,
                             r["relation"]))
    return rows


def _fine_class(classes: str, code: str) -> str:
    """The most specific class of a relation node: not dipl:Relation, not the type's own class."""
    names = sorted({c[len(str(DIPL)):] for c in classes.split() if c.startswith(str(DIPL))})
    type_class = "".join(part.capitalize() for part in code.split("_"))
    finer = [n for n in names if n not in ("Relation", type_class)]
    return finer[0] if finer else (type_class if type_class in names or not names else names[0])


def _plover(code: str) -> str:
    try:
        return RelationType(code).plover or ""
    except ValueError:
        return ""


def _csv(graph: Graph, path: Path) -> None:
    rows = event_rows(graph)
    with atomic_open(path, "w") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as f:
        f.write(data)


__all__ = ["CSV_COLUMNS", "FORMATS", "JSONLD_CONTEXT", "SUFFIXES", "event_rows", "export_graph", "graph_for_export"]
