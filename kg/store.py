"""The persistent graph store: an Oxigraph database on disk (the only pyoxigraph importer).

Layout, all under the instance namespace:
- ``graph/shared``: actors, relation nodes (type, source, target, negation, modality...) and the
  direct actor-to-actor edges — facts that several articles may state;
- ``graph/article/<doc>``: what one article says: the article node, its mentions, their links to
  relation nodes and their dates;
- ``graph/aggregates``: per relation, the highest confidence over its mentions, its dates and
  its mention count; per actor, its relation count and degree; per relation type,
  a statistics node with its counts; per actor and type, the index nodes of kg.graph.index
  (kg.graph.assemble.add_counts writes the same into a graph file): recomputed for the
  relations a build touches and their actors and types;
- ``graph/meta``: the version of what the aggregates hold (AGGREGATES_VERSION); per article, the
  content hash and the build fingerprint (lexicons, gazetteer and code version) it was extracted
  with; an article whose hash and fingerprint are unchanged is skipped by the next build.
Articles are written in batches (Oxigraph's bulk loader), each article's meta after its
statements, so a build killed midway leaves the store readable and the next build redoes the
unfinished articles. One writer at a time: a build
holds an exclusive lock file in the store folder.
"""

from __future__ import annotations

import fcntl
import io
import json
import logging
import os
import shutil
import sys
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pyoxigraph as ox

from .errors import KGError
from .graph import index
from .graph.assemble import article_iri, assemble_parts
from .graph.namespaces import DIPL, ID
from .outputs import atomic_open, replace_file
from .records import ArticleResult

log = logging.getLogger(__name__)

SHARED = ox.NamedNode(str(ID["graph/shared"]))
AGGREGATES = ox.NamedNode(str(ID["graph/aggregates"]))
META = ox.NamedNode(str(ID["graph/meta"]))
CONTENT_HASH = ox.NamedNode(str(ID["store#contentHash"]))  # not dipl:contentHash: the union has no duplicates
FINGERPRINT = ox.NamedNode(str(ID["store#fingerprint"]))
WRITE_BATCH = 100  # articles buffered before they are written to the database (each bulk load
# holds its whole batch in memory: 200 added a 40-50 MB peak at 1,000 articles; 50 cost ~2 ms an
# article more than 100)
REFRESH_BATCH = 5000  # relations (or actors) per aggregates update
REOPEN_AFTER = 1000  # articles written between reopenings of the database by ``flush`` (see there)
REOPEN_ACTORS = 100  # actors whose index a refresh recomputes between reopenings of the database: a
# refresh of a large store reads much of it (its large actors' index nodes), filling RocksDB's caches
REOPEN_ACTORS_ABOVE = 256 * 2**20  # bytes of database files: below, no reopening within a refresh (the
# caches hold a store of ~3,000 articles whole; reopening a 1,000-article store cost ~1 s in 25)
STORE_NODE = ox.NamedNode(str(ID["store"]))
AGGREGATES_VERSION_P = ox.NamedNode(str(ID["store#aggregatesVersion"]))
# in the meta graph while articles have been written or removed whose relations no refresh has
# recomputed yet: found at the opening of the store (a writer died in between), the next refresh
# recomputes all the aggregates
UNREFRESHED_P = ox.NamedNode(str(ID["store#unrefreshedChanges"]))
# what the aggregates graph holds; a store with another version is recomputed at its next refresh
# 2: mention counts of relations, counts of actors and of types
# 3: index nodes of actors and types for the queries with a row limit (kg.graph.index)
AGGREGATES_VERSION = "3"
# the predicates the aggregates are computed from and written with
_P = SimpleNamespace(**{x: ox.NamedNode(str(DIPL[x])) for x in (
    "source", "target", "typeCode", "negated", "hasMention", "confidence", "date", "mentionCount",
    "relationCount", "degree", "ofType", "negatedCount", "hasOutgoing", "hasIncoming", "hasRelation", "hasPair",
    *index.OWNER_LINKS, *index.NODE_OWNERS)})
APPLY_BATCH = 50000  # quad changes of index nodes held before they are written
EXTEND_CHUNK = 4000  # quads per transaction: Oxigraph holds a transaction's writes in memory (~1 KB a
# quad), so a refresh adding 35,000 index quads in one peaked ~50 MB higher; smaller costs no time
FACTS_CACHE = 20000  # relations whose facts (kg.graph.index.RelationFacts) a store keeps between
# refreshes, the least recently used dropped first (~300 bytes each): a large actor's relations
# are read once per build instead of once per refresh


def _libc():
    """glibc, or None (another C library or system: the memory settings below are then skipped)."""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL("libc.so.6")
                if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt"):
                    _LIBC = libc
            except OSError:
                pass
    return _LIBC or None


def release_memory() -> None:
    """Give the memory C code has freed back to the system (glibc's malloc_trim; nothing elsewhere).
    RocksDB's caches and write buffers are allocated by malloc, which keeps freed space for reuse:
    without this a long build's process held 100-170 MB more than it used."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def fix_mmap_threshold() -> None:
    """Serve allocations of 256 KB and more with their own memory maps, returned to the system when
    freed. glibc raises this threshold (up to 32 MB) each time such a block is freed, after which the
    large, short-lived buffers of Oxigraph's bulk loads and queries stay in the heap: the main
    process of a 10,000-article build peaked at 302 MB with the moving threshold, 218 MB with this."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, 256 * 1024)


