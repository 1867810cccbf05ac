"""Analysis stage: an RDF graph -> a networkx graph of actors -> network measures (``kg stats``).

``to_networkx(graph)`` projects the RDF model of ``kg/graph/assemble.py`` onto a networkx
MultiDiGraph: one node per actor (``label``, ``type``, ``country``), one edge per relation node
(key = the relation IRI; ``type``, ``weight`` = the Goldstein-style weight, ``negated``,
``quad_class``, ``modality``, ``mentions``, ``date`` = first date, ``last_date``). A direct
actor-to-actor edge (``dipl:supports`` ...) that no relation node explains (a hand-made or
foreign graph) becomes an edge too, its type and weight taken from the ontology's
``dipl:directProperty``. ``rollup()`` merges persons and bodies into the state of their
``dipl:countryCode``.

``stats(graph)`` measures the *interaction* graph: non-negated relations only, and, unless
``include_roles``, without the LEADER_OF / MEMBER_OF roles (they tie a person to its own state
and would make every head of state a hub). It reports top actors by degree (relation count),
betweenness and eigenvector centrality; blocs (greedy-modularity communities of the undirected
graph of dyads whose net weight is positive, weighted by that net); and dyads (unordered pairs)
by volume and by net cooperation / conflict.

This module and ``kg/exports/formats.py`` (through ``to_networkx``) are the networkx users.
PageRank is not offered because networkx 3 computes it with scipy, which is not a dependency;
eigenvector centrality is pure Python.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph

from .graph.namespaces import PREFIXES
from .records import RelationType

log = logging.getLogger(__name__)

ROLE_TYPES = frozenset({RelationType.LEADER_OF.value, RelationType.MEMBER_OF.value})

_PREFIX = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"

ACTORS_QUERY = _PREFIX + """
SELECT ?actor (SAMPLE(?l) AS ?label) (SAMPLE(?ty) AS ?type) (SAMPLE(?cc) AS ?country)
       (SAMPLE(?st) AS ?state) (SAMPLE(?iso) AS ?iso3) (SAMPLE(?par) AS ?parent)
