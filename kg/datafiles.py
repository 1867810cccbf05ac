"""Readers for the standard formats data files come in (YAML, CSV); the only YAML importer.

Loaders of each data kind (gazetteer, lexicons) call these and validate the content; errors
name the file and, where known, the line.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import DataFileError


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ten times faster


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        raise DataFileError(str(path), None if line is None else line + 1, f"invalid YAML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(str(path), None, f"cannot read: {e}") from None


def parse_yaml_text(text: str) -> Any:
    """Parse YAML from a string (front matter); raises yaml.YAMLError as ValueError."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ValueError(str(e).replace("\n", " ")) from None


def read_csv(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV file whose header must contain ``columns``."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(str(path), 1, f"missing column(s) {', '.join(missing)}")
            for row in reader:
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DataFileError(str(path), None, f"cannot read: {e}") from None


def split_multi(cell: str) -> list[str]:
    """Split a ``|``-separated cell."""
    return [v.strip() for v in cell.split("|") if v.strip()]
