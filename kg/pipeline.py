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
        found.setdefault((rel.key, rel.sentence_index), rel)
    for sent, mentions, speaker in zip(res.sentences, res.mentions, res.speakers):
        ctx = SentenceContext(article, sent, tuple(mentions), speaker)
        for ex in extractor_list:
            for rel in ex(ctx):  # one record per relation and sentence: each mention keeps its evidence
                key = (rel.key, rel.sentence_index)
                if key not in found or found[key].confidence < rel.confidence:
                    found[key] = rel
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


@dataclass
class BuildReport:
    """What a build did: counts, rejected inputs, unresolved mentions (written as report.json)."""

    articles: int = 0
    sentences: int = 0
    relations: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    negated: int = 0
    future: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    unresolved: dict[str, dict] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "articles": self.articles, "sentences": self.sentences, "relations": self.relations,
            "by_type": dict(sorted(self.by_type.items())), "negated": self.negated, "future": self.future,
            "rejected": [{"path": r.path, "problem": r.problem} for r in self.rejected],
            "unresolved": self.unresolved, "outputs": self.outputs, "seconds": round(self.seconds, 2),
        }


def summarise(results: Sequence[ArticleResult], rejected: list[Rejected], examples: int = 5) -> BuildReport:
    from collections import Counter

    rep = BuildReport(articles=len(results), rejected=list(rejected))
    types: Counter = Counter()
    unresolved: dict[str, Counter] = {}
    for res in results:
        rep.sentences += res.sentences
        for r in res.relations:
            types[r.type.value] += 1
            rep.negated += r.negated
            rep.future += r.modality is Modality.FUTURE
        for kind, text in res.unresolved:
            unresolved.setdefault(kind, Counter())[text] += 1
    rep.relations = sum(types.values())
    rep.by_type = dict(types)
    rep.unresolved = {k: {"count": sum(c.values()), "examples": [t for t, _ in c.most_common(examples)]}
                      for k, c in sorted(unresolved.items())}
    return rep


def build(inputs: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None,
          on_article: Callable[[ArticleResult], None] | None = None,
          on_rejected: Callable[[Rejected], None] | None = None) -> BuildReport:
    """Extract every article under ``inputs`` and write graph.ttl, relations.jsonl, graph.html and
    report.json into ``out_dir``. If no input is readable, nothing is written and NoArticlesError is raised."""
    import json
    import time

    from .actors import load_gazetteer
    from .errors import NoArticlesError
    from .exports.html import export_html
    from .graph import assemble_graph
    from .graph.assemble import type_info
    from .outputs import atomic_open

    t0 = time.perf_counter()
    out = Path(out_dir)
    rejected: list[Rejected] = []

    def reject(item: Rejected) -> None:
        rejected.append(item)
        if on_rejected:
            on_rejected(item)

    results = []
    for res in extract(inputs, settings, on_rejected=reject):
        results.append(res)
        if on_article:
            on_article(res)
    if not results:
        raise NoArticlesError(f"no readable article among the inputs ({len(rejected)} rejected); outputs left untouched")
    gaz = load_gazetteer()
    graph = assemble_graph(results, gaz)
    paths = {name: out / name for name in ("graph.ttl", "relations.jsonl", "graph.html", "report.json")}
    with atomic_open(paths["graph.ttl"]) as f:
        f.write(graph.serialize(format="turtle"))
    with atomic_open(paths["relations.jsonl"]) as f:
        for res in results:
            for rel in res.relations:
                f.write(json.dumps(rel.export(), ensure_ascii=False) + "\n")
    relations = [rel for res in results for rel in res.relations]
    export_html(relations, paths["graph.html"], weights={t.value: i.weight for t, i in type_info().items()})
    rep = summarise(results, rejected)
    rep.outputs = {k: str(v) for k, v in paths.items()}
    rep.seconds = time.perf_counter() - t0
    with atomic_open(paths["report.json"]) as f:
        json.dump(rep.to_json(), f, indent=1, ensure_ascii=False)
        f.write("\n")
    return rep
