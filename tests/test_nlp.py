"""Stage 2: parsing into records (sentences, offsets, quotation flags)."""

from __future__ import annotations

import pytest

from kg.nlp import quote_mask
from kg.records import Article

QUOTES = [
    ('"We call on Russia," he said.', "We call on Russia,"),
    ("“Our two countries,” Kim said.", "Our two countries,"),
    ("'We will never accept this,' the minister said.", "We will never accept this,"),
]


@pytest.mark.parametrize("text,inside", QUOTES, ids=["straight", "curly", "single"])
def test_nlp_quote_mask_marks_quoted_words(text, inside):
    mask = quote_mask(text)
    start = text.index(inside)
    assert all(mask[start:start + len(inside)])
    assert not mask[text.index("said")]


def test_nlp_quote_mask_ignores_apostrophes():
    text = "Kim's letter to the countries' leaders was released."
    assert not any(quote_mask(text))


@pytest.mark.model
def test_nlp_sentence_offsets_point_into_article():
    from kg.nlp import annotate

    text = "Japan protested. China summoned the Japanese ambassador on Monday."
    sents = annotate(Article(id="t", text=text, date="2025-08-15"))
    assert [s.text for s in sents] == ["Japan protested.", "China summoned the Japanese ambassador on Monday."]
    for s in sents:
        assert text[s.start:s.end] == s.text
        for t in s.tokens:
            assert text[t.idx:t.idx + len(t.text)] == t.text
