"""Main text and metadata of an HTML page; the only module importing trafilatura."""

from __future__ import annotations


def extract_html(html: str) -> tuple[str, dict]:
    """Return (main text, metadata dict with title, date, url, publisher)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise ValueError("no main text found in the HTML page")
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if not text.strip():
        raise ValueError("no main text found in the HTML page")
    date = get("date")
    return text, {
        "title": get("title"),
        "date": date[:10] if isinstance(date, str) and len(date) >= 10 else None,
        "url": get("url"),
        "publisher": get("sitename") or get("hostname"),
    }
