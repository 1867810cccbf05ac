"""Gazetteer: the reference data of actors, role titles and actor nouns.

Reads ``ontology/gazetteer/{states,igos,bodies,groups,reporters}.csv`` (see the README
there) and ``kg/data/{roles,actor_nouns}.yaml``; builds a lookup from surface forms to
actors. Forms are matched case-insensitively, but a form in capitals or with dots
("US", "U.N.") only matches exactly, and any form only matches capitalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from ..config import DATA_DIR, gazetteer_dir
from ..datafiles import load_yaml, read_csv, split_multi
from ..errors import DataFileError
from ..records import Actor, ActorType, RelationType

STATE_COLUMNS = ["id", "country", "name", "aliases", "adjectives", "demonyms", "metonyms", "context_aliases",
                 "wikidata", "status"]
IGO_COLUMNS = ["id", "country", "name", "aliases", "parent", "kind", "wikidata"]
BODY_COLUMNS = ["id", "name", "aliases", "country", "kind", "sector", "wikidata", "state_channel"]
GROUP_COLUMNS = ["id", "name", "aliases", "country", "wikidata"]
REPORTER_COLUMNS = ["name", "aliases", "country"]
PERSON_COLUMNS = ["id", "name", "aliases", "country", "office", "start", "end", "wikidata"]
PLACE_COLUMNS = ["id", "name", "aliases", "country", "kind"]
_CODE = re.compile(r"^([A-Z]{3}|IGO:[A-Z0-9_]+)$")
_QID = re.compile(r"^Q\d+$")


@dataclass(frozen=True, slots=True)
class Form:
    """What a surface form means: an actor, and how the form names it."""

    actor: Actor
    kind: str  # name | alias | adjective | demonym | metonym | context | place
    surface: str  # the form as written in the data file, without a leading "the"
    exact_case: bool


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    role: RelationType
    office: str


@dataclass(frozen=True, slots=True)
class ActorNoun:
    lemma: str
    kind: str  # state | body | group | person
    name: str
    sector: str


@dataclass
class Gazetteer:
    forms: dict[str, list[Form]] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    by_code: dict[str, Actor] = field(default_factory=dict)  # ISO-3 / IGO code -> main actor
    reporters: set[str] = field(default_factory=set)
    state_channels: set[str] = field(default_factory=set)  # actor ids of state media
    titles: dict[str, Title] = field(default_factory=dict)
    title_words: set[str] = field(default_factory=set)  # every word of a title: a quick "cannot end a title" test
    honorifics: set[str] = field(default_factory=set)  # forms of address that are no office ("Sheikh", "Dr.")
    seats: dict[str, Actor] = field(default_factory=dict)  # seat city -> organisation it stands for in context
    nouns: dict[str, ActorNoun] = field(default_factory=dict)
    max_words: int = 1
    first_words: dict[str, int] = field(default_factory=dict)  # first word of a form -> most words of such forms
    tenure: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)  # person id -> years
    _near: dict[str, set[str]] | None = field(default=None, repr=False)  # misspelt_state's index, built on first use

    def lookup(self, text: str) -> list[Form]:
        """Forms matching ``text`` (as it appears in the article)."""
        key = normalise(text)
        out = []
        for form in self.forms.get(key, ()):
            if form.exact_case:
                if _strip_the(text) == form.surface:
                    out.append(form)
            elif text[:1].isupper() or text.lower().startswith("the ") or (
                    form.surface[:1].islower() and _strip_the(text) == form.surface):
                out.append(form)  # ("al-Shabaab": a name whose own spelling starts in lower case)
        return out

    def add(self, actor: Actor, text: str, kind: str) -> None:
        key = normalise(text)
        if not key:
            return
        surface = _strip_the(text)
        first = key.split(" ", 1)[0].split("-", 1)[0]
        self.first_words[first] = max(self.first_words.get(first, 0), len(key.split()) + key.count("-") + 2)
        entries = self.forms.setdefault(key, [])
        if not any(f.actor.id == actor.id and f.kind == kind and f.surface == surface for f in entries):
            entries.append(Form(actor, kind, surface, _needs_exact_case(surface)))
        self.max_words = max(self.max_words, len(key.split()))

    def state(self, code: str) -> Actor | None:
        return self.by_code.get(code)

    def misspelt_state(self, word: str) -> list[Form]:
        """Forms of the one state whose single-word name, adjective or demonym is one edit (a letter
        added, dropped, changed, or two swapped) from ``word`` ("Ethopia", "Afganistan", "Quatar");
        ``word`` at least MISSPELT_MIN_LETTERS long, the form one less at least, with the same first and
        last letters (not a plural, "the two Koreas", nor another name, "Franco", "Roland", "Indiana").
        Empty when no state or more than one is that near."""
        if len(word) < MISSPELT_MIN_LETTERS or not word.isalpha():
            return []
        index = self._misspelt_index()
        w = word.lower()
        keys = {k for d in _deletes(w) | {w} for k in index.get(d, ())}
        forms = [f for k in keys if w[0] == k[0] and w[-1] == k[-1] and _one_edit(w, k) for f in self.forms[k]
                 if f.actor.type is ActorType.COUNTRY and f.kind in MISSPELT_KINDS]
        if len({f.actor.id for f in forms}) != 1:
            return []
        return [Form(f.actor, f.kind, word, False) for f in forms]

    def _misspelt_index(self) -> dict[str, set[str]]:
        index = self._near
        if index is None:
            index = {}
            for key, forms in self.forms.items():
                if len(key) >= MISSPELT_MIN_LETTERS - 1 and key.isalpha() and any(
                        f.actor.type is ActorType.COUNTRY and f.kind in MISSPELT_KINDS for f in forms):
                    for d in _deletes(key) | {key}:
                        index.setdefault(d, set()).add(key)
            self._near = index
        return index


MISSPELT_MIN_LETTERS = 6  # shorter names are too near one another ("Iran", "Iraq"; "Mali", "Bali")
MISSPELT_KINDS = frozenset({"name", "alias", "adjective", "demonym"})


def _deletes(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance of ``a`` and ``b`` is exactly 1."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _needs_exact_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 3 or "." in text or (len(letters) > 1 and text.isupper())


_THE = re.compile(r"^the\s+", re.IGNORECASE)
_HYPHEN = re.compile(r"\s*-\s*")


def _strip_the(text: str) -> str:
    return _THE.sub("", text.strip())


@lru_cache(maxsize=8192)  # bounded: a long build meets ever new spans (65,536 entries held some 17 MB)
def normalise(text: str) -> str:
    """Lookup key: lower case, no leading 'the', apostrophes and hyphens unified, single spaces."""
    t = _strip_the(text).lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    t = _HYPHEN.sub("-", t)
    return " ".join(t.split())


def _year(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


def _qid(value: str, path: Path, line: int) -> str | None:
    if not value:
        return None
    if not _QID.match(value):
        raise DataFileError(str(path), line, f"bad Wikidata id {value!r} (expected Q followed by digits)")
    return value


def _code(value: str, path: Path, line: int) -> str | None:
    if not value:
        return None
    if not _CODE.match(value):
        raise DataFileError(str(path), line, f"bad country code {value!r} (expected ISO-3 or IGO:XX)")
    return value


@cache
def load_gazetteer(folder: Path | None = None, data_dir: Path | None = None) -> Gazetteer:
    """Load the gazetteer CSVs and the role/noun lexicons (cached per folder)."""
    folder = Path(folder) if folder else gazetteer_dir()
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    g = Gazetteer()

    def register(actor: Actor, line: int, path: Path, forms: list[tuple[str, str]]) -> None:
        if actor.id in g.actors:
            raise DataFileError(str(path), line, f"duplicate id {actor.id!r}")
        g.actors[actor.id] = actor
        for text, kind in forms:
            g.add(actor, text, kind)

    path = folder / "states.csv"
    for line, row in read_csv(path, STATE_COLUMNS):
        code = _code(row["country"], path, line)
        historical = row["status"] == "historical"
        actor = Actor(id=f"state/{row['id']}", name=row["name"], type=ActorType.COUNTRY, country=code,
                      wikidata=_qid(row["wikidata"], path, line), aliases=tuple(split_multi(row["aliases"])),
                      historical=historical, parent=None if not historical else f"state/{code}")
        forms = [(row["name"], "name")] + [(a, "alias") for a in split_multi(row["aliases"])]
        forms += [(a, "adjective") for a in split_multi(row["adjectives"])]
        forms += [(a, "demonym") for a in split_multi(row["demonyms"])]
        forms += [(a, "metonym") for a in split_multi(row["metonyms"])]
        forms += [(a, "context") for a in split_multi(row["context_aliases"])]
        register(actor, line, path, forms)
        if not historical and code:
            g.by_code.setdefault(code, actor)
    path = folder / "igos.csv"
    for line, row in read_csv(path, IGO_COLUMNS):
        parent = f"igo/{row['parent']}" if row["parent"] else None
        actor = Actor(id=f"igo/{row['id']}", name=row["name"], type=ActorType.IGO,
                      country=_code(row["country"], path, line), wikidata=_qid(row["wikidata"], path, line),
                      aliases=tuple(split_multi(row["aliases"])), parent=parent)
        register(actor, line, path, [(row["name"], "name")] + [(a, "alias") for a in split_multi(row["aliases"])])
        if not parent and actor.country:
            g.by_code.setdefault(actor.country, actor)
        for seat in split_multi(row.get("seats", "")):
            g.seats[normalise(seat)] = actor  # "Brussels" is the EU once the EU has been named
    optional = [("bodies.csv", BODY_COLUMNS, "org", ActorType.ORG), ("groups.csv", GROUP_COLUMNS, "group", ActorType.GROUP),
                ("peoples.csv", GROUP_COLUMNS + ["sector"], "people", ActorType.GROUP)]
    for name, columns, prefix, atype in optional:
        path = folder / name
        if not path.exists():
            continue
        for line, row in read_csv(path, columns):
            code = _code(row["country"], path, line)
            if row.get("kind") == "foreign_ministry" and g.by_code.get(code) is not None:
                # a foreign ministry speaking for its state is the state (ontology-notes.md)
                for text in [row["name"], *split_multi(row["aliases"])]:
                    g.add(g.by_code[code], text, "alias")
                continue
            actor = Actor(id=f"{prefix}/{row['id']}", name=row["name"], type=atype, country=code,
                          wikidata=_qid(row["wikidata"], path, line), aliases=tuple(split_multi(row["aliases"])),
                          parent=f"state/{code}" if code and not code.startswith("IGO:") else None,
                          sector=row.get("sector") or None)
            register(actor, line, path, [(row["name"], "name")] + [(a, "alias") for a in split_multi(row["aliases"])])
            if row.get("state_channel", "").lower() == "true":
                g.state_channels.add(actor.id)
    path = folder / "persons.csv"
    if path.exists():
        for line, row in read_csv(path, PERSON_COLUMNS):
            code = _code(row["country"], path, line)
            state = g.actors.get(f"state/{code}")
            parent = state.id if state is not None else None
            if state is not None and state.historical:  # Soviet leaders: RUS for codes, the USSR as state
                code = state.country
            actor = Actor(id=f"person/{row['id']}", name=row["name"], type=ActorType.PERSON, country=code,
                          wikidata=_qid(row["wikidata"], path, line), aliases=tuple(split_multi(row["aliases"])),
                          parent=parent)
            register(actor, line, path, [(row["name"], "name")] + [(a, "alias") for a in split_multi(row["aliases"])])
            g.tenure[actor.id] = (_year(row["start"]), _year(row["end"]))
    path = folder / "places.csv"
    if path.exists():
        for line, row in read_csv(path, PLACE_COLUMNS):
            code = _code(row["country"], path, line)
            state = g.by_code.get(code) if code else None
            if state is None:
                continue
            for text in [row["name"], *split_multi(row["aliases"])]:
                if not any(f.kind != "place" for f in g.lookup(text)):
                    g.add(state, text, "place")
    path = folder / "reporters.csv"
    if path.exists():
        for _line, row in read_csv(path, REPORTER_COLUMNS):
            for text in [row["name"], *split_multi(row["aliases"])]:
                g.reporters.add(normalise(text))
    _load_titles(g, data_dir / "roles.yaml")
    _load_nouns(g, data_dir / "actor_nouns.yaml")
    _drop_descriptor_aliases(g)
    return g


def _drop_descriptor_aliases(g: Gazetteer) -> None:
    """Forms like "Russian military" (adjective + actor noun) are left to the generic descriptor
    rule, so that every "<state adjective> <noun>" actor is named and linked the same way."""
    adjectives = {key for key, forms in g.forms.items() if any(f.kind == "adjective" for f in forms)}
    for key in list(g.forms):
        words = key.split()
        if len(words) < 2 or key in adjectives:
            continue
        for cut in range(1, len(words)):
            if " ".join(words[:cut]) in adjectives and " ".join(words[cut:]) in g.nouns:
                kept = [f for f in g.forms[key] if f.kind not in ("alias",) or f.actor.type is ActorType.COUNTRY]
                if kept:
                    g.forms[key] = kept
                else:
                    del g.forms[key]
                break


def _load_titles(g: Gazetteer, path: Path) -> None:
    if not path.exists():
        return
    data = load_yaml(path) or {}
    for n, item in enumerate(data.get("titles") or [], 1):
        try:
            title = " ".join(str(item["title"]).lower().split())
            g.titles[title] = Title(title, RelationType(item["role"]), str(item.get("office", "")))
            g.title_words.update(re.split(r"[\s-]+", title))
        except (KeyError, ValueError, TypeError) as e:
            raise DataFileError(str(path), None, f"title entry {n}: {e}") from None
    honorifics = data.get("honorifics") or []
    if not isinstance(honorifics, list):
        raise DataFileError(str(path), None, "honorifics: expected a list of words")
    g.honorifics.update(str(h).lower() for h in honorifics)


def _load_nouns(g: Gazetteer, path: Path) -> None:
    if not path.exists():
        return
    data = load_yaml(path) or {}
    for n, item in enumerate(data.get("nouns") or [], 1):
        try:
            kind = str(item["kind"])
            if kind not in ("state", "body", "group", "person"):
                raise ValueError(f"unknown kind {kind!r}")
            lemma = " ".join(str(item["lemma"]).lower().split())
            g.nouns[lemma] = ActorNoun(lemma, kind, str(item.get("name") or lemma), str(item.get("sector") or ""))
        except (KeyError, ValueError, TypeError) as e:
            raise DataFileError(str(path), None, f"noun entry {n}: {e}") from None
