"""Stage 5: ArticleResult records -> an rdflib Graph under the dipl ontology, with PROV-O provenance.

Each relation is a node (typed with its fine class and its type class) with source, target,
type code, negation, modality, dates, confidence, extractor and CAMEO code, and one
dipl:Mention per sentence that states it (article, sentence text and offsets, cue, rule).
Every non-negated relation also gets a direct actor-to-actor edge (dipl:supports, ...).
IRIs are hashes of content, so the same input always gives the same graph, and the same
relation stated in two articles is one node with two mentions. Reads ontology/dipl.ttl for
each type's Goldstein weight, quad class and direct property.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _ns
from rdflib.namespace import XSD

from ..config import ontology_dir
from ..records import Actor, ActorType, Article, ArticleResult, Relation, RelationType
from . import index
from .namespaces import DIPL, ID, SCHEMA, WD, bind_prefixes


class _Terms:
    """Attribute access to one of rdflib's closed namespaces, each term made once (rdflib checks
    and makes a new URIRef at every access)."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term


OWL, PROV, RDF, SKOS = _Terms(_ns.OWL), _Terms(_ns.PROV), _Terms(_ns.RDF), _Terms(_ns.SKOS)
_XSD_BOOLEAN, _XSD_INTEGER, _XSD_DECIMAL = XSD.boolean, XSD.integer, XSD.decimal
_XSD_DATE, _XSD_GYEARMONTH, _XSD_GYEAR = XSD.date, XSD.gYearMonth, XSD.gYear
_FULL_DATE, _YEAR_MONTH = re.compile(r"\d{4}-\d{2}-\d{2}"), re.compile(r"\d{4}-\d{2}")

ACTOR_CLASS = {
    ActorType.COUNTRY: DIPL.State, ActorType.PERSON: DIPL.Person, ActorType.ORG: DIPL.Organisation,
    ActorType.IGO: DIPL.IGO, ActorType.GROUP: DIPL.ArmedGroup, ActorType.OTHER: DIPL.OtherActor,
}


@dataclass(frozen=True, slots=True)
class TypeInfo:
    cls: URIRef
    direct: URIRef
    weight: float
    quad: str


@cache
def type_info() -> dict[RelationType, TypeInfo]:
    """Per relation type: class, direct property, Goldstein weight and quad class, from dipl.ttl."""
    onto = Graph().parse(ontology_dir() / "dipl.ttl", format="turtle")
    out = {}
    for t in RelationType:
        cls = DIPL[t.class_name]
        direct = onto.value(cls, DIPL.directProperty)
        weight = onto.value(cls, DIPL.goldsteinWeight)
        quad = onto.value(cls, DIPL.quadClass)
        out[t] = TypeInfo(cls, URIRef(direct) if direct else DIPL.relatedTo,
                          float(weight) if weight is not None else 0.0, str(quad) if quad else "")
    return out


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def actor_iri(actor: Actor | str) -> URIRef:
    return ID["actor/" + (actor if isinstance(actor, str) else actor.id)]


def article_iri(doc: str) -> URIRef:
    return ID["article/" + doc]


def relation_iri(rel: Relation) -> URIRef:
    return ID["relation/" + rel.node_id]


def mention_iri(rel: Relation) -> URIRef:
    return ID["mention/" + _hash(relation_iri(rel), rel.doc, rel.sentence_index)]


class _Raw(str):
    """A literal already in N-Triples syntax (what a TripleSet holds instead of an rdflib Literal)."""

    __slots__ = ()


def _lit(g, value: str | int | bool, datatype: URIRef | None = None):
    """The literal ``value`` for ``g``: an rdflib Literal for a Graph; for a TripleSet its N-Triples
    text, in the lexical form rdflib would give (making Literals was the slowest part of assembly)."""
    if type(g) is not TripleSet:
        return Literal(value, datatype=datatype)
    if isinstance(value, bool):
        return _Raw(f'"{"true" if value else "false"}"^^<{_XSD_BOOLEAN}>')
    if isinstance(value, int):
        return _Raw(f'"{value}"^^<{_XSD_INTEGER}>')
    text = _escape(value)
    return _Raw(f'"{text}"^^<{datatype}>' if datatype else f'"{text}"')


