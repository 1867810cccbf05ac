"""The shipped data files are valid, and the code's vocabulary matches the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from kg.config import ontology_dir
from kg.graph.namespaces import CLASSES, DIPL, PROPERTIES
from kg.records import RelationType

ONTO = Graph().parse(ontology_dir() / "dipl.ttl", format="turtle")


def test_data_files_check_all_reports_no_problem():
    from kg.checks import check_all

    assert check_all() == []


@pytest.mark.parametrize("name", CLASSES)
def test_data_files_class_exists_in_ontology(name):
    assert (DIPL[name], RDF.type, OWL.Class) in ONTO


@pytest.mark.parametrize("name", PROPERTIES)
def test_data_files_property_exists_in_ontology(name):
    assert any((DIPL[name], RDF.type, t) in ONTO for t in (
        OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property))


@pytest.mark.parametrize("rtype", list(RelationType), ids=str)
def test_data_files_relation_type_matches_ontology(rtype):
    cls = DIPL[rtype.class_name]
    assert (cls, RDFS.subClassOf, DIPL.Relation) in ONTO
    assert (cls, DIPL.typeCode, Literal(rtype.value)) in ONTO
    assert ONTO.value(cls, DIPL.goldsteinWeight) is not None
    assert (str(ONTO.value(cls, DIPL.symmetric)).lower() == "true") == rtype.symmetric


def test_data_files_gazetteer_has_every_un_member():
    from kg.actors import load_gazetteer

    gaz = load_gazetteer()
    members = [a for a in gaz.actors.values() if a.id.startswith("state/") and not a.historical]
    assert len(members) >= 195
    assert gaz.state("PRK").wikidata == "Q423"
    assert [f.actor.id for f in gaz.lookup("the Kremlin")] == ["state/RUS"]
    assert gaz.lookup("us") == []  # the pronoun is not the United States
    assert [f.actor.id for f in gaz.lookup("US")] == ["state/USA"]


def test_data_files_bad_cue_file_names_file_and_entry(tmp_path):
    from kg.errors import DataFileError
    from kg.extractors.lexicon import load_lexicon

    bad = tmp_path / "cues.yaml"
    bad.write_text("cues:\n  - {lemma: condemn, pos: VERB, type: ACUSE, relation: Accuse, cameo: '111'}\n")
    with pytest.raises(DataFileError, match=r"cues.yaml: cue 1 \(condemn\)"):
        load_lexicon(bad)
