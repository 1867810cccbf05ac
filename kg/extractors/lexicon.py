"""Extractor "lexicon.v1": cue lexicon + dependency parse -> Relation records.

Reads ``kg/data/relation_cues.yaml`` (cues: lemma, part of speech, type, ontology class,
CAMEO code, optional particle / object / modifier conditions) and ``kg/data/modality.yaml``
(negators, future and conditional markers). For each cue in a sentence it finds the
source and target among the sentence's actor mentions by dependency paths: subjects,
passive agents, objects, datives, prepositional objects, light-verb nouns, nominal forms
("the partnership between X and Y", "X-Y ties", "Kim's letter to Putin"), controlled and
coordinated clauses, and coordinated actors on both sides. Negation and modality are read
from the cue's clause and the verbs governing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import combinations
from pathlib import Path

from ..config import DATA_DIR
from ..dates import parse_date
from ..datafiles import load_yaml
from ..errors import DataFileError
from ..records import Actor, ActorType, Mention, Modality, Relation, RelationType, Sentence, Token
from ..actors import load_gazetteer
from .base import SentenceContext

NAME = "lexicon.v1"
INTENT_OF = {t: (RelationType.AGREE, "IntentToCooperate", "030") for t in (
    RelationType.CONSULT, RelationType.COOPERATE, RelationType.AID, RelationType.SUPPORT, RelationType.CONCEDE,
    RelationType.RETREAT)}
INTENT_OF.update({t: (RelationType.THREATEN, "Threaten", "130") for t in (
    RelationType.SANCTION, RelationType.COERCE, RelationType.ASSAULT, RelationType.MOBILIZE)})
CLAUSE_CODING_TYPES = frozenset({RelationType.REQUEST, RelationType.THREATEN, RelationType.ACCUSE,
                                 RelationType.REJECT})
MOBILIZE_PREPS = ("near", "around", "along", "off", "opposite", "toward", "towards", "close")
PERSON_OBJECT = "@person"  # in a cue's objects: the direct object is a person (relation_cues.yaml)
PEOPLE_OBJECT = "@people"  # ... or people of a state named by their demonym ("19 Armenians")
ACTOR_OBJECT = "@actor"  # ... or any actor at all ("called Erdogan": a phone call; "called it a warning": none)
FELLOW_NOUNS = frozenset({"partner", "ally", "colleague", "counterpart", "neighbour", "neighbor"})
COPULAS = frozenset({"be", "become", "remain", "stay"})
MEMBERSHIP_VERBS = frozenset({"join", "rejoin", "accede"})
EXIT_VERBS = frozenset({"leave", "quit", "exit", "withdraw"})
LEAD_VERBS = frozenset({"head", "lead", "chair", "command"})
VOICE_TYPES = frozenset({RelationType.REQUEST, RelationType.ACCUSE, RelationType.REJECT, RelationType.THREATEN,
                         RelationType.SUPPORT, RelationType.PROTEST})
IMPLEMENT_VERBS = frozenset({"impose", "reimpose", "restore", "lift", "ease", "extend", "tighten", "enforce", "apply",
                             "renew", "reinstate", "snap", "trigger", "implement"})
EVENT_SYNONYMS = {w: frozenset(g) - {w} for g in (
    {"exercise", "drill", "manoeuvre", "maneuver", "wargame"}, {"attack", "strike", "airstrike", "raid", "assault", "bombing",
                                                                 "shelling", "storm", "incursion"},
    {"protest", "demarche", "representation"}, {"demand", "call", "appeal", "request"}, {"offer", "proposal", "plan"},
    {"talk", "negotiation", "meeting", "summit", "dialogue", "consultation"},
    {"accusation", "allegation", "charge", "claim"}, {"sanction", "measure", "penalty", "embargo", "restriction"})
    for w in g}
REPORT_NOUNS = frozenset({"report", "statement", "remark", "comment", "story", "assertion"})
DENIAL_WORDS = frozenset({"baseless", "false", "fabricated", "unfounded", "groundless", "untrue", "absurd", "ridiculous",
                          "lie", "lies", "nonsense", "fabrication", "propaganda", "slander", "fake", "fiction", "fantasy",
                          "misleading", "distorted", "slanderous", "preposterous", "incorrect", "inaccurate"})
CLAIM_NOUNS = frozenset({"charge", "claim", "accusation", "allegation", "assertion", "account", "remark", "comment",
                         "statement"})
MEMBER_NOUNS = frozenset({"member", "state", "country", "nation", "government", "ally", "partner"})
VETO_VERBS = frozenset({"block", "veto", "bar", "stall", "torpedo", "scuttle"})
PROPOSAL_MODIFIERS = frozenset({"proposed", "planned", "draft", "mooted", "suggested", "pending"})
DETENTION_NOUNS = frozenset({"arrest", "detention", "abduction", "kidnapping", "imprisonment", "jailing", "seizure",
                             "execution", "killing", "expulsion", "deportation", "sentencing", "conviction"})
EXIT_NOUNS = frozenset({"withdrawal", "exit", "departure", "pullout", "secession"})
TIE_NOUNS = frozenset({"tie", "relation", "relationship", "link", "contact"})
TIME_PREPS = frozenset({"throughout", "during", "since", "until", "before"})
REASON_PREPS = frozenset({"over", "after", "following", "amid", "despite", "for", "because"})
HOSTILE_EVENT_TYPES = frozenset({RelationType.MOBILIZE, RelationType.ASSAULT, RelationType.COERCE, RelationType.SANCTION,
                                 RelationType.THREATEN})
PROTEST_NOUNS = frozenset({"protest", "complaint", "demarche", "representation", "objection", "grievance", "concern"})
MEDIATE_LEMMAS = frozenset({"mediate", "broker", "facilitate", "host", "sponsor", "chair"})
DEPLOYMENT_NOUNS = frozenset({"deployment", "contingent", "detachment", "batch", "unit", "battalion", "convoy"})
PARTY_NOUNS = frozenset({"party", "side", "faction", "belligerent", "combatant"})
WAR_NOUNS = frozenset({"conflict", "war", "fighting", "hostility", "crisis", "dispute"})
ACCIDENT_NOUNS = frozenset({"crash", "accident", "collision", "disaster", "earthquake", "quake", "flood", "storm",
                            "cyclone", "hurricane", "typhoon", "landslide", "avalanche", "epidemic", "outbreak", "famine"})
CLOSED_WORDS = frozenset({"closed", "shut", "sealed"})  # "has kept its border closed (to X)"
APPROVAL_VERBS = frozenset({"approve", "authorize", "authorise", "clear", "greenlight"})
CAUSATIVE_VERBS = frozenset({"prompt", "spur", "cause", "lead", "drive", "trigger", "provoke", "compel"})  # implicative
YIELD_PREPS = ("under", "following", "after", "amid")  # "under pressure from X", "following calls by X"
REQUEST_NOUNS = {"request", "behest", "invitation", "urging", "demand", "insistence"}  # "at X's request"
BACKER_WORDS = {"backed": ("SUPPORT", "Support", "050"), "supported": ("SUPPORT", "Support", "050"),
                "sponsored": ("SUPPORT", "Support", "050"), "armed": ("AID", "MilitaryAid", "072"),
                "funded": ("AID", "EconomicAid", "071"), "financed": ("AID", "EconomicAid", "071"),
                "trained": ("AID", "MilitaryAid", "072")}  # "the Iran-backed group": the backer's support of it
MEDIATOR_WORDS = frozenset({"mediated", "brokered", "hosted", "sponsored", "facilitated", "chaired"})
NAMING_VERBS = frozenset({"call", "name", "dub", "term", "label", "brand"})
VAGUE_HELP_NOUNS = frozenset({"help", "assistance", "effort", "role", "contribution", "cooperation"})
AGENT_STANDING_NOUNS = frozenset({"partner", "ally", "friend", "backer", "rival", "enemy", "adversary", "foe"})
BRANDING_VERBS = frozenset({"condemn", "denounce", "criticise", "criticize", "slam", "reject"})  # "condemned X as a provocation"
BRAND_NOUNS = frozenset({"provocation", "violation", "aggression", "interference", "blackmail", "piracy",
                         "escalation", "insult", "crime", "affront", "breach"})  # what one brands another's act
BACKING_NOUNS = frozenset({"backing", "support", "blessing", "help", "assistance", "approval", "consent"})
HOSTILE_TYPES = frozenset({RelationType.ASSAULT, RelationType.COERCE, RelationType.THREATEN, RelationType.SANCTION,
                           RelationType.MOBILIZE, RelationType.ACCUSE, RelationType.PROTEST, RelationType.REJECT})
PLEDGE_VERBS = frozenset({"pledge", "promise", "vow", "offer", "commit", "undertake", "volunteer", "swear"})
FORCE_NOUNS = frozenset({"soldier", "troop", "force", "marine", "sailor", "personnel", "police", "officer", "guard",
                         "reservist", "unit", "battalion", "brigade", "contingent", "warship", "ship", "jet", "aircraft"})
SEND_VERBS = frozenset({"send", "deploy", "dispatch", "move", "station", "position", "mass", "redeploy", "rush",
                        "despatch", "transfer", "base"})  # their object is the forces moved, never the target
EXERCISE_WORDS = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "wargame", "game", "patrol", "training",
                            "rehearsal", "joint"})
DRAW_VERBS = frozenset({"draw", "attract", "prompt", "provoke", "spark", "trigger", "earn", "face", "receive", "invite",
                        "elicit", "bring", "incur", "win", "garner"})  # "drew criticism from X": X reacts to the subject
WATCH_VERBS = frozenset({"monitor", "track", "shadow", "watch", "observe"})
RAISING_PASSIVES = frozenset({"set", "expect", "schedule", "slate", "suppose", "due", "poise", "say", "report",
                              "believe", "think", "understand"})
CHAIR_NOUNS = frozenset({"chairmanship", "chairship", "presidency", "chair", "leadership"})
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "coast", "waters"})
QUANTITY_NOUNS = frozenset({"package", "round", "set", "series", "batch", "tranche", "shipment", "consignment",
                            "tonne", "ton", "million", "billion", "wave", "barrage", "salvo", "number", "lot",
                            "amount", "load", "convoy", "delivery", "kind", "type", "form", "dollar", "euro", "pound",
                            "yen", "franc", "ruble", "rouble", "yuan", "shilling", "rupee", "mark", "dinar", "riyal",
                            "peso", "worth", "kilogram", "barrel", "dose", "crore", "trillion", "day", "week", "month",
                            "hour", "year", "night", "part", "portion", "half", "share", "bulk", "rest", "some", "all",
                            "most", "note", "letter", "statement", "message", "expression", "hundred", "thousand",
                            "dozen", "score", "couple", "string", "spate", "flurry"})
LINK_PARTICIPLES = frozenset({"link", "tie", "connect", "belong", "bind", "head", "destine", "affiliate", "ally",
                              "associate", "owe"})
DESIRE_VERBS = frozenset({"want", "wish", "hope", "like", "prefer", "expect"})
PERMISSION_NOUNS = frozenset({"permission", "authorization", "authorisation", "approval", "go-ahead", "consent",
                              "clearance", "licence", "license", "mandate"})
TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
                        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                        "november", "december", "morning", "evening", "night", "afternoon", "weekend", "day", "week",
                        "month", "year", "occasion", "eve", "anniversary", "sidelines"})
HYPOTHETICAL_MODIFIERS = frozenset({"possible", "potential", "eventual", "hypothetical", "prospective", "feared",
                                    "would-be", "theoretical"})
DOCUMENT_NOUNS = frozenset({"resolution", "statement", "declaration", "communique", "communiqué", "report", "letter",
                            "decision", "decree", "law", "bill", "motion", "note", "ruling", "verdict", "order"})
HEDGE_PARTICIPLES = frozenset({"believe", "think", "suspect", "rumour", "rumor", "presume", "fear", "allege"})
COMMENT_NOUNS = frozenset({"move", "step", "decision", "measure", "action", "development", "announcement", "act",
                           "gesture", "manoeuvre", "maneuver"})  # ", a move condemned by X": a comment on the clause before
DESIRE_NOUNS = frozenset({"wish", "hope", "desire", "dream", "longing", "aspiration", "yearning", "hopes"})
CIRCUMSTANCE_PREPS = frozenset({"under", "after", "before", "during", "despite", "amid", "following", "since",
                                "until", "ahead", "throughout"})
ABILITY_NOUNS = frozenset({"right", "ability", "capacity", "capability", "power", "means", "freedom", "authority",
                           "permission", "option", "chance", "opportunity", "need", "duty", "obligation"})
INTENTION_NOUNS = frozenset({"plan", "intention", "decision", "readiness", "willingness", "promise", "pledge", "vow",
                             "offer", "bid", "attempt", "effort", "move", "proposal", "plot", "scheme", "preparation"})
CHARACTERIZING_VERBS = frozenset({"call", "describe", "brand", "label", "term", "dub", "characterise", "characterize",
                                  "consider", "deem", "regard", "see", "view"})
STANDING_NOUNS = frozenset({"ally", "partner", "friend", "rival", "enemy", "foe", "adversary", "neighbour", "neighbor",
                            "patron", "backer", "sponsor", "supporter", "protector", "client"})
MOVEMENT_TYPES = frozenset({RelationType.RETREAT, RelationType.MOBILIZE})  # forces moved somewhere or out of it
RESPONSE_TYPES = frozenset({RelationType.REJECT, RelationType.CONCEDE, RelationType.AGREE})  # answers to a demand
FORCE_VERBS = frozenset({"kill", "wound", "injure", "hit", "destroy", "damage"})
FORCE_TARGET_TYPES = frozenset({RelationType.COERCE, RelationType.ASSAULT})
ACCUSE_LIKE = frozenset({RelationType.ACCUSE, RelationType.PROTEST})
MATERIAL_TYPES = frozenset({RelationType.COERCE, RelationType.ASSAULT, RelationType.CONCEDE, RelationType.SANCTION,
                            RelationType.MOBILIZE, RelationType.AID, RelationType.RETREAT})
COOPERATIVE_TYPES = frozenset({RelationType.CONSULT, RelationType.COOPERATE, RelationType.AID, RelationType.AGREE,
                               RelationType.SUPPORT, RelationType.PARTNERSHIP})
VERB_TARGET_PREPS = ("to", "with", "against", "on", "upon", "into", "toward", "towards", "at")
NOUN_TARGET_PREPS = ("with", "to", "against", "between", "on", "toward", "towards", "into")
SUBJECT_DEPS = ("nsubj", "csubj")
ARG_NOUN_POS = ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ")


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    pos: str
    type: RelationType
    relation: str
    cameo: str
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()  # VERB cues: the verb's subject (or the noun a participle modifies) has one of these lemmas
    target_preps: tuple[str, ...] = ()
    confidence: float = 0.8
    intransitive: bool = False  # fires only without a direct object ("Iran mobilized"; forces objects have their own cue)
    inverse: bool = False  # the subject receives: source is the target_preps object ("received arms from Qatar")
    foreign: bool = False  # only between actors of different states ("ordered Venezuela to ...", not "ordered the army to ...")

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (2 if self.particle else 0) + (1 if self.modifiers else 0) + (
            2 if self.subjects else 0)

    @property
    def label(self) -> str:
        extra = f" {self.particle}" if self.particle else ""
        extra += f" +{'/'.join(sorted(self.objects))}" if self.objects else ""
        mods = f"{'/'.join(sorted(self.modifiers))} " if self.modifiers else ""
        return f"{mods}{self.lemma}{extra}"


@dataclass(frozen=True, slots=True)
class Modals:
    negators: frozenset[str]  # governing verbs that negate ("refuse to", "fail to")
    refusals: frozenset[str]  # negators that are themselves a REJECT ("refuse", "decline")
    future_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    object_control: frozenset[str]  # "urge X to": X is the subject of the inner verb
    obligation_aux: frozenset[str] = frozenset()  # "Y must V" in a statement: a demand on Y
    statement_verbs: frozenset[str] = frozenset()
    terminators: frozenset[str] = frozenset()  # "suspend aid", "call off talks": SANCTION
    terminator_nouns: frozenset[str] = frozenset()  # "a suspension of air links", "an end to talks": SANCTION
    stative_participles: frozenset[str] = frozenset()  # "Israel is opposed to X": the subject holds the attitude
    acceptances: frozenset[str] = frozenset()  # "will not accept X's demands": a negated acceptance is a REJECT
    reciprocal_verbs: frozenset[str] = frozenset()  # "X and Y fought": each did it to the other


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: dict[tuple[str, str], tuple[Cue, ...]]
    modals: Modals

    def candidates(self, tok: Token) -> tuple[Cue, ...]:
        pos = "VERB" if tok.pos in ("VERB", "AUX") else tok.pos
        if pos == "PROPN":
            pos = "NOUN"
        return self.cues.get((tok.lemma, pos), ()) or (self.cues.get((tok.lower, pos), ()) if tok.lower != tok.lemma else ())


@cache
def load_lexicon(cues_path: Path | None = None, modality_path: Path | None = None) -> Lexicon:
    cues_path = Path(cues_path or DATA_DIR / "relation_cues.yaml")
    modality_path = Path(modality_path or DATA_DIR / "modality.yaml")
    data = load_yaml(cues_path) or {}
    entries = data.get("cues") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataFileError(str(cues_path), None, "expected a mapping with a 'cues' list")
    index: dict[tuple[str, str], list[Cue]] = {}
    types = {t.value for t in RelationType}
    for n, e in enumerate(entries, 1):
        if isinstance(e, dict) and e.get("type") not in types:
            raise DataFileError(str(cues_path), None, f"cue {n} ({e.get('lemma')}): unknown relation type "
                                f"{e.get('type')!r}; expected one of {', '.join(sorted(types))}")
        try:
            cue = Cue(
                lemma=str(e["lemma"]).lower().strip(), pos=str(e["pos"]).upper(), type=RelationType(e["type"]),
                relation=str(e["relation"]), cameo=str(e.get("cameo") or ""),
                particle=_word(e.get("particle")),
                objects=frozenset(_word(o) for o in e.get("objects") or ()),
                modifiers=frozenset(_word(o) for o in e.get("modifiers") or ()),
                subjects=frozenset(_word(o) for o in e.get("subjects") or ()),
                target_preps=tuple(_word(p) for p in e.get("target_preps") or ()),
                confidence=float(e.get("confidence", 0.8)),
                intransitive=bool(e.get("intransitive", False)),
                inverse=bool(e.get("inverse", False)),
                foreign=bool(e.get("foreign", False)),
            )
        except (KeyError, ValueError, TypeError) as err:
            raise DataFileError(str(cues_path), None, f"cue {n} ({e.get('lemma') if isinstance(e, dict) else e!r}): missing or bad field {err}") from None
        if cue.pos not in ("VERB", "NOUN", "ADJ"):
            raise DataFileError(str(cues_path), None, f"cue {n} ({cue.lemma}): pos must be VERB, NOUN or ADJ")
        index.setdefault((cue.lemma, cue.pos), []).append(cue)
    m = load_yaml(modality_path) or {}
    words = lambda k: frozenset(str(w).lower() for w in m.get(k) or ())  # noqa: E731
    modals = Modals(words("negators"), words("refusals"), words("future_verbs"), words("future_aux"),
                    words("hypothetical_aux"), words("object_control"), words("obligation_aux"),
                    words("statement_verbs"), words("terminators"), words("terminator_nouns"),
                    words("stative_participles"), words("acceptances"), words("reciprocal_verbs"))
    return Lexicon({k: tuple(sorted(v, key=lambda c: -c.specificity)) for k, v in index.items()}, modals)


def _word(value) -> str | None:
    """A particle from YAML: YAML 1.1 reads the bare words on/off as booleans."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value).lower().strip()


def make_lexicon_extractor(*, cues_path: str | None = None, modality_path: str | None = None,
                           min_confidence: float = 0.0) -> "LexiconExtractor":
    """Build the lexicon extractor.

    Args:
        cues_path: relation cue lexicon (YAML); default the shipped ``relation_cues.yaml``.
        modality_path: negation/modality word lists (YAML); default the shipped ``modality.yaml``.
        min_confidence: drop relations below this confidence.
    """
    return LexiconExtractor(load_lexicon(Path(cues_path) if cues_path else None,
                                         Path(modality_path) if modality_path else None), min_confidence)


@dataclass(frozen=True, slots=True)
class Arg:
    actor: Actor
    how: str
    weight: float


class LexiconExtractor:
    name = NAME

    def __init__(self, lexicon: Lexicon, min_confidence: float = 0.0):
        self.lex = lexicon
        self.min_confidence = min_confidence

    def __call__(self, ctx: SentenceContext) -> list[Relation]:
        return _SentenceWork(self.lex, ctx).run(self.min_confidence)


