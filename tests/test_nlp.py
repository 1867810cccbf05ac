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


def _articles(n: int) -> list[Article]:
    texts = ["Japan protested. China summoned the Japanese ambassador on Monday.",
             '"We call on Russia to withdraw," the French minister said.', "Iran praised Iraq."]
    return [Article(id=f"a{i}", text=texts[i % len(texts)], date="2025-08-15") for i in range(n)]


@pytest.mark.model
@pytest.mark.parametrize("n_process", [1, 2])
def test_nlp_worker_processes_give_the_records_of_one_process(monkeypatch, n_process):
    import multiprocessing

    import kg.nlp

    articles = _articles(7)
    here = list(kg.nlp.annotate_many(articles, batch_size=2))
    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 3)  # 7 articles: parsed in workers, 2 per batch
    there = list(kg.nlp.annotate_many(articles, batch_size=2, n_process=n_process))
    assert [a.id for a, _ in there] == [a.id for a in articles]
    assert there == here
    assert not multiprocessing.active_children()


def test_nlp_worker_error_is_raised_here_and_workers_stop(monkeypatch):
    import multiprocessing

    import kg.nlp
    from kg.errors import ModelError

    def no_model():
        raise ModelError("the spaCy English model is not installed")

    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(kg.nlp, "load_model", no_model)  # the forked workers see it too
    with pytest.raises(ModelError, match="not installed"):
        list(kg.nlp.annotate_many(_articles(5), batch_size=2))
    assert not multiprocessing.active_children()


def test_nlp_worker_that_dies_is_an_error_not_a_hang(monkeypatch):
    import multiprocessing
    import os

    import kg.nlp
    from kg.errors import KGError

    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(kg.nlp, "load_model", lambda: os._exit(3))
    with pytest.raises(KGError, match="exit code 3"):
        list(kg.nlp.annotate_many(_articles(5), batch_size=2))
    assert not multiprocessing.active_children()


def test_nlp_consumer_stopping_early_stops_the_workers(monkeypatch):
    import multiprocessing

    import numpy

    import kg.nlp

    class FakeNlp:  # enough of a spaCy pipeline for the worker plumbing
        def pipe(self, texts, batch_size=16):
            return iter(texts)

    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(kg.nlp, "load_model", FakeNlp)
    monkeypatch.setattr(kg.nlp, "_doc_parts", lambda doc: (numpy.zeros((0, 9), dtype="uint64"), [], []))
    stream = kg.nlp.annotate_many(_articles(50), batch_size=2)
    assert next(stream)[0].id == "a0"
    assert multiprocessing.active_children()
    stream.close()  # what build() does when writing fails
    assert not multiprocessing.active_children()


def test_nlp_daemonic_process_parses_in_itself(monkeypatch):
    """multiprocessing lets a daemonic process (a Dask worker, say) have no children."""
    import multiprocessing

    import kg.nlp

    class FakeNlp:
        def pipe(self, texts, batch_size=16, n_process=1):
            return iter(texts)

    def run(q):
        q.put([a.id for a, _ in kg.nlp.annotate_many(_articles(5), batch_size=2)])

    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(kg.nlp, "load_model", FakeNlp)
    monkeypatch.setattr(kg.nlp, "_to_sentences", lambda doc, text: [])
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=run, args=(q,), daemon=True)
    proc.start()
    assert q.get(timeout=30) == ["a0", "a1", "a2", "a3", "a4"]
    proc.join()


@pytest.mark.model
def test_nlp_blank_line_ends_a_sentence():
    """A paragraph break is a sentence boundary even where the paragraph has no final stop (a wire
    article's lede, a list); the parser alone runs the two paragraphs together."""
    from kg.nlp import annotate
    from kg.records import Article

    text = "Talks between Congo and the M23 rebels ended in Doha on Saturday without a deal\n\nCongo accused Rwanda of backing the rebels."
    sents = annotate(Article(id="t", text=text))
    assert [s.text.strip() for s in sents] == [
        "Talks between Congo and the M23 rebels ended in Doha on Saturday without a deal",
        "Congo accused Rwanda of backing the rebels."]
