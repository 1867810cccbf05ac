"""Extraction on a Dask cluster (the only module importing dask): the same stage as
``pipeline.extract_articles``, with batches of articles parsed on the cluster's workers.

The client sends each worker a batch of Article records and gets ArticleResult records back,
in input order; the store is written by the client process only. Each worker loads the spaCy
model once (it is cached per process).
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator

from .errors import KGError
from .records import Article, ArticleResult


def _extract_batch(articles: list[Article], extractors: tuple[str, ...], min_confidence: float) -> list[ArticleResult]:
    from .pipeline import Settings, extract_articles

    return list(extract_articles(articles, Settings(extractors=extractors, min_confidence=min_confidence)))


def extract_on_cluster(articles: Iterable[Article], scheduler: str, settings, batch_size: int = 50,
                       window: int = 8) -> Iterator[ArticleResult]:
    """Extract ``articles`` on the Dask scheduler at ``scheduler`` (e.g. tcp://127.0.0.1:8786)."""
    try:
        from distributed import Client
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError) as e:
        raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    try:
        items = iter(articles)
        pending = []
        while True:  # a bounded window of batches in flight keeps memory flat
            while len(pending) < window:
                batch = list(islice(items, batch_size))
                if not batch:
                    break
                pending.append(client.submit(_extract_batch, batch, tuple(settings.extractors),
                                             settings.min_confidence, pure=False))
            if not pending:
                break
            future = pending.pop(0)
            try:
                yield from future.result()
            except Exception as e:  # a worker failed: report it as ours
                raise KGError(f"a Dask worker failed: {type(e).__name__}: {e}") from None
    finally:
        client.close()
