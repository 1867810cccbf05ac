"""The pipeline: files -> articles -> parsed sentences -> actors -> relations -> outputs.

``extract`` streams ArticleResult records (one per readable article) and Rejected inputs;
``build`` chains extraction with graph assembly and the exports of a build folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import extractors
from .actors import load_gazetteer, resolve_article
from .actors.resolve import ResolvedArticle
from .articles import Rejected, load_articles
from .extractors.base import SentenceContext
from .records import Article, ArticleResult, Modality, Relation, Sentence

log = logging.getLogger(__name__)

DEFAULT_EXTRACTORS = ("lexicon.v1",)


@dataclass
class Settings:
    extractors: Sequence[str] = DEFAULT_EXTRACTORS
    min_confidence: float = 0.0
    batch_size: int = 16


def role_relations(res: ResolvedArticle) -> list[Relation]:
    """LEADER_OF / MEMBER_OF relations from the titles and bodies the resolver found."""
    out: dict[tuple, Relation] = {}
    for fact in res.roles:
        if fact.holder.id == fact.of.id:
            continue
        sent = res.sentences[fact.sentence]
        rel = Relation(
            doc=res.article.id, type=fact.type, relation=fact.type.class_name, source=fact.holder, target=fact.of,
            sentence_index=sent.index, sentence=sent.text, start=sent.start, end=sent.end,
            date=res.article.date, confidence=0.9 if fact.rule.startswith("title") else 0.8,
            extractor="roles.v1", cameo="", cue=fact.cue, rule=fact.rule, quote=fact.cue,
        )
        out.setdefault(rel.key, rel)
    return list(out.values())


def extract_article(article: Article, sentences: list[Sentence], extractor_list, min_confidence: float = 0.0,
                    gazetteer=None) -> ArticleResult:
    gaz = gazetteer or load_gazetteer()
    res = resolve_article(article, sentences, gaz)
    found: dict[tuple, Relation] = {}
    for rel in role_relations(res):
        found.setdefault(rel.key, rel)
    for sent, mentions, speaker in zip(res.sentences, res.mentions, res.speakers):
        ctx = SentenceContext(article, sent, tuple(mentions), speaker)
        for ex in extractor_list:
            for rel in ex(ctx):
                if rel.key not in found or found[rel.key].confidence < rel.confidence:
                    found[rel.key] = rel
    relations = sorted((r for r in found.values() if r.confidence >= min_confidence),
                       key=lambda r: (r.sentence_index, r.type.value, r.source.id, r.target.id, r.negated))
    used = {a.id: a for r in relations for a in (r.source, r.target)}
    return ArticleResult(article, tuple(relations), tuple(used[k] for k in sorted(used)),
                         tuple(res.unresolved), len(sentences))


def extract(inputs: Iterable[str | Path], settings: Settings | None = None,
            on_rejected: Callable[[Rejected], None] | None = None) -> Iterator[ArticleResult]:
    """Stream extraction results for every readable article under ``inputs``."""
    from .nlp import annotate_many

    settings = settings or Settings()
    exs = [extractors.get(name) for name in settings.extractors]
    gaz = load_gazetteer()

    def readable() -> Iterator[Article]:
        seen: set[str] = set()
        for item in load_articles(inputs):
            if isinstance(item, Rejected):
                if on_rejected:
                    on_rejected(item)
                continue
            if item.id in seen:
                if on_rejected:
                    on_rejected(Rejected(item.path or item.id, f"duplicate document id {item.id!r}; skipped"))
                continue
            seen.add(item.id)
            yield item

    for article, sentences in annotate_many(readable(), batch_size=settings.batch_size):
        yield extract_article(article, sentences, exs, settings.min_confidence, gaz)
