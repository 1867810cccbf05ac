"""Stage 1: reading the input formats, and rejecting bad input with one clear message."""

from __future__ import annotations

import json

import pytest

from kg.articles import Rejected, load_article, load_articles
from kg.errors import InputError


def test_articles_txt_date_marker_and_credit(seed_path):
    (art,) = load_article(seed_path)
    assert art.id == "000_1806962afed48cda"
    assert art.date == "2025-08-15"
    assert art.publisher == "Yonhap"
    assert art.text.startswith("North Korean leader Kim Jong-un told")
    assert art.text.endswith("prosperity.")
    assert len(art.sha256) == 64


def test_articles_markdown_front_matter(tmp_path):
    p = tmp_path / "a1.md"
    p.write_text("---\ntitle: Talks in Seoul\ndate: 2024-05-01\nurl: https://example.org/a1\nsource: Reuters\n---\n"
                 "Japan and South Korea held talks.\n", encoding="utf-8")
    (art,) = load_article(p)
    assert (art.id, art.title, art.date, art.url, art.publisher) == (
        "a1", "Talks in Seoul", "2024-05-01", "https://example.org/a1", "Reuters")
    assert art.text == "Japan and South Korea held talks."


def test_articles_jsonl_records_and_bad_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    good = {"id": "r1", "title": "T", "date": "2024-01-02", "url": "https://x.org", "source": "AP", "text": "Iran warned Israel."}
    p.write_text(json.dumps(good) + "\n{not json\n" + json.dumps(dict(good, id="r2")) + "\n", encoding="utf-8")
    items = list(load_articles([p]))
    assert [i.id for i in items if not isinstance(i, Rejected)] == ["r1", "r2"]
    (bad,) = [i for i in items if isinstance(i, Rejected)]
    assert bad.path.endswith("batch.jsonl:2") and "malformed JSON" in bad.problem


def test_articles_json_single_record_uses_its_id(tmp_path):
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"id": "x9", "text": "China praised Pakistan."}), encoding="utf-8")
    (art,) = load_article(p)
    assert art.id == "x9"


def test_articles_html_main_text(tmp_path):
    p = tmp_path / "page.html"
    body = "<p>" + "Russia and China held talks in Beijing on energy cooperation. " * 5 + "</p>"
    p.write_text(f"<html><head><title>Summit</title></head><body><nav>Menu</nav><article>{body}</article></body></html>",
                 encoding="utf-8")
    (art,) = load_article(p)
    assert "Russia and China held talks" in art.text
    assert art.id == "page"


def test_articles_cp1252_decoded_with_warning(tmp_path, caplog):
    p = tmp_path / "legacy.txt"
    p.write_bytes("France\x92s president met Germany\x92s chancellor.".encode("latin-1"))
    (art,) = load_article(p)
    assert "France’s president" in art.text
    assert "not UTF-8" in caplog.text


BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x00\x01\x02abc\x00", "binary file"),
    ("bad.json", b"{\"id\": 1,", "malformed JSON"),
    ("list.json", b"[]", "empty JSON list"),
    ("notext.json", b"{\"id\": \"a\"}", "'text' is missing"),
    ("front.md", b"---\ntitle: [unclosed\n---\nText.", "malformed front matter"),
    ("noclose.md", b"---\ntitle: x\nText.", "no closing"),
    ("date.md", b"---\ndate: yesterday\n---\nText.", "date 'yesterday' is not YYYY-MM-DD"),
    ("notes.docx", b"PK\x03\x04", "unknown format"),
]


@pytest.mark.parametrize("name,content,message", BAD, ids=[b[0] for b in BAD])
def test_articles_bad_input_named_in_one_line(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_article(p)
    text = str(err.value)
    assert text.startswith(str(p)) and message in text and "\n" not in text


def test_articles_huge_file_rejected(tmp_path, monkeypatch):
    import kg.articles as articles

    monkeypatch.setattr(articles, "MAX_BYTES", 100)
    p = tmp_path / "huge.txt"
    p.write_text("Russia attacked Ukraine. " * 20, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        load_article(p)


def test_articles_folder_skips_readme_and_reports_rejects(tmp_path):
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    items = list(load_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Rejected"]