def yield_background_threads() -> None:
    """Give RocksDB's background threads of this process (its flushes and compactions) the lowest
    scheduling priority (Linux: a per-thread nice value; nothing elsewhere). A build writes while
    its parsing processes keep every core busy: at the default priority the compactions its
    writes cause took the parsers' cores in turns (~4 s of CPU in a build of 1,000 articles), and
    the build took ~1 s longer; niced, they run when a core would idle (the writer waiting for the
    parsers). Threads of RocksDB are named ``rocksdb:...``; those started later are niced by the
    next call (at each opening of the database)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8", errors="replace") as f:
                if not f.read().startswith("rocksdb"):
                    continue
            os.setpriority(os.PRIO_PROCESS, int(tid), BACKGROUND_NICE)
        except (OSError, ValueError):
            pass  # gone meanwhile, or not allowed


_LIBC = None
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
BACKGROUND_NICE = 19  # the nice value of RocksDB's background threads (see yield_background_threads)


class StoreLockedError(KGError):
    pass


def being_written(folder: Path) -> bool:
    """Whether a writer (kg build, kg remove) holds the lock of the store in ``folder`` now."""
    try:
        with open(folder / ".kg-build.lock", "rb") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(f, fcntl.LOCK_UN)
    except OSError:
        pass  # no lock file: never written by a build
    return False


def _number(lit) -> Decimal | None:
    try:
        return Decimal(lit.value)
    except (InvalidOperation, AttributeError):
        return None


def _truth(lit) -> int:
    return int(getattr(lit, "value", "") in ("true", "1"))


_FALSE = ox.Literal(False)
# what a period or tier says of itself (the rest are its links: compared only for touched relations)
_SCALARS = ("periodOfType", "period", "relationCount", "precedingCount")
_P_INDEX = {x: ox.NamedNode(str(DIPL[x])) for x in _SCALARS}
_DIPL = str(DIPL)
_XSD_INT, _XSD_STRING = "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#string"


def _keys(triples: list[index.Triple]) -> set[tuple]:
    """Triples as comparable tuples of strings: (subject, property IRI, ("I", iri) or ("L", text, datatype))."""
    def obj(o) -> tuple:
        if isinstance(o, index.Iri):
            return ("I", o)
        return ("L", str(o), _XSD_INT if isinstance(o, int) else _XSD_STRING)

    return {(s, _DIPL + prop, obj(o)) for s, prop, o in triples}


def _quad(key: tuple) -> ox.Quad:
    s, prop, o = key
    obj = ox.NamedNode(o[1]) if o[0] == "I" else ox.Literal(o[1], datatype=ox.NamedNode(o[2]))
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(prop), obj, AGGREGATES)


def _changes(want: list[index.Triple], have: list[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(quads to drop, quads to add) to turn ``have`` into ``want``, compared as strings: quads are
    made only for what changes (making one costs more than reading one)."""
    wanted = _keys(want)
    held = {}
    for q in have:
        o = q.object
        key = ("I", o.value) if isinstance(o, ox.NamedNode) else ("L", o.value, o.datatype.value)
        held[(q.subject.value, q.predicate.value, key)] = q
    return [q for k, q in held.items() if k not in wanted], [_quad(k) for k in wanted if k not in held]


def _facts(iri: str, source: str, target: str, types: list[str], asserted: bool, dates: list[str],
           mentions: int | None) -> index.RelationFacts:
    """RelationFacts for the store's cache (FACTS_CACHE): the actors, type codes and dates, which
    many relations share, as interned strings (one copy each instead of one per relation read:
    ~330 of the ~600 bytes an entry held)."""
    intern = sys.intern
    return index.RelationFacts(iri, intern(source), intern(target), tuple(sorted(map(intern, types))), asserted,
                               tuple(sorted(map(intern, dates))), mentions)


