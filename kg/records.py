"""Typed records passed between pipeline stages.

Every stage reads and writes these frozen dataclasses; nothing passes around dicts that grow
keys. Stages: articles -> nlp (Sentence, Token, Entity) -> actors (Actor, Mention) ->
extractors (Relation) -> graph/exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RelationType(StrEnum):
    """The 20 relation types of the contract (shared ontology notes); labels match dipl.ttl."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"
    PARTNERSHIP = "PARTNERSHIP"
    RIVALRY = "RIVALRY"
    LEADER_OF = "LEADER_OF"
    MEMBER_OF = "MEMBER_OF"

    @property
    def symmetric(self) -> bool:
        return self in SYMMETRIC_TYPES

    @property
    def is_role(self) -> bool:
        return self in (RelationType.LEADER_OF, RelationType.MEMBER_OF)

    @property
    def plover(self) -> str | None:
        """PLOVER 2.0 event label; standing relations and roles have none."""
        return None if self in NON_EVENT_TYPES else self.value

    @property
    def class_name(self) -> str:
        """Local name of the ontology class: LEADER_OF -> LeaderOf."""
        return "".join(part.capitalize() for part in self.value.split("_"))


SYMMETRIC_TYPES = frozenset(
    {
        RelationType.CONSULT,
        RelationType.AGREE,
        RelationType.COOPERATE,
        RelationType.PARTNERSHIP,
        RelationType.RIVALRY,
    }
)


NON_EVENT_TYPES = frozenset(
    {
        RelationType.PARTNERSHIP,
        RelationType.RIVALRY,
        RelationType.LEADER_OF,
        RelationType.MEMBER_OF,
    }
)


class ActorType(StrEnum):
    COUNTRY = "COUNTRY"
    PERSON = "PERSON"
    ORG = "ORG"
    IGO = "IGO"
    GROUP = "GROUP"
    OTHER = "OTHER"


class Modality(StrEnum):
    ASSERTED = "asserted"
    FUTURE = "future"
    CONDITIONAL = "conditional"
    HYPOTHETICAL = "hypothetical"


@dataclass(frozen=True, slots=True)
class Article:
    """One input document. Offsets everywhere are into ``text``."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 publication date, YYYY-MM-DD
    url: str | None = None
    publisher: str | None = None
    path: str | None = None
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence; ``i`` and ``head`` are sentence-local indices."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int  # character offset in the article text
    ent_type: str = ""
    ent_iob: str = ""
    in_quote: bool = False
    lower: str = ""  # the text in lower case (filled in: read often enough that computing it each time cost ~0.5 s / 1,000 articles)

    def __post_init__(self) -> None:
        if not self.lower and self.text:
            object.__setattr__(self, "lower", self.text.lower())


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span: tokens [start, end) of its sentence."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int  # character offsets in the article text
    end: int
    text: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...] = ()

    def children(self, i: int) -> list[Token]:
        return [t for t in self.tokens if t.head == i and t.i != i]

    def span_head(self, start: int, end: int) -> int:
        """The token of [start, end) whose head lies outside the span (the span's syntactic head)."""
        for k in range(start, end):
            h = self.tokens[k].head
            if h < start or h >= end or h == k:
                return k
        return end - 1

    def subtree(self, i: int) -> list[int]:
        out = [i]
        stack = [i]
        while stack:
            j = stack.pop()
            for t in self.tokens:
                if t.head == j and t.i != j:
                    out.append(t.i)
                    stack.append(t.i)
        return sorted(out)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor. ``id`` is a path below the instance namespace (deterministic)."""

    id: str
    name: str
    type: ActorType
    country: str | None = None  # ISO-3 or IGO:XX
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # id of the state / IGO this actor belongs to
    historical: bool = False
    sector: str | None = None

    def export(self, named: str = "") -> dict:
        """The export record; ``named``: what the article calls the actor, when it is not the canonical
        name ("U.S. Treasury Department"), which then becomes ``name`` with the canonical one as ``label``."""
        out = {"name": named or self.name, "type": self.type.value, "country": self.country, "id": self.id}
        if named and named != self.name:
            out["label"] = self.name
        if self.wikidata:
            out["wikidata"] = self.wikidata
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention: tokens [start, end) of a sentence, resolved to an actor."""

    sentence: int
    start: int
    end: int
    head: int
    actor: Actor
    how: str  # gazetteer | ner | title | coref | descriptor | pronoun | quote
    text: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation found in one sentence, with its provenance."""

    doc: str
    type: RelationType
    relation: str  # ontology class local name (a subclass of the type's class)
    source: Actor
    target: Actor
    sentence_index: int
    sentence: str
    start: int
    end: int
    negated: bool = False
    modality: Modality = Modality.ASSERTED
    date: str | None = None
    confidence: float = 0.8
    extractor: str = "lexicon.v1"
    cameo: str = ""
    cue: str = ""
    rule: str = ""
    quote: str = ""
    meta: tuple[tuple[str, str], ...] = field(default=())
    source_named: str = ""  # what the article calls the source / target, where that is not the canonical name
    target_named: str = ""

    @property
    def key(self) -> tuple:
        """Identity within a document: symmetric types are unordered."""
        a, b = self.source.id, self.target.id
        if self.type.symmetric and b < a:
            a, b = b, a
        return (a, self.type, b, self.negated, self.modality)

    @property
    def node_id(self) -> str:
        """Deterministic id of the relation node (the last segment of its IRI in the graph): the same
        relation stated in several sentences or articles has one node."""
        a, _, b, negated, modality = self.key
        return _hash(a, self.relation, b, negated, modality.value)

    def export(self) -> dict:
        return {
            "id": self.node_id,
            "doc": self.doc,
            "sentence_index": self.sentence_index,
            "type": self.type.value,
            "relation": self.relation,
            "negated": self.negated,
            "modality": self.modality.value,
            "date": self.date,
            "source": self.source.export(self.source_named),
            "target": self.target.export(self.target_named),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
            "cameo": self.cameo,
            "plover": self.type.plover,
            "cue": self.cue,
            "rule": self.rule,
        }


def _hash(*parts: object) -> str:
    import hashlib

    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    relations: tuple[Relation, ...]
    actors: tuple[Actor, ...]
    unresolved: tuple[tuple[str, str], ...] = ()  # (kind, example text)
    sentences: int = 0


def actor_from_export(d: dict) -> Actor:
    return Actor(id=d["id"], name=d.get("label") or d["name"], type=ActorType(d["type"]), country=d.get("country"),
                 wikidata=d.get("wikidata"))


def relation_from_export(d: dict) -> Relation:
    """Rebuild a Relation from its export record (what a store keeps per article)."""
    return Relation(
        doc=d["doc"], type=RelationType(d["type"]), relation=d["relation"], source=actor_from_export(d["source"]),
        target=actor_from_export(d["target"]), sentence_index=d.get("sentence_index", 0), sentence=d["sentence"],
        start=d["start"], end=d["end"], negated=d["negated"], modality=Modality(d["modality"]), date=d.get("date"),
        confidence=d["confidence"], extractor=d["extractor"], cameo=d.get("cameo", ""), cue=d.get("cue", ""),
        rule=d.get("rule", ""),
        source_named=d["source"]["name"] if d["source"].get("label") else "",
        target_named=d["target"]["name"] if d["target"].get("label") else "",
    )

