"""Precomputed index nodes for the named queries with a row limit: relation facts -> triples.

timeline, relations-of-type and partners-of show the first N rows of an order (newest first,
most relations first). Without an index they read every relation of the actor or type first:
6,600 relations for a large actor of a 2M-triple store, 0.5 s before the first row. These nodes
split such an order into ranges, each with the number of rows that precede it, so a query wanting
N rows reads only the ranges that start before row N:

- a **period** lists the relations of one actor (the actor ``dipl:hasPeriod`` it; the period
  ``dipl:hasOutgoing`` those where the actor is the source, ``dipl:hasIncoming`` where the target)
  or of one type (``dipl:periodOfType``; ``dipl:hasRelation``) whose latest date falls in one month
  (``dipl:period``, the first 7 characters of that date as text; ``""`` when undated), with its
  ``dipl:relationCount`` and ``dipl:precedingCount``, the relations in later months;
- **pair statistics** count the non-negated relations of one type between two actors, either
  direction (``dipl:pairMember`` x2, ``dipl:pairType``, ``dipl:relationCount``,
  ``dipl:mentionCount``, ``dipl:firstDate``/``dipl:lastDate``): one row of partners-of;
- a **partner tier** lists the pair statistics of one actor with one relation count (the actor
  ``dipl:hasTier`` it; ``dipl:relationCount``, ``dipl:hasPair``), with ``dipl:precedingCount``,
  the actor's pairs with more relations.

An actor points to its nodes (not the nodes to it) so that a query starts from the actor it is
given with lookups by subject, which Oxigraph's planner counts as cheap (10 rows, against 10,000
for a lookup by object): it then reads the relations through the index and joins their other
statements one by one, where it would otherwise scan those statements for the whole store.

The functions take plain ``RelationFacts`` (read from an rdflib graph by ``kg.graph.assemble.add_counts``
or from the store by ``GraphStore.refresh``) and return ``(subject IRI, property name, object)``
triples, an object being an ``Iri`` or a Python int or string for a literal, so both write the
same triples (plain strings: a store refreshing a large actor makes ~100,000 of them).
What they count mirrors the named queries' patterns (a relation's dates as text, ``dipl:negated``
being the literal false, a relation needing a mention count to be counted by partners-of).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from .namespaces import ID


class Iri(str):
    """An IRI among the objects of these triples (other strings are literals)."""

    __slots__ = ()


Triple = tuple[str, str, "Iri | int | str"]
_ID = str(ID)


@dataclass(frozen=True, slots=True)
class RelationFacts:
    """What the index nodes read of one relation node."""

    iri: str
    source: str
    target: str
    types: tuple[str, ...]  # its dipl:typeCode values
    asserted: bool  # dipl:negated is the literal false (what the pattern `dipl:negated false` matches)
    dates: tuple[str, ...]  # its dipl:date values as text
    mentions: int | None  # its dipl:mentionCount (None: it has none)


def period(dates: Iterable[str]) -> str:
    """The month of a relation's latest date as the queries compare dates (as text): ``"2025-11"``;
    ``"2025"`` for a year; ``""`` without a date. Cutting text keeps its order, so relations of a
    later period always sort before those of an earlier one."""
    return max(dates, default="")[:7]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _periods(kind: str, owner: str, rows: dict[str, list[tuple[str, str]]], linked: set[str] | None
             ) -> list[Triple]:
    return _counted_periods(kind, owner, {key: len(links) for key, links in rows.items()},
                            {key: [(link, rel) for link, rel in links if linked is None or rel in linked]
                             for key, links in rows.items()})


def _counted_periods(kind: str, owner: str, counts: dict[str, int], links: dict[str, list[tuple[str, str]]]
                     ) -> list[Triple]:
    out: list[Triple] = []
    preceding = 0
    for key in sorted(counts, reverse=True):
        node = f"{_ID}statistics/{kind}/{_hash(owner, key)}"
        out += [(owner, "hasPeriod", Iri(node)) if kind == "actor-period" else (node, "periodOfType", owner),
                (node, "period", key), (node, "relationCount", counts[key]), (node, "precedingCount", preceding)]
        out += [(node, link, Iri(rel)) for link, rel in links.get(key, ())]
        preceding += counts[key]
    return out


def actor_periods(actor: str, relations: Iterable[RelationFacts], linked: set[str] | None = None) -> list[Triple]:
    """The period nodes of one actor: its relations with another actor (negated ones too). With
    ``linked``, the links to those relations only (what a change of them can alter)."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for f in relations:
        if not f.source or not f.target:
            continue  # no row in the queries, which need both ends
        if f.source == actor and f.target != actor:
            link = "hasOutgoing"
        elif f.target == actor and f.source != actor:
            link = "hasIncoming"
        else:
            continue
        rows.setdefault(period(f.dates), []).append((link, f.iri))
    return _periods("actor-period", actor, rows, linked)


