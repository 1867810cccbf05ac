"""Stage 5: the RDF graph: SHACL shapes, deterministic IRIs, one relation node per fact."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.actors import load_gazetteer
from kg.graph import assemble_graph
from kg.graph.namespaces import DIPL
from kg.graph.validate import validate_graph
from kg.records import Actor, ActorType, Article, ArticleResult, Relation, RelationType

GAZ = load_gazetteer()
PRK = GAZ.actors["state/PRK"]
RUS = GAZ.actors["state/RUS"]
KIM = Actor(id="person/kim-jong-un", name="Kim Jong-un", type=ActorType.PERSON, country="PRK")


def _article(doc: str, date: str) -> Article:
    return Article(id=doc, text="North Korea and Russia deepened ties.", date=date, publisher="Yonhap",
                   title="Ties", url="https://example.org/" + doc, sha256="a" * 64)


def _rel(doc: str, typ=RelationType.PARTNERSHIP, src=PRK, tgt=RUS, negated=False, date="2025-08-15") -> Relation:
    return Relation(doc=doc, type=typ, relation=typ.class_name, source=src, target=tgt, sentence_index=0,
                    sentence="North Korea and Russia deepened ties.", start=0, end=38, negated=negated, date=date,
                    confidence=0.8, cue="ties", rule="test")


def _results():
    return [
        ArticleResult(_article("a1", "2025-08-15"), (_rel("a1"), _rel("a1", RelationType.LEADER_OF, KIM, PRK)), ()),
        ArticleResult(_article("a2", "2025-08-16"), (_rel("a2", src=RUS, tgt=PRK, date="2025-08-16"),
                                                     _rel("a2", RelationType.ASSAULT, negated=True)), ()),
    ]


def _show_diff(a: Graph, b: Graph) -> str:
    _both, first, second = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return "\n".join(sorted(first.serialize(format="nt").splitlines())[:20] + ["---"] +
                     sorted(second.serialize(format="nt").splitlines())[:20])


def test_graph_passes_shacl_shapes():
    ok, text = validate_graph(assemble_graph(_results(), GAZ))
    assert ok, text


def test_graph_is_deterministic():
    a, b = assemble_graph(_results(), GAZ), assemble_graph(_results(), GAZ)
    assert isomorphic(a, b), _show_diff(a, b)


def test_graph_same_relation_in_two_articles_is_one_node_with_two_mentions():
    g = assemble_graph(_results(), GAZ)
    nodes = list(g.subjects(DIPL.typeCode, __import__("rdflib").Literal("PARTNERSHIP")))
    assert len(nodes) == 1
    assert len(list(g.objects(nodes[0], DIPL.hasMention))) == 2
    assert len(list(g.objects(nodes[0], DIPL.date))) == 2


def test_graph_direct_edge_only_for_non_negated():
    g = assemble_graph(_results(), GAZ)
    from kg.graph.assemble import actor_iri

    assert (actor_iri(PRK), DIPL.partnerOf, actor_iri(RUS)) in g
    assert (actor_iri(PRK), DIPL.assaults, actor_iri(RUS)) not in g
    assert (actor_iri(KIM), DIPL.leaderOf, actor_iri(PRK)) in g


def test_graph_actor_links_to_wikidata_and_state():
    from rdflib import URIRef
    from rdflib.namespace import OWL

    from kg.graph.assemble import actor_iri

    g = assemble_graph(_results(), GAZ)
    assert (actor_iri(PRK), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q423")) in g
    assert (actor_iri(KIM), DIPL.country, actor_iri(PRK)) in g


@pytest.mark.model
def test_graph_seed_build_twice_isomorphic_and_valid(seed_path):
    from kg.pipeline import extract

    a = assemble_graph(list(extract([seed_path])), GAZ)
    b = assemble_graph(list(extract([seed_path])), GAZ)
    assert isomorphic(a, b), _show_diff(a, b)
    ok, text = validate_graph(a)
    assert ok, text


@pytest.mark.model
def test_graph_every_relation_class_is_in_the_ontology(extract_text):
    from rdflib.namespace import RDF

    from kg.config import ontology_dir

    onto = Graph().parse(ontology_dir() / "dipl.ttl", format="turtle")
    text = ("Iran refused to meet Iraq. Japan said China must stop the drills. Russia will attack Ukraine. "
            "France suspended aid to Mali. Kim Jong-un, North Korea's leader, praised Russia.")
    rels = extract_text(text)
    art = Article(id="case", text=text, date="2025-08-15", sha256="0" * 64)
    g = assemble_graph([ArticleResult(art, tuple(rels), ())], GAZ)
    used = {o for s in g.subjects(DIPL.typeCode, None) for o in g.objects(s, RDF.type)}
    assert len(used) > 5
    missing = [str(c) for c in used if (c, RDF.type, __import__("rdflib").namespace.OWL.Class) not in onto]
    assert not missing


def _counts(g: Graph) -> set:
    """(subject, property, value) of every precomputed count in ``g``."""
    props = [DIPL.mentionCount, DIPL.relationCount, DIPL.degree, DIPL.negatedCount, DIPL.ofType,
             *(DIPL[p] for p in ("period", "hasPeriod", "periodOfType", "precedingCount", "hasOutgoing",
                                 "hasIncoming", "hasRelation", "pairMember", "pairType", "firstDate", "lastDate",
                                 "hasTier", "hasPair"))]
    return {(str(s), str(p).rsplit("#", 1)[1], str(o)) for p in props for s, o in g.subject_objects(p)}


def test_graph_counts_are_precomputed():
    g = assemble_graph(_results(), GAZ)
    got = _counts(g)
    from kg.graph.assemble import actor_iri, type_statistics_iri

    prk, rus, kim = str(actor_iri(PRK)), str(actor_iri(RUS)), str(actor_iri(KIM))
    # PRK: PARTNERSHIP with RUS (one node: symmetric) and Kim's LEADER_OF; the negated ASSAULT counts nowhere
    assert {(prk, "relationCount", "2"), (prk, "degree", "2"), (rus, "relationCount", "1"), (rus, "degree", "1"),
            (kim, "relationCount", "1"), (kim, "degree", "1")} <= got
    partnership = str(type_statistics_iri("PARTNERSHIP"))
    assert {(partnership, "relationCount", "1"), (partnership, "negatedCount", "0"),
            (partnership, "mentionCount", "2")} <= got
    assault = str(type_statistics_iri("ASSAULT"))
    assert {(assault, "relationCount", "1"), (assault, "negatedCount", "1")} <= got
    assert sorted(o for s, p, o in got if p == "mentionCount" and "/relation/" in s) == ["1", "1", "2"]


def test_graph_counts_are_replaced_when_articles_are_added():
    first, second = _results()
    g = assemble_graph([first], GAZ)
    assemble_graph([second], GAZ, graph=g)
    assert _counts(g) == _counts(assemble_graph(_results(), GAZ))
    assert len(list(g.objects(None, DIPL.degree))) == 3  # one per actor, not one per call
