"""Graph stage: relations and actors -> RDF under the dipl ontology (rdflib lives here)."""

from .assemble import assemble_graph, relation_iri

__all__ = ["assemble_graph", "relation_iri"]