PREFIXES = {"dipl": str(DIPL), "id": str(ID), "schema": "https://schema.org/",
            "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "wd": "http://www.wikidata.org/entity/"}


def _turtle(nquads: str) -> bytes:
    """The Turtle of one graph's N-Quads (the graph names dropped), as export_graphs writes it."""
    return ox.serialize((q.triple for q in ox.parse(nquads, ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.TURTLE,
                        prefixes=PREFIXES)


def article_graph(doc: str) -> ox.NamedNode:
    return ox.NamedNode(str(ID[f"graph/article/{doc}"]))


@contextmanager
def write_lock(folder: Path) -> Iterator[None]:
    """Exclusive lock for writers; a second build on the same store fails at once with a clear message."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".kg-build.lock"
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            raise StoreLockedError(f"{folder}: the store is being written by {holder}; wait for it to finish") from None
        f.seek(0)
        f.truncate()
        f.write(f"kg build (pid {os.getpid()})")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)


class GraphStore:
    """An on-disk RDF store of built articles (see the module docstring for its layout)."""

    def __init__(self, folder: str | Path, read_only: bool = False):
        self.folder = Path(folder)
        self.db = self.folder / "oxigraph"
        self.exports = self.folder / "relations"
        self._pending: list[str] = []  # N-Quads of articles put but not yet written
        self._pending_own: dict[str, str] = {}  # the article graph's part of them, per article (its Turtle file)
        self._pending_meta: list[ox.Quad] = []
        self._pending_docs: set[str] = set()
        self._written = 0  # articles written since the database was opened
        self.readers = 0  # threads reading the database beside the writer (see flush): no reopening meanwhile
        self.shared_version = 0  # counts the writes that can change the shared graph (see export)
        # the facts of relations as the last refresh left them (see FACTS_CACHE); a relation's
        # source, type, target and negation are fixed by its IRI, its dates and mention count
        # change only by _refresh_relations, which replaces its entry
        self._facts: dict[str, index.RelationFacts] = {}
        # per type code, the counts its statistics node and period nodes are written from, as the last
        # refresh left them: read from the store once (the first refresh), then kept by the changes each
        # refresh makes (counting the whole store at every refresh grew with it; see _count_types)
        self._type_totals: dict[str, list[int]] | None = None  # code -> [relations, negated, mentions]
        self._type_periods: dict[str, dict[str, int]] = {}  # code -> period -> relations
        self._unrefreshed: set[str] = set()  # relations put or removed since their last refresh
        self._marked = False  # whether this writer has written the UNREFRESHED_P marker
        try:
            if read_only:
                if not self.db.is_dir():
                    raise KGError(f"{self.folder}: not a kg store (no oxigraph/ folder)")
                self.store = ox.Store.read_only(str(self.db))
            else:
                self.exports.mkdir(parents=True, exist_ok=True)
                fix_mmap_threshold()  # a writer: see there
                self.store = ox.Store(str(self.db))
                yield_background_threads()
        except OSError as e:
            raise KGError(f"{self.folder}: cannot open the store: {e}") from None
        # aggregates to compute all again at the next refresh: written by an older version of this
        # code, or left incomplete by a writer that stopped before its refresh (see UNREFRESHED_P)
        self._recompute = not read_only and (self.aggregates_version() != AGGREGATES_VERSION
                                             or self.interrupted())

    # ---------------------------------------------------------------- articles
    def article_state(self, doc: str) -> tuple[str, str] | None:
        if doc in self._pending_docs:
            self._write_pending()
        node = ox.NamedNode(str(article_iri(doc)))
        sha = next(iter(self.store.quads_for_pattern(node, CONTENT_HASH, None, META)), None)
        fp = next(iter(self.store.quads_for_pattern(node, FINGERPRINT, None, META)), None)
        if sha is None or fp is None:
            return None
        return sha.object.value.removeprefix("sha256:"), fp.object.value

    def articles(self) -> list[str]:
        self._write_pending()
        prefix = str(ID["graph/article/"])
        return sorted(g.value[len(prefix):] for g in self.store.named_graphs() if g.value.startswith(prefix))

    def put_article(self, result: ArticleResult, fingerprint: str, gazetteer=None) -> set[str]:
        """Replace an article's statements; returns the relation IRIs whose aggregates need refreshing.

        The old statements go at once; the new ones are buffered and written with those of the next
        articles (every WRITE_BATCH articles, at ``flush`` or ``refresh`` and before this class reads
        the store), the meta of an article after its statements. Call ``flush`` when done."""
        doc = result.article.id
        if doc in self._pending_docs:
            self._write_pending()
        self._mark_unrefreshed()
        touched = self._relations_of(doc)
        g = article_graph(doc)
        node = ox.NamedNode(str(article_iri(doc)))
        (self.exports / f"{doc}.ttl").unlink(missing_ok=True)  # written again with the new statements
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        for q in list(self.store.quads_for_pattern(node, None, None, META)):
            self.store.remove(q)
        shared, own = assemble_parts(result, gazetteer)
        own_text = own.nquads(g.value)
        self._pending.append(shared.nquads(SHARED.value) + own_text)
        self._pending_own[doc] = own_text
        self._pending_meta += [ox.Quad(node, CONTENT_HASH, ox.Literal("sha256:" + result.article.sha256), META),
                               ox.Quad(node, FINGERPRINT, ox.Literal(fingerprint), META)]
        self._pending_docs.add(doc)
        # the relations export of the article, beside the database (not fsynced one by one: the
        # database itself is not synced per write either; a crash loses both or the meta)
        replace_file(self.exports / f"{doc}.jsonl", "".join(
            json.dumps(rel.export(), ensure_ascii=False) + "\n" for rel in result.relations).encode())
        a = result.article
        replace_file(self.exports / f"{doc}.article.json", json.dumps(
            {"title": a.title, "url": a.url, "date": a.date, "publisher": a.publisher}, ensure_ascii=False).encode())
        if len(self._pending) >= WRITE_BATCH:
            self._write_pending()
        touched |= {str(ID["relation/" + r.node_id]) for r in result.relations}
        self._unrefreshed |= touched
        return touched

    def _write_pending(self) -> None:
        """Write the buffered articles: their statements with Oxigraph's bulk loader (several times
        faster than a transaction; not atomic), their article graphs as Turtle beside the database
        (export copies them: a build serializes each article once, while it parses the next ones),
        then their meta in one transaction. A build killed before the meta is written redoes those
        articles (they replace what was written of them)."""
        if self._pending:
            self.shared_version += 1
            self.store.bulk_load("".join(self._pending), ox.RdfFormat.N_QUADS)
            for doc in sorted(self._pending_docs):
                # serialized from the statements just written, not read back from the database (3 times faster)
                replace_file(self.exports / f"{doc}.ttl", _turtle(self._pending_own.pop(doc)))
            self.store.extend(self._pending_meta)
            self._written += len(self._pending_docs)
            self._pending.clear()
            self._pending_meta.clear()
            self._pending_docs.clear()
            self._pending_own.clear()

    def remove_article(self, doc: str) -> set[str]:
        self._write_pending()
        g = article_graph(doc)
        node = ox.NamedNode(str(article_iri(doc)))
        if not self.store.contains_named_graph(g) and self.article_state(doc) is None:
            raise KGError(f"{self.folder}: no article {doc!r} in the store")
        self._mark_unrefreshed()
        touched = self._relations_of(doc)
        self._unrefreshed |= touched
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        for q in list(self.store.quads_for_pattern(node, None, None, META)):
            self.store.remove(q)
        for suffix in (".jsonl", ".article.json", ".ttl"):
            (self.exports / f"{doc}{suffix}").unlink(missing_ok=True)
        return touched

    def _relations_of(self, doc: str) -> set[str]:
        g = article_graph(doc)
        if not self.store.contains_named_graph(g):
            return set()
        return {q.subject.value for q in self.store.quads_for_pattern(None, ox.NamedNode(str(DIPL.hasMention)), None, g)}

    # ---------------------------------------------------------------- aggregates
    def interrupted(self) -> bool:
        """Whether articles were written or removed and their aggregates not refreshed since: the
        writer stopped before its refresh (or is still at work)."""
        return next(iter(self.store.quads_for_pattern(STORE_NODE, UNREFRESHED_P, None, META)), None) is not None

    def _mark_unrefreshed(self) -> None:
        """Record, before the first change since the last refresh, that aggregates are to be
        refreshed (the marker is removed by the refresh that leaves none to do)."""
        if not self._marked:
            self.store.add(ox.Quad(STORE_NODE, UNREFRESHED_P, ox.Literal(True), META))
            self._marked = True

    def _settled(self) -> None:
        """No relation put or removed is left unrefreshed: the marker goes."""
        self._unrefreshed.clear()
        for q in list(self.store.quads_for_pattern(STORE_NODE, UNREFRESHED_P, None, META)):
            self.store.remove(q)
        self._marked = False

    def aggregates_version(self) -> str | None:
        """The AGGREGATES_VERSION the aggregates graph was last fully computed with (None: never)."""
        q = next(iter(self.store.quads_for_pattern(STORE_NODE, AGGREGATES_VERSION_P, None, META)), None)
        return q.object.value if q is not None else None

    def refresh(self, relations: set[str]) -> None:
        """Recompute the aggregates of ``relations`` (confidence, dates, mention count), of their
        actors and of their types; drop relations no article states any more, and the direct edges
        only they supported. A store whose aggregates were computed by an older version of this
        code (``aggregates_version``), or left incomplete by a writer that stopped before it
        refreshed what it wrote (``interrupted``), gets all of them recomputed instead (refresh_all)."""
        self._write_pending()
        if self._recompute:
            self.refresh_all()
            return
        if relations:
            self._refresh_in_batches(sorted(relations))
        self._unrefreshed -= relations
        if not self._unrefreshed and (self._marked or self.interrupted()):
            self._settled()

    def refresh_all(self) -> None:
        """Recompute the whole aggregates graph (after an upgrade that changed what it holds; done by
        refresh when the stored aggregates version differs), then record the version."""
        self._write_pending()
        src = ox.NamedNode(str(DIPL.source))
        rels = sorted({q.subject.value for q in self.store.quads_for_pattern(None, src, None, SHARED)})
        log.info("%s: recomputing the aggregates of %d relations", self.folder, len(rels))
        self.store.clear_graph(AGGREGATES)
        self._facts.clear()
        self._type_totals = None  # counted again (from nothing) before the relations are
        self._refresh_in_batches(rels)
        for q in list(self.store.quads_for_pattern(STORE_NODE, AGGREGATES_VERSION_P, None, META)):
            self.store.remove(q)
        self.store.add(ox.Quad(STORE_NODE, AGGREGATES_VERSION_P, ox.Literal(AGGREGATES_VERSION), META))
        self._recompute = False
        self._settled()

    def _refresh_in_batches(self, rels: list[str]) -> None:
        """Aggregates of ``rels`` (REFRESH_BATCH at a time), then of their actors and types."""
        actors: set[str] = set()
        types: set[str] = set()
        dropped: dict[str, index.RelationFacts] = {}
        if self._type_totals is None:
            self._type_totals, self._type_periods = self._count_types()
        for i in range(0, len(rels), REFRESH_BATCH):
            a, t = self._refresh_relations(rels[i:i + REFRESH_BATCH], dropped)
            actors |= a
            types |= t
        self._refresh_actors(actors, set(rels), dropped)
        self._refresh_types(types, set(rels))

    def _refresh_relations(self, relations: list[str], dropped: dict[str, index.RelationFacts]
                           ) -> tuple[set[str], set[str]]:
        """Aggregates of a batch of relations; returns the IRIs of their actors and their type codes,
        and adds to ``dropped`` the ends and type of the relations dropped (no article states them).

        Computed in Python from index lookups (quads_for_pattern) and written as quad changes, not
        with SPARQL: each SPARQL update kept ~5 KB of native memory per relation it touched for the
        life of the process (pyoxigraph 0.5), so a long build grew by ~20 MB per 1,000 articles."""
        st, p = self.store, _P
        actors: set[str] = set()
        types: set[str] = set()
        add: list[ox.Quad] = []
        drop: list[ox.Quad] = []
        orphans: list[tuple[str, str]] = []
        known: list[index.RelationFacts] = []
        for iri in relations:
            r = ox.NamedNode(iri)
            # only the statements needed (a relation has a dozen in the shared graph, and reading
            # one costs more than the lookup): all of them only for a relation to drop, below
            found = {prop: [q.object for q in st.quads_for_pattern(r, prop, None, SHARED)]
                     for prop in (p.source, p.target, p.typeCode)}
            ends = {prop: objs[-1] for prop, objs in found.items() if objs}
            if p.source in ends and p.target in ends and p.typeCode in ends:
                actors |= {ends[p.source].value, ends[p.target].value}
                types.add(ends[p.typeCode].value)
            best = None  # (value, literal): the highest mention confidence
            mentions: set = set()
            dates: set = set()
            for link in st.quads_for_pattern(r, p.hasMention, None, None):
                m, g = link.object, link.graph_name
                if isinstance(g, ox.DefaultGraph):
                    continue  # the SPARQL this replaces read named graphs only
                mentions.add(m)
                for q in st.quads_for_pattern(m, p.confidence, None, g):
                    value = _number(q.object)
                    if value is not None and (best is None or value > best[0]):
                        best = (value, q.object)
                dates |= {q.object for q in st.quads_for_pattern(m, p.date, None, g)}
            want: set[ox.Quad] = set()
            if mentions:
                want.add(ox.Quad(r, p.mentionCount, ox.Literal(len(mentions)), AGGREGATES))
                if best is not None:
                    want.add(ox.Quad(r, p.confidence, best[1], AGGREGATES))
                want |= {ox.Quad(r, p.date, d, AGGREGATES) for d in dates}
            have = set(st.quads_for_pattern(r, None, None, AGGREGATES))
            drop += have - want
            add += want - have
            if have != want:
                self._count_change(r, [o.value for o in found[p.typeCode]], have, want)
            self._facts.pop(iri, None)
            if mentions and p.source in ends and p.target in ends:  # what _actor_facts would read after this
                known.append(_facts(
                    iri, ends[p.source].value, ends[p.target].value, [o.value for o in found[p.typeCode]],
                    ox.Quad(r, p.negated, _FALSE, SHARED) in st, [d.value for d in dates], len(mentions)))
            if not mentions and p.source in ends and p.target in ends:
                # no article states it any more: it is dropped, and only its direct edges can lose
                # their support
                orphans.append((ends[p.source].value, ends[p.target].value))
                shared = list(st.quads_for_pattern(r, None, None, SHARED))
                drop += shared
                dropped[iri] = index.RelationFacts(iri, ends[p.source].value, ends[p.target].value, tuple(
                    q.object.value for q in shared if q.predicate == p.typeCode), False, (), None)
        self._apply(drop, add)
        for f in known:
            self._remember(f)
        if orphans:
            # direct edges between their actors that no non-negated relation of their type supports
            self._prune_direct_edges(set(orphans))
        return actors, types

    def _refresh_actors(self, actors: set[str], touched: set[str], dropped: dict[str, index.RelationFacts]) -> None:
        """dipl:relationCount and dipl:degree of ``actors`` (only for those with a relation to count):
        the non-negated relations between the actor and another actor, and those other actors; and
        the actors' index nodes (kg.graph.index: periods, pair statistics, partner tiers).

        Each actor's index is computed from all its relations, but compared with the store only
        where a change of the ``touched`` relations can show: the counts of its periods and tiers,
        the links of those relations, their pair statistics and the tier links of those. The facts
        of a relation are read once (FACTS_CACHE)."""
        st, p = self.store, _P
        add: list[ox.Quad] = []
        drop: list[ox.Quad] = []
        pairs_done: set[str] = set()  # pair statistics are shared by two actors: written from the first
        big = self._database_bytes() > REOPEN_ACTORS_ABOVE  # (a smaller database fits in the caches whole)
        for n, iri in enumerate(sorted(actors)):
            if big and n and n % REOPEN_ACTORS == 0:  # bound the caches a long refresh fills (see flush)
                self._apply_index(drop, add)
                add, drop = [], []
                st = None  # (no reference may keep the database open)
                self.flush(reopen=True)
                st = self.store
            a = ox.NamedNode(iri)
            facts = self._actor_facts(a)
            counted = [f for f in facts if f.asserted and f.source and f.target and f.source != f.target]
            want: list[index.Triple] = []
            if counted:
                others = {f.target if f.source == iri else f.source for f in counted}
                want = [(iri, "relationCount", len(counted)), (iri, "degree", len(others))]
            changed = [f for f in facts if f.iri in touched]
            changed += [f for f in dropped.values() if iri in (f.source, f.target)]
            rels = {f.iri for f in changed}
            partners = {(f.target if f.source == iri else f.source, code) for f in changed for code in f.types}
            affected = {index.pair_iri(iri, other, code) for other, code in partners}
            pairs = affected - pairs_done  # pair statistics to compare here (the rest: done from their other actor)
            pairs_done |= affected
            want += [x for x in index.actor_periods(iri, facts, rels) + index.actor_pairs(iri, facts, partners)
                     if not x[0].startswith(index.PAIR_PREFIX) or x[0] in pairs]
            have = []
            for prop in (p.relationCount, p.degree, p.hasPeriod, p.hasTier):
                have += st.quads_for_pattern(a, prop, None, AGGREGATES)
            nodes = {q.object for q in have if q.predicate in (p.hasPeriod, p.hasTier)}
            for node in nodes:
                for prop in _SCALARS:
                    have += st.quads_for_pattern(node, _P_INDEX[prop], None, AGGREGATES)
            for r in rels:
                for link in (p.hasOutgoing, p.hasIncoming):
                    have += (q for q in st.quads_for_pattern(None, link, ox.NamedNode(r), AGGREGATES)
                             if q.subject in nodes)
            for pair in affected:
                node = ox.NamedNode(pair)
                if pair in pairs:
                    have += st.quads_for_pattern(node, None, None, AGGREGATES)
                have += (q for q in st.quads_for_pattern(None, p.hasPair, node, AGGREGATES) if q.subject in nodes)
            gone, new = _changes(want, have)
            drop += gone
            add += new
            if len(add) + len(drop) >= APPLY_BATCH:
                self._apply_index(drop, add)
                add, drop = [], []
        self._apply_index(drop, add)

    def _database_bytes(self) -> int:
        """The size of the database's files (the SST files RocksDB reads)."""
        try:
            return sum(e.stat().st_size for e in os.scandir(self.db) if e.name.endswith(".sst"))
        except OSError:
            return 0

    def _actor_facts(self, a: ox.NamedNode) -> list[index.RelationFacts]:
        """What the index nodes read of the relations of an actor, by specific lookups (reading all
        the statements of each relation took twice as long), unless known already (``_facts``)."""
        st, p = self.store, _P
        facts: dict[str, index.RelationFacts] = {}
        for here, there in ((p.source, p.target), (p.target, p.source)):
            for q in st.quads_for_pattern(None, here, a, SHARED):
                r = q.subject
                if r.value in facts:
                    continue  # a self-loop, seen from both ends
                f = self._facts.get(r.value)
                if f is None:
                    other = [x.object.value for x in st.quads_for_pattern(r, there, None, SHARED)]
                    ends = (a.value, other[0] if other else "") if here == p.source else (other[0] if other else "", a.value)
                    types = [x.object.value for x in st.quads_for_pattern(r, p.typeCode, None, SHARED)]
                    dates = [x.object.value for x in st.quads_for_pattern(r, p.date, None, AGGREGATES)]
                    mentions = [x.object.value for x in st.quads_for_pattern(r, p.mentionCount, None, AGGREGATES)]
                    f = _facts(r.value, *ends, types, ox.Quad(r, p.negated, _FALSE, SHARED) in st,
                               dates, int(mentions[0]) if mentions else None)
                self._remember(f)
                facts[r.value] = f
        return [facts[k] for k in sorted(facts)]

    def _remember(self, f: index.RelationFacts) -> None:
        """Keep ``f`` as the most recently used entry of ``_facts``, dropping the least recently used."""
        self._facts.pop(f.iri, None)
        self._facts[f.iri] = f
        if len(self._facts) > FACTS_CACHE:
            del self._facts[next(iter(self._facts))]

    def _refresh_types(self, types: set[str], touched: set[str]) -> None:
        """The statistics node of each type code in ``types`` (none for a type without relations):
        its relations that have a mention count, how many of them are negated, their mentions; and
        the type's period nodes (kg.graph.index), compared with the store where a change of the
        ``touched`` relations can show (as in _refresh_actors).

        A type has a large share of all relations: they are counted by SPARQL queries (which
        compare Oxigraph's encoded terms and return one row per type or period) instead of read one
        by one (which decodes every term read, most of the time a refresh took)."""
        st, p = self.store, _P
        codes = sorted(c for c in types if c.replace("_", "").isalnum())
        if not codes:
            return
        add: list[ox.Quad] = []
        drop: list[ox.Quad] = []
        stats = {code: tuple(self._type_totals[code]) for code in codes if code in self._type_totals}
        counts = {code: {k: n for k, n in self._type_periods.get(code, {}).items() if n} for code in codes}
        linked: dict[str, dict[str, list[str]]] = {code: {} for code in codes}  # the touched relations by period
        links = []
        for r in sorted(touched):
            node = ox.NamedNode(r)
            links += st.quads_for_pattern(None, p.hasRelation, node, AGGREGATES)
            listed = [q.object.value for q in st.quads_for_pattern(node, p.typeCode, None, SHARED)]
            if any(code in linked for code in listed):
                key = index.period(q.object.value for q in st.quads_for_pattern(node, p.date, None, AGGREGATES))
                for code in listed:
                    if code in linked:
                        linked[code].setdefault(key, []).append(r)
        for code in codes:
            t = ox.Literal(code)
            n, neg, mentions = stats.get(code, (0, 0, 0))
            want: set[ox.Quad] = set()
            node = ox.NamedNode(f"{ID}statistics/type/{code}")
            if n:
                want = {ox.Quad(node, p.ofType, t, AGGREGATES),
                        ox.Quad(node, p.relationCount, ox.Literal(n), AGGREGATES),
                        ox.Quad(node, p.negatedCount, ox.Literal(neg), AGGREGATES),
                        ox.Quad(node, p.mentionCount, ox.Literal(mentions), AGGREGATES)}
            have: set[ox.Quad] = set()
            for q in st.quads_for_pattern(None, p.ofType, t, AGGREGATES):
                have |= set(st.quads_for_pattern(q.subject, None, None, AGGREGATES))
            drop += have - want
            add += want - have
            periods = index.counted_type_periods(code, counts.get(code, {}), linked[code])
            held: list[ox.Quad] = []
            for q in st.quads_for_pattern(None, p.periodOfType, t, AGGREGATES):
                for prop in _SCALARS:
                    held += st.quads_for_pattern(q.subject, _P_INDEX[prop], None, AGGREGATES)
            nodes = {q.subject for q in held}
            gone, new = _changes(periods, held + [q for q in links if q.subject in nodes])
            drop += gone
            add += new
        self._apply_index(drop, add)

    def _count_types(self) -> tuple[dict[str, list[int]], dict[str, dict[str, int]]]:
        """Per type code, over the relations with a mention count (every relation a refresh has seen):
        [relations, negated ones, mentions], counting one row per negation flag and mention count of a
        relation; and the number of its relations per period (kg.graph.index.period of their dates, as
        text). SPARQL compares Oxigraph's encoded terms and returns one row per type or period (reading
        the relations one by one decodes every term); once per GraphStore, see _count_change."""
        graphs = f"<{SHARED.value}>", f"<{AGGREGATES.value}>"
        totals: dict[str, list[int]] = {}
        for row in self.store.query(f"""
                SELECT ?code (COUNT(*) AS ?n) (SUM(?flag) AS ?neg) (SUM(?count) AS ?mentions) WHERE {{
                  GRAPH {graphs[0]} {{ ?r <{_P.typeCode.value}> ?code ; <{_P.negated.value}> ?negated }}
                  GRAPH {graphs[1]} {{ ?r <{_P.mentionCount.value}> ?count }}
                  BIND(IF(STR(?negated) IN ("true", "1"), 1, 0) AS ?flag)
                }} GROUP BY ?code"""):
            totals[row["code"].value] = [int(row["n"].value), int(row["neg"].value), int(row["mentions"].value)]
        periods: dict[str, dict[str, int]] = {}
        for row in self.store.query(f"""
                SELECT ?code ?period (COUNT(*) AS ?n) WHERE {{
                  {{ SELECT ?code ?r (MAX(STR(?date)) AS ?last) WHERE {{
                       GRAPH {graphs[0]} {{ ?r <{_P.typeCode.value}> ?code }}
                       FILTER EXISTS {{ GRAPH {graphs[1]} {{ ?r <{_P.mentionCount.value}> ?count }} }}
                       OPTIONAL {{ GRAPH {graphs[1]} {{ ?r <{_P.date.value}> ?date }} }}
                     }} GROUP BY ?code ?r }}
                  BIND(SUBSTR(COALESCE(?last, ""), 1, 7) AS ?period)
                }} GROUP BY ?code ?period"""):
            periods.setdefault(row["code"].value, {})[row["period"].value] = int(row["n"].value)
        return totals, periods

    def _count_change(self, r: ox.NamedNode, codes: list[str], have: set[ox.Quad], want: set[ox.Quad]) -> None:
        """Move relation ``r`` (type codes ``codes``) in the counts of _count_types from its aggregates
        before this refresh (``have``) to those after it (``want``): a relation counts once it has a
        mention count (a new one has none before its first refresh; a dropped one none after)."""
        p = _P

        def part(quads: set[ox.Quad]) -> tuple[int, str] | None:
            counts = [q.object for q in quads if q.predicate == p.mentionCount]
            if not counts:
                return None
            return int(counts[0].value), index.period(q.object.value for q in quads if q.predicate == p.date)

        before, after = part(have), part(want)
        if before == after:
            return
        flags = [q.object.value for q in self.store.quads_for_pattern(r, p.negated, None, SHARED)]
        for code in codes:
            totals = self._type_totals.setdefault(code, [0, 0, 0])
            periods = self._type_periods.setdefault(code, {})
            for sign, state in ((-1, before), (1, after)):
                if state is None:
                    continue
                mentions, key = state
                periods[key] = periods.get(key, 0) + sign
                for flag in flags:  # (one row per negation flag, as the query counts)
                    totals[0] += sign
                    totals[1] += sign * (flag in ("true", "1"))
                    totals[2] += sign * mentions

    def _apply_index(self, drop: list[ox.Quad], add: list[ox.Quad]) -> None:
        """_apply, but a large batch (a first computation of the index) is written to new files
        directly: 1.5-3 times faster, and not held in Oxigraph's write buffers (~1 KB a quad until
        the next flush)."""
        if len(add) < APPLY_BATCH:
            self._apply(drop, add)
        else:
            self._apply(drop, [])
            self.store.bulk_extend(add)

    def _apply(self, drop: list[ox.Quad], add: list[ox.Quad]) -> None:
        """Remove, then add, quads (not atomic, as the several SPARQL updates of a refresh were not)."""
        if any(q.graph_name == SHARED for q in (*drop, *add)):
            self.shared_version += 1
        for q in drop:
            self.store.remove(q)
        for i in range(0, len(add), EXTEND_CHUNK):
            self.store.extend(add[i:i + EXTEND_CHUNK])

    def _prune_direct_edges(self, ends: set[tuple[str, str]]) -> None:
        from .graph.assemble import type_info

        type_of = {str(i.direct): t.value for t, i in type_info().items()}
        src, tgt, code, neg = (ox.NamedNode(str(DIPL[x])) for x in ("source", "target", "typeCode", "negated"))
        for a, b in ends:
            na, nb = ox.NamedNode(a), ox.NamedNode(b)
            edges = [q for q in self.store.quads_for_pattern(na, None, nb, SHARED) if q.predicate.value in type_of]
            edges += [q for q in self.store.quads_for_pattern(nb, None, na, SHARED) if q.predicate.value in type_of]
            if not edges:
                continue
            supported = set()
            for x, y in ((na, nb), (nb, na)):
                for q in self.store.quads_for_pattern(None, tgt, y, SHARED):
                    r = q.subject
                    if ox.Quad(r, src, x, SHARED) in self.store and \
                            not any(n.object.value == "true" for n in self.store.quads_for_pattern(r, neg, None, SHARED)):
                        supported |= {c.object.value for c in self.store.quads_for_pattern(r, code, None, SHARED)}
            for q in edges:
                if type_of[q.predicate.value] not in supported:
                    self.shared_version += 1
                    self.store.remove(q)

    # ---------------------------------------------------------------- reading
    def query(self, sparql: str):
        self._write_pending()  # buffered articles first: reads see everything put
        # the default graph is the union of all graphs (no triple is in two of them); the meta graph
        # only adds the store's own bookkeeping predicates
        return self.store.query(sparql, use_default_graph_as_union=True)

    def public_graphs(self) -> list:
        self._write_pending()  # buffered articles first: reads see everything put
        return [g for g in self.store.named_graphs() if g != META]

    def triple_count(self) -> int:
        self._write_pending()  # buffered articles first: reads see everything put
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, None))

    def export(self, path: Path, fmt: str = "turtle", ready: tuple[list, Path] | None = None) -> None:
        """Write the union of the public graphs as one RDF graph (atomically), streaming graph by graph:
        memory does not grow with the store. No triple is in two public graphs, so the union is the
        concatenation (a Turtle file may repeat its prefix lines). ``ready``: graphs serialized
        earlier by export_graphs (unchanged since) and the file holding them, copied in their place;
        an article graph is copied from the Turtle _write_pending kept of it."""
        self._write_pending()
        with atomic_open(path, "wb") as f:
            graphs = sorted(self.public_graphs(), key=lambda g: g.value)
            i = 0
            while i < len(graphs):
                if ready and ready[0] and graphs[i] == ready[0][0] and graphs[i:i + len(ready[0])] == ready[0]:
                    with open(ready[1], "rb") as part:
                        shutil.copyfileobj(part, f, 1 << 20)
                    i += len(ready[0])
                    ready = None
                    continue
                kept = self._article_turtle(graphs[i]) if fmt == "turtle" else None
                if kept is not None:
                    f.write(kept)
                else:
                    self.export_graphs(f, graphs[i:i + 1], fmt)
                i += 1

    def _dump_article(self, doc: str) -> bytes:
        """The Turtle export_graphs writes for the article graph of ``doc``."""
        buf = io.BytesIO()
        self.export_graphs(buf, [article_graph(doc)])
        return buf.getvalue()

    def _article_turtle(self, g) -> bytes | None:
        """The Turtle of article graph ``g`` written by _write_pending, if it is there."""
        prefix = str(ID["graph/article/"])
        if not g.value.startswith(prefix):
            return None
        try:
            return (self.exports / f"{g.value[len(prefix):]}.ttl").read_bytes()
        except OSError:
            return None

    def export_graphs(self, f, graphs: list, fmt: str = "turtle") -> None:
        """Serialize ``graphs`` to the binary file ``f`` one after another, as export does (or one
        graph, not an article's, to the file path ``f``). An
        article graph (small) is serialized into memory, then written: one call into Oxigraph,
        which takes the GIL back only at its end (writing to a Python file takes it per chunk, and a
        thread doing so beside a busy one waits its turn each time); a larger graph goes straight to ``f``."""
        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        options = {"format": formats[fmt], **({"prefixes": PREFIXES} if fmt == "turtle" else {})}
        articles = str(ID["graph/article/"])
        for g in graphs:
            if g.value.startswith(articles):
                f.write(self.store.dump(from_graph=g, **options))
            elif isinstance(f, (str, Path)):  # a path: Oxigraph writes it without taking the GIL per chunk
                self.store.dump(str(f), from_graph=g, **options)
            else:
                self.store.dump(f, from_graph=g, **options)

    def relation_records(self, docs: list[str] | None = None) -> Iterator[dict]:
        """The relations export of every article in the store (or of ``docs``), in document order."""
        return (json.loads(line) for line in self.relation_lines(docs))

    def relation_lines(self, docs: list[str] | None = None) -> Iterator[str]:
        """The same, as the JSON lines they are kept as (each ending with a newline). With ``docs``
        (from ``articles``), only the files are read, not the database."""
        for doc in self.articles() if docs is None else docs:
            path = self.exports / f"{doc}.jsonl"
            if path.exists():
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            yield line if line.endswith("\n") else line + "\n"

    def article_meta(self) -> dict[str, dict]:
        """Title, url, date and publisher of every stored article (for the HTML graph)."""
        out = {}
        for doc in self.articles():
            path = self.exports / f"{doc}.article.json"
            if path.exists():
                out[doc] = json.loads(path.read_text(encoding="utf-8"))
        return out

    def flush(self, reopen: bool = False) -> None:
        """Write the buffered articles, then Oxigraph's in-memory buffers out to disk.

        With ``reopen``, or after REOPEN_AFTER articles written, also close and reopen the
        database: RocksDB's block caches (128 MB for Oxigraph's string table, 32 MB for the rest)
        fill up as a long build reads the store (a refresh most), and pyoxigraph offers no way to
        bound or empty them but closing the database (a build of 10,000 articles peaked ~160 MB
        above one of 1,000 without this). Call it where no iterator over the database is open."""
        self._write_pending()
        self.store.flush()
        if (reopen or self._written >= REOPEN_AFTER) and not self.readers:
            # (a thread reading it keeps the database open, and RocksDB refuses a second opening)
            self._written = 0
            self.store = None  # the only reference: closes the database before it is opened again
            try:
                self.store = ox.Store(str(self.db))
            except OSError as e:
                raise KGError(f"{self.folder}: cannot reopen the store: {e}") from None
            yield_background_threads()
        release_memory()  # what the write buffers (and a closed database) freed
