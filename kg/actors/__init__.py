"""Actor stage: the gazetteer and the resolver that turns mentions into canonical actors."""

from .gazetteer import Gazetteer, load_gazetteer
from .resolve import resolve_article

__all__ = ["Gazetteer", "load_gazetteer", "resolve_article"]
