"""Locations of the data files the package needs at run time.

Everything is found from a wheel install: lexicons and queries live in ``kg/data`` and
``kg/queries``; the ontology, SHACL shapes and gazetteer live in the top-level ``ontology/``
folder of the source tree, which the build maps into the wheel as ``kg/ontology``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
QUERIES_DIR = PACKAGE_DIR / "queries"


@cache
def ontology_dir() -> Path:
    """The ontology folder: the source checkout's ``ontology/`` or the wheel's ``kg/ontology``."""
    for candidate in (PACKAGE_DIR.parent / "ontology", PACKAGE_DIR / "ontology"):
        if (candidate / "gazetteer").is_dir():
            return candidate
    try:  # an editable install maps the package kg.ontology elsewhere
        from importlib.resources import files

        path = Path(str(files("kg.ontology")))
        if (path / "gazetteer").is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    raise FileNotFoundError("cannot find the ontology folder (dipl.ttl): is the package installed?")


def gazetteer_dir() -> Path:
    return ontology_dir() / "gazetteer"