WHERE {
  { ?actor dipl:actorType ?ty0 } UNION { ?r dipl:source ?actor } UNION { ?r dipl:target ?actor }
  OPTIONAL { ?actor skos:prefLabel ?l }
  OPTIONAL { ?actor dipl:actorType ?ty }
  OPTIONAL { ?actor dipl:countryCode ?cc }
  OPTIONAL { ?actor dipl:country ?st }
  OPTIONAL { ?actor dipl:iso3 ?iso }
  OPTIONAL { ?actor dipl:parentOrganisation ?par }
}
GROUP BY ?actor
"""

RELATIONS_QUERY = _PREFIX + """
SELECT ?rel ?s ?t ?type (SAMPLE(?n) AS ?negated) (SAMPLE(?w) AS ?weight) (SAMPLE(?q) AS ?quad)
       (SAMPLE(?mod) AS ?modality) (COUNT(DISTINCT ?m) AS ?mentions)
       (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
WHERE {
  ?rel dipl:source ?s ; dipl:target ?t ; dipl:typeCode ?type .
  OPTIONAL { ?rel dipl:negated ?n }
  OPTIONAL { ?rel dipl:goldsteinWeight ?w }
  OPTIONAL { ?rel dipl:quadClass ?q }
  OPTIONAL { ?rel dipl:modality ?mod }
  OPTIONAL { ?rel dipl:hasMention ?m }
  OPTIONAL { ?rel dipl:date ?d }
}
GROUP BY ?rel ?s ?t ?type
"""


# ------------------------------------------------------------------------------- projection

def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Project an RDF graph onto a MultiDiGraph of actors (nodes) and relations (edges).

    Node keys are actor IRIs (strings). Attributes are never None: a missing value is left out,
    so the graph can be written to GraphML/GEXF as it is.
    """
    g = nx.MultiDiGraph()
    for row in graph.query(ACTORS_QUERY):
        actor = str(row.actor)
        attrs = {"label": _s(row.label) or _local(actor), "type": _s(row.type), "country": _s(row.country),
                 "state": _s(row.state), "iso3": _s(row.iso3), "parent": _s(row.parent)}
        g.add_node(actor, **{k: v for k, v in attrs.items() if v is not None})
    explained: set[tuple[str, str, str]] = set()
    for row in graph.query(RELATIONS_QUERY):
        negated = _s(row.negated) in ("true", "1")
        rtype = str(row.type)
        attrs = {"type": rtype, "weight": _f(row.weight), "negated": negated, "quad_class": _s(row.quad),
                 "modality": _s(row.modality), "mentions": int(row.mentions or 0), "date": _s(row.first),
                 "last_date": _s(row.last), "relation": str(row.rel)}
        g.add_edge(str(row.s), str(row.t), key=str(row.rel), **{k: v for k, v in attrs.items() if v is not None})
        if not negated:
            explained.add((str(row.s), rtype, str(row.t)))
    _add_direct_edges(graph, g, explained)
    return g


def _add_direct_edges(graph: Graph, g: nx.MultiDiGraph, explained: set[tuple[str, str, str]]) -> None:
    """Add direct actor-to-actor edges that no relation node stands behind."""
    from .graph.assemble import type_info  # reads the ontology once (cached)

    by_prop = {str(info.direct): (t.value, info.weight, info.quad) for t, info in type_info().items()}
    values = " ".join(f"<{p}>" for p in sorted(by_prop))
    query = _PREFIX + f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"
    for s, p, o in graph.query(query):
        rtype, weight, quad = by_prop[str(p)]
        s, o = str(s), str(o)
        if (s, rtype, o) in explained or (o, rtype, s) in explained:
            continue
        for node in (s, o):
            if node not in g:
                g.add_node(node, label=_local(node))
        attrs = {"type": rtype, "weight": weight, "negated": False, "mentions": 0, "quad_class": quad or None}
        g.add_edge(s, o, key=f"direct:{s}|{p}|{o}", **{k: v for k, v in attrs.items() if v is not None})


def rollup(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Merge every actor into its country (``dipl:countryCode``): persons and bodies into their state.

    A rolled-up node is keyed by the code (``"PRK"``, ``"IGO:UN"``) and labelled with the state
    (or the top organisation, for ``IGO:`` codes) that carries that code, else with the code.
    Actors without a code stay as they are. Relations inside one country (self-loops after the
    merge) are dropped: they are not relations between states.
    """
    labels: dict[str, str] = {}
    for node, a in g.nodes(data=True):
        code = a.get("country")
        if not code:
            continue
        is_head = a.get("iso3") == code or (a.get("type") == "COUNTRY") or (
            code.startswith("IGO:") and a.get("type") == "IGO" and not a.get("parent"))
        if is_head and (code not in labels or a.get("iso3") == code):
            labels[code] = a.get("label", code)
    out = nx.MultiDiGraph()
    key_of: dict[str, str] = {}
    for node, a in g.nodes(data=True):
        code = a.get("country")
        if code:
            key_of[node] = code
            if code not in out:
                attrs = {"label": labels.get(code, code), "type": "IGO" if code.startswith("IGO:") else "COUNTRY",
                         "country": code}
                out.add_node(code, **attrs)
        else:
            key_of[node] = node
            out.add_node(node, **a)
    for s, t, k, a in g.edges(keys=True, data=True):
        rs, rt = key_of[s], key_of[t]
        if rs != rt:
            out.add_edge(rs, rt, key=k, **a)
    return out


# ------------------------------------------------------------------------------------ stats

@dataclass(frozen=True, slots=True)
class ActorScore:
    """One actor (or country, after roll-up) and its score on one measure."""

    actor: str
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Dyad:
    """An unordered pair of actors: relation count, mention count and summed weights."""

    a: str
    a_label: str
    b: str
    b_label: str
    relations: int
    mentions: int
    net: float
    cooperation: float
    conflict: float
    types: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Bloc:
    """A community of the cooperation graph."""

    members: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stats:
    """What ``kg stats`` reports; ``country`` says whether actors were rolled up to countries."""

    actors: int
    relations: int
    negated: int
    country: bool
    by_degree: list[ActorScore]
    by_betweenness: list[ActorScore]
    by_eigenvector: list[ActorScore]
    blocs: list[Bloc]
    dyads_by_volume: list[Dyad]
    most_cooperative: list[Dyad]
    most_conflictual: list[Dyad]


def stats(graph: Graph | nx.MultiDiGraph, top: int = 10, country: bool = False,
          include_roles: bool = False) -> Stats:
    """Network measures of a graph (an rdflib Graph, or a MultiDiGraph from ``to_networkx``).

    Args:
        top: how many actors and dyads each list keeps (blocs are all kept).
        country: roll persons and bodies up to their state first (see ``rollup``).
        include_roles: count LEADER_OF / MEMBER_OF relations as interactions.
    """
    g = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    if country:
        g = rollup(g)
    label = {n: a.get("label", _local(n)) for n, a in g.nodes(data=True)}
    edges = [(s, t, a) for s, t, a in g.edges(data=True)
             if not a.get("negated") and (include_roles or a.get("type") not in ROLE_TYPES)]
    negated = sum(1 for _, _, a in g.edges(data=True) if a.get("negated"))
    inter = nx.MultiDiGraph()
    inter.add_edges_from((s, t, a) for s, t, a in edges)
    simple = nx.Graph()
    for s, t, _ in edges:
        if s != t:
            w = simple.get_edge_data(s, t, {}).get("weight", 0)
            simple.add_edge(s, t, weight=w + 1)

    def ranked(scores: dict[str, float]) -> list[ActorScore]:
        order = sorted(scores.items(), key=lambda kv: (-kv[1], label.get(kv[0], kv[0]), kv[0]))
        out = [ActorScore(n, label.get(n, n), round(float(v), 6)) for n, v in order]
        return [x for x in out if x.score > 0][:top]

    degree = dict(inter.degree()) if inter.number_of_nodes() else {}
    between = nx.betweenness_centrality(simple) if simple.number_of_nodes() else {}
    eigen = _eigenvector(simple)
    dyads = _dyads(edges, label)
    return Stats(
        actors=g.number_of_nodes(),
        relations=g.number_of_edges(),
        negated=negated,
        country=country,
        by_degree=ranked(degree),
        by_betweenness=ranked(between),
        by_eigenvector=ranked(eigen),
        blocs=_blocs(dyads, label),
        dyads_by_volume=sorted(dyads, key=lambda d: (-d.relations, -d.mentions, d.a_label, d.b_label))[:top],
        most_cooperative=sorted((d for d in dyads if d.net > 0), key=lambda d: (-d.net, d.a_label, d.b_label))[:top],
        most_conflictual=sorted((d for d in dyads if d.net < 0), key=lambda d: (d.net, d.a_label, d.b_label))[:top],
    )


def _eigenvector(simple: nx.Graph) -> dict[str, float]:
    if simple.number_of_edges() == 0:
        return {}
    try:
        return nx.eigenvector_centrality(simple, max_iter=1000, tol=1e-8, weight="weight")
    except nx.PowerIterationFailedConvergence:
        log.warning("eigenvector centrality did not converge; reporting degree centrality instead")
        return nx.degree_centrality(simple)


def _dyads(edges: list[tuple[str, str, dict[str, Any]]], label: dict[str, str]) -> list[Dyad]:
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for s, t, a in edges:
        if s == t:
            continue
        a_, b_ = sorted((s, t))
        d = acc.setdefault((a_, b_), {"relations": 0, "mentions": 0, "coop": 0.0, "conf": 0.0, "types": {}})
        w = float(a.get("weight", 0.0))
        d["relations"] += 1
        d["mentions"] += int(a.get("mentions", 0))
        d["coop" if w > 0 else "conf"] += w
        d["types"][a.get("type", "")] = d["types"].get(a.get("type", ""), 0) + 1
    return [Dyad(a, label.get(a, a), b, label.get(b, b), d["relations"], d["mentions"],
                 round(d["coop"] + d["conf"], 4), round(d["coop"], 4), round(d["conf"], 4),
                 dict(sorted(d["types"].items())))
            for (a, b), d in sorted(acc.items())]


def _blocs(dyads: list[Dyad], label: dict[str, str]) -> list[Bloc]:
    coop = nx.Graph()
    for d in dyads:
        if d.net > 0:
            coop.add_edge(d.a, d.b, weight=d.net)
    if coop.number_of_edges() == 0:
        return []
    communities = nx.algorithms.community.greedy_modularity_communities(coop, weight="weight")
    blocs = []
    for c in communities:
        if len(c) < 2:
            continue
        members = tuple(sorted(c, key=lambda n: (label.get(n, n), n)))
        blocs.append(Bloc(members, tuple(label.get(n, n) for n in members)))
    return sorted(blocs, key=lambda b: (-len(b.members), b.labels))


# ------------------------------------------------------------------------------- rendering

def format_stats(s: Stats) -> str:
    """A plain-text report of ``stats()``."""
    unit = "countries/actors" if s.country else "actors"
    lines = [f"{s.actors} {unit}, {s.relations} relations ({s.negated} negated, not counted below)"]

    def scores(title: str, items: list[ActorScore], fmt: str) -> None:
        lines.append("")
        lines.append(title)
        if not items:
            lines.append("  (none)")
        for i, x in enumerate(items, 1):
            lines.append(f"  {i:>2}. {x.label:<40} {format(x.score, fmt)}")

    def dyads(title: str, items: list[Dyad]) -> None:
        lines.append("")
        lines.append(title)
        if not items:
            lines.append("  (none)")
        for i, d in enumerate(items, 1):
            pair = f"{d.a_label} - {d.b_label}"
            types = ", ".join(f"{k} {v}" for k, v in d.types.items())
            lines.append(f"  {i:>2}. {pair:<50} {d.relations:>4} rel {d.mentions:>5} mentions"
                         f"  net {d.net:+.1f}  ({types})")

    scores("Top actors by degree (relations):", s.by_degree, ".0f")
    scores("Top actors by betweenness centrality:", s.by_betweenness, ".3f")
    scores("Top actors by eigenvector centrality:", s.by_eigenvector, ".3f")
    lines.append("")
    lines.append("Blocs (communities of the cooperation graph):")
    if not s.blocs:
        lines.append("  (none)")
    for i, b in enumerate(s.blocs, 1):
        lines.append(f"  {i:>2}. " + ", ".join(b.labels))
    dyads("Dyads by volume:", s.dyads_by_volume)
    dyads("Most cooperative dyads (net weight):", s.most_cooperative)
    dyads("Most conflictual dyads (net weight):", s.most_conflictual)
    return "\n".join(lines) + "\n"


def stats_json(s: Stats) -> str:
    """``stats()`` as a JSON document (stable key order)."""
    return json.dumps(asdict(s), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ----------------------------------------------------------------------------------- helpers

def _s(term) -> str | None:
    return None if term is None else str(term)


def _f(term) -> float | None:
    if term is None:
        return None
    try:
        return float(term)
    except (TypeError, ValueError):
        return None


def _local(iri: str) -> str:
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


__all__ = ["ActorScore", "Bloc", "Dyad", "Stats", "format_stats", "rollup", "stats", "stats_json", "to_networkx"]