class _SentenceWork:
    """The extraction of one sentence (holds indexes built once per sentence)."""

    def __init__(self, lex: Lexicon, ctx: SentenceContext):
        self.lex = lex
        self.ctx = ctx
        self.s: Sentence = ctx.sentence
        self.toks = _second_subject_as_object(ctx.sentence.tokens)
        self.kids: list[list[Token]] = [[] for _ in self.toks]
        for t in self.toks:
            if t.head != t.i:
                self.kids[t.head].append(t)
        self.by_head: dict[int, list[Mention]] = {}
        self.by_token: dict[int, list[Mention]] = {}
        for m in ctx.mentions:
            self.by_head.setdefault(m.head, []).append(m)
            for k in range(m.start, m.end):
                self.by_token.setdefault(k, []).append(m)
        self.matched: dict[int, Cue] = {}

    # ------------------------------------------------------------ cues
    def match_all(self, tok: Token) -> list[Cue]:
        """The cues a token fires: the most specific one, plus the bare cue of another type when
        the specific one only adds a modifier ("congratulatory message": SUPPORT and CONSULT)."""
        first = self.match(tok)
        if first is None:
            return []
        out = [first]
        if first.modifiers and not first.objects and not first.particle:
            for cue in self.lex.candidates(tok):
                if cue.specificity == 0 and cue.type is not first.type and not (
                        first.type is RelationType.COOPERATE and cue.type in (RelationType.MOBILIZE, RelationType.PARTNERSHIP)) and not (
                        first.type is RelationType.CONSULT and cue.type is RelationType.REQUEST):
                    # ("joint exercise" is no deployment, "trading partner" no alliance, "phone call" no appeal)
                    out.append(cue)
                    break
        return out

    def match(self, tok: Token) -> Cue | None:
        if tok.pos == "NOUN" and ((any(k.dep == "dobj" for k in self.kids[tok.i]) and (
                (tok.dep == "ROOT" and any(k.dep == "nsubj" for k in self.kids[tok.i])) or tok.dep in ("xcomp", "ccomp") or (
                    tok.dep == "conj" and self.toks[tok.head].pos in ("VERB", "AUX")))) or (
                tok.dep == "relcl" and tok.tag in ("NNS", "VBZ") and any(k.dep == "nsubj" for k in self.kids[tok.i]))):
            # ("a claim New Delhi disputes": a relative clause's verb read as a plural noun)
            # "Japan and the Philippines share intelligence", "has been an ally and hosts Russian weapons":
            # a verb the tagger read as a noun
            tok = replace(tok, pos="VERB")
        elif tok.pos == "VERB" and any(k.i < tok.i and (k.dep == "poss" or (k.dep == "det" and k.lower in ("the", "a", "an")))
                                       for k in self.kids[tok.i]):
            tok = replace(tok, pos="NOUN")  # "ending its fisheries dispute with ...": a noun the tagger read as a verb
        if tok.i >= 2 and self.toks[tok.i - 1].text == "-" and self.toks[tok.i - 2].lower == "de":
            tok = replace(tok, lemma="de" + tok.lemma)  # "de-escalate", split by the tokenizer
        if tok.lemma in ("keep", "leave") and tok.pos == "VERB" and any(
                k.dep in ("oprd", "xcomp", "acomp", "ccomp") and k.lower in CLOSED_WORDS for k in self.kids[tok.i]):
            tok = replace(tok, lemma="close")  # "has kept its border with Armenia closed": closing it, still
        for cue in self.lex.candidates(tok):
            if cue.particle and not any(k.lower == cue.particle and k.dep in ("prt", "prep", "advmod", "dative") and not (
                    k.dep == "prep" and self._time_phrase(k.i)) for k in self.kids[tok.i]) and not (
                    cue.objects and self._object_prep(tok.i, cue.particle)):
                continue  # ("called Xi on Tuesday" is a call, not "call on")
            if cue.objects and not self._has_object(tok, cue.objects, cue.particle):
                continue
            if cue.subjects and not self._has_subject(tok, cue.subjects):
                continue
            if cue.relation == "Expulsion" and tok.lemma == "order" and tok.pos == "VERB" and not any(
                    self.by_token.get(j) for k in self.kids[tok.i] if k.dep == "dobj" for j in self.s.subtree(k.i)):
                continue  # "ordered troops to the border with Guyana": one's own forces moved, nobody expelled
            if cue.foreign and tok.pos == "VERB" and self._internal(tok.i):
                continue  # "ordered the army to move units to the border": an order inside a state, no demand
            if cue.intransitive and any(k.dep == "dobj" for k in self.kids[tok.i]):
                continue  # "mobilized pressure groups": not forces
            if tok.lemma in CHARACTERIZING_VERBS and cue.type is not RelationType.ACCUSE and any(
                    k.dep == "oprd" and k.pos != "PROPN" and k.i not in self.by_token for k in self.kids[tok.i]):
                continue  # "called Mercosur a strategic partner", "what he called its approach": naming, not a call
            if tok.lemma in NAMING_VERBS and len([k for k in self.kids[tok.i] if k.dep in ("dobj", "oprd")]) >= 2:
                continue  # "the islands, which Beijing calls the Diaoyu": naming, not a phone call
            if cue.type is RelationType.REQUEST and tok.lemma in self.lex.modals.future_verbs and any(
                    k.dep == "xcomp" for k in self.kids[tok.i]):
                continue  # "are seeking to deepen ties": an intention of the subject (see polarity), not a request
            if cue.modifiers and not any(k.dep in ("amod", "compound", "nmod", "advmod") and
                                         (k.lemma in cue.modifiers or k.lower in cue.modifiers)
                                         for k in self.kids[tok.i]) and not self._predicated(tok, cue.modifiers):
                continue
            if cue.type is RelationType.MOBILIZE and tok.pos == "NOUN":
                return self._held_jointly(tok) or cue
            return cue
        return None

    def _internal(self, v: int) -> bool:
        """The verb's objects are all of its subjects' own state ("Putin ordered the army to ...")."""
        objs = [a.actor for k in self.kids[v] if k.dep in ("dobj", "oprd", "dative") for a in self.actors_at(k.i)]
        subs = {a.actor.country for a in self.subjects(v)[0]}
        return bool(objs) and all(o.country and o.country in subs for o in objs)

    def _held_jointly(self, tok: Token) -> Cue | None:
        """'will hold naval drills with China', 'the exercise with Belarus': an exercise held with
        another actor is a joint one, cooperation (the noun's COOPERATE cue, as 'joint drills'), not
        a show of force aimed at that actor ('drills near Taiwan', 'drills with live fire' stay)."""
        owners = [tok.i] + ([tok.head] if tok.dep == "dobj" and tok.head != tok.i else [])
        if not any(k.dep == "prep" and k.lower == "with" and not self._time_phrase(k.i) and self._pobj_actors(k.i)
                   for h in owners for k in self.kids[h]):
            return None
        return next((c for c in self.lex.candidates(tok) if c.type is RelationType.COOPERATE), None)

    def _negates(self, g: Token) -> bool:
        """A governing verb that negates what it governs: a negator ("refused to meet"), or a phrasal one
        with its particle ("ruled out negotiations with Washington": "rule out" in modality.yaml)."""
        negators = self.lex.modals.negators
        if any(k.dep == "neg" or (k.dep == "advmod" and k.lower == "never") for k in self.kids[g.i]):
            return False  # "has never ruled out the use of force", "did not refuse to meet": still possible
        return g.lemma in negators or any(
            k.dep == "prt" and f"{g.lemma} {k.lower}" in negators for k in self.kids[g.i])

    def _has_subject(self, tok: Token, words: frozenset[str]) -> bool:
        """The verb's subject (with its conjuncts), or the noun its participle modifies ('tanks
        moving toward the border'), or that of the verb it is coordinated with, is one of ``words``."""
        heads = [k for k in self.kids[tok.i] if k.dep in ("nsubj", "nsubjpass")]
        if not heads and tok.dep == "acl" and tok.head != tok.i:
            heads = [self.toks[tok.head]]
        if not heads and tok.dep == "conj" and tok.head != tok.i:
            heads = [k for k in self.kids[tok.head] if k.dep in ("nsubj", "nsubjpass")]
        heads += [c for h in heads for c in self.kids[h.i] if c.dep == "conj"]
        return any(h.lemma in words or h.lower in words for h in heads)

    def _predicated(self, tok: Token, words: frozenset[str]) -> bool:
        """The modifier said of the noun by a copula: 'relations between the two remain tense', or by the
        verb itself: 'relations between Algeria and Morocco have been strained', 'ties have soured'."""
        if not tok.dep.startswith("nsubj") or tok.head == tok.i:
            return False
        if self.toks[tok.head].lower in words and self.toks[tok.head].tag in ("VBN", "VBD"):
            return True
        if self.toks[tok.head].lemma not in COPULAS | {"grow", "turn"}:
            return False
        return any(k.dep in ("acomp", "attr") and (k.lemma in words or k.lower in words) for k in self.kids[tok.head])

    def _object_prep(self, v: int, prep: str) -> Token | None:
        """A preposition the parser hung on the verb's object: 'launched 400 drones and 30 missiles at Ukraine'."""
        for d in self.kids[v]:
            if d.dep == "dobj":
                # the object's conjuncts, and a noun the parser made a conjunct of the verb ("impose travel
                # bans and asset freezes on members of the junta")
                for o in [d] + [c for c in self.kids[d.i] if c.dep == "conj"] + [
                        c for c in self.kids[v] if c.dep == "conj" and c.pos == "NOUN" and c.i > d.i]:
                    for p in self.kids[o.i]:
                        if p.dep == "prep" and p.lower == prep and not self._time_phrase(p.i):
                            return p
        return None

    def _appended_denial(self, g: int) -> bool:
        """'..., a charge Abu Dhabi denies': a denial appended after a comma, whose subject the parser
        merged with 'a charge/claim'; it answers the clause, it does not negate it."""
        return self._appended_claim(g) is not None

    def _appended_claim(self, g: int) -> list[int] | None:
        """The tokens of 'a charge Abu Dhabi' in '..., a charge Abu Dhabi denies' (verb ``g``): the verb's
        subject, or, where the parser left the verb without one and hung the phrase as an apposition inside
        the clause it governs, that apposition."""
        heads = [k.i for k in self.kids[g] if k.dep.startswith("nsubj")]
        if not heads:
            heads = [j for k in self.kids[g] if k.dep in ("ccomp", "parataxis") for j in self.s.subtree(k.i)
                     if self.toks[j].dep == "appos"]
        for h in heads:
            span = sorted(self.s.subtree(h))
            first = span[0]
            if first > 0 and self.toks[first - 1].text == "," and any(self.toks[j].lemma in CLAIM_NOUNS for j in span):
                return span
        return None

    def _drawn_reaction(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str] | None:
        """'deported 250,000 migrants, drawing criticism from the UN', 'Israel's plan drew condemnation from
        Egypt': a reaction drawn by the verb's subject comes from the 'from' object and is aimed at the subject."""
        tok = self.toks[n]
        if cue.type not in ACCUSE_LIKE | {RelationType.SUPPORT, RelationType.THREATEN} or tok.dep != "dobj":
            return None
        v = tok.head
        if self.toks[v].lemma not in DRAW_VERBS:
            return None
        sources = [a for h in (n, v) for k in self.kids[h] if k.dep == "prep" and k.lower in ("from", "by")
                   for a in self._pobj_actors(k.i)]
        if not sources:
            return None
        targets, how = self.subjects(v)
        if not targets:
            targets = [a for k in self.kids[v] if k.dep in SUBJECT_DEPS for a in self.owners(k.i)]
            how = "owner of the subject"
        return sources, targets, f"from+{how or 'subject'} of {self.toks[v].text} (reaction drawn)"

    def _at_odds(self, sources: list[Arg]) -> bool:
        """The actors are adversaries here: a hostile relation between them earlier in the article, or a
        dispute, tension or conflict named in this sentence."""
        ids = {a.actor.country for a in sources if a.actor.country}
        hostile = {RelationType.RIVALRY, RelationType.ASSAULT, RelationType.THREATEN, RelationType.ACCUSE,
                   RelationType.COERCE, RelationType.MOBILIZE, RelationType.PROTEST, RelationType.SANCTION}
        if any(r.type in hostile and {r.source.country, r.target.country} <= ids and r.source.country != r.target.country
               for r in self.ctx.earlier):
            return True
        return any(c.type is RelationType.RIVALRY for c in self.matched.values())

    def _came_under(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str] | None:
        """'a patrol came under attack from Pakistani positions', 'the convoy came under fire from rebels': the
        'from' object attacks the subject."""
        tok = self.toks[n]
        if cue.type is not RelationType.ASSAULT or tok.dep != "pobj" or self.toks[tok.head].lower != "under":
            return None
        v = self.toks[tok.head].head
        if self.toks[v].lemma not in ("come", "be", "remain", "fall"):
            return None
        sources = [a for h in (n, v) for k in self.kids[h] if k.dep == "prep" and k.lower in ("from", "by")
                   for a in (self._pobj_actors(k.i) or [b for q in self.kids[k.i] if q.dep == "pobj" for b in self.owners(q.i)])]
        targets, how = self.subjects(v)
        if not sources or not targets:
            return None
        return sources, targets, f"from -> subject of '{self.toks[v].text} under' (attack undergone)"

    def _backed_with(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str] | None:
        """'... would ask the Security Council to hold a session, with the backing of Russia', 'vetoed the
        statement with the support of Slovakia': the 'of' object (or possessor) supports whoever acts in the
        clause, its first subject (the object of an asking verb does not act on its own)."""
        tok = self.toks[n]
        if cue.type is not RelationType.SUPPORT or tok.lemma not in BACKING_NOUNS or tok.dep != "pobj" or (
                self.toks[tok.head].lower != "with"):
            return None
        sources = [a for k in self.kids[n] if k.dep == "poss" for a in self.actors_at(k.i)] + [
            a for k in self.kids[n] if k.dep == "prep" and k.lower == "of" for a in self._pobj_actors(k.i)]
        v = self.toks[tok.head].head
        while self.toks[v].dep in ("xcomp", "advcl", "conj") and self.toks[v].head != v and (
                self.toks[self.toks[v].head].pos in ("VERB", "AUX")) and (
                self.toks[self.toks[v].head].lemma not in self.lex.modals.statement_verbs):
            v = self.toks[v].head
        targets = [a for k in self.kids[v] if k.dep in SUBJECT_DEPS for a in self.actors_at(k.i)]
        own = {a.actor.id for a in sources}
        targets = [a for a in targets if a.actor.id not in own]
        if not sources or not targets:
            return None
        return sources, targets, f"of -> subject of {self.toks[v].text} (backing)"

    def _characterized_as(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str] | None:
        """'called Mercosur "a strategic partner"', 'described Russia as a sincere partner', 'called Pakistan an
        ironclad friend': naming another a partner (or an enemy) states the standing relation with it."""
        v = self._characterizing_verb(n, cue)
        if v is None:
            return None
        targets = [a for k in self.kids[v] if k.dep == "dobj" for a in self.actors_at(k.i)]
        sources, how = self.subjects(v)
        if not targets or not sources:
            return None
        gaz = load_gazetteer()  # a leader or minister speaks of the relation of the state (or organisation)
        states = [gaz.state(a.actor.country) if a.actor.type is ActorType.PERSON and a.actor.country else None for a in sources]
        sources = [Arg(st, a.how + "+their state", a.weight) if st is not None else a for a, st in zip(sources, states)]
        return sources, targets, f"{how or 'subject'} of '{self.toks[v].text}' -> the one described"

    def _characterizing_verb(self, n: int, cue: Cue) -> int | None:
        """The verb that names its object with standing noun ``n`` ('called X a partner', 'described X as an ally')."""
        tok = self.toks[n]
        if cue.type not in (RelationType.PARTNERSHIP, RelationType.RIVALRY) or tok.lemma not in STANDING_NOUNS:
            return None
        v = tok.head if tok.dep in ("oprd", "attr") else (
            self.toks[tok.head].head if tok.dep == "pobj" and self.toks[tok.head].lower == "as" else None)
        if v is None or self.toks[v].lemma not in CHARACTERIZING_VERBS or not any(k.dep == "dobj" for k in self.kids[v]):
            return None
        return v

    def _acted_under(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str] | None:
        """'Under pressure from Washington, Panama withdrew ...', '... voted to end the mission, following calls
        by the United States': the request was made of whoever acted under or after it."""
        tok = self.toks[n]
        if cue.type is not RelationType.REQUEST or tok.dep != "pobj" or self.toks[tok.head].lower not in YIELD_PREPS:
            return None
        v = self.toks[tok.head].head
        if self.toks[v].pos not in ("VERB", "AUX"):
            return None
        sources = self.owners(n)
        targets, how = self.subjects(v)
        targets = [a for a in targets if a.actor.id not in {s.actor.id for s in sources}]
        if not sources or not targets:
            return None
        return sources, targets, f"owner -> {how or 'subject'} of '{self.toks[v].text}' (acted under it)"

    def _denied_accusers(self, v: int) -> tuple[list[Arg], str]:
        """'X accused Y of ..., a charge Y denies' / 'an allegation Tehran has rejected': a denial whose
        object is the claim just made answers the accusers (the subjects of the accusation before it)."""
        t = self.toks[v]
        claim = t.head if t.dep in ("relcl", "ccomp", "acl") and self.toks[t.head].lemma in CLAIM_NOUNS else next(
            (j for k in self.kids[v] if k.dep in ("nsubj", "nsubjpass", "dobj") for j in self.s.subtree(k.i)
             if self.toks[j].lemma in CLAIM_NOUNS), None) or next(
            (j for j in self._appended_claim(v) or () if self.toks[j].lemma in CLAIM_NOUNS), None)
        if claim is None:
            return [], ""
        for j in range(claim - 1, -1, -1):
            cue = self.matched.get(j)
            said = self.toks[j].lemma in self.lex.modals.statement_verbs | {"claim", "allege", "assert", "insist"} and (
                self.toks[claim].lemma in ("claim", "assertion", "account", "remark", "comment", "statement"))
            # ("Washington says it brokered, a claim ...", "told parliament ..., remarks that Asmara dismissed")
            if (said or cue is not None and cue.type is RelationType.ACCUSE) and self.toks[j].pos in ("VERB", "AUX"):
                got, _ = self.subjects(j)
                if got:
                    return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "makers of the denied " + self.toks[claim].lemma
        return [], ""

    def _accusers_before(self, i: int, ids: set) -> list[Arg]:
        """The subjects of accusing verbs before token i in the sentence whose object is one of ``ids``
        (actor ids or country codes): "X accused the UAE of arming the RSF, and Abu Dhabi denied ..."."""
        out: list[Arg] = []
        for j in range(i):
            if getattr(self.matched.get(j), "type", None) is not RelationType.ACCUSE or self.toks[j].pos != "VERB":
                continue
            if any(k.dep == "dobj" and any(m.actor.id in ids or m.actor.country in ids for m in self.actors_at(k.i))
                   for k in self.kids[j]):
                out += [Arg(a.actor, a.how, a.weight * 0.8) for a in self.subjects(j)[0]]
        return out

    def _is_purpose(self, i: int) -> bool:
        """Token i heads a 'to' clause ("sent troops to help defend X")."""
        return any(k.dep == "aux" and k.lower == "to" for k in self.kids[i])

    def _has_parties(self, i: int) -> bool:
        """The noun names its parties with 'between' or 'among' ("tensions between the two powers")."""
        return any(k.dep == "prep" and k.lower in ("between", "among") for k in self.kids[i])

    def _time_phrase(self, p: int) -> bool:
        """A preposition whose object is a time: 'on Tuesday', 'in March', 'on 5 May'."""
        return any(q.dep == "pobj" and (q.lower in TIME_WORDS or q.ent_type in ("DATE", "TIME") or (
            q.pos == "NUM" and len(q.text) == 4 and q.text.isdigit())) for q in self.kids[p])

    def _hidden_objects(self, v: int) -> list[Token]:
        """Objects the parser attached elsewhere: 'kidnapped up to 16 Russian advisers' ('up to' read as
        particle + preposition), 'monitored Chinese warships operating near the island' (the object read
        as the subject of a participle)."""
        out = []
        for k in self.kids[v]:
            if k.dep == "prt" and k.lower == "up":
                out += [replace(q, dep="dobj") for p in self.kids[k.i] if p.dep == "prep" and p.lower == "to"
                        for q in self.kids[p.i] if q.dep == "pobj"]
            elif k.dep in ("xcomp", "ccomp") and k.tag == "VBG" and k.i > v:
                out += [replace(q, dep="dobj") for q in self.kids[k.i] if q.dep == "nsubj" and q.i > v]
            elif k.dep == "oprd" and k.i in self.by_token and not any(d.dep == "dobj" for d in self.kids[v]):
                out.append(replace(k, dep="dobj"))  # "Macron called Zelensky on Tuesday": an object read as a predicate
            elif k.dep == "prep" and k.lower == "as" and not any(d.dep == "dobj" for d in self.kids[v]):
                # "denounced as an ugly crime Serbia's suppression of ...": the object moved after the 'as' phrase
                out += [replace(a, dep="dobj") for q in self.kids[k.i] if q.dep == "pobj"
                        for a in self.kids[q.i] if a.dep == "appos" and a.i > q.i]
        return out

    def _stative_object(self, i: int) -> Token | None:
        """The 'to' object of a stative participle: 'is opposed to French mediation'."""
        if self.toks[i].lower not in self.lex.modals.stative_participles:
            return None
        return next((q for k in self.kids[i] if k.dep == "prep" and k.lower == "to" for q in self.kids[k.i]
                     if q.dep == "pobj"), None)

    def _particle_object(self, v: int, particle: str | None) -> Token | None:
        """'called in the Iranian ambassador': the particle read as a preposition, its object the verb's."""
        if not particle or any(k.dep == "dobj" for k in self.kids[v]):
            return None
        return next((q for k in self.kids[v] if k.dep == "prep" and k.lower == particle for q in self.kids[k.i]
                     if q.dep == "pobj"), None)

    def _has_object(self, tok: Token, objects: frozenset[str], particle: str | None = None) -> bool:
        if tok.pos == "NOUN":  # a nominal cue's object is its 'of' object: "the purchase of the S-400 system"
            heads = [tok]
            for _ in range(2):  # through a quantity: "the sale of $2.1 billion of air defence missiles"
                objs = [q for h in heads for k in self.kids[h.i] if k.dep == "prep" and k.lower == "of"
                        for q in self.kids[k.i] if q.dep == "pobj"]
                if any(q.lemma in objects or q.lower in objects or any(
                        c.dep == "compound" and c.lemma in objects for c in self.kids[q.i]) for q in objs):
                    return True
                heads = [q for q in objs if q.lemma in QUANTITY_NOUNS or q.pos == "NUM" or any(
                    c.dep == "nummod" for c in self.kids[q.i])]
            return False
        if PERSON_OBJECT in objects and any(
                k.dep == "dobj" and any(m.actor.type is ActorType.PERSON for m in self.by_token.get(k.i, ()))
                for k in self.kids[tok.i]):
            return True  # "welcomed Putin at the airport": a person as the object
        if ACTOR_OBJECT in objects and any(k.dep in ("dobj", "oprd", "dative") and self.by_token.get(k.i) for k in self.kids[tok.i]):
            return True  # "called his Turkish counterpart": someone called, not something named
        if PEOPLE_OBJECT in objects and any(
                k.dep == "dobj" and k.tag in ("NNS", "NNPS") and any(
                    m.actor.type is ActorType.COUNTRY and m.head == k.i and m.text.lower() != m.actor.name.lower()
                    for m in self.by_token.get(k.i, ())) for k in self.kids[tok.i]):
            return True  # "still holds at least 19 Armenians": people of a state, by their demonym
        stative = self._stative_object(tok.i)
        if stative is not None and (stative.lemma in objects or stative.lower in objects):
            return True
        po = self._particle_object(tok.i, particle)
        if po is not None and (po.lemma in objects or po.lower in objects):
            return True
        if not any(k.dep == "dobj" for k in self.kids[tok.i]):
            if any(k.lemma in objects or k.lower in objects for k in self._hidden_objects(tok.i)):
                return True
            head = self.toks[tok.head]
            if tok.dep == "relcl" and (head.lemma in objects or head.lower in objects) and any(
                    k.dep == "nsubj" for k in self.kids[tok.i]):
                return True  # "a claim New Delhi disputes": the noun the relative clause hangs on is its object
        for k in self.kids[tok.i]:
            if k.dep in ("dobj", "nsubjpass", "attr", "oprd") and (k.lemma in objects or k.lower in objects):
                return True
            if k.dep in ("ccomp", "xcomp") and (k.lemma in objects or k.lower in objects) and any(
                    q.dep == "nsubj" for q in self.kids[k.i]):
                return True  # "holds Moscow fully responsible": a small clause the parser made a complement
            if k.dep in ("ccomp", "xcomp") and tok.lemma in self.lex.modals.object_control and any(
                    q.dep == "nsubj" and (q.lemma in objects or q.lower in objects) for q in self.kids[k.i]):
                return True  # "would not allow IAEA inspectors to visit": the object read as the infinitive's subject
            if particle and k.dep == "prep" and k.lower == particle and any(q.dep == "pobj" and (
                    q.lemma in objects or q.lower in objects) for q in self.kids[k.i]):
                return True  # "removed al-Sharaa from its sanctions list": the particle's object is the one listed
            if k.dep == "dobj" and k.lemma in ("part", "most", "some", "all", "portion", "share", "half") and any(
                    q.dep == "pobj" and (q.lemma in objects or q.lower in objects)
                    for p in self.kids[k.i] if p.dep == "prep" and p.lower == "of" for q in self.kids[p.i]):
                return True  # "paid part of the salaries of Lebanese soldiers"
            if k.dep in ("dobj", "nsubjpass") and k.pos == "PROPN" and any(
                    c.dep == "compound" and c.pos in ("NOUN", "PROPN") and (c.lemma in objects or c.lower in objects) for c in self.kids[k.i]):
                return True  # "summoned Chinese Ambassador Zhao Hongbin": the title before the name
            if k.dep in ("dobj", "nsubjpass") and (k.lemma in QUANTITY_NOUNS or k.pos == "NUM"):
                for p in self.kids[k.i]:  # "a new package of sanctions", "50 tonnes of aid"
                    if p.dep == "prep" and p.lower == "of":
                        if any(q.dep == "pobj" and (q.lemma in objects or q.lower in objects) for q in self.kids[p.i]):
                            return True
        return False

    def object_noun(self, tok: Token) -> Token | None:
        for k in self.kids[tok.i]:
            if k.dep in ("dobj", "nsubjpass", "attr"):
                return k
        return None

    # ------------------------------------------------------------ actors of a token
    def actors_at(self, i: int, depth: int = 0) -> list[Arg]:
        """Actors a syntactic argument denotes: its mention, possessor or 'of' object; conjuncts too."""
        out: list[Arg] = []
        ms = self.by_head.get(i) or [m for m in self.by_token.get(i, []) if m.how not in ("adjective",)]
        if ms and all(m.how == "descriptor" and m.actor.type is ActorType.COUNTRY for m in ms):
            named = [m for k in self.kids[i] if k.dep == "appos" for m in self.by_head.get(k.i, ())
                     if m.actor.type is ActorType.PERSON]
            if named:  # "his Indian counterpart Subrahmanyam Jaishankar": the named person, not the state
                ms = named
        if not ms and self.toks[i].pos in ("NOUN", "PROPN"):
            kinds = (ActorType.IGO, ActorType.ORG, ActorType.GROUP) + (
                (ActorType.COUNTRY,) if self.toks[i].lemma in FELLOW_NOUNS | {"rival", "foe", "enemy"} else ())
            named = [m for k in self.kids[i] if k.dep == "appos" for m in self.by_head.get(k.i, ())
                     if m.actor.type in kinds]  # ("its neighbour, Eritrea")
            if not named and self.toks[i].pos == "NOUN" and i + 1 < len(self.toks):
                # "the South American trade bloc Mercosur", "the militant group Hamas": the name right after
                named = [m for m in self.by_token.get(i + 1, ()) if m.start == i + 1 and m.how in ("gazetteer", "ner") and
                         m.actor.type in (ActorType.IGO, ActorType.ORG, ActorType.GROUP)]  # (not "posts they captured")
            if named:  # "the UN peacekeeping force UNIFIL": the name in apposition
                ms = named
        if not ms and self.toks[i].lemma in ("member", "state", "country") and depth < 2:
            igos = [a for k in self.kids[i] if k.dep == "poss" for a in self.actors_at(k.i, depth + 1)
                    if a.actor.type is ActorType.IGO]
            if igos:  # "the presidents of Mercosur's four full members, Brazil, Argentina, ...": Mercosur's side
                return igos
        if not ms and self.toks[i].tag in ("WDT", "WP") and self.toks[i].lower in ("which", "who", "whom", "that"):
            t = self.toks[i]  # "the firm Arshan Trading, which it accused of ...": the relative's antecedent
            for _ in range(3):
                if t.dep == "relcl" or t.head == t.i:
                    break
                t = self.toks[t.head]
            if t.dep == "relcl" and t.head != t.i and depth < 2:
                return self.actors_at(t.head, depth + 1)
        if ms:
            out.extend(Arg(m.actor, m.how, 1.0 if m.how in ("gazetteer", "ner", "descriptor") else 0.9) for m in ms)
        elif depth < 2 and (self.toks[i].pos in ("NOUN", "PROPN") or (self.toks[i].pos == "NUM" and any(
                k.dep == "prep" and k.lower == "of" and not any(
                    q.lemma in MEMBER_NOUNS for q in self.kids[k.i]) for k in self.kids[i]))):
            # ("one of its patrols"; not "the only one of the bloc's 27 members")
            event_noun = bool(self.lex.candidates(self.toks[i]))  # "Kim's letter": Kim wrote it, it is not Kim
            named = [m for k in self.kids[i] if k.dep in ("compound", "nmod") for m in self.by_token.get(k.i, ())
                     if m.actor.type in (ActorType.GROUP, ActorType.ORG, ActorType.IGO)]
            if named and not event_noun:  # "bin Laden's al-Qaeda network": the network is al-Qaeda
                out.extend(Arg(m.actor, m.how + "+name", 0.9) for m in named)
            for k in self.kids[i]:
                if event_noun or named:
                    continue
                if k.dep == "poss":
                    out.extend(Arg(a.actor, a.how + "+poss", a.weight * 0.9) for a in self.actors_at(k.i, depth + 1))
                elif k.dep == "prep" and k.lower == "of" and not any(  # "Russia's treatment of prisoners": the possessor
                        q.dep == "poss" and self.actors_at(q.i, depth + 1) for q in self.kids[i]):
                    for p in self.kids[k.i]:
                        if p.dep == "pobj":
                            out.extend(Arg(a.actor, a.how + "+of", a.weight * 0.85) for a in self.actors_at(p.i, depth + 1))
                elif k.dep == "prep" and k.lower in ("including", "like") and self.toks[i].tag == "NNS":
                    for p in self.kids[k.i]:  # "sanctions on 14 companies, including the firm Arshan Trading"
                        if p.dep == "pobj":
                            out.extend(Arg(a.actor, a.how + "+including", a.weight * 0.85) for a in self.actors_at(p.i, depth + 1))
                elif k.dep == "prep" and k.lower == "with" and self.toks[i].lemma in BORDER_NOUNS:
                    for p in self.kids[k.i]:  # "along its border with Lebanon"
                        if p.dep == "pobj":
                            out.extend(Arg(a.actor, a.how + "+border", a.weight * 0.85) for a in self.actors_at(p.i, depth + 1))
            if not out:
                for k in self.kids[i]:
                    if k.dep in ("amod", "compound", "nmod") and k.i in self.by_token:
                        out.extend(Arg(m.actor, m.how + "+mod", 0.85) for m in self.by_token[k.i])
                        for c in self.kids[k.i]:  # "the United States and United Nations experts": both modifiers
                            if c.dep == "conj" and c.i in self.by_token:
                                out.extend(Arg(m.actor, m.how + "+mod", 0.85) for m in self.by_token[c.i])
            if not out and not event_noun and self.toks[i].tag == "NNS":
                for k in self.kids[i]:  # "doctors from two American aid groups", "delegates from 40 nations"
                    if k.dep == "prep" and k.lower == "from":
                        out.extend(Arg(a.actor, a.how + "+from", a.weight * 0.8) for p in self.kids[k.i] if p.dep == "pobj"
                                   for a in self.actors_at(p.i, depth + 1))
        for k in self.kids[i]:
            if k.dep == "conj" and k.pos in ARG_NOUN_POS:
                nxt = self.toks[k.i + 1] if k.i + 1 < len(self.toks) else None
                if nxt is not None and nxt.dep in ("aux", "auxpass") and nxt.tag in ("MD", "VBZ", "VBP", "VBD") and (
                        nxt.head > k.i) and self.toks[i].dep == "dobj":
                    continue  # "... hostages and Israel will free ...": the subject of the next clause
                out.extend(self.actors_at(k.i, depth))
            elif k.dep == "appos" and out and any(c.dep == "conj" for c in self.kids[k.i]):
                # "The US, Russia, and Switzerland met": a list the parser read as an apposition
                out.extend(self.actors_at(k.i, depth))
        return _unique(out)

    # ------------------------------------------------------------ clause arguments
    def subjects(self, v: int, hops: int = 0) -> tuple[list[Arg], str]:
        tok = self.toks[v]
        out: list[Arg] = []
        for k in self.kids[v]:
            if k.dep in SUBJECT_DEPS:
                got = self.actors_at(k.i)
                if not got and k.pos == "NOUN" and k.i < v:
                    # "a charge Kigali has long denied" parsed with the actor in apposition to the noun: a
                    # relative clause without "that", whose subject is the actor after the noun
                    got = [a for q in self.kids[k.i] if q.dep == "appos" and q.i > k.i and
                           all(self.toks[j].pos == "PROPN" for j in range(k.i + 1, q.i + 1))
                           and all(self.toks[j].dep in ("aux", "neg", "advmod") for j in range(q.i + 1, v))
                           for a in self.actors_at(q.i)]
                if not got and k.lemma in DEPLOYMENT_NOUNS:
                    # "the first deployment of NATO troops arrived in Bosnia": the forces it consists of
                    got = [Arg(a.actor, a.how, a.weight * 0.85) for a in self.owners(k.i)]
                out.extend(got)
            elif k.dep == "agent":
                for p in self.kids[k.i]:
                    if p.dep == "pobj" and p.lemma not in ACCIDENT_NOUNS:  # ("killed by the MH17 crash": no one's act)
                        out.extend(Arg(a.actor, a.how + "+agent", a.weight) for a in self.actors_at(p.i))
        if not out and any(k.dep in ("nsubjpass", "auxpass") for k in self.kids[v]):
            for k in self.kids[v]:  # "two soldiers were killed in a Russian missile strike": the strike's agent
                if k.dep == "prep" and k.lower in ("in", "by", "during"):
                    for q in self.kids[k.i]:
                        if q.dep == "pobj" and self.lex.candidates(q):
                            out.extend(Arg(a.actor, a.how + "+means", a.weight * 0.85) for a in self.owners(q.i))
                        elif q.dep == "pobj" and tok.lemma in FORCE_VERBS:
                            # "killed in Israeli tank shelling" (the parser's split): the forces are the means
                            out.extend(Arg(a.actor, a.how + "+means", a.weight * 0.8) for a in self.actors_at(q.i)
                                       if a.actor.sector == "MIL")
            if out:
                return _unique(out), "agent of the means"
        if out and tok.dep == "relcl" and self.toks[tok.head].dep == "ROOT" and self.toks[tok.head].pos in ("PROPN", "NOUN") and (
                tok.head < v) and not any(k.tag in ("WDT", "WP", "WP$") or k.lower == "that" for k in self.kids[v]):
            # "Congo, the United States and UN experts have accused Rwanda ...": a list the parser cut at its first
            # item (made the root) and whose rest it read as a relative clause's subject
            out = _unique(self.actors_at(tok.head) + out)
        if out or hops > 4:
            return out, "subject"
        permitted = self._permission_recipients(v)
        if permitted is not None:
            return permitted, "recipient of the permission"
        h = tok.head
        if h == v:
            return [], ""
        head = self.toks[h]
        if tok.dep == "xcomp" and head.pos == "ADJ" and head.dep == "acomp":
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.95) for a in got], "subject of " + head.text
        if tok.dep == "xcomp":
            if head.lemma in self.lex.modals.object_control:
                objs = [a for k in self.kids[h] if k.dep in ("dobj", "dative") for a in self.actors_at(k.i)]
                if objs:
                    return objs, "object control"
            # "Japan is set to join ...", "is expected to sign": the passive subject (before any subject of a
            # clause the raising verb is coordinated with)
            got = [a for k in self.kids[h] if k.dep == "nsubjpass" for a in self.actors_at(k.i)] if (
                head.lemma in RAISING_PASSIVES) else []
            if not got:
                got, how = self.subjects(h, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.95) for a in got], "controlled by " + head.text
        if tok.dep == "conj" and head.dep == "xcomp" and head.tag == "VB" and tok.tag in ("VBD", "VBZ", "VBP") and (
                head.head != h):
            # "ordered French troops to leave the country and expelled France's ambassador": a finite verb the
            # parser coordinated with an infinitive is coordinated with the verb above it
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "conj of " + self.toks[head.head].text
        if tok.dep == "conj" and head.pos in ("VERB", "AUX"):
            # "Hamas will release hostages and Israel will free prisoners": the small parser often hangs
            # "Israel" on the first object; an actor right before this verb's auxiliaries is its subject
            k = tok.i - 1
            while k > h and self.toks[k].dep in ("aux", "auxpass", "neg", "advmod") and self.toks[k].head == tok.i:
                k -= 1
            if k > h and k != tok.i - 0 and self.toks[k].pos in ("PROPN", "NOUN") and self.toks[k].dep in ("conj", "dobj", "pobj"):
                got = self.actors_at(k)
                # ("... and Taliban forces attacked Pakistani posts": a noun right before the verb, no "and" between)
                if got and (k < tok.i - 1 or any(self.toks[j].lower in ("and", "but", "while") for j in range(h + 1, k))) and (
                        self.toks[k].pos == "PROPN" or k < tok.i - 1 or self.toks[k].tag in ("NNS", "NNPS")):
                    return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "subject before the verb"
        if tok.dep in ("conj", "advcl", "ccomp") and head.pos in ("VERB", "AUX") and tok.dep != "ccomp":
            got, how = self.subjects(h, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], f"{tok.dep} of " + head.text
        if tok.dep in ("acl", "relcl") and any(k.dep == "aux" and k.lower == "to" for k in self.kids[v]) and head.dep == "dobj" and (
                not self.actors_at(h)) and head.lemma not in ABILITY_NOUNS | INTENTION_NOUNS and not self.lex.candidates(head):
            # "prepared to trigger the mechanism to restore UN sanctions": whoever uses the means does what it is for
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.85) for a in got], "user of the " + head.lemma
        if tok.dep == "acl" and tok.tag == "VBG" and head.lemma in DOCUMENT_NOUNS and not self.actors_at(h) and (
                head.dep in ("dobj", "nsubjpass")):
            # "the board passed a resolution censuring Iran": whoever issues the document does what it does
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "issuer of the " + head.lemma
        if tok.dep == "acl" and head.lemma in INTENTION_NOUNS | ABILITY_NOUNS and any(
                k.dep == "aux" and k.lower == "to" for k in self.kids[v]) and not self.actors_at(h) and not any(
                k.dep in ("det", "neg") and k.lower in ("no", "not", "never") for k in self.kids[h]):
            # (not "had no plans to ease its sanctions": no intention, nothing to code)
            # "have joined efforts to airdrop aid", "announced plans to build a base": whose effort or plan it is
            got = [a for k in self.kids[h] if k.dep == "poss" for a in self.actors_at(k.i)]
            if not got and head.dep == "dobj" and head.head != h:
                got, _ = self.subjects(head.head, hops + 1)
            if got:
                return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "holder of the " + head.lemma
        if tok.dep in ("relcl", "acl") and head.dep == "attr" and head.head != h and self.toks[head.head].lemma in COPULAS and (
                not self.actors_at(h) or head.lemma in MEMBER_NOUNS) and any(k.dep == "aux" and k.lower == "to" for k in self.kids[v]):
            # "Israel became the first country to formally recognise Somaliland": who the noun is said of
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], "subject of " + self.toks[head.head].text
        if tok.dep == "relcl" or (tok.dep == "acl" and tok.tag != "VBN"):
            return [Arg(a.actor, a.how, a.weight * 0.9) for a in self.actors_at(h)], "relative clause"
        if tok.dep == "pcomp" and head.lower in ("by", "after", "before", "while", "in", "to", "without", "through", "upon",
                                                 "despite") and head.head != h:
            got, how = self.subjects(head.head, hops + 1)
            return [Arg(a.actor, a.how, a.weight * 0.85) for a in got], "gerund clause"
        return [], ""

    def verb_targets(self, v: int, cue: Cue, skip_objects: bool = False, depth: int = 0) -> tuple[list[Arg], str]:
        out: list[Arg] = []
        how = ""
        passive = any(k.dep in ("nsubjpass", "auxpass") for k in self.kids[v])
        preps = cue.target_preps or (VERB_TARGET_PREPS + (("from",) if cue.type in (
            RelationType.RETREAT, RelationType.REQUEST, RelationType.SANCTION) else ()) + (
            ("along",) if cue.type is RelationType.RETREAT else ()))
        if cue.type in COOPERATIVE_TYPES and not cue.target_preps:
            # "met at the White House": a place; "cooperate against al-Shabaab": the common enemy, not a partner
            preps = tuple(p for p in preps if p not in ("at", "against"))
        if cue.type in ACCUSE_LIKE and not cue.target_preps:
            preps = tuple(p for p in preps if p != "to")  # "complained to the UN": the UN is the audience
        if cue.type is RelationType.AID:
            preps = preps + ("for",)  # "aid for Romania"
        if cue.type is RelationType.REQUEST:
            preps = preps + ("by",)  # "demanded an admission by Moscow", "sought support from X"
        if cue.type is RelationType.MOBILIZE:
            preps = preps + MOBILIZE_PREPS
        if cue.type is RelationType.PROTEST:
            preps = preps + ("outside", "near", "before")  # "demonstrated outside the French embassy"
        kids = list(self.kids[v])
        if not any(k.dep == "dobj" for k in kids):
            kids += self._hidden_objects(v)
            po = self._particle_object(v, cue.particle)
            if po is not None:
                kids.append(replace(po, dep="dobj"))
        for k in kids:
            if skip_objects:
                break
            if k.dep in ("dobj", "dative") or (passive and k.dep == "nsubjpass"):
                got = self.actors_at(k.i)
                if got:
                    out.extend(got)
                    how = how or k.dep
                elif k.dep == "dobj" or (passive and k.dep == "nsubjpass" and (
                        cue.type in FORCE_TARGET_TYPES or cue.type is RelationType.REJECT or cue.type in ACCUSE_LIKE)):
                    # ("Israel's strikes on Iranian nuclear sites were condemned by Saudi Arabia": the strikes' owner)
                    # "rejected North Korea's demand", "vetoed a Security Council resolution", "a camp for
                    # Congolese refugees was attacked"
                    owners = self.owners(k.i, beneficiary=cue.type in FORCE_TARGET_TYPES) or self._earlier_owner(k.i, cue)
                    if owners:
                        out.extend(owners)
                        how = how or f"owner of {k.text}"
                        continue
                    reaction = not cue.objects and (cue.type in ACCUSE_LIKE or cue.type is RelationType.SUPPORT) and bool(
                        self.lex.candidates(k)) and self.toks[v].lemma not in APPROVAL_VERBS
                    # ("condemned the attack on Ukraine": Ukraine was attacked, not condemned; "approved the sale of
                    # missiles to Taiwan": approving makes the sale)
                    for p in self.kids[k.i] if not reaction else ():  # light verb: "imposed sanctions on Iran", "paid a visit to China"
                        if p.dep == "prep" and p.lower in preps:
                            got = self._pobj_actors(p.i) or [  # "suspended talks on joining the European Union"
                                a for g in self.kids[p.i] if g.dep == "pcomp" and g.tag == "VBG" and (
                                    g.lemma in MEMBERSHIP_VERBS) for o in self.kids[g.i] if o.dep == "dobj" for a in self.actors_at(o.i)]
                            out.extend(got)
                            how = how or f"{k.text} {p.lower}"
                            # "deepened ties with Egypt, ..., and with Somalia": the repeated preposition hung on the verb
                            out.extend(a for q in self.kids[v] if q.dep == "prep" and q.lower == p.lower and q.i > p.i and any(
                                c.dep == "cc" and p.i < c.i < q.i for c in self.kids[v]) for a in self._pobj_actors(q.i))
                        elif p.dep == "prep" and p.lower in ("in", "of") and (
                                self.toks[k.i].lemma in QUANTITY_NOUNS or self.toks[k.i].pos == "NUM"
                                or any(c.dep == "nummod" for c in self.kids[k.i])):
                            for q in self.kids[p.i]:  # "pledged 1.6 billion pounds in military aid to Ukraine"
                                if q.dep == "pobj":
                                    for r in self.kids[q.i]:
                                        if r.dep == "prep" and r.lower in preps:
                                            out.extend(self._pobj_actors(r.i))
                                            how = how or f"{q.text} {r.lower}"
        if not out and not skip_objects and any(k.dep == "dobj" for k in self.kids[v]):
            for c in self.kids[v]:  # "impose travel bans and asset freezes on X": an object read as the verb's conjunct
                if c.dep == "conj" and (c.pos == "NOUN" or (c.tag in ("NNS", "VBZ") and not any(
                        q.dep in SUBJECT_DEPS + ("dobj", "nsubjpass", "aux") for q in self.kids[c.i]))):
                    for p in self.kids[c.i]:
                        if p.dep == "prep" and p.lower in preps and p.lower not in ("in", "at"):
                            out.extend(self._pobj_actors(p.i))
                            how = how or f"{c.text} {p.lower}"
        if not out and not skip_objects:
            for c in self.kids[v]:  # "rejecting what it called Greece's maximalist claims": what was called that
                if c.dep == "ccomp" and c.lemma in CHARACTERIZING_VERBS and any(
                        q.dep == "dobj" and q.lower == "what" for q in self.kids[c.i]):
                    for o in self.kids[c.i]:
                        if o.dep in ("oprd", "attr", "dobj") and o.lower != "what":
                            got = self.actors_at(o.i) or self.owners(o.i) or [
                                a for j in self.s.subtree(o.i) if self.toks[j].dep == "prep" and self.toks[j].lower in ("in", "of", "against", "on")
                                for a in self._pobj_actors(j)][:2]
                            if got:
                                out.extend(got)
                                how = how or f"what was {c.text}"
                                break
        if not out and cue.particle and cue.objects:
            p = self._object_prep(v, cue.particle)  # "launched 400 drones and 30 missiles at Ukraine"
            if p is not None:
                out.extend(self._pobj_actors(p.i))
                how = how or f"object's {cue.particle}"
        if not out and cue.objects and cue.target_preps:
            # "lift sanctions on cross-border trade and financial transactions with Niger", "sharing information on
            # the launch with the United States": the target preposition sits deeper in the object
            own = {a.actor.id for a in self.subjects(v)[0]}
            for d in self.kids[v]:
                if d.dep != "dobj":
                    continue
                for j in self.s.subtree(d.i):
                    t = self.toks[j]
                    if t.dep == "prep" and (t.lower in cue.target_preps or (t.lower in ("with", "against", "from") and (
                            self.toks[t.head].dep == "pobj"))) and t.head != v and j - d.i <= 10:
                        owner = [a for k in self.kids[t.head] if k.dep == "poss" for a in self.actors_at(k.i)
                                 if a.actor.id not in own] if cue.type in ACCUSE_LIKE else []
                        # ("concern over Pyongyang's military ties with Moscow": Pyongyang's ties are the concern)
                        got = owner or [a for a in self._pobj_actors(j) if a.actor.id not in own]
                        if got:
                            out.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in got)
                            how = how or f"object's {t.lower}"
                            break
        if not out and not skip_objects:
            for k in self.kids[v]:  # "freed 31 prisoners, including journalist Andrzej Kowal" ('including' on the verb)
                if k.dep == "prep" and k.lower == "including" and any(d.dep == "dobj" for d in self.kids[v]):
                    got = self._pobj_actors(k.i)
                    out.extend(got)
                    how = how or ("including" if got else how)
        if not out and cue.type in MOVEMENT_TYPES:
            for k in self.kids[v]:  # "pulled its troops out of two villages in southern Lebanon"
                if k.dep == "prep" and k.lower in ("out", "from", "of"):
                    for p in [k] + [q for q in self.kids[k.i] if q.dep == "prep" and q.lower == "of"]:
                        for q in self.kids[p.i]:
                            if q.dep == "pobj":
                                got = self.actors_at(q.i) or [a for r in self.kids[q.i] if r.dep == "prep" and r.lower in (
                                    "in", "inside", "near") for a in self._pobj_actors(r.i)]
                                out.extend(got)
                                how = how or ("out of" if got else how)
        if not out and not cue.type.symmetric:
            for k in self.kids[v]:  # "deploy troops to the border with Azerbaijan" ('with' hung on the verb)
                if k.dep == "prep" and k.lower == "with" and k.i > 0 and self.toks[k.i - 1].lemma in BORDER_NOUNS:
                    got = self._pobj_actors(k.i)
                    out.extend(got)
                    how = how or ("border with" if got else how)
        about: list[Arg] = []
        if not out and cue.type in ACCUSE_LIKE:
            # "protested to China over the detention of its fishermen": what it is about, unless it is one's own
            own = {a.actor.id for a in self.subjects(v)[0]}
            about = [a for a in self._about_targets(v) if a.actor.id not in own]
        if not out:
            holders = [v] + ([k.i for k in self.kids[v] if k.dep == "dobj"] if skip_objects else []) + [
                k.i for k in self.kids[v] if k.dep in ("oprd", "xcomp", "acomp") and k.lower in CLOSED_WORDS]
            # ("has kept its land border closed to most Haitians": the preposition hangs on 'closed')
            for h in holders:
                for k in self.kids[h]:
                    if k.lower == "to" and about:
                        continue  # "complained to the UN over Israeli raids": the UN is the audience
                    if k.dep in ("prep", "dative", "prt") and k.lower in preps and not (k.lower == "with" and any(
                            q.dep == "pobj" and q.lemma in BACKING_NOUNS for q in self.kids[k.i])):
                        # ("vetoed the statement with the support of Slovakia": a backer, not the target)
                        got = self._pobj_actors(k.i)
                        if not got and h == v:  # "agreed to US mediation", "objected to China's plan"
                            got = [Arg(a.actor, a.how, a.weight * 0.9) for q in self.kids[k.i] if q.dep == "pobj"
                                   for a in self.owners(q.i)]
                        if not got and h == v:  # "committed to assistance to X", "agreed to talks with X"
                            got = [Arg(a.actor, a.how, a.weight * 0.85) for q in self.kids[k.i]
                                   if q.dep == "pobj" and self.lex.candidates(q) for a in self._event_noun_targets(q.i)]
                        out.extend(got)
                        if got:
                            how = how or f"prep {k.lower}"
        if not out and cue.objects and not any(k.dep == "dobj" for k in self.kids[v]):
            for k in self.kids[v]:  # "holds Moscow fully responsible for the attack": the small clause's subject
                if k.dep in ("ccomp", "xcomp") and (k.lemma in cue.objects or k.lower in cue.objects):
                    got = [a for q in self.kids[k.i] if q.dep == "nsubj" for a in self.actors_at(q.i)]
                    out.extend(got)
                    how = how or ("held " + k.text if got else how)
        if not out and cue.objects and self.toks[v].lemma in self.lex.modals.object_control and not any(
                k.dep == "dobj" for k in self.kids[v]):
            for k in self.kids[v]:  # "would not allow IAEA inspectors to visit": the object read as the clause's subject
                if k.dep in ("ccomp", "xcomp"):
                    for q in self.kids[k.i]:
                        if q.dep == "nsubj" and (q.lemma in cue.objects or q.lower in cue.objects):
                            out.extend(self.actors_at(q.i) or self.owners(q.i))
                            how = how or f"object {q.text}"
        if not out and cue.relation == "Blockade":
            for k in self.kids[v]:  # "blocked aid trucks from entering Gaza": where they were kept from going
                if k.dep == "prep" and k.lower == "from":
                    for g in self.kids[k.i]:
                        if g.dep == "pcomp" and g.tag == "VBG":
                            got = [a for o in self.kids[g.i] if o.dep == "dobj" for a in self.actors_at(o.i)] + [
                                a for p in self.kids[g.i] if p.dep == "prep" and p.lower in ("to", "into")
                                for a in self._pobj_actors(p.i)]
                            out.extend(got)
                            how = how or (f"from {g.text}" if got else how)
        if not out and cue.type is RelationType.REJECT:
            for k in self.kids[v]:  # 'rejected as "absurd" a claim by Kyiv that ...': the object the parser hung on 'as'
                if k.dep == "prep" and k.lower == "as":
                    for q in self.kids[k.i]:
                        if q.dep == "pobj" and q.lemma in CLAIM_NOUNS:
                            out.extend(self.owners(q.i))
                            how = how or f"owner of {q.text}"
        if not out and cue.type in ACCUSE_LIKE:
            out = about  # "complained over Israeli raids": the target is what it is about
            how = how or "what it is about"
        if not out and (cue.type in MATERIAL_TYPES or cue.type is RelationType.PROTEST):
            holders = [v] + [k.i for k in self.kids[v] if k.dep == "dobj"]
            holders += [q.i for k in self.kids[v] if k.dep == "prep" and k.lower in preps
                        for q in self.kids[k.i] if q.dep == "pobj"]  # "fired at targets in Jericho"
            if cue.type is RelationType.ASSAULT:  # "killed 23 people when they blew themselves up in Tel Aviv"
                holders += [k.i for k in self.kids[v] if k.dep == "advcl" and any(
                    m.dep == "advmod" and m.lower == "when" for m in self.kids[k.i])]
            for holder in holders:
                for k in self.kids[holder]:  # "lifted a curfew in Montenegro", "shelled targets in Jericho"
                    if k.dep == "prep" and k.lower in ("in", "inside", "across", "throughout", "near"):
                        out.extend(Arg(a.actor, a.how + "+place", a.weight * 0.8) for a in self._pobj_actors(k.i))
                        how = how or f"place ({k.lower})"
        if not out and cue.type in (RelationType.MOBILIZE, RelationType.THREATEN, RelationType.AID):
            for k in self.kids[v]:  # "sent a carrier toward the Middle East to deter Iran": whom the purpose aims at
                if k.dep == "advcl" and any(a.dep == "aux" and a.lower == "to" for a in self.kids[k.i]):
                    aimed = [d for d in self.kids[k.i] if d.dep == "dobj"]
                    if self.toks[k.i].lemma in ("help", "assist", "enable"):  # "sent troops to help Russia drive ... out"
                        aimed += [q for d in self.kids[k.i] if d.dep in ("ccomp", "xcomp") for q in self.kids[d.i] if q.dep == "nsubj"]
                    for d in aimed:
                        got = self.actors_at(d.i)
                        out.extend(Arg(a.actor, a.how + "+purpose", a.weight * 0.8) for a in got)
                        how = how or f"purpose {k.text}"
                    if not out and cue.type is RelationType.AID:
                        # "sent about 11,000 troops to fight alongside Russian forces": whom they fight beside
                        for d in self.kids[k.i]:
                            if d.dep == "prep" and d.lower in ("alongside", "beside"):
                                out.extend(Arg(a.actor, a.how + "+alongside", a.weight * 0.8) for a in self._pobj_actors(d.i))
                                how = how or f"purpose {k.text} {d.lower}"
        if not out and cue.type is RelationType.MOBILIZE:
            own = {a.actor.country or a.actor.id for a in self.subjects(v)[0]}
            for k in self.kids[v]:  # "ordered two submarines to be positioned near Russia": where the purpose puts them
                if k.dep in ("xcomp", "advcl") and any(a.dep in ("aux", "auxpass") and a.lower == "to" for a in self.kids[k.i]):
                    for p in self.kids[k.i]:
                        if p.dep == "prep" and p.lower in MOBILIZE_PREPS:
                            got = [a for a in self._pobj_actors(p.i) if (a.actor.country or a.actor.id) not in own]
                            out.extend(Arg(a.actor, a.how + "+purpose", a.weight * 0.8) for a in got)
                            how = how or (f"{k.text} {p.lower}" if got else how)
        if not out and not cue.type.symmetric:
            for k in self.kids[v]:  # "mobilized reservists for a possible war against Iraq": the purpose's target
                if k.dep == "prep" and k.lower == "for":
                    for q in self.kids[k.i]:
                        if q.dep == "pobj" and self.lex.candidates(q):
                            for r in self.kids[q.i]:
                                if r.dep == "prep" and r.lower in ("against", "on", "upon", "into"):
                                    out.extend(Arg(a.actor, a.how + "+purpose", a.weight * 0.85) for a in self._pobj_actors(r.i))
                                    how = how or f"for {q.text} {r.lower}"
        if not out and tok_is_acl_passive(self.toks[v]):
            out.extend(self.actors_at(self.toks[v].head))
            how = "participle head"
        if not out and depth == 0 and ((cue.type in (RelationType.REQUEST, RelationType.ACCUSE) and (
                self.toks[v].dep in ("advcl", "xcomp") and self._is_purpose(v))) or (
                cue.type in (RelationType.REQUEST, RelationType.ACCUSE, RelationType.AGREE) and self.toks[v].dep == "conj"
                and not any(k.dep in SUBJECT_DEPS for k in self.kids[v]))):
            # "telephoned his Indian counterpart to urge restraint", "spoke by phone with Pezeshkian and urged
            # restraint": a request made in a contact is aimed at the one contacted; "met Xi Jinping in Belgrade
            # and signed 28 agreements": with the one met
            h = self.toks[v].head
            contact = self.matched.get(h)
            if contact is not None and (contact.type is RelationType.CONSULT or (
                    contact.type is RelationType.PROTEST and contact.objects)) and self.toks[h].pos == "VERB" and not any(
                    k.dep == "ccomp" for k in self.kids[v]):
                # (summoning an envoy is a contact: "summoned X to complain of ..."; a demonstration is none; a
                # demand "that Moscow stop ..." names whom it is aimed at)
                got, _ = self.verb_targets(h, contact, depth=1)
                out.extend(Arg(a.actor, a.how + "+contacted", a.weight * 0.85) for a in got)
                how = "the one contacted" if got else how
        if not out and cue.type is RelationType.REQUEST and depth == 0:
            # "called for the resumption of dialogue with North Korea", "urged talks with the Taliban": an
            # appeal to meet or negotiate is aimed at the other party named
            heads = [q for k in self.kids[v] if k.dep == "prep" and k.lower == "for" for q in self.kids[k.i] if q.dep == "pobj"]
            heads += [k for k in self.kids[v] if k.dep == "dobj"]
            for _ in range(2):
                for q in heads:
                    for p in self.kids[q.i]:
                        if p.dep == "prep" and p.lower == "with" and self.lex.candidates(q) and any(
                                c.type is RelationType.CONSULT for c in self.lex.candidates(q)):
                            got = self._pobj_actors(p.i)
                            out.extend(Arg(a.actor, a.how + "+partner", a.weight * 0.85) for a in got)
                            how = how or f"partner of the {q.text} asked for"
                heads = [o for q in heads for p in self.kids[q.i] if p.dep == "prep" and p.lower == "of"
                         for o in self.kids[p.i] if o.dep == "pobj"]
        if not out and self.toks[v].dep in ("acl", "relcl") and self.toks[self.toks[v].head].lemma in COMMENT_NOUNS:
            # "announced the formation of a rival government, a move condemned by the AU", "held joint drills,
            # a move Beijing criticised": what is condemned is done by the subject of the clause commented on
            own = {a.actor.id for a in self.subjects(v)[0]}
            got = [a for a in self._commented_subjects(self.toks[v].head) if a.actor.id not in own]
            out.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in got)
            how = "author of the move commented on" if got else how
        if not out and cue.type in (RelationType.REQUEST, RelationType.THREATEN, RelationType.ACCUSE,
                                    RelationType.REJECT, RelationType.PROTEST):
            for k in self.kids[v]:
                if k.dep in ("ccomp", "xcomp"):
                    for s in self.kids[k.i]:
                        if s.dep in SUBJECT_DEPS + ("nsubjpass",):
                            got = self.actors_at(s.i) or [Arg(a.actor, a.how, a.weight * 0.9) for a in self.owners(s.i)
                                                          if self.lex.candidates(s)]
                            # ("warned that joint drills by Seoul and Washington would be met with countermeasures")
                            out.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in got)
                            how = "clause subject"
        return _unique(out), how

    def _earlier_owner(self, n: int, cue: Cue) -> list[Arg]:
        """'The Philippines rejected the protest': a definite event noun without an owner refers back to
        the latest relation of its type earlier in the article; whoever made it is the target."""
        if cue.type not in RESPONSE_TYPES | ACCUSE_LIKE | {RelationType.MOBILIZE} or not self.ctx.earlier:
            return []  # (MOBILIZE: "Tokyo said it would closely monitor the exercises")
        tok = self.toks[n]
        if not any(k.dep == "det" and k.lower in ("the", "this", "that", "these", "those") for k in self.kids[n]):
            return []
        words = {tok.lemma} | EVENT_SYNONYMS.get(tok.lemma, frozenset())
        # (the types of the noun's own cues, and of its synonyms': "the measures" refers to sanctions)
        kinds = {c.type for w in words for c in self.lex.candidates(replace(tok, lemma=w, lower=w, pos="NOUN"))}
        same = [rel for rel in self.ctx.earlier if words & set(rel.cue.replace("/", " ").replace("+", " ").split())
                and rel.type in kinds and not rel.negated]
        if not same:  # "Israeli air strikes killed three Hezbollah members ... condemned the strikes": the event
            # was coded by another word of its sentence (the verb), which names it with this noun
            named = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")(?:s|es)?\b", re.I)
            same = [rel for rel in self.ctx.earlier if rel.type is RelationType.ASSAULT and rel.type in kinds and not (
                rel.negated) and (m := named.search(rel.sentence)) and rel.quote and m.start() < rel.sentence.find(rel.quote)]
        # only an earlier event named by the same word (or a synonym) is referred to: "condemned the launch" does not
        # point at an alert raised earlier, "the protest" points at "lodged a protest"
        for rel in reversed(same):  # "condemned the attack": the attack, before any clash
            if rel.type in kinds and not rel.negated:
                # joint drills: all their parties (each pair of a trilateral exercise is a relation of its own)
                alike = [r for r in same if r.sentence_index == rel.sentence_index and r.start == rel.start and r.type is rel.type]
                both = [a for r in alike for a in [r.source] + ([r.target] if r.type.symmetric else [])]
                return _unique([Arg(a, "earlier " + rel.type.value.lower(), 0.7) for a in both])
        return []

    def _earlier_parties(self, n: int) -> list[Arg]:
        """'hosted the talks': the parties of the latest earlier meeting named by the same word (or a synonym)."""
        tok = self.toks[n]
        if not any(k.dep == "det" and k.lower in ("the", "these", "those") for k in self.kids[n]) or any(
                k.dep == "prep" for k in self.kids[n]):
            return []
        words = {tok.lemma} | EVENT_SYNONYMS.get(tok.lemma, frozenset())
        for rel in reversed(self.ctx.earlier):
            if rel.type is RelationType.CONSULT and not rel.negated and words & set(
                    rel.cue.replace("/", " ").replace("+", " ").split()):
                return [Arg(rel.source, "earlier consult", 0.7), Arg(rel.target, "earlier consult", 0.7)]
        return []

    def _event_noun_targets(self, n: int) -> list[Arg]:
        """Who an event noun is aimed at: its with/to/for/against/on object, or that object's owner."""
        out: list[Arg] = []
        for r in self.kids[n]:
            if r.dep == "prep" and (r.lower in NOUN_TARGET_PREPS or r.lower == "for") and r.lower != "between":
                got = self._pobj_actors(r.i)
                if not got:
                    got = [a for q in self.kids[r.i] if q.dep == "pobj" for a in self.owners(q.i)]
                out.extend(got)
        return out

    def _about_targets(self, v: int) -> list[Arg]:
        out: list[Arg] = []
        holders = [v] + [k.i for k in self.kids[v] if k.dep == "dobj" and k.lemma in PROTEST_NOUNS]
        for k in (k for h in holders for k in self.kids[h]):  # ("lodged a protest over Chinese incursions")
            if k.dep == "prep" and k.lower in ("over", "about"):
                for q in self.kids[k.i]:
                    if q.dep == "pobj":
                        out.extend(self.actors_at(q.i) or self.owners(q.i))
        return out

    def owners(self, n: int, beneficiary: bool = False) -> list[Arg]:
        """Who a (non-actor) noun belongs to or comes from, in this order: possessor, the 'of' object
        of an event noun ("the withdrawal of Serbian forces"), 'by' object, actor modifier, 'from' object;
        with ``beneficiary``, last the 'for' object ("a camp for Congolese refugees" hit by an attack)."""
        tok = self.toks[n]
        if (tok.pos == "NUM" or tok.lower in ("some", "several", "many", "most", "all", "part")) and n not in self.by_token:
            for p in self.kids[n]:  # "fired at one of its patrols": what the part belongs to
                if p.dep == "prep" and p.lower == "of":
                    for q in self.kids[p.i]:
                        if q.dep == "pobj":  # (the part's owner, not the thing: "368 of the drones" are not Ukraine's)
                            return self.owners(q.i, beneficiary)
        found: dict[str, list[Arg]] = {"poss": [], "of": [], "by": [], "mod": [], "from": [], "for": []}
        event = bool(self.lex.candidates(self.toks[n]))
        for k in self.kids[n]:
            if k.dep == "poss":
                found["poss"].extend(Arg(a.actor, a.how + "+poss", a.weight * 0.9) for a in self.actors_at(k.i))
            elif k.dep in ("compound", "amod", "nmod"):  # "a Security Council resolution": the whole modifier
                found["mod"].extend(Arg(m.actor, m.how + "+mod", 0.85) for j in self.s.subtree(k.i)
                                    for m in self.by_token.get(j, ()))
            elif k.dep == "prep" and (k.lower in ("by", "from") or (k.lower == "of" and event) or (
                    k.lower == "for" and beneficiary)):
                found[k.lower].extend(Arg(a.actor, a.how + "+" + k.lower, a.weight * 0.9) for a in self._pobj_actors(k.i))
                if k.lower == "of" and event:  # "the arrest of two Chinese nationals by Philippine authorities"
                    found["by"].extend(Arg(a.actor, a.how + "+by", a.weight * 0.9) for q in self.kids[k.i] if q.dep == "pobj"
                                       for r in self.kids[q.i] if r.dep == "prep" and r.lower == "by"
                                       for a in self._pobj_actors(r.i))
            elif k.dep == "acl" and k.tag in ("VBN", "VBG"):
                for g in self.kids[k.i]:  # "a resolution drafted by Algeria", "tariffs imposed by Washington"
                    if g.dep == "agent" and k.lemma in MEDIATE_LEMMAS:
                        continue  # "a ceasefire mediated by Egypt": the mediator is no party
                    if g.dep == "agent":
                        found["by"].extend(Arg(a.actor, a.how + "+by", a.weight * 0.85) for a in self._pobj_actors(g.i))
                    elif g.dep == "prep" and k.lemma in LINK_PARTICIPLES and g.lower in ("to", "with", "for"):
                        # "any ship linked to Israel", "vessels bound for Russia", "firms tied to the IRGC"
                        found["by"].extend(Arg(a.actor, a.how + "+linked", a.weight * 0.8) for a in self._pobj_actors(g.i))
        # ("the release of the American journalist by Russia": with a 'by' agent, the 'of' object is who undergoes it)
        for kind in ("poss", "by", "of", "mod", "from", "for") if found["by"] else ("poss", "of", "by", "mod", "from", "for"):
            if found[kind]:
                return _unique(found[kind])
        if tok.lemma in PARTY_NOUNS:  # "the parties to the conflict in Iraq", "the warring sides in Sudan": the state at war
            after = [p for p in self.kids[n] + (self.kids[tok.head] if tok.head != n else [])
                     if p.dep == "prep" and (p.head == n or p.i == n + 1)]  # ("to the conflict" hung on the verb)
            places = [p for p in after if p.lower == "in"] + [
                r for p in after if p.lower == "to" for q in self.kids[p.i]
                if q.dep == "pobj" and q.lemma in WAR_NOUNS for r in self.kids[q.i] if r.dep == "prep" and r.lower == "in"]
            return _unique([Arg(a.actor, a.how + "+parties in", a.weight * 0.8) for p in places for a in self._pobj_actors(p.i)
                            if a.actor.type is ActorType.COUNTRY])
        return []

    def complement_targets(self, v: int, cue: Cue, depth: int = 0) -> tuple[list[Arg], str]:
        """Target of 'X threatened to cut off power to Y' / 'X agreed to lift sanctions on Y':
        the target of the complement clause."""
        if depth > 2:
            return [], ""
        for k in self.kids[v]:
            if k.dep in ("xcomp",) or (k.dep == "ccomp" and cue.type in (
                    RelationType.THREATEN, RelationType.AGREE, RelationType.REQUEST, RelationType.REJECT)):
                got, how = self.verb_targets(k.i, _GENERIC_CUE)
                if not got and k.i in self.matched:  # "agreed to provide aid for X": the inner cue's own preps
                    got, how = self.verb_targets(k.i, self.matched[k.i])
                if got and all(a.actor.id in {b.actor.id for b in self.subjects(v)[0]} for a in got):
                    # "agreed to reopen its borders to UN peacekeepers": not its own borders' owner, the 'to' object
                    got, how = self.verb_targets(k.i, _GENERIC_CUE, skip_objects=True)
                if got:
                    return [Arg(a.actor, a.how, a.weight * 0.9) for a in got], f"{k.dep} {k.text}: {how}"
                inner = self._inner_noun_targets(k.i)
                if inner:
                    return inner, f"{k.dep} {k.text}: object's modifier"
                if cue.type in (RelationType.THREATEN,) or cue.type in MATERIAL_TYPES:
                    for holder in [k.i] + [d.i for d in self.kids[k.i] if d.dep == "dobj"]:
                        for p in self.kids[holder]:  # "threatened to resume attacks in Israel"
                            if p.dep == "prep" and p.lower in ("in", "inside", "across", "throughout"):
                                got = self._pobj_actors(p.i)
                                if got:
                                    return [Arg(a.actor, a.how + "+place", a.weight * 0.75) for a in got], f"{k.dep} {k.text}: place"
                got, how = self.complement_targets(k.i, cue, depth + 1)
                if got:
                    return got, how
        return [], ""

    def _refused_concession(self, v: int) -> bool:
        """'vowed not to return the Golan Heights', 'pledged never to lift sanctions': the negated complement
        of a pledge is a cooperative act (pledging not to attack stays a pledge)."""
        for k in self.kids[v]:
            if k.dep == "xcomp" and any(n.dep == "neg" for n in self.kids[k.i]):
                inner = self.matched.get(k.i)
                return inner is not None and (inner.type is RelationType.AGREE or
                                              INTENT_OF.get(inner.type, (None,))[0] is RelationType.AGREE)
        return False

    def _inner_noun_targets(self, v: int) -> list[Arg]:
        """'impose restrictions against German goods': an object whose state modifier is the target."""
        for k in self.kids[v]:
            if k.dep == "dobj":
                for p in self.kids[k.i]:
                    if p.dep == "prep" and p.lower in VERB_TARGET_PREPS:
                        return self._pobj_actors(p.i)
        return []

    def _pobj_actors(self, p: int) -> list[Arg]:
        """The actors a preposition's object names, with those of the same preposition repeated in a
        coordination ("ties with Egypt, ..., and with Somalia")."""
        out = []
        for q in self.kids[p]:
            if q.dep in ("pobj", "pcomp"):
                out.extend(Arg(a.actor, a.how, a.weight * 0.95) for a in self.actors_at(q.i))
            elif q.dep == "conj" and q.pos == "ADP" and q.lower == self.toks[p].lower:
                out.extend(self._pobj_actors(q.i))
        if not out and not any(q.dep in ("pobj", "pcomp") for q in self.kids[p]):
            q = self._stranded_object(p)
            if q is not None:
                out.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in self.actors_at(q))
        return out

    def _stranded_object(self, p: int) -> int | None:
        """A preposition the parser left without its object because the noun phrase after it got a
        participle ("asylum to five Panamanian officers holed up in ...": officers read as the subject
        of 'holed'): the head noun of that phrase."""
        j = p + 1
        while j < len(self.toks) and (self.toks[j].dep in ("det", "nummod", "amod", "compound", "nmod", "quantmod", "poss",
                                                           "case", "punct") and self.toks[j].head > j or (
                self.toks[j].text in ('"', "”", "’", "'") and j == p + 1)):  # 'would "always stand with" Russia'
            j += 1
        if j >= len(self.toks):
            return None
        t = self.toks[j]
        if t.pos in ("NOUN", "PROPN") and t.dep in ("nsubj", "nsubjpass") and self.toks[t.head].tag in ("VBN", "VBG", "VBD") and (
                t.head > j):
            return j
        return None

    def noun_args(self, n: int, cue: Cue) -> tuple[list[Arg], list[Arg], str]:
        """Source and target of a nominal cue ("Kim's letter to Putin", "ties between X and Y")."""
        tok = self.toks[n]
        drawn = self._drawn_reaction(n, cue) or self._came_under(n, cue) or self._acted_under(n, cue) or (
            self._characterized_as(n, cue)) or self._backed_with(n, cue)
        if drawn is not None:
            return drawn
        sources: list[Arg] = []
        targets: list[Arg] = []
        pair: list[Arg] = []
        mods: list[Arg] = []
        how = []
        preps = cue.target_preps or tuple(p for p in NOUN_TARGET_PREPS if p != "against" or cue.type not in COOPERATIVE_TYPES) + (
            ("of",) if tok.lemma in STANDING_NOUNS else ()) + (
            ("from",) if cue.type is RelationType.RETREAT else ()) + (
            ("for",) if cue.type is RelationType.AID else ()) + (
            ("for", "over", "about") if cue.type in ACCUSE_LIKE else ()) + (
            MOBILIZE_PREPS if cue.type is RelationType.MOBILIZE else ())
        # "a mediation effort between X and Y", "peace talks process with Z": the cue modifies a frame
        # noun that carries the arguments
        frame = tok.head if tok.dep == "compound" and tok.head > n and self.toks[tok.head].pos == "NOUN" and (
            tok.head not in self.matched) else None
        kids = self.kids[n] + ([k for k in self.kids[frame] if k.i != n] if frame is not None else [])
        for k in kids:
            if k.dep == "poss":
                sources.extend(self.actors_at(k.i))
                how.append("poss")
            elif k.dep in ("amod", "compound", "nmod") and k.i < (frame if frame is not None else n):
                for j in self.s.subtree(k.i):  # "Russia-U.S. talks": every actor in the modifier
                    got = [Arg(m.actor, m.how, 0.9) for m in self.by_token.get(j, ())]
                    pair.extend(got)
                    mods.extend(got)
            elif k.dep == "prep" and k.lower in ("between", "among", "amongst"):
                got = self._pobj_actors(k.i)
                pair.extend(got)
                how.append("between")
            elif k.dep == "prep" and k.lower == "by":
                sources.extend(self._pobj_actors(k.i))
                how.append("by")
            elif k.dep == "prep" and k.lower in preps:
                got = self._pobj_actors(k.i)
                if not got and not cue.type.symmetric and k.lower in ("against", "on", "over", "toward", "towards", "into",
                                                                      "to", "for"):
                    # "demonstrations against violations by the Israeli military": whose the object is
                    got = [Arg(a.actor, a.how, a.weight * 0.85) for q in self.kids[k.i] if q.dep == "pobj"
                           for a in self.owners(q.i)]
                targets.extend(got)
                how.append(k.lower)
        if not sources and cue.type in FORCE_TARGET_TYPES | {RelationType.CONCEDE, RelationType.SANCTION}:
            # "the arrest of two Chinese nationals by Philippine authorities": the agent the parser hung on the
            # 'of' object
            for k in self.kids[n]:
                if k.dep == "prep" and k.lower == "of":
                    for q in self.kids[k.i]:
                        for r in self.kids[q.i] if q.dep == "pobj" else ():
                            if r.dep == "prep" and r.lower == "by":
                                sources.extend(self._pobj_actors(r.i))
                                how.append("of+by")
        if not targets:
            for k in self.kids[n]:  # "the withdrawal of troops from Panama", "the delivery of arms to Kyiv"
                if k.dep == "prep" and k.lower == "of":
                    for q in self.kids[k.i]:
                        for r in self.kids[q.i] if q.dep == "pobj" else ():
                            if r.dep == "prep" and r.lower in preps and r.lower != "between":
                                targets.extend(self._pobj_actors(r.i))
                                how.append("of+" + r.lower)
                            elif r.dep == "prep" and r.lower == "between" and cue.type.symmetric and not pair:
                                pair.extend(self._pobj_actors(r.i))  # "the signing of the declaration between X and Y"
                                how.append("of+between")
        if not pair and not sources:
            left = min([n] + [k.i for k in self.kids[n] if k.dep in ("amod", "compound", "nmod") and k.i < n])
            if left > 0 and self.toks[left - 1].dep in ("dep", "npadvmod", "nmod", "amod", "compound"):
                # "said U.S.-India trade talks would resume": the pair token the parser hung elsewhere
                got = [Arg(m.actor, m.how, 0.85) for m in self.by_token.get(left - 1, ()) if m.how == "adjective"]
                if len({a.actor.id for a in got}) >= 2:
                    pair.extend(got)
                    how.append("adjacent pair")
        # "Japan, a close U.S. ally": the apposition describes an actor; "Russia is our partner": so does a
        # copula's subject. The described actor is one party, the noun's owner or modifier the other.
        described: list[Arg] = []
        if tok.dep == "appos":
            described = self.actors_at(tok.head)
        elif tok.dep in ("attr", "oprd") and self.toks[tok.head].lemma in COPULAS:
            described, _ = self.subjects(tok.head)
        elif cue.pos == "NOUN" and tok.lemma in STANDING_NOUNS:
            # "Israel's closest ally, the United States,": the apposition names who the ally is
            described = [a for k in self.kids[n] if k.dep == "appos" for a in self.actors_at(k.i)]
        standing_plural = cue.type in (RelationType.PARTNERSHIP, RelationType.RIVALRY) and tok.tag == "NNS"
        if standing_plural and tok.dep == "appos" and self.toks[tok.head].dep == "conj":
            h = tok.head  # "Japan and the Philippines, close allies,": the parser hangs it on the last conjunct
            while self.toks[h].dep == "conj" and self.toks[h].head != h:
                h = self.toks[h].head
            described = self.actors_at(h)
        if not described and standing_plural and tok.dep in SUBJECT_DEPS and n + 1 < len(self.toks) and (
                self.toks[n + 1].dep in SUBJECT_DEPS and self.toks[n + 1].head == tok.head):
            described = self.actors_at(n + 1)  # "the nuclear-armed rivals India and Pakistan exchanged fire"
        if described:
            others = _unique(sources + pair + targets)
            others = [a for a in others if a.actor.id not in {d.actor.id for d in described}]
            if others:
                return described, others, "+".join(how + ["described by " + tok.dep])
            if standing_plural and len({d.actor.id for d in described}) >= 2:
                # "India and Pakistan, nuclear-armed rivals, ...": the plural noun says it of each pair of them
                return described, [], "+".join(how + ["plural described by " + tok.dep])
        gov0 = self._governing_verb(frame if frame is not None else n) if mods else None
        implementer = gov0 is not None and self.toks[gov0].lemma in IMPLEMENT_VERBS and all(
            a.actor.type is ActorType.IGO for a in mods)  # "trigger the mechanism to restore UN sanctions on Iran"
        if implementer:
            pair = [a for a in pair if a not in mods]  # the organisation names the measure; others implement it
        if not sources and mods and not cue.type.symmetric and len({a.actor.id for a in mods}) == 1 and not implementer:
            # "condemned the Israeli attack": the modifier is the attack's agent, not the condemner
            # (two of them, "the Russia-Ukraine war", are the pair below)
            sources = mods
            how.append("modifier agent")
            pair = [a for a in pair if a not in mods]
        if not sources and cue.type in MOVEMENT_TYPES:
            for k in kids:  # "the pullout of U.S. forces from Iraq": who moves is the 'of' object
                if k.dep == "prep" and k.lower == "of":
                    got = [a for a in self._pobj_actors(k.i) if a.actor.id not in {t.actor.id for t in targets}]
                    sources.extend(got)
                    if got:
                        how.append("of (moved)")
        if cue.relation.startswith("Mediat") and len({a.actor.id for a in pair}) >= 2 and not targets:
            targets, pair = pair, []  # "mediation between X and Y": the mediator consults both parties
        # governing verb (light verb, or a clause the noun belongs to); not when 'between' names the parties
        # ("deployed to oversee a ceasefire between Ethiopia and Eritrea": the overseer is not a party)
        between_pair = "between" in how and len({a.actor.id for a in pair}) >= 2
        if not sources and not between_pair:
            gov = self._governing_verb(frame if frame is not None else n)
            gc = self.matched.get(gov) if gov is not None else None
            if gc is not None and tok.dep == "dobj" and tok.head == gov and not gc.objects and (
                    self.toks[gov].lemma not in APPROVAL_VERBS) and (
                    gc.type in ACCUSE_LIKE or gc.type is RelationType.SUPPORT) and gc.type is not RelationType.REJECT and (
                    cue.type not in (RelationType.SUPPORT,) or gc.type is not RelationType.SUPPORT):
                # "Japan condemned the attack on Ukraine": who condemns an act did not do it
                gov = None
            if gov is not None and cue.type in (RelationType.PARTNERSHIP, RelationType.RIVALRY) and tok.dep == "dobj" and (
                    tok.head == gov) and tok.lemma in AGENT_STANDING_NOUNS and (
                    self.toks[gov].lemma not in CHARACTERIZING_VERBS | COPULAS | {"have", "remain"}):
                # "angering EU partners", "reassured NATO allies": acted on, not the subject's partners (but "have
                # maintained close ties": the subject's own relation)
                gov = None
            if gov is not None and tok.dep == "pobj" and self.toks[tok.head].head == gov and ((
                    cue.type in (RelationType.ASSAULT, RelationType.COERCE) and (self.toks[tok.head].lower in REASON_PREPS or (
                        self.toks[tok.head].lower in TIME_PREPS and getattr(self.matched.get(gov), "type", cue.type) is not cue.type)))
                    or (gov in self.matched and self.toks[tok.head].lower in ("over", "about"))):
                # "expelled an Indian diplomat over the killing of a Sikh leader": the expeller did not kill;
                # "recalled its ambassadors over the submarine deal": nor made the deal; "has backed the army
                # throughout the war": the war is the time of the backing
                gov = None
            if gov is not None:
                subs, _ = self.subjects(gov)
                if not subs and tok.dep == "pobj" and self.toks[tok.head].lower == "under" and (
                        self.toks[tok.head].head == gov) and not targets:
                    # "a US national was put under investigation in Italy": the passive subject undergoes it, the
                    # state where it happens does it
                    targets = [a for k in self.kids[gov] if k.dep == "nsubjpass" for a in self.actors_at(k.i)]
                    subs = self._place_state(gov, n, targets) if targets else []
                    how.append("passive subject under it")
                elif not subs and tok.dep == "pobj" and self.toks[tok.head].head == gov:
                    # "are locked in a territorial dispute", "were engaged in talks": the passive subject
                    subs = [a for k in self.kids[gov] if k.dep == "nsubjpass" for a in self.actors_at(k.i)]
                sources.extend(Arg(a.actor, a.how, a.weight * 0.95) for a in subs)
                if subs:
                    how.append("subject of " + self.toks[gov].text)
                if not targets and tok.dep == "pobj" and self.toks[tok.head].lower == "in" and (
                        self.toks[tok.head].head == gov) and cue.type in COOPERATIVE_TYPES and (
                        self.toks[gov].lemma in ("join", "rejoin", "accompany")):
                    # "Japan is set to join the Philippines and the United States in joint naval exercises"
                    targets.extend(a for k in self.kids[gov] if k.dep == "dobj" for a in self.actors_at(k.i))
                    if targets:
                        how.append("partners (object of " + self.toks[gov].text + ")")
                if not targets:
                    for k in self.kids[gov]:
                        if k.dep in ("prep", "dative") and k.lower in preps:
                            targets.extend(self._pobj_actors(k.i))
                            how.append("verb " + k.lower)
                    if not targets and self.toks[gov].lemma in ("send", "give", "deliver", "hand", "extend", "offer", "convey", "pass"):
                        for k in self.kids[gov]:
                            if k.dep == "dative":
                                targets.extend(self.actors_at(k.i))
                    if not targets and (not cue.type.symmetric or self.toks[tok.head].lower == "during") and (
                            tok.dep == "pobj" and self.toks[tok.head].head == gov):
                        # ("thanked the emir of Qatar during a phone call": the call was with him)
                        for k in self.kids[gov]:  # "engaged Filipino peacekeepers in a firefight": the verb's object
                            if k.dep == "dobj":
                                got = self.actors_at(k.i)
                                targets.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in got)
                                if got:
                                    how.append("object of " + self.toks[gov].text)
        if not targets and sources and tok.dep in ("dobj", "nsubjpass") and self.matched.get(tok.head) is not None and (
                self.matched[tok.head].type in RESPONSE_TYPES):
            # "Kosovo rebuffed Serbia's demand": the demand was made of the one who rebuffs it
            subs, _ = self.subjects(tok.head)
            targets.extend(a for a in subs if a.actor.id not in {s.actor.id for s in sources})
            if targets:
                how.append("responder")
        if not targets and sources and cue.type in CLAUSE_CODING_TYPES:
            # "its demand that Israel ease restrictions", "reiterated its demand today that Israel ...": who
            # the demand is made of is the subject of its clause
            clauses = [k.i for k in self.kids[n] if k.dep in ("acl", "ccomp")]
            if tok.dep == "dobj":
                clauses += [k.i for k in self.kids[tok.head] if k.dep == "ccomp"]
            for c in clauses:
                got = [a for k in self.kids[c] if k.dep in ("nsubj", "nsubjpass") for a in self.actors_at(k.i)]
                targets.extend(a for a in got if a.actor.id not in {s.actor.id for s in sources})
                if got:
                    how.append("subject of its clause")
                    break
        if not targets and sources and tok.dep == "pobj" and self.toks[tok.head].lower == "for":
            g = self.toks[tok.head].head
            gc = self.matched.get(g)
            if gc is not None and gc.type is RelationType.SUPPORT and cue.type in COOPERATIVE_TYPES:
                # "thanked Japan for its support": the thanker is who was supported
                subs, _ = self.subjects(g)
                targets.extend(a for a in subs if a.actor.id not in {s.actor.id for s in sources})
                if targets:
                    how.append("thanked for")
        if not targets and sources and (cue.type in MATERIAL_TYPES or cue.type is RelationType.PROTEST):
            # "remained on alert in the occupied West Bank", "staged a protest in Beijing": the place's state
            gov = self._governing_verb(frame if frame is not None else n)
            for h in [n] + ([frame] if frame is not None else []) + ([gov] if gov is not None else []):
                for k in self.kids[h]:
                    if k.dep == "prep" and k.lower in ("in", "inside", "across", "throughout", "near"):
                        got = [a for a in self._pobj_actors(k.i) if a.actor.id not in {s.actor.id for s in sources}]
                        targets.extend(Arg(a.actor, a.how + "+place", a.weight * 0.8) for a in got)
                        if got:
                            how.append(f"place ({k.lower})")
                if targets:
                    break
        if not targets and sources:
            for k in self.kids[n]:
                if k.dep == "prep" and k.lower == "of":
                    got = [a for a in self._pobj_actors(k.i) if a.actor not in [s.actor for s in sources]]
                    targets.extend(Arg(a.actor, a.how, a.weight * 0.85) for a in got)
                    if got:
                        how.append("of")
        # "X-Y ties", "the partnership between X and Y", "Russian-Chinese alliance"
        if pair:
            if not sources and not targets and len({a.actor.id for a in pair}) >= 2:
                first = pair[0]
                return [first], [a for a in pair if a.actor.id != first.actor.id], "+".join(how or ["pair"])
            if not sources:
                sources = pair
            elif not targets:
                targets = [a for a in pair if a.actor.id not in {s.actor.id for s in sources}]
        return _unique(sources), _unique(targets), "+".join(how)

    def _governing_verb(self, n: int) -> int | None:
        i = n
        for _ in range(4):
            t = self.toks[i]
            if t.head == i:
                return None
            h = self.toks[t.head]
            if h.pos in ("VERB", "AUX") and t.dep in ("dobj", "attr", "nsubjpass", "oprd", "dative"):
                return h.i
            if t.dep == "pobj" and h.dep == "prep":
                i = h.i
                continue
            if t.dep == "prep" and t.lower in ("of", "in") and h.pos in ("NOUN", "NUM") and (
                    h.lemma in QUANTITY_NOUNS or h.pos == "NUM"):
                # "imposed a package of sanctions", "pledged $100 million in aid": the verb governs the quantity noun
                i = h.i
                continue
            if t.dep == "prep" and t.lower in ("of", "to", "in", "on") and h.lemma in self.lex.modals.terminator_nouns:
                i = h.i  # "announced a suspension of air links": the subject of 'announced' suspends them
                continue
            if t.dep == "prep" and t.lower == "for" and h.lemma in ("responsibility", "credit"):
                i = h.i  # "claimed responsibility for an attack on a tanker": the claimant attacked
                continue
            if t.dep == "prep" and h.pos in ("VERB", "AUX"):
                return h.i
            if t.dep in ("conj", "appos") and h.pos in ("NOUN", "PROPN"):
                i = h.i
                continue
            return None
        return None

    # ------------------------------------------------------------ negation, modality, dates
    def governors(self, i: int) -> list[Token]:
        """Verbs governing token i through clausal links, nearest first."""
        out = []
        t = self.toks[i]
        for _ in range(5):
            if t.head == t.i:
                break
            if t.dep not in ("xcomp", "ccomp", "conj", "pcomp", "dobj", "prep", "pobj", "advcl", "acl", "attr"):
                break
            t = self.toks[t.head]
            if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and t.dep in ("acomp", "ROOT")):
                out.append(t)
        return out

    def _governors_no_conj(self, i: int) -> list[Token]:
        """governors(i) up to the first coordination: 'seized the zone, and it has since carried out strikes on
        X' does not put the strikes under the seizure."""
        out = []
        t = self.toks[i]
        for g in self.governors(i):
            while t.i != g.i and t.head != t.i:
                if t.dep == "conj":
                    return out
                t = self.toks[t.head]
            out.append(g)
        return out

    def polarity(self, i: int) -> tuple[bool, Modality, Token | None]:
        tok = self.toks[i]
        negated = any(k.dep == "neg" or (k.dep == "advmod" and k.lower == "never") for k in self.kids[i]) or any(
            k.dep == "det" and k.lower in ("no",) for k in self.kids[i])
        refusal = None
        modality = Modality.ASSERTED
        aux = [k for k in self.kids[i] if k.dep in ("aux", "auxpass")]
        base = i  # "rejected the plan and attacked X": a coordinated verb is not under the first one's negation
        if tok.dep == "compound" and self.toks[tok.head].pos == "NOUN":
            base = tok.head  # "may halt mediation efforts": the frame noun's verb
        while self.toks[base].dep == "conj" and self.toks[base].head != base:
            base = self.toks[base].head
        chain = self.governors(base) if self.toks[base].dep in ("xcomp", "dobj", "pobj", "ccomp", "pcomp", "attr") else []
        # a governing verb reached only through an adverbial clause does not negate or modalise the cue:
        # "rejected the accusation, saying the UK would continue to support Kyiv"
        cut = self._adverbial_cut(base)
        chain = [g for g in chain if g.i not in cut]
        if tok.pos == "NOUN" and tok.dep == "pobj" and self.toks[tok.head].lower in ("over", "about") and (
                any(k.dep == "poss" for k in self.kids[i])):
            chain = []  # "will impose tariffs over New Delhi's purchases of Russian oil": the topic is no intention
        if base != i and tok.pos in ("VERB", "AUX") and not any(k.dep in SUBJECT_DEPS + ("nsubjpass",) for k in self.kids[i]) and (
                tok.tag in ("VB", self.toks[base].tag)) and not any(k.dep in ("aux", "auxpass") for k in self.kids[i]):
            # ("did not address X and accused Y", "does not want X but would defend Y": a verb with its own tense)
            # "will meet and sign", "did not meet or talk": a verb sharing the first one's subject shares its auxiliaries
            shared = [k for k in self.kids[base] if k.dep in ("aux", "auxpass", "neg")]
            aux += [k for k in shared if k.dep != "neg" and not aux]
            negated = negated or any(k.dep == "neg" for k in shared)
        if tok.pos == "NOUN" and tok.dep in ("nsubj", "nsubjpass") and tok.head != i:
            # "a Chinese attack on Taiwan could threaten Japan": the event as the subject of what could happen
            if any(k.dep == "aux" and k.lower in self.lex.modals.hypothetical_aux - {"would", "must"}
                   for k in self.kids[tok.head]):
                modality = Modality.HYPOTHETICAL
                return negated, modality, refusal
        if tok.pos == "NOUN" and chain:
            v = chain[0]
            aux += [k for k in self.kids[v.i] if k.dep in ("aux", "auxpass")]
            negated = negated or any(k.dep == "neg" for k in self.kids[v.i])
        elif tok.dep == "xcomp" and chain and not any(a.lower in self.lex.modals.future_aux for a in aux):
            # "would continue to support Kyiv", "will try to reach a deal": the controlling verb's auxiliaries
            aux += [k for k in self.kids[chain[0].i] if k.dep == "aux" and k.lower != "to"]
        if tok.dep == "acl" and self.toks[tok.head].lemma in INTENTION_NOUNS and any(
                k.dep == "aux" and k.lower == "to" for k in self.kids[i]):
            modality = Modality.FUTURE  # "Israel's plan to annex the valley", "their decision to withdraw"
        reported = self._reported(chain[0].i if tok.pos == "NOUN" and chain else i)  # a noun: its verb's clause
        for a in aux:
            if a.lower in self.lex.modals.future_aux or a.lemma in self.lex.modals.future_aux:
                modality = Modality.FUTURE
            elif a.lower == "would" and reported:
                modality = Modality.FUTURE  # "NATO said it would tighten the blockade": future in the past
            elif a.lower in self.lex.modals.hypothetical_aux:
                modality = Modality.HYPOTHETICAL
        past_cue = False  # above a governing cue only its futurity carries over ("aims to impose a blockade")
        for g in chain:
            if self._negates(g) and self._appended_denial(g.i):
                break  # "Sudan accused the UAE of arming the RSF, a charge Abu Dhabi denies": the accusation stands
            if past_cue:
                if g.lemma in self.lex.modals.future_verbs and not self._negates(g):
                    modality = Modality.FUTURE
                    break
                if g.dep not in ("xcomp", "advcl", "acomp") or (g.dep == "advcl" and not self._is_purpose(g.i)):
                    break
                continue  # "is willing to send equipment to help defend X": up through purposes and complements
            if self._negates(g):
                negated = True
                if g.lemma in self.lex.modals.refusals:
                    refusal = g
                break
            if g.lemma in self.lex.modals.future_verbs:
                modality = Modality.FUTURE
                if any(k.dep == "neg" for k in self.kids[g.i]):
                    negated = True
                break
            if any(k.dep == "neg" for k in self.kids[g.i]) and self.toks[i].dep in ("xcomp",):
                negated = True
            if self.match(g):
                if g.dep != "xcomp" and not (g.dep == "advcl" and self._is_purpose(g.i)):  # ("to help defend X")
                    break
                past_cue = True
        granter = self._permission_verb(i) if tok.pos in ("VERB", "AUX") else None
        if granter is not None:
            # "gave Kyiv permission to strike": permitted, not done; "would not give permission": not permitted
            negated = negated or any(k.dep == "neg" for k in self.kids[granter])
            modality = Modality.HYPOTHETICAL
        clause = [i] + [g.i for g in chain[:1]]
        if any(k.dep == "mark" and k.lower in ("if", "unless") for c in clause for k in self.kids[c]) or any(
                k.dep == "advcl" and any(m.dep == "mark" and m.lower in ("if", "unless") for m in self.kids[k.i])
                for c in clause for k in self.kids[c]):
            modality = Modality.CONDITIONAL  # "will withdraw unless ...", "may halt mediation if ..."
        return negated, modality, refusal

    def event_date(self, i: int) -> str | None:
        """A DATE entity attached to the cue's clause ("in August 1945"), else None."""
        clause = {i} | {g.i for g in self.governors(i)[:1]}
        t = self.toks[i]
        while t.dep in ("conj", "advcl", "xcomp", "dobj", "pobj", "prep") and t.head != t.i:
            t = self.toks[t.head]  # up to the main verb of the clause: "advanced in 1945, helping ... disarm"
            clause.add(t.i)
        for e in self.s.entities:
            if e.label != "DATE":
                continue
            root = self.s.span_head(e.start, e.end)
            t = self.toks[root]
            for _ in range(3):
                if t.head in clause:
                    d = parse_date(e.text, self.ctx.article.date)
                    if d:
                        return d
                    break
                if t.head == t.i:
                    break
                t = self.toks[t.head]
        return None

    # ------------------------------------------------------------ main loop
    def run(self, min_confidence: float) -> list[Relation]:
        found: dict[tuple, Relation] = {}
        fired: list[tuple[int, Cue]] = []
        for tok in self.toks:
            cues = self.match_all(tok)
            if cues:
                self.matched[tok.i] = cues[0]
                fired.extend((tok.i, c) for c in cues)
        for i, cue in fired:
            tok = self.toks[i]
            warning_now = False  # a response to a hostile act, said to come: the warning itself is made now
            if self._suppressed(i, cue):
                continue
            if cue.type is RelationType.PARTNERSHIP and cue.pos == "NOUN" and self._fellow_members(i)[0]:
                continue  # "its European Community partners": memberships (below), not a partnership with the EC
            if cue.pos == "NOUN" and any(k.dep == "amod" and k.lower in HYPOTHETICAL_MODIFIERS for k in self.kids[i]) and not (
                    tok.dep == "dobj" and self.toks[tok.head].lemma in APPROVAL_VERBS):
                # "mobilized reservists for a possible war against Iraq": a war that may come, not one ("approved
                # the possible sale of missiles to Taiwan" is the approval of the sale)
                continue
            if cue.type in (RelationType.PARTNERSHIP, RelationType.RIVALRY) and self._aimed_at(i):
                continue  # "a meeting aimed at establishing close relations": a goal, not a state of affairs
            if cue.pos == "VERB" and tok.lemma == "help" and any(
                    k.dep in ("xcomp", "ccomp") and k.i in self.matched for k in self.kids[i]):
                continue  # "to help support the rights of Palestinians": the helped act is coded by its own cue
            if cue.type is RelationType.AGREE and cue.pos == "VERB" and not cue.objects and tok.lemma in PLEDGE_VERBS and any(
                    k.dep == "xcomp" and k.i in self.matched and self.matched[k.i].type in HOSTILE_TYPES and not any(
                        q.dep == "neg" for q in self.kids[k.i]) for k in self.kids[i]):  # ("pledged not to attack": a pledge)
                continue  # "vowed to respond with overwhelming force": a threat (coded from the vowed act), no pledge
            if cue.pos in ("VERB", "ADJ") and self._stative(i):
                # "Israel is opposed to French mediation": an attitude of the subject towards the 'to' object
                sources, s_how = [a for k in self._stative_subjects(i) for a in self.actors_at(k.i)], "stative subject"
                targets = [a for k in self.kids[i] if k.dep == "prep" and k.lower == "to" for a in (
                    self._pobj_actors(k.i) or [b for q in self.kids[k.i] if q.dep == "pobj" for b in self.owners(q.i)])]
                t_how = "to"
                rule = f"{cue.pos.lower()} '{cue.label}': {s_how} -> {t_how}"
            elif cue.pos == "VERB" and cue.type in MOVEMENT_TYPES and any(k.dep == "nsubjpass" for k in self.kids[i]) and (
                    not any(k.dep == "agent" for k in self.kids[i])):
                # "All Ugandan troops have been withdrawn from South Sudan": the forces moved are their state's
                sources = [a for k in self.kids[i] if k.dep == "nsubjpass" for a in self.actors_at(k.i)]
                s_how = "forces moved (passive subject)"
                if not sources and tok.dep == "ccomp" and self.toks[tok.head].lemma in self.lex.modals.statement_verbs and any(
                        k.dep == "nsubjpass" and k.lemma in FORCE_NOUNS for k in self.kids[i]):
                    # "the president announced that 1,200 soldiers would be deployed to the border": the speaker's forces
                    speakers, _ = self.subjects(tok.head)
                    gaz = load_gazetteer()
                    sources = [Arg(gaz.state(a.actor.country) or a.actor, a.how + "+speaker's forces", a.weight * 0.8)
                               for a in speakers if a.actor.country and not a.actor.country.startswith("IGO:")]
                    s_how = "the speaker's forces (passive subject)"
                targets, t_how = self.verb_targets(i, cue, skip_objects=True)
                rule = f"{cue.pos.lower()} '{cue.label}': {s_how} -> {t_how or '-'}"
            elif cue.pos in ("VERB", "ADJ"):
                sources, s_how = self.subjects(i)
                if tok.dep == "conj" and self.toks[tok.head].dep == "ccomp" and (
                        self.toks[self.toks[tok.head].head].lemma in self.lex.modals.statement_verbs):
                    tgts = self.verb_targets(i, cue)[0]
                    tgt_ids = {a.actor.id for a in tgts} | {a.actor.country for a in tgts if a.actor.country}
                    if tgt_ids and (not sources or {a.actor.id for a in sources} <= tgt_ids or {
                            a.actor.country for a in sources if a.actor.country} <= tgt_ids):
                        # "X said Iran's activities had no justification and urged Tehran to ...": the parser hung
                        # 'urged' on the reported clause; it is the speaker who urges
                        sources, s_how = self.subjects(self.toks[tok.head].head)
                        s_how = "speaker (conj of the reported clause)"
                if not sources and cue.pos == "VERB" and tok.dep in ("acomp", "oprd"):
                    sources, s_how = self.subjects(tok.head)  # "it was de-escalating": a participle read as a complement
                if not sources and cue.type is RelationType.REJECT and not any(k.dep.startswith("nsubj") for k in self.kids[i]):
                    span = self._appended_claim(i) or []  # "..., a charge Abu Dhabi denies" hung as an apposition
                    claim = next((j for j in span if self.toks[j].lemma in CLAIM_NOUNS), None)
                    sources = _unique([a for j in span if claim is not None and j > claim for a in self.actors_at(j)])
                    s_how = "who denies the appended claim" if sources else s_how
                if not sources and cue.pos == "ADJ" and tok.dep in ("acomp", "amod", "oprd"):
                    sources, s_how = self.subjects(tok.head) if tok.dep != "amod" else (self.actors_at(tok.head), "modified noun")
                targets, t_how = self.verb_targets(i, cue)
                if cue.type in ACCUSE_LIKE:
                    # "filed a complaint with the UN Security Council against Israel": the accused, not the audience
                    holders = {i} | {k.i for k in self.kids[i] if k.dep == "dobj"} | {
                        q.i for k in self.kids[i] if k.dep == "prep" and k.lower in ("with", "to", "before")
                        for q in self.kids[k.i] if q.dep == "pobj"}
                    against = [a for h in holders for k in self.kids[h] if k.dep == "prep" and k.lower == "against"
                               for a in self._pobj_actors(k.i)]
                    if against and {a.actor.id for a in against} != {a.actor.id for a in targets}:
                        targets, t_how = against, "against"
                if cue.type is RelationType.REJECT and (not targets or t_how == "clause subject"):
                    # ("says Hezbollah has used the lull to rearm, a charge Tehran denies": the claim's maker, not
                    # the subject of a clause the parser hung the denial under)
                    denied, d_how = self._denied_accusers(i)
                    if denied or not targets:
                        targets, t_how = denied, d_how
                if cue.type is RelationType.CONSULT and tok.lemma in ("respond", "reply", "react"):
                    hostile = [q for k in self.kids[i] if k.dep == "prep" and k.lower == "to" for q in self.kids[k.i]
                               if q.dep == "pobj" and getattr(self.matched.get(q.i), "type", None) in HOSTILE_EVENT_TYPES]
                    if hostile:
                        # "Moscow said it would respond to the deployment of US missiles in Germany": a warning of
                        # retaliation aimed at whoever deploys, not a reply to a message
                        owners = [a for q in hostile for a in self.owners(q.i)]
                        cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.THREATEN, relation="Threaten",
                                  cameo="130", confidence=cue.confidence * 0.8)
                        targets, t_how = owners, "owner of the act responded to"
                        warning_now = True
                if cue.type is RelationType.AID and tok.lemma in SEND_VERBS and not targets:
                    # "sent a record 153 warplanes toward Taiwan": forces sent at someone, not to help them
                    toward = [a for k in self.kids[i] if k.dep == "prep" and k.lower in ("toward", "towards", "near", "around", "off")
                              for a in self._pobj_actors(k.i)]
                    if toward:
                        cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.MOBILIZE, relation="ShowOfForce",
                                  cameo="150", confidence=cue.confidence)
                        targets, t_how = toward, "sent toward"
                if cue.type is RelationType.MOBILIZE and cue.objects and t_how == "dobj" and tok.lemma in SEND_VERBS:
                    # "sent a German frigate to shadow the Russian corvette": the forces sent are not the target; where
                    # they go, or whom they are sent to watch, is
                    targets, t_how = self.verb_targets(i, cue, skip_objects=True)
                    for k in self.kids[i]:
                        if not targets and k.dep in ("advcl", "xcomp") and self._is_purpose(k.i):
                            got, how2 = self.verb_targets(k.i, _GENERIC_CUE)
                            targets, t_how = [Arg(a.actor, a.how, a.weight * 0.85) for a in got], f"purpose {k.text}: {how2}"
                together = [a for k in self.kids[i] if k.dep == "prep" and k.lower == "with" and any(
                    q.dep == "advmod" and q.lower in ("together", "jointly") and q.i == k.i - 1 for q in self.kids[i] + self.kids[k.i])
                    for a in self._pobj_actors(k.i)]
                if together and cue.pos == "VERB":  # "Turkey, which hosted the talks together with Qatar": co-hosts
                    ids = {a.actor.id for a in together}
                    targets = [a for a in targets if a.actor.id not in ids]
                    sources = _unique(sources + together)
                    t_how = t_how if targets else ""
                own = {a.actor.id for a in sources}
                if targets and all(a.actor.id in own for a in targets):
                    # "withdrew its forces from Lebanon", "recalled its ambassador to France"
                    targets, t_how = self.verb_targets(i, cue, skip_objects=True)
                own_states = {a.actor.country for a in sources if a.actor.country}
                if targets and cue.type in CLAUSE_CODING_TYPES and t_how == "clause subject" and all(
                        (a.actor.type in (ActorType.COUNTRY, ActorType.ORG) and a.actor.country in own_states) or a.actor.id in own
                        for a in targets):
                    # "Defence Minister Katz warned that Israel could strike Iran": his own state acts; the
                    # warning is aimed at whom it would act on
                    targets, t_how = [], ""
                addressed = tok.lemma in self.lex.modals.object_control and any(
                    k.dep in ("dobj", "dative") for k in self.kids[i])  # "urged the junta to free X": the junta, unnamed
                if not targets and not addressed and not (cue.type.symmetric and len({a.actor.id for a in sources}) >= 2):
                    targets, t_how = self.complement_targets(i, cue)  # "X and Y agreed to ...": X-Y
                    if tok.lemma in ("deny", "dismiss", "refute") and (any(k.dep in ("xcomp", "ccomp") for k in self.kids[i]) or any(
                            k.dep == "dobj" and any(q.tag == "VBG" and q.dep in ("amod", "compound") and q.i < k.i
                                                    for q in self.kids[k.i]) for k in self.kids[i])):
                        # "Rwanda denied backing the M23": not a rejection of the M23, but of whoever accused it
                        # (before, or earlier in the sentence: "X accused the UAE of ..., and Abu Dhabi denied
                        # supplying weapons")
                        ids = {a.actor.id for a in sources} | {a.actor.country for a in sources if a.actor.country}
                        targets = _unique([Arg(r.source, "earlier accuser", 0.8) for r in self.ctx.earlier
                                           if r.type is RelationType.ACCUSE and not r.negated and (
                                               r.target.id in ids or r.target.country in ids)] + self._accusers_before(i, ids))
                        t_how = "earlier accusers" if targets else ""
                    own_states = {a.actor.country for a in sources if a.actor.type is ActorType.PERSON and a.actor.country}
                    # "threatened to close its airspace", "threatened to pull his country out of Mercosur"
                    targets = [a for a in targets if a.actor.id not in own and not (
                        a.actor.type is ActorType.COUNTRY and a.actor.country in own_states)]
                    if not targets and cue.type is RelationType.THREATEN:
                        for k in self.kids[i]:  # ... then what it would be pulled out of
                            if k.dep == "xcomp":
                                got, how2 = self.verb_targets(k.i, _GENERIC_CUE, skip_objects=True)
                                inner = self.matched.get(k.i)
                                if not got and inner is not None and inner.type in MOVEMENT_TYPES:
                                    got, how2 = self.verb_targets(k.i, inner, skip_objects=True)
                                targets = [a for a in got if a.actor.id not in own and a.actor.country not in own_states]
                                t_how = f"xcomp {k.text}: {how2}" if targets else t_how
                if tok.dep == "acl" and tok.tag == "VBN" and cue.type in FORCE_TARGET_TYPES and not any(
                        k.dep == "agent" for k in self.kids[i]):
                    victims = self.actors_at(tok.head)  # "10 Russian soldiers killed in Ukraine": the modified noun
                    if victims:
                        targets, t_how = victims, "participle's noun"
                        sources = [a for a in sources if a.actor.id not in {v.actor.id for v in victims}]
                if not sources and targets and cue.type is RelationType.ASSAULT and tok.lemma in FORCE_VERBS and (
                        any(k.dep == "nsubjpass" for k in self.kids[i]) or t_how == "participle's noun") and not any(
                        k.dep == "agent" for k in self.kids[i]):
                    # "There were 10 Russian soldiers killed in Ukraine": with no agent named, event data codes
                    # the state where foreigners were killed (low confidence)
                    sources = [Arg(a.actor, a.how, a.weight * 0.5) for a in self._place_state(i, i, targets)]
                    s_how = "state where it happened" if sources else s_how
                if not sources and targets and cue.type in (RelationType.COERCE, RelationType.ACCUSE) and any(
                        k.dep == "nsubjpass" for k in self.kids[i]) and not any(k.dep == "agent" for k in self.kids[i]):
                    # "A French national was arrested in Iran": arrests and charges are the act of the state they happen in
                    sources = self._place_state(i, i, targets)
                    s_how = "state where it happened" if sources else s_how
                if targets and cue.type is RelationType.AGREE and t_how.startswith("xcomp") and self._refused_concession(i):
                    # "Sharon has vowed not to return the Golan Heights to Syria": a pledge not to concede is a refusal
                    cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.REJECT, relation="Rejection", cameo="120",
                              confidence=cue.confidence * 0.9)
                    t_how += " (negated concession)"
                if not targets and cue.type is RelationType.CONSULT:
                    # "ready to host a meeting between an Israeli peace movement and the PLO": the host meets both
                    targets = [a for k in self.kids[i] if k.dep == "dobj" and k.i in self.matched and (
                        self.matched[k.i].type in (RelationType.CONSULT, RelationType.AGREE))
                        for p in self.kids[k.i] if p.dep == "prep" and p.lower in ("between", "among")
                        for a in self._pobj_actors(p.i)]
                    t_how = "parties of the hosted meeting" if targets else t_how
                    if not targets:  # "will host the next round of talks between X and Y"
                        targets = [a for k in self.kids[i] if k.dep == "dobj" and k.lemma in QUANTITY_NOUNS
                                   for p in self.kids[k.i] if p.dep == "prep" and p.lower == "of"
                                   for q in self.kids[p.i] if q.dep == "pobj" and q.i in self.matched
                                   for b in self.kids[q.i] if b.dep == "prep" and b.lower in ("between", "among")
                                   for a in self._pobj_actors(b.i)]
                        t_how = "parties of the hosted meeting" if targets else t_how
                    if not targets:  # "hosted the talks": the parties of the talks named before
                        targets = [a for k in self.kids[i] if k.dep == "dobj" and k.i in self.matched and (
                            self.matched[k.i].type is RelationType.CONSULT) for a in self._earlier_parties(k.i)]
                        t_how = "parties of the earlier meeting" if targets else t_how
                if not targets and cue.type is RelationType.MOBILIZE:
                    own = {a.actor.country for a in sources}
                    for k in self.kids[i]:  # "scrambled jets after Chinese and Russian warplanes entered its zone"
                        if k.dep == "advcl" and any(m.dep == "mark" and m.lower in ("after", "as", "when", "while")
                                                    for m in self.kids[k.i]) and getattr(self.matched.get(k.i), "type", None) not in (
                                RelationType.RETREAT, RelationType.CONCEDE, RelationType.AGREE, RelationType.COOPERATE,
                                RelationType.CONSULT, RelationType.SUPPORT, RelationType.AID):
                            # (not "deployed troops along the border as Israeli forces withdrew": a withdrawal is no threat)
                            got = [a for a in self.subjects(k.i)[0] if a.actor.country not in own]
                            if got:
                                targets, t_how = got, f"subject of the '{k.text}' it answered"
                                break
                if cue.type is RelationType.CONCEDE and cue.lemma.startswith("express"):
                    # "expressed regret over China's decision": regret at another's act is criticism, not an apology
                    holders = [i] + [k.i for k in self.kids[i] if k.dep == "dobj"]
                    owners = [a for h in holders for k in self.kids[h] if k.dep == "prep" and k.lower in ("over", "at", "about")
                              for q in self.kids[k.i] if q.dep == "pobj" for a in self.owners(q.i)
                              if a.actor.id not in {b.actor.id for b in sources}]
                    if owners:
                        cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.ACCUSE, relation="Criticism", cameo="111",
                                  confidence=cue.confidence * 0.9)
                        targets, t_how = owners, "owner of what is regretted"
                if not targets and cue.type is RelationType.THREATEN:
                    targets = self._condition_subjects(i)  # "threatened to stop talks if the US goes ahead"
                    t_how = "subject of the condition" if targets else t_how
                elif not targets and cue.type in (RelationType.REJECT, RelationType.SANCTION, RelationType.COERCE,
                                                  RelationType.ASSAULT):
                    # "Budapest would keep vetoing such decisions unless the bloc released EU funds": aimed at
                    # whoever must act (a conditional threat, below)
                    targets = self._condition_subjects(i, ("unless",))
                    t_how = "subject of the condition" if targets else t_how
                if cue.objects:
                    obj = self.object_noun(tok)
                    if obj is not None and not targets:
                        _, more, t2 = self.noun_args(obj.i, cue)
                        targets, t_how = more, t2
                benef = self._benefactive(i)
                if benef is not None:
                    b_src, b_tgt = benef
                    if not sources or tok.dep == "pcomp":
                        sources, s_how = b_src, "agent of 'for V-ing' = thanked party"
                    if not targets:
                        targets, t_how = b_tgt, "beneficiary = thanking party"
                rule = f"{cue.pos.lower()} '{cue.label}': {s_how or '-'} -> {t_how or '-'}"
            else:
                sources, targets, how = self.noun_args(i, cue)
                if cue.type in (RelationType.COERCE, RelationType.ASSAULT) and not targets and tok.lemma in DETENTION_NOUNS:
                    # "the arrest of a French journalist in Algeria": the 'of' object undergoes it, the state where
                    # it happens does it (as for the passive "was arrested in Algeria")
                    targets = [a for k in self.kids[i] if k.dep == "prep" and k.lower == "of" for a in self._pobj_actors(k.i)]
                    if targets and not sources:
                        sources = self._place_state(i, i, targets) or [
                            a for k in self.kids[i] if k.dep == "prep" and k.lower == "of" for q in self.kids[k.i]
                            if q.dep == "pobj" for a in self._place_state(q.i, q.i, targets)]
                        how = "state where it happened -> of"
                benef = self._benefactive(i)
                thanked_for = tok.dep == "pobj" and self.toks[tok.head].lower == "for" and getattr(
                    self.matched.get(self.toks[tok.head].head), "type", None) is RelationType.SUPPORT
                if (benef is not None or thanked_for) and cue.type is RelationType.AID and tok.lemma in VAGUE_HELP_NOUNS:
                    # "thanked Oman and Saudi Arabia for their help": support, of no stated kind
                    cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.SUPPORT, relation="Support", cameo="050",
                              confidence=cue.confidence)
                if benef is not None and not targets:
                    if not sources or self.toks[i].dep == "dobj":
                        sources = sources if sources and self.toks[self.toks[i].head].dep != "pcomp" else benef[0]
                    targets = benef[1]
                    how += "+beneficiary"
                rule = f"noun '{cue.label}': {how or '-'}"
            if cue.type is RelationType.RETREAT and tok.lemma in EXIT_VERBS and targets and all(
                    a.actor.type is ActorType.IGO for a in targets) and not any(k.dep == "dobj" for k in self.kids[i]):
                continue  # withdrawing from an organisation: coded as leaving it (see _memberships)
            if cue.type is RelationType.RETREAT and cue.pos == "NOUN" and tok.lemma in EXIT_NOUNS and targets and all(
                    a.actor.type is ActorType.IGO and not a.actor.parent for a in targets):
                # "announced their withdrawal from ECOWAS": leaving an organisation cuts ties with it
                cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.SANCTION, relation="ReduceRelations", cameo="16",
                          confidence=cue.confidence)
                rule = "leaving an organisation: " + rule
            speaker = self.ctx.speaker
            if cue.type in VOICE_TYPES and speaker is not None and speaker.type is ActorType.PERSON and any(
                    self.toks[m.start].lower == "we" for a in sources for m in self.by_head.get(self._arg_head(a, i), ())
                    if m.actor.id == a.actor.id and m.how == "pronoun"):
                # "'We call on Belgrade and Pristina ...,' the EU's foreign policy chief said": the speaker speaks
                sources = [Arg(speaker, "speaker of 'we'", 0.9)] + [a for a in sources if a.actor.id != speaker.id and not (
                    a.how == "pronoun")]
                rule += " (the quoted speaker)"
            if cue.inverse:
                sources, targets = targets, sources  # "Lebanon received military equipment from Qatar"
                rule += " (inverse: the subject receives)" if cue.pos == "VERB" else " (inverse: the owner receives)"
            if cue.relation == "Visit" and sources and (all(a.actor.sector == "MIL" for a in sources) or any(
                    k.dep in SUBJECT_DEPS and k.lemma in DEPLOYMENT_NOUNS for k in self.kids[i])):
                # "Bangladeshi peacekeeping troops arrived in Sierra Leone": forces arriving are deployed, not visiting
                cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.AID, relation="Peacekeeping", cameo="074",
                          confidence=cue.confidence * 0.9)
                rule += " (forces: deployment)"
            pairs = self._pairs(cue, sources, targets)
            if not pairs and cue.type.symmetric and not sources and any(k.dep == "nsubjpass" for k in self.kids[i]):
                # "The Thai-Cambodian accord was signed": the parties are the passive subject's modifiers
                mods = _unique([Arg(m.actor, m.how, 0.85) for k in self.kids[i] if k.dep == "nsubjpass"
                                for j in self.s.subtree(k.i) if j < k.i for m in self.by_token.get(j, ())])
                if len({a.actor.id for a in mods}) >= 2:
                    pairs = [(a, b) for a, b in combinations(mods, 2) if a.actor.id != b.actor.id]
                    rule += " (parties of the passive subject)"
            if pairs and cue.type in FORCE_TARGET_TYPES and cue.pos == "NOUN" and ("between" in rule or (
                    tok.dep == "pobj" and self.toks[tok.head].lower == "at")):  # ("has been at war with the RSF")
                # "a military conflict between India and Pakistan", "fighting between X and Y": both sides fight
                pairs = pairs + [(b, a) for a, b in pairs if (b, a) not in pairs]
            if pairs and tok.lemma in self.lex.modals.reciprocal_verbs and cue.type in FORCE_TARGET_TYPES:
                # "Indian troops exchanged fire with Pakistani forces": each side did it to the other
                pairs = pairs + [(b, a) for a, b in pairs if (b, a) not in pairs]
            if not pairs and not targets and len({a.actor.id for a in sources}) >= 2 and (
                    self._reciprocal(i) or tok.lemma in self.lex.modals.reciprocal_verbs or (
                        cue.type is RelationType.SANCTION and any(k.dep == "dobj" and k.lemma in TIE_NOUNS for k in self.kids[i]))):
                # ("Morocco and Algeria cut diplomatic ties": each with the other)
                # "Armenia and Azerbaijan pulled their troops back": each does it to the other
                pairs = [(a, b) for a in sources for b in sources if a.actor.id != b.actor.id]
                rule += " (reciprocal)"
            if not pairs and not targets and cue.type is RelationType.MOBILIZE and len(
                    {a.actor.country for a in sources}) >= 2:
                words = {tok.lemma} | {k.lemma for k in self.kids[i] if k.dep in ("dobj", "compound", "amod")}
                if words & EXERCISE_WORDS:
                    # "French and Egyptian warships launched war games": drills held together are military cooperation
                    cue = Cue(lemma=cue.lemma, pos=cue.pos, type=RelationType.COOPERATE, relation="MilitaryCooperation",
                              cameo="062", confidence=cue.confidence)
                    pairs = [(a, b) for a, b in combinations(sources, 2) if a.actor.country != b.actor.country]
                    rule += " (joint: military cooperation)"
                elif self._at_odds(sources):  # "Greece and Turkey sent warships into the Aegean, reviving a dispute"
                    pairs = [(a, b) for a in sources for b in sources if a.actor.country != b.actor.country]
                    rule += " (stand-off)"
                # (else "Britain and France deployed warships to the Strait of Hormuz": allies, and no target)
            if not pairs:
                continue
            stopper = self._terminator(i, cue)
            holder = [i] + ([self.toks[tok.head].head] if tok.dep == "pobj" and self.toks[tok.head].lower == "of" and (
                self.toks[self.toks[tok.head].head].lemma in QUANTITY_NOUNS) else [])  # "a proposed EU package of aid"
            if stopper is not None and stopper.lemma in VETO_VERBS and any(
                    k.dep == "amod" and k.lower in PROPOSAL_MODIFIERS for h in holder for k in self.kids[h]):
                # "Hungary blocked a proposed EU package of military aid for Ukraine": a veto of the proposers
                proposers = [Arg(m.actor, m.how, 0.9) for h in holder for k in self.kids[h]
                             if k.dep in ("compound", "nmod", "amod") for m in self.by_token.get(k.i, ())]
                subs, _ = self.subjects(stopper.i)
                if proposers and subs:
                    cue = Cue(lemma=f"{stopper.lemma} {cue.lemma}", pos="VERB", type=RelationType.REJECT,
                              relation="Rejection", cameo="12", confidence=cue.confidence * 0.9)
                    rule = f"'{stopper.text}' vetoes a proposed '{tok.text}' of its proposers"
                    pairs = self._pairs(cue, subs, proposers)
                stopper = None
            if stopper is not None:  # "cancelled a visit", "suspended aid": a cut in relations
                cue = Cue(lemma=f"{stopper.lemma} {cue.lemma}", pos="VERB", type=RelationType.SANCTION,
                          relation="ReduceRelations", cameo="16", confidence=cue.confidence * 0.9)
                rule = f"'{stopper.text}' ends a cooperative '{tok.text}': " + rule
            negated, modality, refusal = self.polarity(i)
            if cue.pos == "NOUN" and cue.type in (RelationType.RIVALRY, RelationType.PARTNERSHIP) and self._has_parties(i):
                # "warned that Ankara would respond if ..., in a sign of the tensions between the two": the tensions
                # are, whatever the clause around them says may happen
                negated, modality, refusal = any(k.dep == "neg" or k.lower == "no" for k in self.kids[i]), Modality.ASSERTED, None
            if warning_now and modality is Modality.FUTURE:
                modality = Modality.ASSERTED  # "said it would respond to ...": the warning is made now
            if modality is Modality.CONDITIONAL and cue.type is RelationType.THREATEN and cue.pos == "VERB" and not any(
                    k.dep == "mark" and k.lower in ("if", "unless") for k in self.kids[i]):
                modality = Modality.ASSERTED  # "threatened to pull out if ...": the condition is the threat's content
            if cue.pos == "NOUN" and "responder" in rule:
                negated, modality, refusal = False, Modality.ASSERTED, None  # the demand was made, whatever the answer
            if stopper is not None:
                negated = any(k.dep == "neg" for k in self.kids[stopper.i])
                refusal = None
            date = self.event_date(i) or self.ctx.article.date
            base = cue.confidence * (0.95 if tok.in_quote else 1.0)
            if modality in (Modality.CONDITIONAL, Modality.HYPOTHETICAL):
                base *= 0.6  # stated as a possibility, not as a fact
            for src, tgt in pairs:
                conf = round(min(1.0, base * src.weight * tgt.weight), 3)
                intent = INTENT_OF.get(cue.type) if modality is Modality.FUTURE and not negated and (
                    tok.lemma not in WATCH_VERBS) and not (
                    cue.pos == "NOUN" and "between" in rule and "subject" not in rule) else None
                # ("will monitor the drills" threatens no one; "ready to host a meeting between an Israeli peace
                # movement and the PLO": the host intends it, the parties named have stated no intention)
                # a cooperative act offered on a condition ("would meet the mediator if he gave them a veto") is
                # an offer; a conflict act on a condition, or anything 'unless' another acts, is a threat
                threat_markers = ("if", "unless") if INTENT_OF.get(cue.type, (None,))[0] is not RelationType.AGREE else ("unless",)
                if modality is Modality.CONDITIONAL and not negated and cue.type is not RelationType.THREATEN and (
                        INTENT_OF.get(cue.type, (None,))[0] is RelationType.THREATEN or self._condition_subjects(i, threat_markers)):
                    # "may halt mediation if cooperation founders", "will withdraw unless X ...": a conditional threat
                    intent = (RelationType.THREATEN, "Threaten", "130")
                elif modality is not Modality.HYPOTHETICAL:
                    # the threatened act itself is not an event, nor what only could or might happen ("a Chinese attack on
                    # Taiwan could threaten Japan's survival"); everything else is kept with its modality
                    self._add(found, cue.type, cue.relation, cue.cameo, src.actor, tgt.actor, negated, modality, date,
                              conf, cue.label, rule, tok)
                if intent is None and modality is Modality.CONDITIONAL and not negated and threat_markers == ("unless",) and (
                        not self._condition_subjects(i, ("unless",))):
                    intent = INTENT_OF[cue.type]  # "would meet the mediator if he gave them a veto": a conditional offer
                if intent is not None and cue.type is not RelationType.THREATEN and self._condition_subjects(i, threat_markers):
                    intent = (RelationType.THREATEN, "Threaten", "130")  # "will withdraw ... unless X ...": a threat
                if intent is not None:  # event-data convention (CAMEO 03/13): a stated intention is itself an event
                    itype, irel, icameo = intent
                    self._add(found, itype, irel, icameo, src.actor, tgt.actor, False, Modality.ASSERTED, date,
                              round(conf * 0.85, 3), cue.label, f"intention ({modality.value} {cue.type.value}) of " + rule, tok)
                if refusal is None and negated and cue.lemma in self.lex.modals.acceptances and cue.type in RESPONSE_TYPES:
                    refusal = tok  # "will never accept Israel's demands": not accepting is rejecting
                if refusal is None and negated and modality is Modality.FUTURE and cue.pos == "VERB" and (
                        INTENT_OF.get(cue.type, (None,))[0] is RelationType.AGREE):
                    refusal = tok  # "would not provide support to Israel", "will not lift sanctions": a refusal
                if refusal is not None:
                    self._add(found, RelationType.REJECT, "Reject", "12", src.actor, tgt.actor, False, Modality.ASSERTED,
                              date, round(conf * 0.9, 3), refusal.text + " " + cue.label, "refusal of " + rule, refusal)
        self._brokered_events(found)
        self._backed_actors(found)
        self._obligations(found)
        self._refused_permissions(found)
        self._characterized_denials(found)
        self._requested_acts(found)
        self._drills_as_warnings(found)
        self._branded_acts(found)
        self._memberships(found)
        return [r for r in found.values() if r.confidence >= min_confidence]

    def _branded_acts(self, found: dict) -> None:
        """'Beijing said the visit by U.S. lawmakers to Taipei was a provocation', 'called the strikes a
        violation of international law': branding another's act a provocation (violation, aggression...)
        criticises whoever did it (ACCUSE 111), the speaker its source."""
        for n in self.toks:
            v = self._branding_verb(n.i)
            if v is None:
                continue
            verb = said = self.toks[v]
            if verb.lemma not in COPULAS:
                acts = [k for k in self.kids[v] if k.dep == "dobj"]
                speakers, how = self.subjects(v)
            elif verb.dep == "ccomp" and self.toks[verb.head].lemma in self.lex.modals.statement_verbs:
                acts = [k for k in self.kids[v] if k.dep == "nsubj"]
                said = self.toks[verb.head]
                speakers, how = self.subjects(verb.head)
            else:
                continue
            doers = [a for k in acts for a in (self.actors_at(k.i) or self.owners(k.i))]
            self._add_stated(found, v, speakers, doers, (RelationType.ACCUSE, "Criticism", "111"), n,
                             f"{verb.lemma} ... {n.lemma}", f"act branded a {n.lemma}: {how} of '{said.text}' -> its doer")

    def _branding_verb(self, n: int) -> int | None:
        """The verb that brands an act with noun ``n`` ('called the strikes a violation', 'described X as a
        provocation', 'X was a provocation'), or None."""
        tok = self.toks[n]
        if tok.lemma not in BRAND_NOUNS or tok.pos != "NOUN":
            return None
        v = tok.head if tok.dep in ("oprd", "attr") else (
            self.toks[tok.head].head if tok.dep == "pobj" and self.toks[tok.head].lower == "as" else None)
        if v is None or v == n or self.toks[v].lemma not in CHARACTERIZING_VERBS | BRANDING_VERBS | COPULAS:
            return None
        return v

    def _add_stated(self, found: dict, v: int, sources: list[Arg], targets: list[Arg], kind: tuple, n: Token,
                    cue: str, rule: str) -> None:
        """Add a relation stated in passing by verb ``v`` (``kind``: type, class, CAMEO code) from each source to
        each target of another state, unless the verb is negated or hypothetical."""
        negated, modality, _ = self.polarity(v)
        if negated or modality is Modality.HYPOTHETICAL:
            return
        date = self.event_date(v) or self.ctx.article.date
        for src in _unique(sources):
            for tgt in _unique(targets):
                if src.actor.id != tgt.actor.id and not (src.actor.country and src.actor.country == tgt.actor.country):
                    self._add(found, *kind, src.actor, tgt.actor, False, modality, date,
                              round(0.7 * src.weight * tgt.weight, 3), cue, rule, n)

    def _memberships(self, found: dict) -> None:
        """A state's membership of an international organisation: "Sweden joined NATO", "became
        NATO's 32nd member", "Finland, a NATO member", "is not a member of the EU"."""
        for tok in self.toks:
            igos, states, how = [], [], ""
            if tok.pos == "VERB" and tok.lemma in MEMBERSHIP_VERBS:
                states, _ = self.subjects(tok.i)
                for k in self.kids[tok.i]:
                    if k.dep == "dobj":
                        igos.extend(self.actors_at(k.i))
                    elif k.dep == "prep" and k.lower in ("to", "into"):
                        igos.extend(self._pobj_actors(k.i))
                how = f"verb '{tok.lemma}'"
            elif tok.pos == "NOUN" and self._fellow_members(tok.i)[0]:
                states, igos = self._fellow_members(tok.i)  # "its European Community partners": both are members
                how = f"fellow members ('{tok.lemma}')"
            elif tok.pos == "NOUN" and tok.lemma in FELLOW_NOUNS and tok.dep in ("attr", "appos") and any(
                    k.dep == "prep" and k.lower == "in" for k in self.kids[tok.i]):
                # "The three countries are allies in the Alliance of Sahel States", "partners in the AUKUS pact"
                igos = [a for k in self.kids[tok.i] if k.dep == "prep" and k.lower == "in" for q in self.kids[k.i]
                        if q.dep == "pobj" for a in (self.actors_at(q.i) or [
                            b for c in self.kids[q.i] if c.dep in ("compound", "nmod") for b in self.actors_at(c.i)])]
                head = self.toks[tok.head]
                states = self.subjects(head.i)[0] if tok.dep == "attr" else self.actors_at(tok.head)
                how = f"noun '{tok.lemma}' in"
            elif tok.pos == "VERB" and tok.lemma == "include" and any(
                    k.dep.startswith("nsubj") and k.lemma == "member" for k in self.kids[tok.i]):
                # "The bloc, whose 12 remaining members include Nigeria, Ghana and Senegal"
                subj = next(k for k in self.kids[tok.i] if k.dep.startswith("nsubj") and k.lemma == "member")
                igos = [a for k in self.kids[subj.i] if k.dep == "poss" for a in self.actors_at(k.i)]
                if any(k.dep == "poss" and k.lower == "whose" for k in self.kids[subj.i]) and tok.dep == "relcl":
                    igos = self.actors_at(tok.head)
                states = [a for k in self.kids[tok.i] if k.dep == "dobj" for a in self.actors_at(k.i)]
                how = "members include"
            elif tok.pos == "NOUN" and tok.lemma in ("member", "membership"):
                for k in self.kids[tok.i]:
                    if k.dep in ("poss", "compound", "nmod") and k.i in self.by_token:
                        igos.extend(Arg(m.actor, m.how, 0.9) for m in self.by_token[k.i])
                    elif k.dep == "prep" and k.lower in ("of", "in"):
                        igos.extend(self._pobj_actors(k.i))
                        if any(q.dep == "pobj" and q.lower in ("which", "whom") for q in self.kids[k.i]):
                            # "the Caribbean Community, of which Guyana is a founding member": the relative's noun
                            t = tok
                            for _ in range(4):
                                if t.dep == "relcl" or t.head == t.i:
                                    break
                                t = self.toks[t.head]
                            if t.dep == "relcl":
                                igos.extend(self.actors_at(t.head))
                head = self.toks[tok.head]
                if not igos and tok.dep == "attr" and head.dep == "relcl" and any(
                        k.lower == "of" and any(q.lower in ("which", "whom") for q in self.kids[k.i]) for k in self.kids[head.i]):
                    igos.extend(self.actors_at(head.head))  # "..., of which Guyana is a founding member," (parsed on 'is')
                if tok.dep in ("attr", "oprd") and head.pos in ("VERB", "AUX"):
                    states, _ = self.subjects(head.i)  # "Sweden became NATO's 32nd member"
                elif tok.dep == "appos":
                    states = self.actors_at(tok.head)  # "Finland, a NATO member,"
                elif tok.dep == "compound" or any(k.dep in ("appos", "conj") for k in self.kids[tok.i]):
                    # "Finland, a NATO member"; "Mercosur's four full members, Brazil, Argentina, ..." (a conj list)
                    states = [a for k in self.kids[tok.i] if k.dep in ("appos", "conj") for a in self.actors_at(k.i)]
                    if tok.dep == "compound":
                        states += self.actors_at(tok.head)  # "NATO member Finland"
                elif tok.dep == "pobj" and self.toks[head.head].lemma in MEMBERSHIP_VERBS:
                    continue  # "joined as a full member": coded by the verb
                how = f"noun '{tok.lemma}'"
            elif tok.pos == "VERB" and (tok.lemma in LEAD_VERBS or (tok.lemma in ("hold", "assume", "take") and any(
                    k.dep == "dobj" and k.lemma in CHAIR_NOUNS for k in self.kids[tok.i]))) and any(
                    k.dep == "dobj" for k in self.kids[tok.i]):
                # "Emeka Adeyemi, who currently heads the regional bloc", "who holds the rotating chairmanship of
                # ASEAN": a leadership role
                heads, _ = self.subjects(tok.i)
                led = [a for k in self.kids[tok.i] if k.dep == "dobj" for a in (
                    self.actors_at(k.i) if k.lemma not in CHAIR_NOUNS else
                    [b for p in self.kids[k.i] if p.dep == "prep" and p.lower == "of" for b in self._pobj_actors(p.i)])
                       if a.actor.type in (ActorType.IGO, ActorType.ORG, ActorType.GROUP)]
                heads = [a for a in heads if a.actor.type is ActorType.PERSON]
                negated, modality, _ = self.polarity(tok.i)
                date = self.event_date(tok.i) or self.ctx.article.date
                for h in heads:
                    for o in led:
                        self._add(found, RelationType.LEADER_OF, "LeaderOf", "", h.actor, o.actor, negated, modality,
                                  date, round(0.75 * h.weight * o.weight, 3), tok.lemma, f"verb '{tok.lemma}' (leads)", tok)
                continue
            elif tok.pos == "VERB" and tok.lemma in EXIT_VERBS and not any(
                    k.dep == "dobj" and k.i not in self.by_token for k in self.kids[tok.i]):
                # "Niger, Mali and Burkina Faso withdrew from ECOWAS", "threatened to leave the NPT": leaving an
                # organisation cuts ties with it (SANCTION), it is not a pullback of forces
                if self._clause_content(tok.i) or self._in_condition(tok.i):
                    continue  # "threatened to leave the NPT": the threat is the event
                states, _ = self.subjects(tok.i)
                igos = [a for k in self.kids[tok.i] if k.dep == "dobj" for a in self.actors_at(k.i)]
                igos += [a for k in self.kids[tok.i] if k.dep == "prep" and k.lower in ("from", "of")
                         for a in self._pobj_actors(k.i)]
                igos = [a for a in igos if a.actor.type is ActorType.IGO]
                states = [a for a in states if a.actor.type is ActorType.COUNTRY]
                if not igos or not states:
                    continue
                negated, modality, _ = self.polarity(tok.i)
                date = self.event_date(tok.i) or self.ctx.article.date
                for st in states:
                    for igo in igos:
                        conf = round(0.75 * st.weight * igo.weight, 3)
                        self._add(found, RelationType.SANCTION, "ReduceRelations", "16", st.actor, igo.actor, negated,
                                  modality, date, conf, tok.lemma, "leaving an organisation", tok)
                        if modality is Modality.FUTURE and not negated:
                            self._add(found, RelationType.THREATEN, "Threaten", "130", st.actor, igo.actor, False,
                                      Modality.ASSERTED, date, round(conf * 0.85, 3), tok.lemma,
                                      "intention (future SANCTION) of leaving an organisation", tok)
                continue
            igos = [a for a in igos if a.actor.type is ActorType.IGO]
            states = [a for a in states if a.actor.type is ActorType.COUNTRY]
            if not igos or not states:
                continue
            negated, modality, _ = self.polarity(tok.i)
            if tok.pos == "NOUN" and tok.dep in ("attr", "oprd"):
                negated = negated or any(k.dep == "neg" for k in self.kids[tok.head])
            date = self.event_date(tok.i) or self.ctx.article.date
            for st in states:
                for igo in igos:
                    self._add(found, RelationType.MEMBER_OF, "MemberOf", "", st.actor, igo.actor, negated, modality,
                              date, round(0.8 * st.weight * igo.weight, 3), tok.lemma, f"membership ({how})", tok)

    def _permission_verb(self, v: int) -> int | None:
        """The verb granting a permission whose infinitive ``v`` is: 'gave Kyiv permission to strike',
        'would not give permission to Russia to help Israel'."""
        tok = self.toks[v]
        if tok.dep not in ("advcl", "acl") or not any(k.dep == "aux" and k.lower == "to" for k in self.kids[v]):
            return None
        h = self.toks[tok.head]
        if h.lemma in PERMISSION_NOUNS and h.dep == "dobj":
            return h.head
        if h.pos in ("VERB", "AUX") and any(k.dep == "dobj" and k.lemma in PERMISSION_NOUNS for k in self.kids[h.i]):
            return h.i
        return None

    def _permission_recipients(self, v: int) -> list[Arg] | None:
        g = self._permission_verb(v)
        if g is None:
            return None
        out = [a for k in self.kids[g] if k.dep == "dative" for a in (self.actors_at(k.i) or self._pobj_actors(k.i))]
        out += [a for k in self.kids[g] if k.dep == "prep" and k.lower == "to" for a in self._pobj_actors(k.i)]
        return _unique(out) or None

    def _commented_subjects(self, n: int) -> list[Arg]:
        """The subjects of the clause that a comment noun set off by a comma ("..., a move ...") comments
        on: up from the noun through nouns, prepositions and participles to the first verb with a subject."""
        first = min([n] + [k.i for k in self.kids[n] if k.dep == "det"])
        if first == 0 or self.toks[first - 1].text not in (",", "—", "-", "–"):
            return []
        t = self.toks[n]
        for _ in range(10):
            if t.head == t.i:
                return []
            t = self.toks[t.head]
            if t.pos in ("VERB", "AUX") and t.dep != "acl":
                subs, _ = self.subjects(t.i)
                return subs
        return []

    def _place_state(self, v: int, n: int, targets: list[Arg]) -> list[Arg]:
        """The state named by an 'in' phrase on verb ``v`` or noun ``n`` ("arrested in Iran", "put under
        investigation in Italy"), other than the targets' own."""
        own = {a.actor.country for a in targets}
        out = [Arg(a.actor, a.how + "+place", a.weight * 0.8) for h in dict.fromkeys((v, n)) for k in self.kids[h]
               if k.dep == "prep" and k.lower == "in" for a in self._pobj_actors(k.i)
               if a.actor.type is ActorType.COUNTRY and a.actor.country not in own]
        return _unique(out)

    def _arg_head(self, a: Arg, i: int) -> int:
        """The token of the cue's subject whose mention gave ``a`` (for 'we')."""
        for k in self.kids[i]:
            if k.dep in SUBJECT_DEPS and any(m.actor.id == a.actor.id for m in self.by_head.get(k.i, ())):
                return k.i
        return -1

    def _aimed_at(self, i: int) -> bool:
        """A standing relation named as a goal: 'aimed at establishing close relations', 'seeking
        closer ties', 'hopes to build a partnership'."""
        t = self.toks[i]
        for _ in range(5):
            if t.head == t.i or t.dep not in ("dobj", "pobj", "prep", "pcomp", "xcomp", "acl", "compound", "amod", "conj"):
                return False  # only up a complement path: "Iran, Israel's arch-foe, has vowed ..." is not a goal
            t = self.toks[t.head]
            if t.lemma in self.lex.modals.future_verbs or t.lemma in ("aim", "seek", "strive", "work"):
                return True
        return False

    def _wished_for(self, i: int) -> bool:
        """'expressed hope for an agreement', 'a wish for a settlement to be reached': the object of a
        desire noun, or a 'for ... to' clause right after one."""
        tok = self.toks[i]
        if tok.dep == "pobj" and self.toks[tok.head].lower in ("for", "of") and (
                self.toks[self.toks[tok.head].head].lemma in DESIRE_NOUNS):
            return True
        clause = i if tok.pos in ("VERB", "AUX") else tok.head
        return any(k.dep == "mark" and k.lower == "for" and k.i > 0 and self.toks[k.i - 1].lemma in DESIRE_NOUNS
                   for k in self.kids[clause])

    def _fellow_members(self, n: int) -> tuple[list[Arg], list[Arg]]:
        """'its European Community partners', 'Turkey's NATO allies': the owner's fellow members of the
        organisation named on the noun, not a partnership with the organisation. Returns (owners, IGOs)."""
        if self.toks[n].lemma not in FELLOW_NOUNS:
            return [], []
        igos = [Arg(m.actor, m.how, 0.9) for k in self.kids[n] if k.dep in ("compound", "amod", "nmod") and k.i < n
                for j in self.s.subtree(k.i) for m in self.by_token.get(j, ())]
        owners = [a for k in self.kids[n] if k.dep == "poss" for a in self.actors_at(k.i)]
        if not igos or not owners or any(a.actor.type is not ActorType.IGO for a in igos):
            return [], []
        return owners, igos

    def _brokered_events(self, found: dict) -> None:
        """'U.S.-mediated security talks', 'the Qatari-brokered truce between Israel and Hamas': the mediator
        meets each party (CONSULT, mediation)."""
        for i, cue in self.matched.items():
            tok = self.toks[i]
            if cue.pos != "NOUN" or cue.type not in (RelationType.CONSULT, RelationType.AGREE, RelationType.RETREAT):
                continue
            mediators: list[Arg] = []
            # ("reached an agreement in Cairo, brokered by Egypt": the participle hung on the verb of the noun)
            hung = [k for k in self.kids[tok.head] if k.dep == "advcl" and k.i > i] if tok.dep == "dobj" else []
            for k in self.kids[i] + hung:
                if k.dep in ("acl", "advcl") and k.tag == "VBN" and k.lemma in MEDIATE_LEMMAS:
                    # "a deal brokered by the United Arab Emirates", "a ceasefire mediated by Egypt and Qatar"
                    mediators += [a for g in self.kids[k.i] if g.dep == "agent" for a in self._pobj_actors(g.i)]
                    continue
                if k.dep in ("amod", "compound"):
                    mediators += self._prefixed_participle(k, MEDIATOR_WORDS)[1]
            if not mediators:
                continue
            sources, targets, _ = self.noun_args(i, cue)
            parties = _unique(sources + targets)
            ids = {a.actor.id for a in mediators}
            date = self.event_date(i) or self.ctx.article.date
            negated, modality, _ = self.polarity(i)
            for med in _unique(mediators):
                for p in parties:
                    if p.actor.id not in ids:
                        self._add(found, RelationType.CONSULT, "Mediation", "045", med.actor, p.actor, negated, modality, date,
                                  round(0.7 * med.weight * p.weight, 3), f"{tok.lemma} mediated",
                                  f"mediator of the {tok.lemma} -> its parties", tok)

    def _prefixed_participle(self, k: Token, words) -> tuple[str | None, list[Arg]]:
        """'U.S.-backed', 'Qatari-brokered' (one token, or split by the tokenizer: 'Iran', '-', 'backed'):
        the participle, if one of ``words``, and the state or IGO named before it."""
        gaz = load_gazetteer()

        def named(text: str) -> list[Arg]:
            return [Arg(f.actor, "named before the participle", 0.9) for f in gaz.lookup(text)
                    if f.actor.type in (ActorType.COUNTRY, ActorType.IGO)][:1]

        parts = k.text.split("-")
        if len(parts) >= 2 and parts[-1].lower() in words:
            return parts[-1].lower(), named("-".join(parts[:-1]))
        if k.lower in words:
            return k.lower, [a for q in self.kids[k.i] if q.dep in ("npadvmod", "compound", "amod", "nmod") for a in (
                self.actors_at(q.i) or [Arg(m.actor, m.how, 0.9) for m in self.by_token.get(q.i, ())] or named(q.text))]
        return None, []

    def _backed_actors(self, found: dict) -> None:
        """'the Iran-backed group Hezbollah', 'Russian-armed separatists': the backer supports (or arms,
        funds) the actor the noun names, as a standing fact stated in passing (lower confidence)."""
        for i, tok in enumerate(self.toks):
            for k in self.kids[i]:
                word, backers = self._prefixed_participle(k, BACKER_WORDS) if k.dep in ("amod", "compound") else (None, [])
                if word is None:
                    continue
                backed = [a for a in self.actors_at(i) if a.actor.type is not ActorType.PERSON] or [
                    a for q in self.kids[i] if q.dep == "appos" for a in self.actors_at(q.i)]
                if not backers or not backed:
                    continue
                rtype, rel, cameo = BACKER_WORDS[word]
                date = self.ctx.article.date
                for b in _unique(backers):
                    for t in _unique(backed):
                        if b.actor.id != t.actor.id and not (b.actor.country and b.actor.country == t.actor.country):
                            self._add(found, RelationType(rtype), rel, cameo, b.actor, t.actor, False, Modality.ASSERTED,
                                      date, round(0.6 * b.weight * t.weight, 3), word, f"{k.text} {tok.text}: backer -> backed", tok)

    def _drills_as_warnings(self, found: dict) -> None:
        """'staged a trilateral air exercise ... in what the three allies said was a warning to North Korea',
        'held naval drills as a warning to China': drills (or a deployment) meant as a warning are aimed at
        whoever is warned (MOBILIZE: military drills aimed at another actor)."""
        for n in self.toks:
            cue = self.matched.get(n.i)
            if cue is None or cue.type is not RelationType.THREATEN or cue.pos != "NOUN":
                continue
            warned = [a for k in self.kids[n.i] if k.dep == "prep" and k.lower in ("to", "against", "for")
                      for a in self._pobj_actors(k.i)]
            v = None
            if n.dep == "pobj" and self.toks[n.head].lower == "as":
                v = self.toks[n.head].head  # "as a warning to China"
            elif n.dep in ("attr", "oprd"):  # "in what X said was / called a warning to Y"
                t = self.toks[n.head]
                for _ in range(4):
                    if t.dep in ("pcomp", "pobj") and self.toks[t.head].lower == "in":
                        v = self.toks[t.head].head
                        break
                    if t.head == t.i:
                        break
                    t = self.toks[t.head]
            if v is None or not warned or self.toks[v].pos not in ("VERB", "AUX"):
                continue
            acts = [self.toks[v]] + [k for k in self.kids[v] if k.dep == "dobj"]
            drill = any(a.lemma in EXERCISE_WORDS or getattr(self.matched.get(a.i), "type", None) is RelationType.MOBILIZE
                        for a in acts)
            if not drill:
                continue
            doers, how = self.subjects(v)
            self._add_stated(found, v, doers, warned, (RelationType.MOBILIZE, "ShowOfForce", "150"), n,
                             f"{self.toks[v].lemma} ... {n.lemma}", f"drills meant as a {n.lemma}: {how} of '{self.toks[v].text}' -> warned")

    def _requested_acts(self, found: dict) -> None:
        """'left the airport at Armenia's request', 'deployed at the invitation of the government':
        whoever asked for the act requested it of those who did it (REQUEST), stated in passing."""
        for tok in self.toks:
            if tok.dep != "prep" or tok.lower != "at" or self.toks[tok.head].pos not in ("VERB", "AUX"):
                continue
            for n in self.kids[tok.i]:
                if n.dep != "pobj" or n.lemma not in REQUEST_NOUNS:
                    continue
                askers = self.owners(n.i)
                v = tok.head
                doers, how = self.subjects(v)
                if not doers:  # "troops were deployed at the invitation of ...": those sent
                    doers, how = [a for k in self.kids[v] if k.dep == "nsubjpass" for a in self.actors_at(k.i)], "passive subject"
                if not doers and self.toks[v].dep == "acl":  # "Russian border guards, ..., left in 2024 at Armenia's request"
                    doers, how = self.actors_at(self.toks[v].head), "the noun it is said of"
                negated, modality, _ = self.polarity(v)
                if negated or modality is Modality.HYPOTHETICAL:
                    continue
                date = self.event_date(v) or self.ctx.article.date
                for src, tgt in self._pairs(_REQUESTED, askers, doers):
                    self._add(found, RelationType.REQUEST, "Request", "10", src.actor, tgt.actor, False, Modality.ASSERTED,
                              date, round(0.6 * src.weight * tgt.weight, 3), f"at ... {n.lemma}",
                              f"at {n.text}: owner -> {how} of '{self.toks[v].text}'", n)

    def _characterized_denials(self, found: dict) -> None:
        """'calling the Indian allegations baseless', 'dismissed the report as fabricated': describing a claim
        as false rejects whoever made it (its owner, else the accusers before it)."""
        for tok in self.toks:
            if tok.lemma not in CHARACTERIZING_VERBS | {"dismiss", "reject", "brush"} or tok.pos != "VERB":
                continue
            claims = [k for k in self.kids[tok.i] if k.dep == "dobj" and k.lemma in CLAIM_NOUNS | REPORT_NOUNS]
            if not claims or tok.i in self.matched and self.matched[tok.i].type is RelationType.REJECT:
                continue
            words = [k for k in self.kids[tok.i] if k.dep in ("oprd", "acomp", "xcomp", "ccomp", "advcl")] + [
                q for k in self.kids[tok.i] if k.dep == "prep" and k.lower == "as" for q in self.kids[k.i] if q.dep == "pobj"]
            words += [c for w in list(words) for c in self.kids[w.i] if c.dep == "conj"]
            if not any(w.lemma in DENIAL_WORDS or w.lower in DENIAL_WORDS for w in words):
                continue
            claim = claims[0]
            targets = self.owners(claim.i) or [a for k in self.kids[claim.i] if k.dep in ("amod", "compound")
                                                for a in self.actors_at(k.i)]
            how = "owner of the claim"
            if not targets:
                targets, how = self._denied_accusers(tok.i)
            sources, _ = self.subjects(tok.i)
            date = self.event_date(tok.i) or self.ctx.article.date
            negated = any(k.dep == "neg" for k in self.kids[tok.i])
            for src, tgt in self._pairs(_GENERIC_CUE, sources, _unique(targets)):
                self._add(found, RelationType.REJECT, "Rejection", "120", src.actor, tgt.actor, negated, Modality.ASSERTED,
                          date, round(0.7 * src.weight * tgt.weight, 3), f"{tok.lemma} {claim.lemma} false",
                          f"claim called false: subject of '{tok.text}' -> {how}", tok)

    def _refused_permissions(self, found: dict) -> None:
        """'X refused to allow UN planes to land', 'declined to let inspectors in': a refusal to permit
        what another actor wants is a REJECT of that actor (only when no cue codes the inner act)."""
        for tok in self.toks:
            if tok.lemma in ("give", "grant") and any(k.dep == "neg" for k in self.kids[tok.i]) and any(
                    k.dep == "dobj" and k.lemma in PERMISSION_NOUNS for k in self.kids[tok.i]):
                # "would not give permission to Russia to help Israel": the one denied permission is rejected
                targets = [a for k in self.kids[tok.i] if k.dep == "dative" for a in (self.actors_at(k.i) or self._pobj_actors(k.i))]
                targets += [a for k in self.kids[tok.i] if k.dep == "prep" and k.lower == "to" for a in self._pobj_actors(k.i)]
                sources, _ = self.subjects(tok.i)
                date = self.event_date(tok.i) or self.ctx.article.date
                for src, tgt in self._pairs(_GENERIC_CUE, sources, _unique(targets)):
                    self._add(found, RelationType.REJECT, "Reject", "12", src.actor, tgt.actor, False, Modality.ASSERTED,
                              date, round(0.6 * src.weight * tgt.weight, 3), f"not {tok.lemma} permission",
                              "refused permission", tok)
                continue
            if tok.lemma not in self.lex.modals.refusals or tok.pos not in ("VERB", "AUX"):
                continue
            for x in self.kids[tok.i]:
                if x.dep != "xcomp" or x.lemma not in ("allow", "let", "permit") or x.i in self.matched:
                    continue
                targets = [a for k in self.kids[x.i] if k.dep in ("dobj", "nsubj") for a in self.actors_at(k.i)]
                targets += [a for k in self.kids[x.i] if k.dep in ("ccomp", "xcomp") for s in self.kids[k.i]
                            if s.dep == "nsubj" for a in self.actors_at(s.i)]  # "refused to allow [UN planes to land]"
                sources, _ = self.subjects(tok.i)
                date = self.event_date(tok.i) or self.ctx.article.date
                negated = any(k.dep == "neg" for k in self.kids[tok.i])
                for src, tgt in self._pairs(_GENERIC_CUE, sources, targets):
                    self._add(found, RelationType.REJECT, "Reject", "12", src.actor, tgt.actor, negated, Modality.ASSERTED,
                              date, round(0.6 * src.weight * tgt.weight, 3), f"{tok.lemma} to {x.lemma}",
                              f"refusal to permit: subject of '{tok.text}' -> who was to be let '{x.text}'", tok)

    def _obligations(self, found: dict) -> None:
        """'X said (that) Y must/should V': a demand of X on Y (REQUEST), a general reading of
        reported obligations."""
        for tok in self.toks:
            if tok.pos not in ("VERB", "AUX") or tok.dep not in ("ccomp", "xcomp", "parataxis"):
                continue
            aux = [k for k in self.kids[tok.i] if k.dep == "aux" and k.lower in self.lex.modals.obligation_aux]
            if not aux or any(k.dep == "neg" for k in self.kids[tok.i]):
                continue
            speech = self.toks[tok.head]
            if speech.pos not in ("VERB", "AUX") or speech.lemma not in self.lex.modals.statement_verbs:
                continue
            sources, _ = self.subjects(speech.i)
            targets = [a for k in self.kids[tok.i] if k.dep in SUBJECT_DEPS + ("nsubjpass",) for a in self.actors_at(k.i)]
            date = self.event_date(speech.i) or self.ctx.article.date
            for src, tgt in self._pairs(_OBLIGATION, sources, targets):
                conf = round(0.6 * src.weight * tgt.weight, 3)
                self._add(found, RelationType.REQUEST, "Demand", "10", src.actor, tgt.actor, False, Modality.ASSERTED,
                          date, conf, f"{speech.lemma} ... {aux[0].lower}", f"obligation: subject of '{speech.text}' -> subject of '{aux[0].text} {tok.text}'", aux[0])

    def _reported(self, i: int) -> bool:
        """The cue's clause is reported speech: a complement of a statement verb."""
        t = self.toks[i]
        for _ in range(3):
            if t.dep not in ("ccomp", "xcomp", "conj") or t.head == t.i:
                return False
            t = self.toks[t.head]
            if t.lemma in self.lex.modals.statement_verbs or t.lemma in ("confirm", "announce", "vow", "promise"):
                return True
        return False

    def _condition_subjects(self, i: int, markers: tuple[str, ...] = ("if", "unless")) -> list[Arg]:
        """Subjects of an 'if'/'unless' clause on the cue's clause or on what it threatens ("threatened to
        stop talks if the US goes ahead"): who must act to avoid it."""
        out: list[Arg] = []
        inner = [k.i for k in self.kids[i] if k.dep in ("xcomp", "ccomp")]
        for v in [i] + inner + [g.i for g in self.governors(i)[:2]]:
            for k in self.kids[v]:
                if k.dep == "advcl" and any(m.dep == "mark" and m.lower in markers for m in self.kids[k.i]):
                    subs, _ = self.subjects(k.i)
                    out.extend(subs)
            if out:
                break
        return _unique(out)

    def _demanded(self, i: int) -> bool:
        """The cue's clause is an obligation stated by someone ("X said Y must V")."""
        tok = self.toks[i]
        if tok.dep not in ("ccomp", "xcomp", "parataxis") or not any(
                k.dep == "aux" and k.lower in self.lex.modals.obligation_aux for k in self.kids[i]):
            return False
        head = self.toks[tok.head]
        return head.lemma in self.lex.modals.statement_verbs

    def _stative(self, i: int) -> bool:
        """'X is opposed/committed to Y': a participle read as a passive that states an attitude."""
        tok = self.toks[i]
        return tok.lower in self.lex.modals.stative_participles and bool(self._stative_subjects(i)) and (
            not any(k.dep == "agent" for k in self.kids[i])) and any(k.dep == "prep" and k.lower == "to" for k in self.kids[i])

    def _stative_subjects(self, i: int) -> list[Token]:
        """The subject of 'X is opposed to': on the participle, or on its 'is' when the parser hung it there."""
        out = [k for k in self.kids[i] if k.dep == "nsubjpass"]
        if not out and any(k.dep == "auxpass" for k in self.kids[i]):
            out = [k for k in self.kids[i] if k.dep == "nsubj"]
            out += [s for a in self.kids[i] if a.dep == "auxpass" for s in self.kids[a.i] if s.dep == "nsubj"]
        if not out and self.toks[i].dep in ("acomp", "attr") and self.toks[self.toks[i].head].lemma in COPULAS:
            out = [k for k in self.kids[self.toks[i].head] if k.dep == "nsubj"]
        return out

    def _adverbial_cut(self, i: int) -> set[int]:
        """Tokens above the first adverbial/relative clause link on the way up from token i."""
        t = self.toks[i]
        for _ in range(8):
            if t.head == t.i:
                return set()
            if t.dep in ("advcl", "relcl", "acl", "parataxis") and not (
                    t.dep == "advcl" and self._is_purpose(t.i)):  # (not a purpose: "send X to help")
                out = set()
                h = self.toks[t.head]
                while True:
                    out.add(h.i)
                    if h.head == h.i:
                        return out
                    h = self.toks[h.head]
            t = self.toks[t.head]
        return set()

    def _in_condition(self, i: int) -> bool:
        """The cue is inside an 'if'/'unless' clause (or its objects)."""
        t = self.toks[i]
        for _ in range(6):
            if t.dep == "advcl" and any(k.dep == "mark" and k.lower in ("if", "unless") for k in self.kids[t.i]):
                return True
            if t.head == t.i or t.dep in ("ROOT", "ccomp", "relcl", "parataxis"):
                return False
            t = self.toks[t.head]
        return False

    def _obliged(self, i: int) -> bool:
        """The cue's clause carries must/should, itself or through 'be ready/able/prepared to'."""
        t = self.toks[i]
        for _ in range(3):
            if any(k.dep == "aux" and k.lower in self.lex.modals.obligation_aux for k in self.kids[t.i]):
                return True
            if t.dep not in ("xcomp", "acomp") or t.head == t.i:
                return False
            t = self.toks[t.head]
        return False

    def _clause_content(self, i: int) -> bool:
        """The cue is inside what a demand, threat, accusation or rejection is about: its complement
        clause ("demanded that Israel ease ..."), a clause on its object ("demanded an admission that
        X murdered ..."), its purpose ("demanded a meeting to discuss ..."), or a gerund ("accused X of
        attacking ..."). A verb coordinated with the demand ("condemned ... and recalled ...") is an
        event of its own; a negating verb on the way ("denied that it had agreed") keeps the cue."""
        t = self.toks[i]
        content = False
        for _ in range(6):
            if t.head == t.i:
                return False
            dep, h = t.dep, self.toks[t.head]
            if dep == "ccomp" and self._relative_clause(t.i):
                return False  # "accused Serbia of sheltering the organisers, whom Pristina has asked Belgrade to hand over"
            if dep in ("xcomp", "ccomp", "pcomp") or (dep == "acl" and t.pos in ("VERB", "AUX")) or (
                    dep == "advcl" and any(k.dep == "aux" and k.lower == "to" for k in self.kids[t.i])):
                content = True
            elif dep not in ("conj", "prep", "pobj", "dobj"):
                return False
            if dep == "conj" and t.lemma in self.lex.modals.statement_verbs:
                return False  # "condemned the launch and said his government had lodged a protest": said's own content
            if dep == "conj" and content and t.pos in ("VERB", "AUX"):
                return False  # "criticized X, and Japan is set to join Y in drills": the content of its own clause
            if self._negates(h):
                # "denied that it had agreed" keeps the cue (negated); "demanded that they refuse to
                # recognize X" does not: the refusal is itself only demanded
                return self._clause_content(h.i)
            gc = self.matched.get(h.i)
            if gc is None and content and dep == "ccomp":
                # "reiterated its demand today that Israel ease ...": the clause belongs to the verb's object
                gc = next((self.matched[k.i] for k in self.kids[h.i] if k.dep == "dobj" and k.i in self.matched), None)
            if content and gc is not None and gc.type in CLAUSE_CODING_TYPES and (
                    h.lemma not in self.lex.modals.future_verbs or (gc.type is not RelationType.AGREE and dep != "xcomp")):
                return True  # ("are seeking to deepen a partnership": their own intention, not a request)
            t = h
        return False

    def _reciprocal(self, i: int) -> bool:
        """The clause speaks of both subjects' own things: 'their troops', 'each other', 'one another'."""
        for k in self.kids[i]:
            if k.dep in ("dobj", "pobj", "prep", "npadvmod"):
                for j in self.s.subtree(k.i):
                    if self.toks[j].lower in ("their", "each", "another", "mutual", "mutually"):
                        return True
        return False

    def _terminator(self, i: int, cue: Cue) -> Token | None:
        """A verb that stops what a cooperative noun names ("suspended aid", "called off talks")."""
        if cue.pos != "NOUN" or cue.type not in COOPERATIVE_TYPES:
            return None
        tok = self.toks[i]
        frame = tok.head if tok.dep == "compound" and self.toks[tok.head].pos == "NOUN" else i  # "a military aid program"
        ft = self.toks[frame]
        if ft.dep == "pobj" and self.toks[ft.head].lower in ("of", "to", "in", "on") and (
                self.toks[self.toks[ft.head].head].lemma in self.lex.modals.terminator_nouns):
            return self.toks[self.toks[ft.head].head]  # "a suspension of air links with Serbia"
        while ft.dep == "pobj" and self.toks[ft.head].lower == "of" and self.toks[self.toks[ft.head].head].lemma in QUANTITY_NOUNS:
            ft = self.toks[self.toks[ft.head].head]  # "suspended part of a military aid program"
        gov = self._governing_verb(frame)
        if gov is None or ft.dep not in ("dobj", "nsubjpass"):
            return None
        g = self.toks[gov]
        words = {g.lemma} | {f"{g.lemma} {k.lower}" for k in self.kids[gov] if k.dep == "prt"}
        return g if words & self.lex.modals.terminators else None

    def _relative_clause(self, v: int) -> bool:
        """Clause ``v`` opens with a relative pronoun: a relative clause the parser hung as a complement."""
        first = self.toks[min(self.s.subtree(v))]
        return first.tag in ("WP", "WDT") and first.lower in ("whom", "which", "who")

    def _suppressed(self, i: int, cue: Cue) -> bool:
        """Inner cues of a clause already coded by a governing cue ("agreed to cooperate" -> AGREE)."""
        tok = self.toks[i]
        if cue.pos == "VERB" and tok.dep == "ccomp" and self._relative_clause(i):
            return False  # ("..., whom Pristina has asked Belgrade to hand over": what the writer asserts)
        if cue.pos == "NOUN" and self._branding_verb(i) is not None:
            return True  # "described the strikes as a violation": a branding (_branded_acts), not a violation
        if cue.type is RelationType.CONSULT and cue.pos == "NOUN" and tok.lemma in ("message", "signal") and (
                tok.dep == "pobj" and self.toks[tok.head].lower in ("in", "as")):
            return True  # "test-fired a missile, in a message to China": a signal, no message sent
        if cue.type is RelationType.SUPPORT and tok.lemma in BACKING_NOUNS and tok.dep == "pobj" and (
                self.toks[tok.head].lower == "with"):
            return False  # "..., with the backing of Russia": a support of its own (_backed_with)
        if any(m.head != i and m.end - m.start >= 2 and m.how != "adjective" for m in self.by_token.get(i, ())):
            return True  # "the UN emergency relief coordinator", "a Senegalese peacekeeping force": part of a name or title
        if cue.pos == "NOUN" and tok.dep == "compound" and self.toks[tok.head].dep == "dobj":
            blocker = self.matched.get(self.toks[tok.head].head)
            if blocker is not None and blocker.type is RelationType.REJECT and blocker.objects:
                return True  # "blocked a new EU sanctions package": what is blocked did not happen
        if cue.pos == "NOUN" and tok.dep == "dobj" and self.toks[tok.head].lemma in DRAW_VERBS and any(
                k.dep == "prep" and k.lower in ("from", "by") for h in (i, tok.head) for k in self.kids[h]):
            return False  # "..., drawing criticism from the UN": a reaction of its own, not part of the act drawing it
        governor = tok.head if tok.dep in ("dobj", "nsubjpass", "attr") else (
            self.toks[tok.head].head if tok.dep == "pobj" and self._stative_object(self.toks[tok.head].head) == tok else None)
        if governor is None and tok.dep == "pobj" and self.toks[tok.head].lower == "of":
            part = self.toks[self.toks[tok.head].head]  # "lifted most of its sanctions": the verb over "most"
            if part.dep in ("dobj", "nsubjpass") and part.i not in self.matched and not self.by_token.get(part.i) and (
                    part.pos in ("ADJ", "NUM", "DET", "PRON") or part.lemma in QUANTITY_NOUNS):
                governor = part.head
        if cue.pos != "VERB" and governor is not None:
            head_cue = self.matched.get(governor)
            if head_cue is not None and head_cue.objects and (tok.lemma in head_cue.objects or tok.lower in head_cue.objects):
                if head_cue.type in RESPONSE_TYPES and any(k.dep == "poss" for k in self.kids[i]):
                    own = {a.actor.id for a in self.subjects(governor)[0]}
                    if not any(a.actor.id in own for k in self.kids[i] if k.dep == "poss" for a in self.actors_at(k.i)):
                        return False  # "rejected Estonia's accusation": Estonia's accusation is an event of its own
                    return True  # "lifted its sanctions on Damascus": its own measure, coded by the lifting
                if head_cue.type in RESPONSE_TYPES:
                    makers = [a for k in self.kids[i] if k.dep == "prep" and k.lower in ("by", "from")
                              for a in self._pobj_actors(k.i)]
                    own = {a.actor.id for a in self.subjects(governor)[0]}
                    if makers and not any(a.actor.id in own for a in makers):
                        return False  # "rejected a demand by the United States for a truce": the demand was made
                if tok.dep == "nsubjpass" and not any(k.dep == "agent" for k in self.kids[governor]) and (
                        self._has_parties(i)):
                    return False  # "the agreement between Armenia and Azerbaijan was signed": the noun names the parties
                return not cue.modifiers  # "send a message": the verb codes it; "congratulatory" adds SUPPORT
        if cue.pos == "NOUN" and any(k.dep == "poss" or (k.dep in ("amod", "compound") and k.i in self.by_token)
                                     for k in self.kids[i]):
            return False  # "condemned Russia's invasion of Ukraine": the invasion is an event of its own
        if cue.pos == "NOUN" and cue.type in (RelationType.RIVALRY, RelationType.PARTNERSHIP) and self._has_parties(i) and (
                not self._wished_for(i)):
            return False  # "in a sign of the rising tensions between the two powers": a state of affairs, in any clause
        if cue.pos == "VERB" and self._demanded(i):
            return True  # "Libya must hand over ...", said by someone: coded as that speaker's demand
        if cue.pos == "VERB" and self._obliged(i):
            return True  # "Iraq must cooperate": an obligation, not an event (a speaker's demand is coded apart)
        if cue.pos == "VERB" and tok.dep == "xcomp" and self.toks[tok.head].lemma in HEDGE_PARTICIPLES and (
                self.toks[tok.head].tag == "VBN"):
            return True  # "Russia was believed to be providing Pyongyang with air defence systems": a belief, hedged
        if cue.pos == "VERB" and tok.dep == "xcomp" and self.toks[tok.head].lower in ("was", "were") and any(
                k.dep == "aux" and k.lower == "to" for k in self.kids[i]) and not any(
                k.dep == "attr" for k in self.kids[tok.head]):
            # (not "Japan was the first G7 country to sign the agreement": the infinitive says what the noun did)
            return True  # "under the truce, Israel was to withdraw within 60 days": what was to happen, not what did
        if self._clause_content(i):
            return True  # "demanded that X refuse to recognize Y": only the demand happened
        if self._in_condition(i):
            return True  # "... unless Baghdad accepted its conditions": a condition is not said to happen
        if cue.pos == "VERB" and tok.dep in ("xcomp", "ccomp") and self.toks[tok.head].lemma in DESIRE_VERBS and (
                any(k.dep in ("dobj", "nsubj") and k.i < i for k in self.kids[tok.head] if k.i > tok.head) or
                any(k.dep == "nsubj" for k in self.kids[i])):
            return True  # "Obama wants Putin to attack Switzerland": another's act, only wished for
        if cue.pos == "NOUN" and any(m.how in ("coref", "gazetteer", "ner") and m.start <= i < m.end
                                     for m in self.by_head.get(i, ())):
            return True  # "both members of the bloc" (the SCO): the word names an actor here, not an event
        if cue.pos == "NOUN" and any(k.dep == "det" and k.lower == "any" for k in self.kids[i]):
            return True  # "continue to act against any threat to its citizens": no particular event
        if self._wished_for(i):
            return True  # "Washington's earnest wish for a settlement": hoped for, not happening
        if cue.pos == "VERB" and tok.dep == "acl" and self.toks[tok.head].lemma in ABILITY_NOUNS and any(
                k.dep == "aux" and k.lower == "to" for k in self.kids[i]):
            return True  # "defended the right of Russian troops to fire on militants": a right, not an act
        if cue.pos == "NOUN" and tok.dep in ("oprd", "attr") and self.toks[tok.head].lemma in CHARACTERIZING_VERBS and (
                any(k.dep == "dobj" for k in self.kids[tok.head])) and self._characterizing_verb(i, cue) is None:
            return True  # "calling it a violation of Iran's sovereignty": a description of the attack, not an event
        if cue.pos == "VERB" and cue.type is RelationType.ASSAULT and tok.lemma in ("target", "aim", "hit") and tok.tag == "VBG" and (
                tok.dep in ("advcl", "acl")):
            head = self.toks[tok.head]
            near = [head.i] + [k.i for k in self.kids[head.i] if k.dep in ("dobj", "nsubjpass")]
            near += [q.i for j in list(near) for p in self.kids[j] if p.dep == "prep" and p.lower == "of" for q in self.kids[p.i]]
            if any(self.matched.get(j) is not None and self.matched[j].type is RelationType.SANCTION for j in near):
                return True  # "adopted a package of sanctions against Russia, targeting 200 vessels": the sanctions' scope
        circumstance = tok.dep == "pobj" and self.toks[tok.head].lower in CIRCUMSTANCE_PREPS
        if cue.pos == "NOUN" and tok.dep == "pobj" and self.toks[tok.head].lower == "with":
            gv = self.toks[self.toks[tok.head].head]
            if gv.i in self.matched and self.matched[gv.i].type is cue.type:
                return False  # "retaliated with missile barrages on Israeli cities": the means names the target
        if cue.pos == "VERB" and tok.dep == "xcomp" and self.toks[tok.head].lemma in CAUSATIVE_VERBS and any(
                k.dep == "dobj" for k in self.kids[tok.head]):
            return False  # "..., prompting China to announce sanctions": what one was caused to do, one did
        if cue.pos == "VERB" and tok.dep == "pcomp" and self.toks[tok.head].lower in ("by", "before", "after", "upon"):
            return False  # "responded by ordering a diplomat to leave", "fought before agreeing to a truce": acts of their own
        if cue.pos == "VERB" and tok.dep in ("xcomp", "ccomp", "pcomp") or (
                cue.pos == "NOUN" and tok.dep in ("dobj", "pobj") and not circumstance):
            # ("freed 553 prisoners under a deal with the Vatican": the deal is an event of its own)
            for g in self._governors_no_conj(i)[:2]:
                if self._negates(g) or g.lemma in self.lex.modals.future_verbs:
                    return False
                if g.lemma in self.lex.modals.statement_verbs and tok.dep == "ccomp":
                    return False  # "'I will meet Putin,' Trump told reporters": what is said is coded itself
                if g.i in self.matched and g.i != i:
                    gc = self.matched[g.i]
                    if (gc.relation.startswith("Mediat") or (g.lemma == "host" and self._has_parties(i))) and (
                            cue.pos == "NOUN" and cue.type is RelationType.CONSULT):  # ("will host talks between X and Y")
                        return False  # "mediated talks between Tehran and Washington": the parties talked too
                    if g.lemma == "help" and g.pos == "VERB" and cue.pos == "VERB":
                        return False  # "help support X": the helped act is the event (help itself is skipped)
                    if gc.type in (RelationType.SUPPORT,) and tok.dep == "pcomp":
                        return False  # "thanked X for sending ..." codes both
                    if cue.pos == "NOUN" and tok.dep == "dobj" and gc.type is RelationType.REQUEST and (
                            cue.type is not RelationType.REQUEST):
                        return True  # "urged talks with the Taliban": what is asked for has not happened
                    if cue.pos == "NOUN" and tok.dep == "dobj" and gc.type in (
                            RelationType.SUPPORT, RelationType.ACCUSE, RelationType.PROTEST) and any(
                            k.dep == "prep" and k.lower == "by" and self._pobj_actors(k.i) for k in self.kids[i]):
                        return False  # "welcomed the release of the American journalist by Russia": the release happened
                    if cue.pos == "NOUN" and tok.dep == "dobj" and not gc.objects and self._event_noun_targets(i):
                        return False  # "approved a $7 billion loan for Pakistan": the loan has its own target
                    if cue.pos == "NOUN" and tok.dep == "dobj" and cue.type is RelationType.AID and g.lemma in APPROVAL_VERBS:
                        return False  # "approved the sale of missiles to Taiwan": approving the transfer makes it
                    if cue.pos == "NOUN" and cue.type in (RelationType.SANCTION, RelationType.AID) and g.lemma in APPROVAL_VERBS and (
                            tok.dep == "dobj" or self.toks[self.toks[tok.head].head].lemma in QUANTITY_NOUNS):
                        return False  # "approved a 19th package of sanctions against Russia": approving them imposes them
                    if gc.objects and cue.pos == "NOUN":
                        return tok.lemma in gc.objects
                    if cue.pos == "VERB" and tok.dep == "xcomp" and g.i == tok.head and cue.type in (
                            RelationType.REQUEST, RelationType.ACCUSE) and (gc.type is RelationType.CONSULT or (
                            gc.type is RelationType.PROTEST and gc.objects)) and any(
                            k.dep == "aux" and k.lower == "to" for k in self.kids[i]):
                        return False  # "summoned Niger's ambassador to complain of inaction": a contact's purpose is an act
                    return True
        return False

    def _benefactive(self, i: int) -> tuple[list[Arg], list[Arg]] | None:
        """'thanked X for sending a message': the sender is X, the beneficiary the thanker."""
        t = self.toks[i]
        for _ in range(3):
            if t.dep == "pcomp" and self.toks[t.head].lower == "for":
                gov_i = self.toks[t.head].head
                gov = self.toks[gov_i]
                cue = self.matched.get(gov_i)
                obj = self.object_noun(gov) if gov.pos in ("VERB", "AUX") else None
                if cue is None and obj is not None:
                    cue = self.matched.get(obj.i)
                if cue is None or cue.type is not RelationType.SUPPORT:
                    return None
                if gov.pos in ("VERB", "AUX"):
                    subs, _ = self.subjects(gov_i)
                    tg, _ = self.verb_targets(gov_i, cue)
                    if not tg and obj is not None:
                        _, tg, _ = self.noun_args(obj.i, cue)
                else:
                    subs, tg, _ = self.noun_args(gov_i, cue)
                return [Arg(a.actor, a.how, a.weight * 0.9) for a in tg], [Arg(a.actor, a.how, a.weight * 0.9) for a in subs]
            if t.head == t.i:
                return None
            t = self.toks[t.head]
            if t.pos in ("VERB", "AUX") and t.dep not in ("pcomp",):
                if t.dep != "pcomp":
                    return None
        return None

    def _pairs(self, cue: Cue, sources: list[Arg], targets: list[Arg]) -> list[tuple[Arg, Arg]]:
        pairs = [(s, t) for s in sources for t in targets if s.actor.id != t.actor.id and not (
            cue.foreign and s.actor.country and s.actor.country == t.actor.country)]
        # "X and Y met": pairs of coordinated subjects, but not from an ambiguous cue ("calling it ...")
        # mediators do not consult each other: "talks mediated by Qatar, Egypt and Turkey"
        # nor do co-pledgers agree with each other: "Saudi Arabia and Qatar pledged to fund salaries"
        if not targets and cue.type.symmetric and cue.confidence >= 0.5 and not cue.relation.startswith(
                "Mediat") and cue.lemma and cue.lemma.split()[0] not in PLEDGE_VERBS and len({s.actor.id for s in sources}) >= 2:
            pairs = [(a, b) for a, b in combinations(sources, 2) if a.actor.id != b.actor.id]
        return pairs

    def _add(self, found, rtype, relation, cameo, src, tgt, negated, modality, date, conf, cue, rule, tok) -> None:
        if src.type is ActorType.OTHER or tgt.type is ActorType.OTHER:
            return
        if (rtype in FORCE_TARGET_TYPES or rtype is RelationType.SANCTION) and tgt.type is ActorType.ORG and (
                tgt.sector == "MIL") and tgt.parent and (
                tgt.name.endswith(" forces")):
            # "disarm Japanese forces", "killed two British soldiers": force used on a state's unnamed
            # forces is used on that state (CAMEO codes the target as the state); named bodies
            # ("the Israeli army") stay themselves
            state = load_gazetteer().actors.get(tgt.parent)
            if state is not None:
                tgt = state
        if rtype is RelationType.PROTEST and tgt.type is ActorType.PERSON and tgt.country and relation == "DiplomaticProtest":
            # "summoned China's deputy ambassador, Liang Wenbo, to protest": the protest is to the envoy's state
            state = load_gazetteer().state(tgt.country)
            if state is not None:
                tgt = state
        rel = Relation(
            doc=self.ctx.article.id, type=rtype, relation=relation, source=src, target=tgt,
            sentence_index=self.s.index, sentence=self.s.text, start=self.s.start, end=self.s.end,
            negated=negated, modality=modality, date=date, confidence=conf, extractor=NAME, cameo=cameo,
            cue=cue, rule=rule, quote=tok.text,
        )
        key = rel.key
        if key not in found or found[key].confidence < conf:
            found[key] = rel


