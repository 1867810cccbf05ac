"""SHACL validation of a built graph against ontology/shapes.ttl (the only pyshacl importer)."""

from __future__ import annotations

from rdflib import Graph

from ..config import ontology_dir


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """Return (conforms, report text)."""
    from pyshacl import validate

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, _report, text = validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)
