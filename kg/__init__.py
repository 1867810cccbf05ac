"""dipkg: news articles about international relations -> a provenance-rich RDF knowledge graph.

Library first: ``extract`` streams relations from article files, ``build`` writes the graph and
its exports, ``run_query`` answers SPARQL. The ``kg`` command is a thin layer over these.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .pipeline import Settings, build, extract
from .records import Actor, ActorType, Article, Modality, Relation, RelationType

__all__ = ["Actor", "ActorType", "Article", "Modality", "Relation", "RelationType", "Settings", "build", "extract"]
