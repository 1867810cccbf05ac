"""Exceptions. The CLI turns any KGError into one line on stderr and exit status 1."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the user can cause (bad input, bad data file, bad query)."""


class InputError(KGError, ValueError):
    """An input article cannot be read; the message names the file and the problem."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.problem = message
        super().__init__(f"{path}: {message}")


class DataFileError(KGError, ValueError):
    """A shipped or user data file (lexicon, gazetteer) is malformed."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class ConfigError(KGError, ValueError):
    pass


class ModelError(KGError, LookupError):
    """The spaCy English model is not installed."""


class UnknownExtractorError(KGError, LookupError):
    pass


class QueryError(KGError, ValueError):
    """Bad SPARQL, unknown named query, missing or bad parameter."""


class ExportError(KGError):
    pass


class NoArticlesError(KGError):
    """Every input was rejected: nothing to build."""
