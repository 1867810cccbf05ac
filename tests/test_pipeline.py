"""The build pipeline (kg.pipeline.build) with parsing in worker processes beside the one writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TEXTS = {
    "a1.txt": "North Korea and Russia signed a defence pact on Monday. Japan condemned North Korea.",
    "a2.txt": "Russia and North Korea signed a defence pact. China praised Russia.",
    "a3.txt": "Iran praised Iraq. The French foreign minister met his German counterpart in Berlin.",
    "a4.txt": '"We will not accept this," the Chinese foreign ministry said of the Japanese statement.',
    "a5.txt": "The United States imposed sanctions on Iran on Tuesday.",
}


def _write(folder, name, text, date="2025-08-15"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"date {date} {text}", encoding="utf-8")


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_pipeline_parsing_workers_build_what_one_process_builds(tmp_path, monkeypatch, jobs):
    import kg.nlp
    import kg.processes
    from kg.pipeline import Settings, build

    inp = tmp_path / "in"
    for name, text in TEXTS.items():
        _write(inp, name, text)
    with monkeypatch.context() as m:  # as where there is no fork: everything in this process
        m.setattr(kg.processes, "fork_context", lambda: None)
        m.setattr(kg.nlp, "fork_context", lambda: None)
        build([inp], tmp_path / "one")
    monkeypatch.setattr(kg.nlp, "BACKGROUND_MIN", 2)  # 5 articles: parsed in workers
    rep = build([inp], tmp_path / "workers", Settings(jobs=jobs, batch_size=2))
    assert rep.parsed == len(TEXTS)
    for name in ("graph.ttl", "relations.jsonl", "graph.html"):
        assert (tmp_path / "workers" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    # incremental as ever: the store is read (which articles changed) while the workers parse
    _write(inp, "a2.txt", "Russia and China held talks in Beijing.", "2025-08-16")
    _write(inp, "a6.txt", "Japan protested to China.")
    rep = build([inp], tmp_path / "workers", Settings(jobs=jobs, batch_size=2))
    assert (rep.parsed, rep.skipped) == (2, 4)
    report = json.loads((tmp_path / "workers" / "report.json").read_text())
    assert report["articles"] == 6


@pytest.mark.model
def test_pipeline_page_writer_error_is_raised_by_the_build(tmp_path, monkeypatch):
    """relations.jsonl and graph.html are written by a forked process: what it raises, build raises."""
    import multiprocessing

    import kg.exports.html
    from kg.errors import ExportError
    from kg.pipeline import build

    def broken(*args, **kwargs):
        raise ExportError("graph.html: cannot write")

    monkeypatch.setattr(kg.exports.html, "export_html", broken)  # the forked writer sees it too
    inp = tmp_path / "in"
    _write(inp, "a1.txt", TEXTS["a1.txt"])
    with pytest.raises(ExportError, match="cannot write"):
        build([inp], tmp_path / "out")
    assert not multiprocessing.active_children()


@pytest.mark.model
def test_pipeline_export_names_bodies_as_the_article_does(tmp_path):
    """A body or group keeps its canonical name as ``label``; ``name`` is the longest name the article
    uses, without the state in front (``country`` carries it); the graph keeps the canonical name."""
    from kg.pipeline import extract
    from kg.records import relation_from_export

    _write(tmp_path, "t.txt", "The U.S. Treasury Department imposed sanctions on M23 commanders on Monday. "
                              "The M23 rejected the measure.")
    recs = [r.export() for res in extract([tmp_path / "t.txt"]) for r in res.relations]
    sides = {s["id"]: s for r in recs for s in (r["source"], r["target"])}
    treasury = next(s for s in sides.values() if s.get("label", "").endswith("Treasury"))
    assert treasury["name"] == "Treasury" and treasury["country"] == "USA"
    rebuilt = relation_from_export(next(r for r in recs if r["source"]["id"] == treasury["id"]))
    assert rebuilt.source.name == treasury["label"] and rebuilt.export()["source"] == treasury
    assert all("label" not in s for s in sides.values() if s["type"] == "COUNTRY")


@pytest.mark.model
def test_pipeline_export_names_descriptor_bodies_as_written(tmp_path):
    """A body named by a state word and a common noun keeps the article's words ("Pakistani troops"), unless
    the article also uses the canonical name ("Soviet forces" in the seed article)."""
    from kg.pipeline import extract

    _write(tmp_path, "t.txt", "Pakistani troops shelled Indian posts on Monday.")
    names = {s["name"] for res in extract([tmp_path / "t.txt"]) for r in res.relations
             for s in (r.export()["source"], r.export()["target"])}
    assert "Pakistani troops" in names
    seed = Path(__file__).resolve().parents[1] / "seeds"
    names = {s["name"] for res in extract([seed]) for r in res.relations for s in (r.export()["source"], r.export()["target"])}
    assert "Soviet forces" in names and "Soviet troops" not in names


@pytest.mark.model
def test_pipeline_extractor_failure_on_a_sentence_is_reported_not_fatal(tmp_path, caplog, monkeypatch):
    """An extractor that fails on one sentence loses that sentence's relations only: the others of the
    article stay, the failure is logged and counted with the article's unresolved items (report.json)."""
    from kg import extractors
    from kg.pipeline import Settings, extract

    def fragile(**_):
        real = extractors.get("lexicon.v1")

        def run(ctx):
            if "Japan" in ctx.sentence.text:
                raise ValueError("a defect")
            return real(ctx)
        return run

    monkeypatch.setitem(extractors._REGISTRY, "fragile.test", fragile)
    _write(tmp_path, "t.txt", "North Korea and Russia signed a defence pact on Monday. Japan condemned North Korea.")
    with caplog.at_level("WARNING", logger="kg.pipeline"):
        [res] = list(extract([tmp_path / "t.txt"], Settings(extractors=("fragile.test",))))
    kinds = {(r.source.name, r.type.value, r.target.name) for r in res.relations}
    assert ("North Korea", "AGREE", "Russia") in kinds or ("Russia", "AGREE", "North Korea") in kinds
    assert not any(r.sentence_index == 1 for r in res.relations if r.type.value == "ACCUSE")
    assert any(kind == "extractor error" for kind, _ in res.unresolved)
    assert "extractor failed (ValueError: a defect)" in caplog.text
