"""Every ontology term the code uses, in one place; tests check each exists in ontology/dipl.ttl."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

DIPL = Namespace("https://w3id.org/dipkg/ontology#")
ID = Namespace("https://w3id.org/dipkg/id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

# terms of our ontology used by the code (checked against dipl.ttl by tests/test_data_files.py)
CLASSES = ("Actor", "State", "Person", "Organisation", "IGO", "ArmedGroup", "OtherActor", "Article", "Mention",
           "Extractor", "Relation")
PROPERTIES = ("source", "target", "typeCode", "negated", "modality", "date", "confidence", "extractor", "cameoCode",
              "hasMention", "inArticle", "sentenceIndex", "sentenceText", "startOffset", "endOffset", "cue", "rule",
              "quote", "contentHash", "docId", "actorType", "countryCode", "iso3", "country", "parentOrganisation",
              "historical", "successor", "goldsteinWeight", "quadClass", "directProperty", "relatedTo", "ploverType",
              "symmetric")

PREFIXES = {"dipl": DIPL, "id": ID, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "owl": OWL, "xsd": XSD,
            "rdfs": RDFS, "rdf": RDF, "wd": WD}


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g