def _decimal(value: float, g=None):
    """An xsd:decimal in the lexical form Oxigraph writes back ("0.7", "1", "-9.5")."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return _lit(g, "0" if text in ("", "-0") else text, _XSD_DECIMAL)


def _date_literal(value: str, g=None):
    if _FULL_DATE.fullmatch(value):
        return _lit(g, value, _XSD_DATE)
    if _YEAR_MONTH.fullmatch(value):
        return _lit(g, value, _XSD_GYEARMONTH)
    return _lit(g, value, _XSD_GYEAR)


def add_article(g: Graph, a: Article) -> URIRef:
    node = article_iri(a.id)
    g.add((node, RDF.type, DIPL.Article))
    g.add((node, RDF.type, SCHEMA.NewsArticle))
    g.add((node, DIPL.docId, _lit(g, a.id)))
    g.add((node, DIPL.contentHash, _lit(g, "sha256:" + a.sha256)))
    if a.title:
        g.add((node, SCHEMA.headline, _lit(g, a.title)))
    if a.date:
        g.add((node, SCHEMA.datePublished, _lit(g, a.date, _XSD_DATE)))
    if a.url:
        g.add((node, SCHEMA.url, _lit(g, a.url, XSD.anyURI)))
    if a.publisher:
        pub = ID["publisher/" + re.sub(r"[^a-z0-9]+", "-", a.publisher.lower()).strip("-")]
        g.add((node, SCHEMA.publisher, pub))
        g.add((pub, RDF.type, SCHEMA.Organization))
        g.add((pub, SCHEMA.name, _lit(g, a.publisher)))
    return node


def add_actor(g: Graph, actor: Actor, gazetteer=None) -> URIRef:
    node = actor_iri(actor)
    if (node, DIPL.actorType, None) in g:
        return node
    g.add((node, RDF.type, ACTOR_CLASS[actor.type]))
    g.add((node, SKOS.prefLabel, _lit(g, actor.name)))
    g.add((node, DIPL.actorType, _lit(g, actor.type.value)))
    for alias in actor.aliases:
        if alias != actor.name:
            g.add((node, SKOS.altLabel, _lit(g, alias)))
    if actor.country:
        g.add((node, DIPL.countryCode, _lit(g, actor.country)))
        if actor.type is ActorType.COUNTRY and not actor.country.startswith("IGO:"):
            g.add((node, DIPL.iso3, _lit(g, actor.country)))
    if actor.wikidata:
        g.add((node, OWL.sameAs, WD[actor.wikidata]))
    if actor.historical:
        g.add((node, DIPL.historical, _lit(g, True)))
        if actor.parent:
            g.add((node, DIPL.successor, actor_iri(actor.parent)))
            _add_known(g, actor.parent, gazetteer)
    if actor.type is ActorType.IGO and actor.parent:
        g.add((node, DIPL.parentOrganisation, actor_iri(actor.parent)))
        _add_known(g, actor.parent, gazetteer)
    if actor.type in (ActorType.PERSON, ActorType.ORG, ActorType.GROUP) and actor.country and gazetteer is not None:
        state = gazetteer.state(actor.country)
        if state is not None:
            g.add((node, DIPL.country, actor_iri(state)))
            add_actor(g, state, gazetteer)
    return node


def _add_known(g: Graph, actor_id: str, gazetteer) -> None:
    if gazetteer is not None and actor_id in gazetteer.actors:
        add_actor(g, gazetteer.actors[actor_id], gazetteer)


def add_relation(g: Graph, rel: Relation, gazetteer=None, own: Graph | None = None,
                 aggregates: bool = True) -> URIRef:
    """Add a relation and its mention. Shared facts (actors, the relation node, direct edges) go to
    ``g``; what this article says (mention, its link, dates) to ``own`` (default ``g``). With
    ``aggregates``, the relation's confidence (highest over mentions) and dates are kept on the node;
    a store computes them over all articles instead."""
    own = g if own is None else own
    info = type_info()[rel.type]
    node = relation_iri(rel)
    src, tgt = add_actor(g, rel.source, gazetteer), add_actor(g, rel.target, gazetteer)
    if rel.type.symmetric and rel.target.id < rel.source.id:
        src, tgt = tgt, src
    if (node, DIPL.source, None) not in g:
        g.add((node, RDF.type, DIPL[rel.relation]))
        if DIPL[rel.relation] != info.cls:
            g.add((node, RDF.type, info.cls))
        g.add((node, RDF.type, DIPL.Relation))
        g.add((node, DIPL.source, src))
        g.add((node, DIPL.target, tgt))
        g.add((node, DIPL.typeCode, _lit(g, rel.type.value)))
        g.add((node, DIPL.negated, _lit(g, rel.negated)))
        g.add((node, DIPL.modality, _lit(g, rel.modality.value)))
        g.add((node, DIPL.extractor, _lit(g, rel.extractor)))
        g.add((node, DIPL.goldsteinWeight, _decimal(info.weight, g)))
        if info.quad:
            g.add((node, DIPL.quadClass, _lit(g, info.quad)))
        if rel.cameo:
            g.add((node, DIPL.cameoCode, _lit(g, rel.cameo)))
        if not rel.negated:
            g.add((src, info.direct, tgt))
    conf = round(rel.confidence, 3)
    if aggregates:
        old = g.value(node, DIPL.confidence)
        if old is None or float(old) < conf:
            if old is not None:
                g.remove((node, DIPL.confidence, old))
            g.add((node, DIPL.confidence, _decimal(conf, g)))
        if rel.date:
            g.add((node, DIPL.date, _date_literal(rel.date, g)))
    m = mention_iri(rel)
    own.add((node, DIPL.hasMention, m))
    own.add((node, PROV.wasDerivedFrom, m))
    own.add((m, RDF.type, DIPL.Mention))
    own.add((m, DIPL.inArticle, article_iri(rel.doc)))
    own.add((m, DIPL.sentenceIndex, _lit(own, rel.sentence_index)))
    own.add((m, DIPL.sentenceText, _lit(own, rel.sentence)))
    own.add((m, DIPL.startOffset, _lit(own, rel.start)))
    own.add((m, DIPL.endOffset, _lit(own, rel.end)))
    if rel.cue:
        own.add((m, DIPL.cue, _lit(own, rel.cue)))
    if rel.rule:
        own.add((m, DIPL.rule, _lit(own, rel.rule)))
    if rel.date:
        own.add((m, DIPL.date, _date_literal(rel.date, own)))
    own.add((m, DIPL.confidence, _decimal(conf, own)))
    agent = ID["extractor/" + rel.extractor]
    own.add((m, PROV.wasGeneratedBy, agent))
    g.add((agent, RDF.type, DIPL.Extractor))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    return node


class TripleSet:
    """The little of rdflib's Graph the assembler uses (add, pattern test, value), without its
    indexes: assembling one article for the store is several times faster with it."""

    def __init__(self):
        self.triples: dict[tuple, None] = {}  # insertion-ordered set
        self._sp: dict[tuple, list] = {}

    def add(self, triple) -> None:
        if triple not in self.triples:
            self.triples[triple] = None
            self._sp.setdefault(triple[:2], []).append(triple[2])

    def remove(self, triple) -> None:
        if triple in self.triples:
            del self.triples[triple]
            self._sp[triple[:2]].remove(triple[2])

    def __contains__(self, pattern) -> bool:
        s, p, o = pattern
        if o is None:
            return bool(self._sp.get((s, p)))
        return pattern in self.triples

    def value(self, s, p):
        objs = self._sp.get((s, p))
        return objs[0] if objs else None

    def __len__(self) -> int:
        return len(self.triples)

    def ntriples(self) -> str:
        return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in self.triples)

    def nquads(self, graph: str) -> str:
        """The triples as N-Quads in the named graph ``graph`` (an IRI)."""
        g = f" <{graph}> .\n"
        return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)}{g}" for s, p, o in self.triples)


_NT_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_NT_RAW = re.compile("[\x00-\x1f\x7f\u2028\u2029]")


def _escape(text: str) -> str:
    """Literal text for N-Triples: every character that may not appear raw escaped."""
    text = text.translate(_NT_ESCAPES)
    if _NT_RAW.search(text):
        text = _NT_RAW.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    return text


def _nt(term) -> str:
    """A term in N-Triples syntax."""
    cls = type(term)
    if cls is _Raw:
        return term
    if cls is URIRef:
        return f"<{term}>"
    if isinstance(term, Literal):
        text = _escape(str(term))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return f"<{term}>"


def assemble_parts(result: ArticleResult, gazetteer=None) -> tuple[TripleSet, TripleSet]:
    """One article as (shared facts, the article's own statements), for a store that keeps each
    article in its own named graph."""
    shared, own = TripleSet(), TripleSet()
    add_article(own, result.article)
    for rel in result.relations:
        add_relation(shared, rel, gazetteer, own=own, aggregates=False)
    return shared, own


def assemble_graph(results: Iterable[ArticleResult], gazetteer=None, graph: Graph | None = None) -> Graph:
    """Add articles, actors, relations and mentions to ``graph`` (a new Graph by default), then
    (re)compute its counts (add_counts)."""
    g = graph if graph is not None else bind_prefixes(Graph())
    for res in results:
        add_article(g, res.article)
        for rel in res.relations:
            add_relation(g, rel, gazetteer)
    add_counts(g)
    return g


def type_statistics_iri(code: str) -> URIRef:
    return ID["statistics/type/" + code]


def add_counts(g: Graph) -> None:
    """Replace the precomputed counts of ``g`` (what the named queries read instead of counting
    at query time), the same triples GraphStore.refresh keeps in a store's aggregates graph:

    - per relation: dipl:mentionCount;
    - per actor with at least one non-negated relation to another actor: dipl:relationCount (those
      relations) and dipl:degree (the distinct actors at their other end);
    - per relation type in use: a node ``id:statistics/type/<CODE>`` with dipl:ofType, and
      dipl:relationCount, dipl:negatedCount and dipl:mentionCount over the relations of that type;
    - per actor and per type, the index nodes of kg.graph.index (periods, pair statistics,
      partner tiers) that the queries with a row limit read.
    One pass over the relations: linear in the graph."""
    for prop in ("ofType",) + index.NODE_OWNERS:
        for s in set(g.subjects(DIPL[prop], None)):
            g.remove((s, None, None))
    for prop in index.OWNER_LINKS:
        for s, node in set(g.subject_objects(DIPL[prop])):
            g.remove((node, None, None))
            g.remove((s, DIPL[prop], node))
    for p in (DIPL.mentionCount, DIPL.relationCount, DIPL.degree):
        g.remove((None, p, None))
    partners: dict = {}
    per_type: dict[str, list[int]] = {}
    mention_counts: dict = {}
    for rel, code in list(g.subject_objects(DIPL.typeCode)):
        src, tgt = g.value(rel, DIPL.source), g.value(rel, DIPL.target)
        if src is None or tgt is None:
            continue
        mentions = len(set(g.objects(rel, DIPL.hasMention)))
        g.add((rel, DIPL.mentionCount, Literal(mentions)))
        mention_counts[rel] = mentions
        negated = g.value(rel, DIPL.negated)
        is_negated = negated is not None and negated.toPython() is True
        counts = per_type.setdefault(str(code), [0, 0, 0])
        counts[0] += 1
        counts[1] += is_negated
        counts[2] += mentions
        if not is_negated and src != tgt:
            for a, b in ((src, tgt), (tgt, src)):
                rels, others = partners.setdefault(a, (set(), set()))
                rels.add(rel)
                others.add(b)
    for actor, (rels, others) in partners.items():
        g.add((actor, DIPL.relationCount, Literal(len(rels))))
        g.add((actor, DIPL.degree, Literal(len(others))))
    for code, (relations, negated, mentions) in per_type.items():
        node = type_statistics_iri(code)
        g.add((node, DIPL.ofType, Literal(code)))
        g.add((node, DIPL.relationCount, Literal(relations)))
        g.add((node, DIPL.negatedCount, Literal(negated)))
        g.add((node, DIPL.mentionCount, Literal(mentions)))
    _add_index(g, mention_counts)


def _add_index(g: Graph, mention_counts: dict) -> None:
    """The index nodes of every actor and type (kg.graph.index), from the relations of ``g``."""
    by_actor: dict[str, list[index.RelationFacts]] = {}
    by_type: dict[str, list[index.RelationFacts]] = {}
    false = Literal(False)
    for rel in set(g.subjects(DIPL.source, None)) | set(g.subjects(DIPL.typeCode, None)):
        src, tgt = g.value(rel, DIPL.source), g.value(rel, DIPL.target)
        facts = index.RelationFacts(
            str(rel), str(src or ""), str(tgt or ""), tuple(sorted(str(c) for c in g.objects(rel, DIPL.typeCode))),
            (rel, DIPL.negated, false) in g, tuple(sorted(str(d) for d in g.objects(rel, DIPL.date))),
            mention_counts.get(rel))
        if src is not None and tgt is not None:
            for actor in {facts.source, facts.target}:
                by_actor.setdefault(actor, []).append(facts)
        for code in facts.types:
            by_type.setdefault(code, []).append(facts)
    triples: list[index.Triple] = []
    for actor, facts_of in by_actor.items():
        triples += index.actor_periods(actor, facts_of) + index.actor_pairs(actor, facts_of)
    for code, facts_of in by_type.items():
        triples += index.type_periods(code, facts_of)
    for s, prop, o in triples:
        g.add((URIRef(s), DIPL[prop], URIRef(o) if isinstance(o, index.Iri) else Literal(o)))
