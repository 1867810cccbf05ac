"""Registry of extractors by versioned name; modules are imported on first use."""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..errors import UnknownExtractorError
from .base import Extractor, SentenceContext

_REGISTRY: dict[str, str | Callable[..., Extractor]] = {
    "lexicon.v1": "kg.extractors.lexicon:make_lexicon_extractor",
}


def register(name: str, factory: Callable[..., Extractor]) -> None:
    _REGISTRY[name] = factory


def names() -> list[str]:
    return sorted(_REGISTRY)


def get(name: str, **params) -> Extractor:
    """Build the extractor registered under ``name`` with its factory's parameters."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise UnknownExtractorError(f"unknown extractor {name!r}; available: {', '.join(names())}") from None
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        factory = getattr(import_module(module), attr)
    return factory(**params)


__all__ = ["Extractor", "SentenceContext", "get", "names", "register"]
