"""The pipeline: files -> articles -> parsed sentences -> actors -> relations -> outputs.

``extract`` streams ArticleResult records (one per readable article) and Rejected inputs;
``build`` chains extraction with graph assembly and the exports of a build folder.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import extractors
from .actors import load_gazetteer, resolve_article
from .actors.resolve import ResolvedArticle
from .articles import Rejected, load_articles
from .extractors.base import SentenceContext
from .records import ActorType, Article, ArticleResult, Relation, Sentence

log = logging.getLogger(__name__)

DEFAULT_EXTRACTORS = ("lexicon.v1",)
FLUSH_EVERY = 200  # articles between flushes of the store
REFRESH_EVERY = 5000  # touched relations at most between refreshes of the store's aggregates
IDLE_REFRESH = 2500  # touched relations refreshed while the parsing processes are busy (a refresh
# recomputes whole actors and types: smaller ones cost more than their share), any number once they
# parse the last batches (what is left is refreshed after the last article, when nothing else runs)
MAX_PAGE_EDGES = 10_000  # relations (source, type, target, negated, modality) drawn in graph.html;
# graph.ttl and relations.jsonl have them all. The page keeps the most-mentioned ones.
PAGE_COUNTERS = 4 * MAX_PAGE_EDGES  # EdgeCounter capacity: relations with more than 1/40,001 of all
# mentions are sure to be counted; it holds at most twice this many counters (~170 bytes each)


@dataclass
class Settings:
    extractors: Sequence[str] = DEFAULT_EXTRACTORS
    min_confidence: float = 0.0
    batch_size: int = 16
    jobs: int = 1  # parsing processes (kg.nlp.annotate_many n_process)
    scheduler: str | None = None  # a Dask scheduler address: extract on that cluster


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
    earlier: list[Relation] = []
    for sent, mentions, speaker in zip(res.sentences, res.mentions, res.speakers):
        ctx = SentenceContext(article, sent, tuple(mentions), speaker, tuple(earlier))
        for ex in extractor_list:
            try:
                rels = list(ex(ctx))
            except Exception as exc:  # noqa: BLE001 - one sentence's failure must not lose the build
                # a defect of an extractor on one sentence: logged, counted in the report (report.json,
                # "unresolved"), and the rest of the article and of the build goes on
                log.warning("%s: sentence %d: extractor failed (%s: %s); its relations there are skipped",
                            article.id, sent.index, type(exc).__name__, exc)
                res.unresolved.append(("extractor error", f"{article.id} sentence {sent.index}: {type(exc).__name__}"))
                continue
            for rel in rels:  # one record per relation and sentence: each mention keeps its evidence
                key = (rel.key, rel.sentence_index)
                if key not in found or found[key].confidence < rel.confidence:
                    found[key] = rel
                earlier.append(rel)  # what this sentence said, for definite references later ("rejected the protest")
    named = article_names(res, gaz)
    relations = sorted((replace(r, source_named=named.get(r.source.id, ""), target_named=named.get(r.target.id, ""))
                        for r in found.values() if r.confidence >= min_confidence),
                       key=lambda r: (r.sentence_index, r.type.value, r.source.id, r.target.id, r.negated))
    used = {a.id: a for r in relations for a in (r.source, r.target)}
    return ArticleResult(article, tuple(relations), tuple(used[k] for k in sorted(used)),
                         tuple(res.unresolved), len(sentences))


NAMED_TYPES = (ActorType.ORG, ActorType.GROUP)
NAME_MENTIONS = ("gazetteer", "ner")


def article_names(res, gaz) -> dict[str, str]:
    """What the article calls each body and group it names, where it never uses the canonical name: the
    longest name it uses; a named body without the state before it, which ``country`` carries ("Treasury"
    for "the U.S. Treasury", "M23" for the March 23 Movement, "Joint Chiefs of Staff" for "South Korea's
    Joint Chiefs of Staff"); a body named by a state word and a common noun as written ("Pakistani
    troops", "Russian delegations"). Readers and benchmarks match names as written."""
    out: dict[str, str] = {}
    canonical: dict[str, str] = {}
    as_written: set[str] = set()  # actors the article names by their canonical name somewhere: that name stays
    for mentions in res.mentions:
        for m in mentions:
            if m.actor.type in NAMED_TYPES and m.how in NAME_MENTIONS + ("descriptor",) and m.text:
                text = re.sub(r"^(?:the|a|an)\s+", "", " ".join(m.text.split()), flags=re.I)
                if text.lower() == m.actor.name.lower():
                    as_written.add(m.actor.id)
                # a body named by its state and a common noun keeps both ("Pakistani troops", "Russian delegations");
                # not a coordination ("French and Egyptian warships") nor a bare adjective
                if m.how == "descriptor" and (" " not in text or re.search(r",| and | or ", text)):
                    continue
                text = _without_state(text, gaz) if m.how != "descriptor" else text
                canonical[m.actor.id] = m.actor.name
                if len(text) > len(out.get(m.actor.id, "")):
                    out[m.actor.id] = text
    return {k: v for k, v in out.items() if v != canonical[k] and k not in as_written}


def _without_state(text: str, gaz) -> str:
    """``text`` without a state's name, adjective or possessive at its start ("U.S. Treasury" -> "Treasury")."""
    if "(" in text and ")" not in text[text.index("("):]:
        text = text[:text.index("(")].rstrip()  # "Mexican Employers' Confederation (Coparmex": the tagger's cut
    words = text.split(" ")
    for n in range(min(4, len(words) - 1), 0, -1):
        head = " ".join(words[:n])
        bare = head[:-2] if head.endswith(("'s", "’s")) else head
        if any(f.actor.type is ActorType.COUNTRY and f.kind in STATE_WORD_KINDS for f in gaz.lookup(bare)):
            return " ".join(words[n:])
    return text


STATE_WORD_KINDS = ("name", "alias", "adjective", "demonym")  # not a place in the state ("Sinaloa Cartel")


def readable_articles(inputs: Iterable[str | Path],
                      on_rejected: Callable[[Rejected], None] | None = None) -> Iterator[Article]:
    """The readable articles under ``inputs``; rejected inputs and repeated ids go to ``on_rejected``."""
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


def extract_articles(articles: Iterable[Article], settings: Settings | None = None,
                     on_idle: Callable[[bool], object] | None = None) -> Iterator[ArticleResult]:
    """Parse and extract a stream of articles (spaCy's nlp.pipe in batches). ``on_idle``: see
    kg.nlp.annotate_many."""
    from .nlp import annotate_many

    settings = settings or Settings()
    unknown = [name for name in settings.extractors if name not in extractors.names()]
    if unknown:
        extractors.get(unknown[0])  # raises UnknownExtractorError, before anything is read
    exs = gaz = None
    for article, sentences in annotate_many(articles, batch_size=settings.batch_size, n_process=settings.jobs,
                                            on_idle=on_idle):
        if exs is None:
            # loaded once the parsing has begun (in worker processes, for a long stream): the lexicons
            # and the gazetteer take ~0.3 s the parsers need not wait for
            exs = [extractors.get(name) for name in settings.extractors]
            gaz = load_gazetteer()
        yield extract_article(article, sentences, exs, settings.min_confidence, gaz)


def extract(inputs: Iterable[str | Path], settings: Settings | None = None,
            on_rejected: Callable[[Rejected], None] | None = None) -> Iterator[ArticleResult]:
    """Stream extraction results for every readable article under ``inputs``."""
    return extract_articles(readable_articles(inputs, on_rejected), settings)


def fingerprint() -> str:
    """What extraction depends on besides the text: code version and data files. A stored article
    extracted under another fingerprint is extracted again."""
    import hashlib

    from . import __version__
    from .config import DATA_DIR, gazetteer_dir

    h = hashlib.sha256(__version__.encode())
    for path in sorted([*DATA_DIR.glob("*.yaml"), *gazetteer_dir().glob("*.csv")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


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
    parsed: int = 0  # articles parsed in this build (the others were unchanged in the store)
    skipped: int = 0
    store: str = ""

    def to_json(self) -> dict:
        return {
            "articles": self.articles, "sentences": self.sentences, "relations": self.relations,
            "by_type": dict(sorted(self.by_type.items())), "negated": self.negated, "future": self.future,
            "rejected": [{"path": r.path, "problem": r.problem} for r in self.rejected],
            "unresolved": self.unresolved, "outputs": self.outputs, "seconds": round(self.seconds, 2),
            "parsed": self.parsed, "skipped_unchanged": self.skipped, "store": self.store,
        }


def build(inputs: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None,
          on_article: Callable[[ArticleResult], None] | None = None,
          on_rejected: Callable[[Rejected], None] | None = None,
          store_dir: str | Path | None = None) -> BuildReport:
    """Add the articles under ``inputs`` to the store (``out_dir/store`` by default) and write
    graph.ttl, relations.jsonl, graph.html and report.json for everything the store holds.

    Incremental: an article whose content hash and extraction fingerprint are already in the store
    is not parsed again; a changed one replaces its old statements. When nothing changed and the
    outputs exist they are left as they are. If no input is readable, nothing is written and
    NoArticlesError is raised; a concurrent build on the same store raises StoreLockedError.
    """
    import time

    from .errors import NoArticlesError

    t0 = time.perf_counter()
    out = Path(out_dir)
    store_dir = Path(store_dir) if store_dir else out / "store"
    rejected: list[Rejected] = []

    def reject(item: Rejected) -> None:
        rejected.append(item)
        if on_rejected:
            on_rejected(item)

    existed = store_dir.exists()
    try:
        return _build_into(store_dir, inputs, out, settings, on_article, reject, t0, rejected)
    except NoArticlesError:
        if not existed:  # leave no trace of a build that had nothing to build
            import shutil

            shutil.rmtree(store_dir, ignore_errors=True)
        raise


def _build_into(store_dir, inputs, out, settings, on_article, reject, t0, rejected) -> BuildReport:
    import time

    from .errors import NoArticlesError
    from .store import GraphStore, write_lock

    readable = skipped = 0
    with write_lock(store_dir):
        store = GraphStore(store_dir)
        fp = fingerprint()

        def changed() -> Iterator[Article]:
            nonlocal readable, skipped
            for article in readable_articles(inputs, reject):
                readable += 1
                if store.article_state(article.id) == (article.sha256, fp):
                    skipped += 1
                    continue
                yield article

        from collections import Counter

        parsed = sentences = 0
        unresolved: dict[str, Counter] = {}
        touched: set[str] = set()
        refreshed = 0  # relations refreshed since the database was last reopened

        def refresh(least: int = 1) -> None:
            """The aggregates of the relations touched so far, if at least ``least`` (the final
            refresh does the rest)."""
            nonlocal refreshed
            if len(touched) >= least:
                store.refresh(touched)
                refreshed += len(touched)
                touched.clear()
                if refreshed >= REFRESH_EVERY:
                    refreshed = 0
                    store.flush(reopen=True)  # empties the caches the refreshes filled

        if settings is not None and settings.scheduler:
            from .distributed import extract_on_cluster

            stream = extract_on_cluster(changed(), settings.scheduler, settings)
        else:
            # parsed in worker processes when there are many (kg.nlp.annotate_many): this process
            # resolves, extracts and writes meanwhile, and refreshes the aggregates of what it
            # wrote while it would wait for them (so the refresh after the last article has
            # little left to do); changed() is read from this thread only
            stream = extract_articles(changed(), settings, on_idle=lambda last: refresh(1 if last else IDLE_REFRESH))
        try:
            for res in stream:  # streaming: memory stays flat however many articles there are
                touched |= store.put_article(res, fp, load_gazetteer())  # (cached; loaded once parsing began)
                parsed += 1
                sentences += res.sentences
                for kind, text in res.unresolved:
                    counter = unresolved.setdefault(kind, Counter())
                    if text in counter or len(counter) < 5000:
                        counter[text] += 1
                if len(touched) >= REFRESH_EVERY:
                    refreshed = REFRESH_EVERY  # and reopen the database after it
                    refresh()  # aggregates in bounded batches
                elif parsed % FLUSH_EVERY == 0:
                    store.flush()  # writes Oxigraph's in-memory buffers out: memory stays flat
                if on_article:
                    on_article(res)
        finally:
            stream.close()  # stops spaCy's worker processes even when writing failed
        if not readable:
            raise NoArticlesError(f"no readable article among the inputs ({len(rejected)} rejected); outputs left untouched")
        paths = {name: out / name for name in ("graph.ttl", "relations.jsonl", "graph.html", "report.json")}
        files = bool(parsed) or not all(p.exists() for p in paths.values())
        # what the final refresh does not change is written while it runs: relations.jsonl and
        # graph.html by a forked process, the shared graph of graph.ttl by a thread (the article
        # graphs were serialized as they were written)
        pages = PageFiles(store, paths) if files else None
        early = _SharedGraph(store, out) if files else None
        try:
            store.refresh(touched)
            ready = early.result() if early else None
            store.flush(reopen=True)
            rep = BuildReport(rejected=list(rejected), sentences=sentences)
            rep.unresolved = {k: {"count": sum(c.values()), "examples": [t for t, _ in c.most_common(5)]}
                              for k, c in sorted(unresolved.items())}
            rep.parsed, rep.skipped, rep.store = parsed, skipped, str(store_dir)
            write_outputs(store, paths, rep, files=files, pages=pages, ready=ready)
        finally:
            if early:
                early.close()
            if pages:
                pages.close()
        rep.outputs = {k: str(v) for k, v in paths.items()}
        rep.seconds = time.perf_counter() - t0
        _write_report(paths["report.json"], rep)
    return rep


class _SharedGraph:
    """The shared graph of graph.ttl, serialized by a thread into a file beside it while the
    build's final refresh runs (Oxigraph writes a file path without the GIL). The refresh changes
    the shared graph only when it drops a relation no article states any more: then the file is
    not used. GraphStore.export copies it in the graph's place (``result``); the article graphs
    it copies from the files the store keeps of them."""

    def __init__(self, store, folder: Path):
        import tempfile
        import threading

        from .store import SHARED

        self.store = store
        self.graphs = [SHARED] if SHARED in store.public_graphs() else []  # reading writes what the store buffers
        self.version = store.shared_version
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".graph.ttl.", suffix=".part", dir=folder)
        os.close(fd)
        self.path = Path(name)
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(store,), name="kg-export-shared")
        store.readers += 1  # the refresh meanwhile must not reopen the database (GraphStore.flush)
        self.thread.start()

    def _run(self, store) -> None:
        try:
            if self.graphs:
                store.export_graphs(self.path, self.graphs)
        except BaseException as e:  # noqa: BLE001 - raised by result(), in the build's thread
            self.failed = e
        finally:
            store.readers -= 1

    def result(self) -> tuple[list, Path] | None:
        """The graphs serialized with their file, if still as they are in the store (see GraphStore.export)."""
        self.thread.join()
        if self.failed is not None:
            raise self.failed
        return (self.graphs, self.path) if self.graphs and self.store.shared_version == self.version else None

    def close(self) -> None:
        self.thread.join()
        self.path.unlink(missing_ok=True)


class PageFiles:
    """relations.jsonl and graph.html, written by a forked process (kg.processes) from the store's
    per-article exports while this one goes on (the final refresh, graph.ttl): the work is Python,
    which a thread would do only in turns with this one. ``result()`` gives the report's counts."""

    def __init__(self, store, paths: dict[str, Path]):
        from .processes import ForkedCall

        docs = store.articles()  # here: the database stays in this process
        self._call = ForkedCall(_write_page_files, store, docs, paths, name="kg-outputs")

    def result(self) -> _Tally:
        return self._call.result()

    def close(self) -> None:
        self._call.close()


@dataclass
class _Tally:
    """What the report counts of the relations."""

    by_type: dict[str, int] = field(default_factory=dict)
    negated: int = 0
    future: int = 0

    def add(self, rec: dict) -> None:
        self.by_type[rec["type"]] = self.by_type.get(rec["type"], 0) + 1
        self.negated += bool(rec["negated"])
        self.future += rec["modality"] == "future"


def _write_page_files(store, docs: list[str], paths: dict[str, Path]) -> _Tally:
    """relations.jsonl and graph.html (see write_outputs); reads files only, not the database."""
    import json

    from .exports.html import EdgeCounter, collect_edges, export_html
    from .graph.assemble import type_info
    from .outputs import atomic_open

    tally = _Tally()
    counter = EdgeCounter(PAGE_COUNTERS)
    with atomic_open(paths["relations.jsonl"]) as f:
        for line in store.relation_lines(docs):  # written by the store as json.dumps(..., ensure_ascii=False)
            f.write(line)
            rec = json.loads(line)
            tally.add(rec)
            counter.add(rec)
    page = collect_edges(store.relation_records(docs), keep=counter.top(MAX_PAGE_EDGES), mentions=counter.total)
    gaz = load_gazetteer()
    names = {a.country: a.name for a in gaz.by_code.values() if a.country}
    export_html(page, paths["graph.html"], weights={t.value: i.weight for t, i in type_info().items()},
                articles=_article_meta(store, page.docs()), country_names=names)
    return tally


def write_outputs(store, paths: dict[str, Path], rep: BuildReport, files: bool = True,
                  pages: PageFiles | None = None, ready: tuple[list, Path] | None = None) -> None:
    """graph.ttl, relations.jsonl and graph.html from everything the store holds (with ``files``
    false, only the counts of the report). ``pages``: the writer of relations.jsonl and graph.html,
    if the caller started it already (a build does, before its final refresh); ``ready``: graphs
    of graph.ttl serialized already (see GraphStore.export).

    Memory stays flat however many articles the store holds: graph.ttl is streamed graph by graph;
    the relations are streamed from the store's per-article exports, twice. The first pass copies
    them to relations.jsonl, counts them for the report and finds the MAX_PAGE_EDGES most-mentioned
    relations (EdgeCounter, bounded); the second folds the mentions of just those into summaries
    with a few quotes each, and only the articles quoted are read for their titles and links.
    """
    if files:
        own = pages is None
        pages = pages or PageFiles(store, paths)
        try:
            store.export(paths["graph.ttl"], ready=ready)
            tally = pages.result()
        finally:
            if own:
                pages.close()
    else:
        tally = _Tally()
        for rec in store.relation_records():
            tally.add(rec)
    rep.articles = len(store.articles())
    rep.relations = sum(tally.by_type.values())
    rep.by_type = tally.by_type
    rep.negated = tally.negated
    rep.future = tally.future


def _article_meta(store, docs: Iterable[str]) -> dict[str, dict]:
    """Title, url and date of the given stored articles (read from the store's per-article files,
    as GraphStore.article_meta does for all of them: the page needs only the articles it quotes)."""
    import json

    out = {}
    for doc in sorted(docs):
        path = store.exports / f"{doc}.article.json"
        if path.exists():
            meta = json.loads(path.read_text(encoding="utf-8"))
            out[doc] = {k: meta[k] for k in ("title", "url", "date") if meta.get(k)}
    return out


def _write_report(path: Path, rep: BuildReport) -> None:
    import json

    from .outputs import atomic_open

    with atomic_open(path) as f:
        json.dump(rep.to_json(), f, indent=1, ensure_ascii=False)
        f.write("\n")


def remove(doc_ids: Sequence[str], out_dir: str | Path, store_dir: str | Path | None = None) -> BuildReport:
    """Drop articles from the store and rewrite the outputs."""
    from .store import GraphStore, write_lock

    out = Path(out_dir)
    store_dir = Path(store_dir) if store_dir else out / "store"
    with write_lock(store_dir):
        store = GraphStore(store_dir)
        touched: set[str] = set()
        for doc in doc_ids:
            touched |= store.remove_article(doc)
        store.refresh(touched)
        store.flush()
        paths = {name: out / name for name in ("graph.ttl", "relations.jsonl", "graph.html", "report.json")}
        rep = BuildReport(store=str(store_dir))
        write_outputs(store, paths, rep)
        rep.outputs = {k: str(v) for k, v in paths.items()}
        _write_report(paths["report.json"], rep)
    return rep