def type_periods(code: str, relations: Iterable[RelationFacts], linked: set[str] | None = None) -> list[Triple]:
    """The period nodes of one relation type: every relation with that type code (``linked``: as
    in actor_periods)."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for f in relations:
        if code in f.types:
            rows.setdefault(period(f.dates), []).append(("hasRelation", f.iri))
    return _periods("type-period", code, rows, linked)


def counted_type_periods(code: str, counts: dict[str, int], linked: dict[str, list[str]]) -> list[Triple]:
    """type_periods from the number of the type's relations in each period (``counts``) and the
    relations to link in each period (``linked``): the same triples, for a caller that counts
    the relations of a large type without reading each of them."""
    return _counted_periods("type-period", code, counts,
                            {key: [("hasRelation", rel) for rel in rels] for key, rels in linked.items()})


PAIR_PREFIX = f"{_ID}statistics/pair/"


def pair_iri(a: str, b: str, code: str) -> str:
    """The IRI of the pair statistics of two actors (in either order) and a type code."""
    a, b = sorted((a, b))
    return PAIR_PREFIX + _hash(a, b, code)


def actor_pairs(actor: str, relations: Iterable[RelationFacts],
                partners: set[tuple[str, str]] | None = None) -> list[Triple]:
    """The pair statistics of one actor and the partner tiers that list them. Pair statistics are
    shared by their two actors: computed from either, they are the same triples. With ``partners``
    ((other actor, type code) pairs), the statistics of those pairs and the tier links to them only
    (the tiers' own triples always)."""
    groups: dict[tuple[str, str], list[RelationFacts]] = {}
    for f in relations:
        if not (f.asserted and f.mentions is not None and f.source and f.target) or f.source == f.target \
                or actor not in (f.source, f.target):
            continue
        other = f.target if f.source == actor else f.source
        for code in f.types:
            groups.setdefault((other, code), []).append(f)
    out: list[Triple] = []
    tiers: dict[int, list[str]] = {}
    for (other, code), facts in sorted(groups.items()):
        tiers.setdefault(len(facts), [])
        if partners is not None and (other, code) not in partners:
            tiers[len(facts)].append("")  # counted, not listed
            continue
        a, b = sorted((actor, other))
        node = pair_iri(a, b, code)
        out += [(node, "pairMember", Iri(a)), (node, "pairMember", Iri(b)), (node, "pairType", code),
                (node, "relationCount", len(facts)), (node, "mentionCount", sum(f.mentions or 0 for f in facts))]
        if all(f.dates for f in facts):  # as SPARQL's MIN/MAX, which give nothing when one relation has no date
            out += [(node, "firstDate", min(min(f.dates) for f in facts)),
                    (node, "lastDate", max(max(f.dates) for f in facts))]
        tiers[len(facts)].append(node)
    preceding = 0
    for count in sorted(tiers, reverse=True):
        node = f"{_ID}statistics/tier/{_hash(actor, str(count))}"
        out += [(actor, "hasTier", Iri(node)), (node, "relationCount", count),
                (node, "precedingCount", preceding)]
        out += [(node, "hasPair", Iri(pair)) for pair in tiers[count] if pair]
        preceding += len(tiers[count])
    return out


# the properties that tie the index nodes to their owners: an actor points to its periods and
# tiers, a type's periods and pair statistics point to their owners
OWNER_LINKS = ("hasPeriod", "hasTier")
NODE_OWNERS = ("periodOfType", "pairMember")
