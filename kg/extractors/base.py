"""The extractor contract: a callable from a sentence context to Relation records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from ..records import Actor, Article, Mention, Relation, Sentence


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What an extractor sees: one parsed sentence, its resolved mentions and its article."""

    article: Article
    sentence: Sentence
    mentions: tuple[Mention, ...]
    speaker: Actor | None = None  # who is quoted in this sentence, if anyone
    earlier: tuple[Relation, ...] = ()  # relations of the article's earlier sentences (for "rejected the protest")


class Extractor(Protocol):
    name: str

    def __call__(self, ctx: SentenceContext) -> Iterable[Relation]: ...
