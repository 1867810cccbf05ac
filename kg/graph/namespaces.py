"""Every ontology term the code uses, in one place; tests check each exists in ontology/dipl.ttl."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD


class _Namespace(Namespace):
    """rdflib's Namespace, keeping each term it makes by attribute (``DIPL.source``): rdflib makes
    and validates a new URIRef at every access, which showed in the profile of a build."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


DIPL = _Namespace("https://w3id.org/dipkg/ontology#")
ID = _Namespace("https://w3id.org/dipkg/id/")
SCHEMA = _Namespace("https://schema.org/")
WD = _Namespace("http://www.wikidata.org/entity/")

# terms of our ontology used by the code (checked against dipl.ttl by tests/test_data_files.py)
CLASSES = ("Actor", "State", "Person", "Organisation", "IGO", "ArmedGroup", "OtherActor", "Article", "Mention",
           "Extractor", "Relation")
PROPERTIES = ("source", "target", "typeCode", "negated", "modality", "date", "confidence", "extractor", "cameoCode",
              "hasMention", "inArticle", "sentenceIndex", "sentenceText", "startOffset", "endOffset", "cue", "rule",
              "quote", "contentHash", "docId", "actorType", "countryCode", "iso3", "country", "parentOrganisation",
              "historical", "successor", "goldsteinWeight", "quadClass", "directProperty", "relatedTo", "ploverType",
              "symmetric", "mentionCount", "relationCount", "negatedCount", "degree",
              "ofType", "period", "hasPeriod", "periodOfType", "precedingCount", "hasOutgoing", "hasIncoming",
              "hasRelation", "pairMember", "pairType", "firstDate", "lastDate", "hasTier", "hasPair")

PREFIXES = {"dipl": DIPL, "id": ID, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "owl": OWL, "xsd": XSD,
            "rdfs": RDFS, "rdf": RDF, "wd": WD}


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g