_REQUESTED = Cue(lemma="request", pos="NOUN", type=RelationType.REQUEST, relation="Request", cameo="10")
_OBLIGATION = Cue(lemma="must", pos="VERB", type=RelationType.REQUEST, relation="Demand", cameo="10")
_GENERIC_CUE = Cue(lemma="", pos="VERB", type=RelationType.CONSULT, relation="Consult", cameo="")


def tok_is_acl_passive(tok: Token) -> bool:
    return tok.dep == "acl" and tok.tag == "VBN"




def _second_subject_as_object(toks: tuple[Token, ...]) -> tuple[Token, ...]:
    """'the Russian foreign ministry summoned Finland's ambassador': the small parser sometimes gives a verb
    a second subject after it; a subject after a verb that has one before it is its object."""
    subjects: dict[int, list[Token]] = {}
    for t in toks:
        if t.dep == "nsubj" and t.head != t.i:
            subjects.setdefault(t.head, []).append(t)
    fix = {t.i for v, ts in subjects.items() if len(ts) >= 2 and any(t.i < v for t in ts)
           for t in ts if t.i > v and toks[v].pos == "VERB" and not any(
               k.dep == "dobj" and k.head == v for k in toks)}
    if not fix:
        return toks
    return tuple(replace(t, dep="dobj") if t.i in fix else t for t in toks)


def _unique(args: list[Arg]) -> list[Arg]:
    seen: dict[str, Arg] = {}
    for a in args:
        if a.actor.id not in seen or seen[a.actor.id].weight < a.weight:
            seen[a.actor.id] = a
    return list(seen.values())
