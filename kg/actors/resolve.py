"""Stage 3: parsed sentences -> actor mentions and role facts, with coreference in an article.

Input: the Sentence records of one article and the Gazetteer. Output: a ResolvedArticle
holding, per sentence, the Mention records (token span -> canonical Actor) and the role
facts found in titles and appositions ("Russian President Vladimir Putin" -> Putin
LEADER_OF Russia). Coreference is article-local: surnames and name parts, role nouns
("the North Korean leader"), context short forms ("the North"), "the country", "the two
countries", and pronouns where the parse makes it safe (first person inside a quotation
is its speaker; he/she/it to the latest subject of that kind).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from ..records import Actor, ActorType, Article, Entity, Mention, RelationType, Sentence, Token
from .gazetteer import Form, Gazetteer, Title, normalise

SPEECH_VERBS = frozenset(
    "say tell note add state write stress emphasize emphasise declare insist claim announce "
    "warn remark reply explain assert affirm quote".split()
)
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
THING_PRONOUNS = frozenset({"it", "its"})
PAIR_NOUNS = frozenset({"country", "nation", "side", "state", "government", "neighbor", "neighbour", "ally",
                        "partner", "capital", "army", "military", "delegation", "power", "economy", "rival", "leader", "president", "minister", "head", "counterpart"})
PERSON_PAIR_NOUNS = frozenset({"leader", "president", "minister", "head", "counterpart"})
DEFINITE_STATE_NOUNS = frozenset({"country", "nation", "state", "kingdom", "republic"})
DEFINITE_GROUP_NOUNS = frozenset({"group", "militia", "movement", "insurgency", "guerrilla", "paramilitary", "militant",
                                  "rebel", "insurgent", "jihadist"})
GOVERNMENT_NOUNS = frozenset({"government", "junta", "regime"})  # "the junta": of the state the article is about
NAME_FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "in", "on", "de", "al", "el", "la", "s", "national", "state",
                                 "people", "republic", "united", "new", "group"})
DEFINITE_IGO_NOUNS = frozenset({"bloc", "alliance", "organisation", "organization", "union", "grouping", "body"})
HARDWARE_NOUNS = frozenset({"system", "missile", "battery", "rocket", "jet", "fighter", "tank", "drone", "launcher",
                            "helicopter", "aircraft", "vessel", "ship", "submarine", "warhead", "interceptor", "vehicle",
                            "howitzer", "gun", "rifle", "munition", "shell", "bomb", "satellite", "reactor"})
WATER_WORDS = frozenset({"sea", "gulf", "bay", "strait", "straits", "ocean", "lake"})
ABROAD_NOUNS = frozenset({"embassy", "consulate", "mission", "delegation", "envoy", "ambassador", "diplomat", "attache",
                          "correspondent", "peacekeeper", "observer", "monitor", "inspector", "negotiator", "visitor"})
VESSEL_NOUNS = frozenset({"ship", "vessel", "tanker", "freighter", "carrier", "cargo", "boat", "trawler"})
OWNED_WORDS = frozenset({"owned", "flagged", "registered", "operated", "run", "controlled", "held", "claimed", "administered"})
LED_WORDS = frozenset({"led", "commanded", "headed"})
TITLE_QUALIFIERS = frozenset({"junior", "senior", "former", "ex", "then", "acting", "interim", "outgoing", "incoming",
                              "caretaker", "new", "newly", "appointed", "elected", "top", "veteran", "late", "powerful",
                              "influential", "hardline", "embattled", "ousted", "deposed", "exiled", "longtime"})
PLACE_NAME_STARTS = frozenset({"mount", "mt", "mt.", "lake", "cape", "gulf", "strait", "straits", "bay", "port", "fort",
                               "camp", "mountains", "river", "sea", "isla", "islas", "jebel", "wadi"})
PLACE_NOUNS = frozenset({"island", "islet", "village", "town", "city", "region", "province", "district", "river", "mountain",
                         "valley", "border", "crossing", "port", "airport", "base", "camp", "field", "strait", "peninsula",
                         "county", "municipality", "neighbourhood", "neighborhood", "square", "street", "bridge", "dam",
                         "refinery", "plant", "mine", "reef", "shoal", "atoll", "lake", "desert", "plateau", "hill"})
EVENT_NAME_NOUNS = frozenset({"exercise", "drill", "operation", "offensive", "summit", "conference", "forum", "process",
                              "format", "initiative", "plan", "programme", "program", "mechanism", "formula", "doctrine",
                              "talks", "agreement", "accord", "deal", "treaty", "pact", "protocol", "corridor", "pipeline"})
DOCUMENT_WORDS = frozenset({"treaty", "agreement", "accord", "accords", "convention", "protocol", "pact", "charter",
                            "resolution", "act", "plan", "initiative", "doctrine", "declaration", "memorandum", "exercise",
                            "exercises", "drills", "operation", "games", "olympics"})
PLACE_PREPS = frozenset({"near", "outside", "inside", "around", "across", "along", "toward", "towards", "through"})
REGION_WORDS = frozenset({"south", "north", "latin", "central", "east", "west", "southeast", "northeast", "southern",
                          "northern", "eastern", "western", "pan", "sub-saharan", "trans"})
COMMUNITY_NOUNS = frozenset({"minority", "population", "community", "diaspora", "majority", "populace"})
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "le", "la", "du", "der", "den",
                            "del", "della", "dos", "das", "ter", "ten", "abu", "ould"})


@dataclass(frozen=True, slots=True)
class RoleFact:
    """A person or body holding a role in a state or organisation, found in one sentence."""

    sentence: int
    holder: Actor
    type: RelationType
    of: Actor
    cue: str
    rule: str


@dataclass
class ResolvedArticle:
    article: Article
    sentences: list[Sentence]
    mentions: list[list[Mention]]
    roles: list[RoleFact]
    speakers: list[Actor | None]
    unresolved: list[tuple[str, str]]
    actors: dict[str, Actor] = field(default_factory=dict)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass
class _Context:
    """Article-level memory for coreference."""

    gaz: Gazetteer
    states: Counter = field(default_factory=Counter)  # actor id -> salience
    last_state: list[Actor] = field(default_factory=list)  # recency order
    actors: dict[str, Actor] = field(default_factory=dict)
    name_parts: dict[str, set[str]] = field(default_factory=dict)  # lower name part -> person ids
    role_holders: list[tuple[str, str | None, Actor]] = field(default_factory=list)  # (title, country, person)
    last_person: Actor | None = None
    last_subject_person: Actor | None = None
    recent_people: list[Actor] = field(default_factory=list)
    last_thing: Actor | None = None
    person_before: Actor | None = None
    last_group: Actor | None = None  # the armed or political group named last ("the rebel group" refers back)
    groups: list = field(default_factory=list)  # states named together in one coordination, in order
    last_igo: Actor | None = None  # the international organisation named last ("the bloc" refers back to it)
    named: list = field(default_factory=list)  # (actor, words of its names) of bodies and groups named, in order
    acronyms: dict = field(default_factory=dict)  # acronym the article defines -> actor of its long name (or None)
    forces: dict = field(default_factory=dict)  # state id -> its armed forces as the article named them (_named_forces)
    lede_state: Actor | None = None  # the state that is the subject of the article's first sentence
    _first: int | None = None
    speaker: Actor | None = None
    year: int | None = None
    previous: Counter = field(default_factory=Counter)  # salience before the current sentence

    def see_state(self, actor: Actor, weight: int = 1) -> None:
        if actor.type in (ActorType.COUNTRY,):
            self.states[actor.id] += weight
            if actor in self.last_state:
                self.last_state.remove(actor)
            self.last_state.append(actor)

    def salient_states(self, n: int, before_sentence: bool = False) -> list[Actor]:
        counts = self.previous if before_sentence and self.previous else self.states
        recency = {a.id: k for k, a in enumerate(self.last_state)}
        ranked = sorted(counts, key=lambda a: (-counts[a], -recency.get(a, -1), a))
        return [self.actors[a] for a in ranked[:n] if a in self.actors]

    def first_sentence(self, sent: Sentence) -> int:
        """The index of the article's first sentence (the lede)."""
        if self._first is None:
            self._first = sent.index
        return self._first

    def keep(self, actor: Actor) -> Actor:
        known = self.actors.get(actor.id)
        if known is None or (known.country is None and actor.country):
            self.actors[actor.id] = actor
            return actor
        return known


def resolve_article(article: Article, sentences: list[Sentence], gaz: Gazetteer) -> ResolvedArticle:
    """Find and resolve every actor mention of an article."""
    ctx = _Context(gaz, year=int(article.date[:4]) if article.date else None)
    out = ResolvedArticle(article, sentences, [], [], [], [])
    for sent in sentences:
        mentions, roles = _resolve_sentence(sent, ctx, out.unresolved)
        mentions, roles = _named_forces(mentions, roles, ctx)
        out.mentions.append(mentions)
        out.roles.extend(roles)
        out.speakers.append(ctx.speaker)
    out.actors = dict(ctx.actors)
    return out


# ---------------------------------------------------------------- one sentence


def _resolve_sentence(sent: Sentence, ctx: _Context, unresolved: list) -> tuple[list[Mention], list[RoleFact]]:
    ctx.previous = Counter(ctx.states)
    ctx.person_before = ctx.last_person  # the person last named before this sentence
    toks = sent.tokens
    taken = [False] * len(toks)
    mentions: list[Mention] = []
    roles: list[RoleFact] = []
    gaz = ctx.gaz

    def add(start: int, end: int, actor: Actor, how: str) -> Mention:
        while end - start > 1 and toks[start].lower in ("the", "a", "an"):
            start += 1  # "the Taliban": the mention (and its head) is the name
        actor = ctx.keep(actor)
        if actor.type is ActorType.PERSON:
            ctx.recent_people.append(actor)
        head = _span_head(sent, start, end)
        m = Mention(sent.index, start, end, head, actor, how, _span_text(sent, start, end))
        mentions.append(m)
        if how in ("gazetteer", "ner") and (actor.type in (ActorType.ORG, ActorType.GROUP) or (
                actor.type is ActorType.IGO and actor.parent)):
            words = {w for w in re.split(r"[^\w]+", f"{actor.name} {m.text}".lower()) if w and w not in NAME_FUNCTION_WORDS}
            ctx.named.append((actor, words))
        elif how == "descriptor" and end - start > 1:  # "Germany's foreign ministry" ... "the ministry"
            ctx.named.append((actor, {w for w in re.split(r"[^\w]+", m.text.lower()) if w and w not in NAME_FUNCTION_WORDS}))
        for k in range(start, end):
            taken[k] = True
        return m

    def add_person(start: int, end: int, person: Actor, how: str) -> None:
        add(start, end, person, how)
        ctx.last_person = person
        _register_name(person, ctx)

    ent_of = {}
    for e in sent.entities:
        for k in range(e.start, e.end):
            ent_of[k] = e

    # 1. gazetteer forms, longest first; an acronym the article defines ("the Multinational Security Support
    # (MSS) mission") is not the gazetteer's actor of the same letters (China's Ministry of State Security)
    defined = _acronym_definitions(sent, gaz)
    for acr in defined:
        ctx.acronyms.setdefault(acr, None)
    matches = []
    for start, end, forms in _gazetteer_matches(sent, gaz):
        text = _span_text(sent, start, end)
        if text in ctx.acronyms:
            long_ids = defined.get(text, set())
            if not any(f.actor.id in long_ids for f in forms):
                if ctx.acronyms[text] is not None and not any(taken[start:end]):
                    add(start, end, ctx.acronyms[text], "gazetteer")
                continue
        matches.append((start, end, forms))
    adjectives: list[tuple[int, int, Actor]] = []
    known_people: dict[tuple[int, int], list[Form]] = {}
    dateline = _dateline_end(sent)
    for start, end, forms in matches:
        if end <= dateline:
            continue  # "CAIRO, Sept 9 (Reuters) - Iran and the IAEA signed ...": where the story was filed, no actor
        ent = ent_of.get(start)
        if ent and ent.label == "PERSON" and (ent.end - ent.start) > (end - start) and not (
                start == ent.start and end < len(toks) and toks[end].text in ("'s", "’s")):
            continue  # "Jordan" inside "Michael Jordan" (but "Jordan's King Abdullah" is a state and a title)
        if ent and ent.label == "ORG" and (ent.end - ent.start) > (end - start) and ent.start <= start and not _is_modifier_span(
                sent, start, end, ent) and not any(toks[k].text in (",", ";") for k in range(ent.start, start)):
            continue  # part of a longer organisation name; handled with the entity (not an item of a list the
            # tagger merged into one: "Mali, Burkina Faso and Niger")
        if all(f.actor.type is ActorType.PERSON for f in forms):
            known_people[(start, end)] = forms
            continue
        actor = _choose(forms, ctx)
        if actor is None:
            continue
        head_tok = toks[_span_head(sent, start, end)]
        if head_tok.dep == "compound" and toks[head_tok.head].lemma in NAMED_ACCORD_NOUNS and any(
                f.kind == "metonym" for f in forms) and not any(f.kind in ("name", "alias", "adjective") for f in forms):
            continue  # "the Paris climate accord", "the Minsk agreements": where it was signed, not a party
        seat = gaz.seats.get(normalise(_span_text(sent, start, end)))
        head_tok = toks[_span_head(sent, start, end)]
        if seat is not None and actor.type is ActorType.COUNTRY and seat.id in ctx.actors and not (
                head_tok.dep == "pobj" and toks[head_tok.head].lower in ("in", "at", "near", "outside", "from", "to", "into")):
            actor = seat  # "thanked Brussels for its patience" in an article about the EU
            forms = [f for f in forms] + [Form(seat, "metonym", _span_text(sent, start, end), False)]
        if actor.type is ActorType.ORG and actor.country and _owned_by_other_state(sent, start, actor, gaz):
            continue  # "Venezuela's National Assembly" is not South Korea's: left to the organisation step
        if start >= 2 and toks[start - 1].lower == "of" and toks[start - 2].lower in WATER_WORDS:
            continue  # "the Sea of Japan", "the Gulf of Mexico": a body of water, not the state
        if end < len(toks) and toks[end].lower in WATER_WORDS and toks[end].text[:1].isupper():
            continue  # "the South China Sea", "the Persian Gulf", "the Philippine Sea": a body of water
        if start >= 1 and toks[start - 1].lower in REGION_WORDS and {f.kind for f in forms} & {"adjective", "demonym"} and (
                not gaz.lookup(f"{toks[start - 1].text} {toks[start].text}")):
            continue  # "the South American trade bloc", "Latin American leaders": a region, not the United States
        kinds = {f.kind for f in forms if f.actor.id == actor.id}
        if actor.type is ActorType.COUNTRY and end + 1 < len(toks) and toks[end].text == "-" and (
                toks[end + 1].lower in LED_WORDS or toks[end + 1].tag == "VBN"):
            adjectives.append((start, end, actor))  # "US-led coalition", "Iranian-backed militias": see pass 4
            continue
        if actor.type is ActorType.COUNTRY and kinds & {"place", "name", "alias", "metonym"} and _is_modifier(
                sent, start, end) and _actor_noun(sent, toks[_span_head(sent, start, end)].head, gaz) is not None:
            adjectives.append((start, end, actor))  # "Darfur rebels", "Gaza militants", "Russia troops"
            continue
        if kinds <= {"place"}:
            if not any(taken[start:end]):
                add(start, end, actor, "place")
                ctx.see_state(actor, 1)  # the article's setting counts towards its salience
            continue
        if kinds <= {"context"} and actor.id not in ctx.states and actor.id not in ctx.actors:
            continue  # "the North" before North Korea is mentioned
        if kinds <= {"adjective"} or (kinds <= {"adjective", "demonym"} and _is_modifier(sent, start, end)):
            adjectives.append((start, end, actor))
            continue
        if any(taken[start:end]):
            continue
        add(start, end, actor, "gazetteer")
        ctx.see_state(actor, 2 if toks[_span_head(sent, start, end)].dep.startswith("nsubj") else 1)

    # 1b. hyphenated state pairs kept as one token by the tokenizer: "U.S.-China tensions", "U.S.-led"
    for tok in toks:
        if taken[tok.i] or "-" not in tok.text.strip("-") or any(s0 <= tok.i < e0 for s0, e0, _ in adjectives):
            continue
        parts = [p for p in tok.text.split("-") if p]
        led = parts[-1].lower() in LED_WORDS
        found = [_choose([f for f in gaz.lookup(p) if f.actor.type in (ActorType.COUNTRY, ActorType.IGO)], ctx)
                 for p in (parts[:-1] if led else parts)]
        if len(parts) < 2 or not found or any(a is None for a in found) or (len(found) < 2 and not led):
            continue
        for a in dict.fromkeys(found):
            mentions.append(Mention(sent.index, tok.i, tok.i + 1, tok.i, ctx.keep(a), "adjective", tok.text))
            ctx.see_state(a, 1)
        taken[tok.i] = True

    adj_at = {k: a for s, e, a in adjectives for k in range(s, e)}

    # 2. persons (NER), with titles before the name or in apposition after it
    for ent in [_titled_org(sent, e, gaz) for e in sent.entities] + _titled_names(sent, gaz, taken):
        if ent.label != "PERSON" or any(taken[ent.start:ent.end]):
            continue
        if all(k in adj_at for k in range(ent.start, ent.end)):
            continue  # "All Ugandan troops": a state adjective the tagger read as a name
        if _names_hardware(sent, ent.end - 1) or _names_non_actor(sent, ent.start, ent.end):
            continue  # "Patriot systems": a weapon's name, not a person; "the villages of Kfar Kela": a place
        start, end = _trim_person(sent, ent.start, ent.end, gaz)
        if start >= end:
            continue
        while end < len(toks) and toks[end - 1].dep == "compound" and toks[end - 1].head == end and (
                toks[end].pos == "PROPN") and toks[end].text[:1].isupper() and not taken[end]:
            end += 1  # "Helena Castro Viana": the tagger stopped before the name's head
        while end + 1 < len(toks) and toks[end].lower in NAME_PARTICLES and toks[end + 1].pos == "PROPN" and (
                toks[end + 1].text[:1].isupper()) and not taken[end + 1]:
            end += 2  # "Hans Van den Broek", "Fernando de la Rua": NER stopped at the particle
            while end < len(toks) and toks[end].lower in NAME_PARTICLES and end + 1 < len(toks) and toks[end + 1].pos == "PROPN":
                end += 2
        name = _clean_name(_span_text(sent, start, end))
        if not name or not any(c.isupper() for c in name):
            continue
        if normalise(name) in gaz.reporters:
            continue
        person = _known_person(name, ctx) or _person(name, ctx)
        person, span_start = _person_roles(sent, start, end, person, gaz, adj_at, mentions, ctx, roles)
        add_person(span_start, end, person, "ner")

    # 3. organisations (NER) not in the gazetteer
    for ent in sent.entities:
        if ent.label not in ("ORG", "NORP") or all(taken[ent.start:ent.end]):
            continue
        if all(k in adj_at for k in range(ent.start, ent.end)):
            continue  # "Sierra" of the adjective "Sierra Leonean" tagged as an organisation
        if _names_hardware(sent, ent.end - 1) or _names_non_actor(sent, ent.start, ent.end):
            continue  # "Patriot systems", "IRIS-T air defence systems": a weapon's name; "Ankoko island": a place
        start, end = ent.start, ent.end
        while start < end and toks[start].lower in ("the", "a", "an"):
            start += 1
        lead = None
        while start < end and taken[start] and not any(taken[start + 1:end]):
            # "The U.S. Southern Command": a state named at the front of an organisation's name owns it
            lead = lead or next((m.actor for m in mentions if m.start <= start < m.end and m.actor.type is ActorType.COUNTRY), None)
            if lead is None:
                break
            start += 1
            if start < end and toks[start].text in ("'s", "’s"):
                start += 1
        if start >= end or any(taken[start:end]):
            continue
        if lead is not None and toks[start].text in (",", ";", "and", "&"):
            continue  # "Mali, Burkina Faso and Niger" tagged as one organisation: a list of states, each its own
        if _title_ending_at(sent, start, gaz):
            continue  # "Supreme" of "Supreme Leader" tagged as an organisation
        text = re.sub(r"['’]s$", "", _span_text(sent, start, end)).strip()
        if " " not in text and text[:1].isupper() and len(ctx.name_parts.get(text.lower(), ())) == 1:
            continue  # "Burhan's government" after "Abdel Fattah al-Burhan": the person (resolved below)
        if normalise(text) in gaz.reporters or len(text) < 2:
            continue
        known = _known_person(text, ctx) if ent.label == "ORG" and not any(k in adj_at for k in range(start, end)) else None
        if known is not None:  # "Trump praised ...": a leader's surname the tagger took for an organisation
            add_person(start, end, known, "ner")
            continue
        inner = [a for k, a in adj_at.items() if start <= k < end]
        if ent.label == "NORP":
            continue  # nationalities not in the gazetteer are not actors ("Sunni", "Kurdish")
        if _is_capital_word_only(text):
            continue
        if ctx.acronyms.get(text) is not None:  # "the JMC" after "the Joint Monitoring Commission (JMC)"
            add(start, end, ctx.acronyms[text], "ner")
            continue
        country_actor = lead or (inner[0] if inner else _owner(sent, _span_head(sent, start, end), mentions, adj_at, ctx))
        noun = gaz.nouns.get(" ".join(text.lower().split()))
        if noun is not None and noun.kind == "state" and country_actor is not None and (
                country_actor.type is ActorType.COUNTRY):
            add(start, end, country_actor, "descriptor")  # "the Department of Foreign Affairs in Manila": the state
            continue
        if noun is not None and noun.kind == "state" and text.islower():
            continue  # "the secretary of state": a word for a state, of no state, is no organisation
        if noun is not None and text.islower() and country_actor is None:
            continue  # "its navy", "whose army": a body of the state the pronoun stands for (resolved with it)
        if noun is not None and noun.kind == "body" and text.islower() and country_actor.type is ActorType.COUNTRY:
            # "China's coast guard", "Russia's navy": the body the descriptor "Chinese coast guard" names (one
            # actor, whichever way the text puts it), not an organisation called "coast guard"
            body = ctx.keep(_descriptor(country_actor, noun, gaz))
            add(start, end, body, "descriptor")  # (the export names it as written: pipeline.article_names)
            roles.append(RoleFact(sent.index, body, RelationType.MEMBER_OF, ctx.keep(country_actor), text, "body of state"))
            continue
        # the id carries the owner's code: "National Assembly" of Venezuela and of Kuwait are two bodies
        code = country_actor.country if country_actor is not None and country_actor.country else None
        org = Actor(id=f"org/{slug(text)}" + (f"-{slug(code)}" if code else ""), name=text, type=ActorType.ORG,
                    country=country_actor.country if country_actor else None,
                    parent=country_actor.id if country_actor else None)
        if code and country_actor.type is ActorType.COUNTRY and country_actor.id not in ctx.forces and (
                _names_armed_forces(text, gaz)):
            # "the Malian Armed Forces (FAMa)": the state's armed forces by their own name (see _named_forces)
            org = replace(org, sector="MIL")
            ctx.forces[country_actor.id] = org
        add(start, end, org, "ner")
        ctx.last_thing = org
        if country_actor is not None and country_actor.type is ActorType.COUNTRY:
            roles.append(RoleFact(sent.index, org, RelationType.MEMBER_OF, ctx.keep(country_actor), text, "organisation of state"))

    # 3b. a known leader's surname the tagger left untagged ("Trump imposed tariffs on Brazil"); not one that
    # names an administration or another thing after it ("the Trump administration": see the nouns below)
    in_entity = {k for e in sent.entities for k in range(e.start, e.end)}
    for tok in toks:
        if taken[tok.i] or tok.i in in_entity or tok.i in adj_at or tok.pos != "PROPN" or not tok.text[:1].isupper() or (
                tok.dep in ("compound", "amod", "nmod") and toks[tok.head].pos == "NOUN"):
            continue
        if tok.i + 1 < len(toks) and toks[tok.i + 1].pos == "PROPN" or tok.i > 0 and toks[tok.i - 1].pos == "PROPN":
            continue  # part of a longer name the tagger did not find
        known = _known_person(tok.text, ctx)
        if known is not None and len(known.name.split()) > 1:
            add_person(tok.i, tok.i + 1, known, "ner")

    # 4. demonym/adjective + actor noun ("Russian officials", "Israeli army"), and bare adjectives
    for start, end, state in adjectives:
        head_i = toks[end - 1].head if toks[end - 1].dep in ("amod", "compound", "nmod", "npadvmod") else end - 1
        if end + 2 < len(toks) and toks[end].text == "-" and toks[end + 1].lower in LED_WORDS:
            # "Vietnamese-led forces", "the US-led coalition": the state leads them, they act as it
            noun_i = toks[end + 1].head if toks[end + 1].head > end + 1 else end + 2
            noun = _actor_noun(sent, noun_i, gaz) if toks[noun_i].pos in ("NOUN", "PROPN") else None
            if noun is not None and not any(taken[start:noun_i + 1]):
                add(start, noun_i + 1, _descriptor(state, noun, gaz), "descriptor")
            elif not any(taken[start:end + 2]):
                add(start, end + 2, state, "adjective")  # "the US-led war": the war's agent, not an actor itself
            ctx.see_state(state, 1)
            continue
        if end + 2 < len(toks) and toks[end].text == "-" and toks[end + 1].tag == "VBN":
            if (toks[end + 1].lower in OWNED_WORDS or (toks[end + 1].lower == "linked" and toks[toks[end + 1].head].lemma in (
                    VESSEL_NOUNS))) and not any(taken[start:end + 2]):
                # "a Greek-owned tanker", "a Togo-flagged ship": its owner; "an Israeli-linked cargo ship": whom a
                # ship is attacked as (not "Iran-linked militias", which are not Iran's own)
                add(start, end + 2, state, "adjective")
            continue  # "Iranian-backed militias", "Saudi-funded groups": not the state's own actors
        if toks[end - 1].dep == "conj":  # "Hungarian and Romanian officials": share the first adjective's noun
            root = _conj_root(sent, end - 1)
            if toks[root].dep in ("amod", "compound", "nmod"):
                head_i = toks[root].head
        noun = _actor_noun(sent, head_i, gaz)
        if any(taken[start:end]):
            if noun is not None and toks[end - 1].dep == "conj" and any(
                    m.head == head_i and m.start <= start and m.how == "descriptor" and m.actor.country != state.country
                    for m in mentions):  # "U.S. and Russian negotiators": the first span covers both adjectives
                actor = _descriptor(state, noun, gaz, _span_text(sent, start, end))
                mentions.append(Mention(sent.index, start, end, head_i, ctx.keep(actor), "descriptor", _span_text(sent, start, end)))
                ctx.see_state(state, 1)
            continue
        title = _title_at(sent, head_i, gaz) if head_i >= end else None
        if title is not None and not taken[head_i]:
            person = _role_reference(sent, toks[head_i], title, ctx, adj_at, mentions)
            lo = min([start] + [k for k in sent.subtree(head_i) if k < head_i and toks[k].dep == "det"])
            if person is not None:
                add(lo, head_i + 1, person, "coref")
                continue
            if not any(e.label == "PERSON" and e.start > head_i and e.start <= head_i + 2 for e in sent.entities):
                # "the French foreign minister said": an unnamed official speaks for the state
                add(lo, head_i + 1, state, "descriptor")
                ctx.see_state(state, 2 if toks[head_i].dep.startswith("nsubj") else 1)
                continue
        coordinated = any(m.head == head_i for m in mentions) and noun is not None
        if coordinated:  # the noun already names the first state's actor: add the coordinated one on it
            actor = _descriptor(state, noun, gaz, _span_text(sent, start, end))
            mentions.append(Mention(sent.index, start, end, head_i, ctx.keep(actor), "descriptor", _span_text(sent, start, end)))
            ctx.see_state(state, 1)
            continue
        if noun is not None and toks[head_i].lemma == "counterpart" and not taken[head_i] and head_i >= end and not any(
                k.dep == "appos" for k in sent.children(head_i)):
            # "told a news conference with his Somali counterpart": the person of that state last named
            person = next((p for p in reversed(ctx.recent_people) if p.country == state.country), None)
            if person is not None:
                add(start, head_i + 1, person, "coref")
                continue
        if noun is not None and not taken[head_i] and head_i >= end:
            n_start = start
            n_end = head_i + 1
            actor = _descriptor(state, noun, gaz, _span_text(sent, start, end))
            if noun.kind == "group" and start > 0 and toks[start - 1].lower == "ethnic" and not taken[start - 1]:
                # "ethnic Albanian guerrillas" (in Macedonia): an ethnicity's fighters, not the state's
                n_start = start - 1
                actor = Actor(id=f"group/{slug('ethnic ' + actor.name)}", name="ethnic " + actor.name,
                              type=ActorType.GROUP, sector=actor.sector)
            add(n_start, n_end, actor, "descriptor")
            ctx.see_state(state, 2 if toks[head_i].dep.startswith("nsubj") else 1)
            continue
        add(start, end, state, "adjective")
        ctx.see_state(state, 1)

    # named bodies: MEMBER_OF their state where the text links them ("the North's KCNA",
    # "Russia's lower house, the State Duma") or where they are a state's official channel
    for m in list(mentions):
        if m.how != "gazetteer" or m.actor.type is not ActorType.ORG or not m.actor.country:
            continue
        state = gaz.state(m.actor.country)
        if state is None:
            continue
        owner = _owner(sent, m.head, mentions, adj_at, ctx)
        tok = toks[m.head]
        if owner is None and tok.dep == "appos":
            owner = _owner(sent, tok.head, mentions, adj_at, ctx)
        if owner is None and any(f.actor.id == state.id for k in range(m.start, m.end - 1)
                                 for f in gaz.lookup(toks[k].text)):
            owner = state  # "the U.S. Treasury Department": the state is named inside the body's name
        first = m.start - 1 if m.start and toks[m.start - 1].lower == "the" else m.start
        if owner is None and first >= 2 and toks[first - 1].text == ",":
            # "Russia's parliamentary lower house, the State Duma": apposition to the noun just before
            prev = first - 2
            if toks[prev].pos in ("NOUN", "PROPN"):
                owner = _owner(sent, prev, mentions, adj_at, ctx)
        if (owner is not None and owner.country == state.country) or m.actor.id in gaz.state_channels:
            rule = "organisation of state" if owner is not None else "state channel"
            roles.append(RoleFact(sent.index, m.actor, RelationType.MEMBER_OF, ctx.keep(state), m.text, rule))

    # 5. possessive/"of" state + actor noun ("Russia's army", "the army of Russia")
    for m in list(mentions):
        if m.actor.type is not ActorType.COUNTRY:
            continue
        tok = toks[m.head]
        owner_noun = None
        if tok.dep == "poss":
            owner_noun = tok.head
        elif tok.dep == "pobj" and toks[tok.head].lower == "of":
            owner_noun = toks[tok.head].head
        if owner_noun is None or taken[owner_noun] or owner_noun == m.head:
            continue
        noun = _actor_noun(sent, owner_noun, gaz)
        if noun is None or noun.kind in ("state", "person"):
            continue
        if any(k.dep == "appos" and k.i in _covered(mentions) for k in sent.children(owner_noun)):
            continue  # "Russia's lower house, the State Duma": the named body is the actor
        lo, hi = min(m.start, owner_noun), max(m.end, owner_noun + 1)
        if any(taken[k] for k in range(lo, hi) if not (m.start <= k < m.end)):
            continue
        actor = _descriptor(m.actor, noun, gaz)
        mentions.append(Mention(sent.index, owner_noun, owner_noun + 1, owner_noun, ctx.keep(actor), "descriptor",
                                toks[owner_noun].text))
        taken[owner_noun] = True

    # 6. coreference: name parts, role nouns, context nouns, pronouns
    speaker = _quote_speaker(sent, mentions, ctx)
    for tok in toks:
        if taken[tok.i]:
            continue
        low = tok.lower
        if tok.pos == "PROPN" and tok.text[:1].isupper() and low not in ctx.name_parts:
            span = next(((s0, e0) for (s0, e0) in known_people if s0 <= tok.i < e0), None)
            if span is not None and not any(taken[span[0]:span[1]]):
                person = _known_person(_span_text(sent, *span), ctx)
                if person is not None:
                    person, lo = _person_roles(sent, span[0], span[1], person, gaz, adj_at, mentions, ctx, roles)
                    add_person(lo, span[1], person, "gazetteer")
                    continue
        if tok.pos in ("PROPN", "NOUN") and low in ctx.name_parts and tok.text[:1].isupper():
            ids = ctx.name_parts[low]
            if len(ids) == 1:
                person = ctx.actors[next(iter(ids))]
                add(tok.i, tok.i + 1, person, "coref")
                ctx.last_person = person
                state = _persons_state_noun(sent, tok, person, gaz)
                if state is not None and not taken[tok.head]:
                    add(tok.head, tok.head + 1, ctx.keep(state), "descriptor")  # "Burhan's government": his state
            continue
        if tok.pos == "PRON":
            actor = None
            if tok.in_quote and speaker is not None and low in FIRST_PERSON_SINGULAR:
                actor = speaker
            elif tok.in_quote and speaker is not None and low in FIRST_PERSON_PLURAL:
                actor = _speaker_state(speaker, ctx)
            elif low in PERSON_PRONOUNS and not tok.in_quote:
                earlier = [m.actor for m in sorted(mentions, key=lambda m: m.start) if m.end <= tok.i and
                           m.actor.type is ActorType.PERSON and m.how != "pronoun"]
                actor = _last_subject(sent, tok.i, mentions, ActorType.PERSON) or (
                    earlier[0] if tok.dep == "poss" and earlier else None) or (
                    # "Canada said through its trade minister, Priya X, that ..., and she is due to travel": the one
                    # person this sentence has named
                    earlier[-1] if tok.dep.startswith("nsubj") and len({a.id for a in earlier}) == 1 else None) or (
                    ctx.last_subject_person or ctx.person_before or (earlier[-1] if earlier else None))
                if actor is not None and tok.dep in OBJECT_DEPS | {"pobj"}:
                    # "spoke with Mané and urged him to ...": an object pronoun is not its own clause's
                    # subject (that would be "himself"), but the person named before who is not
                    own = _clause_subjects(sent, tok, mentions)
                    if actor.id in own:
                        others = [a for a in earlier if a.id not in own]
                        actor = others[-1] if others else None
            elif low in PLURAL_PRONOUNS | THING_PRONOUNS and not tok.in_quote and _for_object(sent, tok, mentions):
                # "condemned North Korea and Russia for their cooperation": the possessor is the object
                for a in _for_object(sent, tok, mentions):
                    mentions.append(Mention(sent.index, tok.i, tok.i + 1, tok.i, ctx.keep(a), "pronoun", tok.text))
                taken[tok.i] = True
                continue
            elif low in PLURAL_PRONOUNS and not tok.in_quote:
                actor = _object_antecedent(sent, tok, mentions) if tok.dep in OBJECT_DEPS else None
                actor = actor or _plural_antecedent(sent, tok.i, mentions)
                if isinstance(actor, list):
                    for a in actor:
                        mentions.append(Mention(sent.index, tok.i, tok.i + 1, tok.i, ctx.keep(a), "pronoun", tok.text))
                    taken[tok.i] = True
                    continue
            elif low == "whose" and tok.dep == "poss" and toks[tok.head].dep in ("nsubj", "nsubjpass", "dobj") and (
                    toks[toks[tok.head].head].dep == "relcl"):
                # "Vietnam, whose navy fought a deadly clash with ...": the noun the relative clause is on
                antecedent = toks[toks[tok.head].head].head
                actor = next((m.actor for m in mentions if m.head == antecedent and m.actor.type in (
                    ActorType.COUNTRY, ActorType.ORG, ActorType.IGO, ActorType.GROUP)), None)
            elif low in THING_PRONOUNS and not tok.in_quote:
                actor = _last_state_subject(sent, tok.i, mentions) or next(
                    (m.actor for m in sorted(mentions, key=lambda m: -m.head) if m.head < tok.i and m.actor.type is ActorType.COUNTRY),
                    None) or next((a for a in reversed(ctx.last_state) if not any(  # not a state first named after "it"
                        m.actor.id == a.id and m.head > tok.i for m in mentions)), None)
            if actor is not None:
                add(tok.i, tok.i + 1, actor, "pronoun")
                noun = _actor_noun(sent, tok.head, gaz) if tok.dep == "poss" and tok.head != tok.i else None
                state = _persons_state_noun(sent, tok, actor, gaz)
                if state is not None and not taken[tok.head]:
                    add(tok.head, tok.head + 1, ctx.keep(state), "descriptor")  # "his government": the person's state
                elif noun is not None and noun.kind not in ("state", "person") and actor.type is ActorType.COUNTRY and (
                        not taken[tok.head]) and sent.tokens[tok.head].text.islower() and low in THING_PRONOUNS | {"whose"} and (
                        sent.tokens[tok.head].dep in ("nsubj", "nsubjpass")):
                    # "its navy fought ...", "whose army attacked ...": the state's body acts (what one sends or
                    # withdraws, "withdrew its forces from X", is no party)
                    add(tok.head, tok.head + 1, ctx.keep(_descriptor(actor, noun, gaz)), "descriptor")
            continue
        if tok.lower == "two" and tok.pos == "NUM" and tok.dep in ("pobj", "nsubj", "dobj", "nsubjpass") and tok.i > 0 and (
                toks[tok.i - 1].lower == "the") and not taken[tok.i]:
            # "relations between the two", "the two agreed to ...": the two persons just named, else the two states
            people = list(dict.fromkeys(m.actor for m in mentions if m.actor.type is ActorType.PERSON and m.end <= tok.i))
            pair = people[-2:] if len(people) >= 2 else ctx.salient_states(2)
            if len(pair) == 2:
                for a in pair:
                    mentions.append(Mention(sent.index, tok.i, tok.i + 1, tok.i, ctx.keep(a), "coref-pair", tok.text))
                taken[tok.i] = True
            continue
        if tok.pos in ("NOUN", "PROPN") and tok.lemma in PAIR_NOUNS | DEFINITE_STATE_NOUNS:
            pair = _pair_reference(sent, tok, ctx, speaker, mentions)
            if pair:
                for a in pair:
                    mentions.append(Mention(sent.index, tok.i, tok.i + 1, tok.i, ctx.keep(a), "coref-pair", tok.text))
                taken[tok.i] = True
                continue
            if tok.lemma in DEFINITE_STATE_NOUNS and _definite_bare(sent, tok):
                actor = _last_state_subject(sent, tok.i, mentions, ctx.gaz)
                if actor is None or actor.type is not ActorType.COUNTRY:
                    actor = (ctx.salient_states(1, True) or [None])[0]
                if actor is not None:
                    add(tok.i, tok.i + 1, actor, "coref")
                continue
        if tok.pos == "NOUN" and not taken[tok.i] and tok.tag == "NN" and tok.i + 1 < len(toks) and (
                toks[tok.i + 1].pos != "PROPN") and not any(k.dep in ("appos", "poss", "nummod") for k in sent.children(tok.i)) and any(
                k.dep == "det" and k.lower in ("the", "this", "that") for k in sent.children(tok.i)):
            named = _named_head_reference(sent, tok, ctx)
            if named is not None:  # "the military council", "the commission": a body or group named before
                add(tok.i, tok.i + 1, named, "coref")
                continue
        if tok.pos == "NOUN" and tok.lemma in GOVERNMENT_NOUNS and not taken[tok.i] and any(
                k.dep == "det" and k.lower == "the" for k in sent.children(tok.i)):
            # "the junta in Niamey": the state of the capital or country it is in
            place = next((m.actor for k in sent.children(tok.i) if k.dep == "prep" and k.lower == "in"
                          for m in mentions if m.actor.type is ActorType.COUNTRY and toks[m.head].dep == "pobj"
                          and toks[m.head].head == k.i), None)
            if place is not None:
                add(tok.i, tok.i + 1, place, "coref")
                continue
        if tok.pos == "NOUN" and tok.lemma in GOVERNMENT_NOUNS and _definite_bare(sent, tok) and not taken[tok.i]:
            actor = _dominant_state(ctx)  # "accused the government of failing to honour commitments"
            if actor is not None:
                add(tok.i, tok.i + 1, actor, "coref")
                continue
        groups_here = [m.actor for m in sorted(mentions, key=lambda m: m.start) if m.end <= tok.i and
                       m.actor.type is ActorType.GROUP and m.actor.sector != "ETH"]
        group = groups_here[-1] if groups_here else ctx.last_group
        if (tok.pos == "NOUN" or tok.text.islower()) and tok.lemma in DEFINITE_GROUP_NOUNS and group is not None and not taken[tok.i] and (
                _definite_bare(sent, tok, allow_adjectives=True, allow_plural=True)) and not (
                tok.i + 1 < len(toks) and toks[tok.i + 1].pos == "PROPN") and not any(
                k.dep == "appos" for k in sent.children(tok.i)):
            add(tok.i, tok.i + 1, group, "coref")  # "after the rebel group attacked an army base"
            continue
        here = [m.actor for m in sorted(mentions, key=lambda m: m.start) if m.end <= tok.i and
                m.actor.type is ActorType.IGO and not m.actor.parent]
        igo = here[-1] if here else ctx.last_igo
        if (tok.pos == "NOUN" or tok.text.islower()) and tok.lemma in DEFINITE_IGO_NOUNS and igo is not None and not taken[tok.i] and (
                _definite_bare(sent, tok, allow_adjectives=True)) and not (
                tok.i + 1 < len(toks) and toks[tok.i + 1].pos == "PROPN") and not any(
                k.dep == "appos" for k in sent.children(tok.i)):  # ("the trade bloc Mercosur" names itself)
            add(tok.i, tok.i + 1, igo, "coref")  # "the regional bloc", "the alliance": the organisation last named
            continue

        title = _title_at(sent, tok.i, gaz)
        if title is not None and tok.pos == "NOUN" and not taken[tok.i]:
            person = _role_reference(sent, tok, title, ctx, adj_at, mentions)
            if person is not None:
                lo = min([tok.i] + [k for k in sent.subtree(tok.i) if k < tok.i and toks[k].dep in ("amod", "compound", "det")])
                for k in range(lo, tok.i):
                    if taken[k]:
                        mentions[:] = [m for m in mentions if not (m.start <= k < m.end and m.how == "adjective")]
                add(lo, tok.i + 1, person, "coref")
                ctx.last_person = person
    # 6. an actor noun located in a state: "security forces in Guinea", "demonstrators in Baghdad"
    for tok in toks:
        if taken[tok.i] or tok.pos != "NOUN":
            continue
        noun = _actor_noun(sent, tok.i, gaz)
        if noun is None or tok.lemma in ABROAD_NOUNS or noun.sector in ("REF", "ETH", "CVL") or (noun.sector == "MIL" and not any(
                t.lower == "security" for t in toks[max(0, tok.i - 2):tok.i])):
            continue  # refugees and troops are often somewhere else than home
        if any(k.dep in ("amod", "compound", "poss", "nmod") and taken[k.i] for k in sent.children(tok.i)):
            continue
        if any(k.dep == "prep" and k.lower == "of" and any(taken[j] for j in sent.subtree(k.i)) for k in sent.children(tok.i)):
            continue  # "a delegation of Taliban officials in Doha": whose it is beats where it is
        for k in sent.children(tok.i):
            if k.dep == "prep" and k.lower == "in":
                place = next((m for m in mentions for q in sent.children(k.i) if q.dep == "pobj" and m.head == q.i
                              and m.actor.type is ActorType.COUNTRY), None)
                if place is not None:
                    lo = min([tok.i] + [j for j in sent.subtree(tok.i) if j < tok.i and toks[j].dep in ("amod", "compound", "det")])
                    if not any(taken[lo:tok.i + 1]):
                        add(lo, tok.i + 1, _descriptor(place.actor, noun, gaz), "descriptor")
                break
    # 7. "X's defence minister said the armed forces had deployed troops": a definite body of the speaker's state
    for tok in toks:
        if taken[tok.i] or tok.pos != "NOUN" or not (tok.dep.startswith("nsubj") or tok.dep in ("dobj", "pobj")):
            continue
        noun = _actor_noun(sent, tok.i, gaz)
        if noun is None or noun.kind != "body" or noun.sector not in ("MIL", "COP", "SPY"):
            continue
        kids = sent.children(tok.i)
        if not any(k.dep == "det" and k.lower == "the" for k in kids) or any(
                k.dep in ("amod", "compound", "poss", "nmod") and taken[k.i] for k in kids) or any(
                k.dep == "prep" for k in kids) or any(
                k.dep in ("amod", "compound", "nmod") and k.lemma not in noun.lemma.split() for k in kids):
            continue  # ("the shadow fleet" is no navy)
        verb = toks[tok.head]
        boss = None
        if tok.dep == "dobj":
            boss = verb.i  # "He ordered the army to move": the orderer's army
        elif verb.dep == "ccomp" and toks[verb.head].lemma in SPEECH_VERBS:
            boss = verb.head  # "the minister said the armed forces had deployed ..."
        speaker_state = next((gaz.state(m.actor.country) for m in mentions if toks[m.head].dep == "nsubj" and
                              toks[m.head].head == boss and m.actor.type is ActorType.PERSON and m.actor.country),
                             None) if boss is not None else None
        if speaker_state is None:
            speaker_state = _dominant_state(ctx)  # "The army has rejected a proposal" in an article about Sudan
        if speaker_state is None:
            continue
        lo = min([tok.i] + [j for j in sent.subtree(tok.i) if j < tok.i and toks[j].dep in ("amod", "compound", "det")])
        add(lo, tok.i + 1, _descriptor(ctx.keep(speaker_state), noun, gaz), "descriptor")
    mentions[:] = [_people_home(sent, _ethnic(sent, m, mentions, ctx), mentions, ctx) for m in mentions]
    # update memory: subjects
    for m in sorted(mentions, key=lambda m: m.start):
        if m.actor.type is ActorType.IGO and not m.actor.parent:
            ctx.last_igo = m.actor
        elif m.actor.type is ActorType.GROUP and m.actor.sector != "ETH" and m.how != "coref":
            ctx.last_group = m.actor
    for m in mentions:  # coordinations of states: "Britain, France and Germany"
        if m.actor.type is ActorType.COUNTRY and toks[m.head].dep != "conj" and m.how != "coref-pair":
            group = [m.actor] + [n.actor for n in mentions if n.actor.type is ActorType.COUNTRY and toks[n.head].dep == "conj"
                                 and _conj_root(sent, n.head) == m.head]
            group = list(dict.fromkeys(group))
            if len(group) >= 2:
                ctx.groups.append(group)
    for m in mentions:
        if toks[m.head].dep.startswith("nsubj"):
            if m.actor.type is ActorType.PERSON:
                ctx.last_person = ctx.last_subject_person = m.actor
            elif m.actor.type in (ActorType.COUNTRY, ActorType.ORG, ActorType.IGO):
                ctx.last_thing = m.actor
    for ent in sent.entities:
        if ent.label in ("PERSON", "ORG", "GPE", "NORP") and not any(taken[ent.start:ent.end]):
            unresolved.append((ent.label, ent.text))
    for m in mentions:  # "Germany's foreign ministry said ...": "the ministry" later is Germany
        h = toks[m.head]
        if m.actor.type is ActorType.COUNTRY and h.dep in ("poss", "amod", "compound") and h.head > h.i and (
                toks[h.head].pos in ("NOUN", "PROPN") and toks[h.head].text.islower()) and not any(
                x.head == h.head and x.actor.id != m.actor.id for x in mentions):
            noun = toks[h.head]
            words = {noun.lower} | {k.lower for k in sent.children(noun.i) if k.dep in ("amod", "compound") and k.i != h.i}
            ctx.named.append((m.actor, words - NAME_FUNCTION_WORDS))
    if ctx.lede_state is None and sent.index == ctx.first_sentence(sent):
        # the protagonist of a news story is the subject of its first sentence's main clause
        ctx.lede_state = next((m.actor for m in sorted(mentions, key=lambda m: m.start) if m.actor.type is ActorType.COUNTRY
                               and toks[m.head].dep in ("nsubj", "nsubjpass") and toks[toks[m.head].head].dep == "ROOT"), None)
        if ctx.lede_state is not None:
            ctx.see_state(ctx.lede_state, 2)
    ctx.speaker = speaker
    for acr in defined:  # later mentions of the acronym are the long name's actor
        k = next(i for i in range(len(toks) - 2) if toks[i].text == "(" and toks[i + 1].text == acr)
        long_name = next((m.actor for m in mentions if m.end == k or (m.start < k and m.end >= k - 1 and toks[m.end].text == "(")), None)
        if long_name is not None and long_name.type in (ActorType.ORG, ActorType.GROUP, ActorType.IGO):
            ctx.acronyms[acr] = long_name
    mentions.sort(key=lambda m: (m.start, m.end, m.actor.id))
    return mentions, roles


NAMED_ACCORD_NOUNS = frozenset({"accord", "agreement", "treaty", "protocol", "convention", "format", "process", "declaration"})
GENERIC_FORCES = frozenset({"army", "military", "forces", "armed forces", "defence forces", "defense forces"})


def _names_armed_forces(text: str, gaz: Gazetteer) -> bool:
    """Whether an organisation's name ends with a word for a state's whole armed forces ("Malian Armed
    Forces", "Israel Defense Forces", "Ethiopian National Defense Force"), not one service of them."""
    words = text.lower().split()
    for n in (2, 1):
        if len(words) <= n:
            continue
        key = " ".join(words[-n:])
        noun = gaz.nouns.get(key) or (gaz.nouns.get(key[:-1]) if key.endswith("s") else None)  # (lemmas: "armed force")
        if noun is not None and noun.kind == "body" and noun.sector == "MIL" and noun.name in GENERIC_FORCES:
            return True
    return False


def _named_forces(mentions: list[Mention], roles: list[RoleFact], ctx: _Context
                  ) -> tuple[list[Mention], list[RoleFact]]:
    """Once an article has named a state's armed forces ("the Malian Armed Forces (FAMa)"), its later
    generic references to them ("the army", "Malian troops", "the military") are that actor, one node
    under the article's own name, not another body beside it."""
    if not ctx.forces:
        return mentions, roles
    swap = {}
    for m in mentions:
        a = m.actor
        named = ctx.forces.get(a.parent or "")
        if named is not None and a.id != named.id and a.type is ActorType.ORG and a.sector == "MIL" and (
                a.name.lower().split(" ", 1)[-1] in GENERIC_FORCES or a.name.lower() in GENERIC_FORCES):
            swap[a.id] = ctx.keep(named)
    if not swap:
        return mentions, roles
    mentions = [replace(m, actor=swap.get(m.actor.id, m.actor)) for m in mentions]
    roles = [r for r in roles if r.holder.id not in swap]
    return mentions, roles


def _acronym_definitions(sent: Sentence, gaz: Gazetteer) -> dict[str, set[str]]:
    """Acronyms defined in parentheses after the words they abbreviate ("Multinational Security Support
    (MSS)"), each with the ids of the gazetteer actors the long name itself is a form of."""
    toks = sent.tokens
    out: dict[str, set[str]] = {}
    for i in range(1, len(toks) - 2):
        acr = toks[i + 1].text
        if toks[i].text != "(" or toks[i + 2].text != ")" or not (acr.isalpha() and acr.isupper() and 2 <= len(acr) <= 8):
            continue
        words, j = [], i - 1
        while j >= 0 and (toks[j].text[:1].isupper() or toks[j].lower in ACRONYM_SKIP) and toks[j].text not in ("(", ")"):
            words.insert(0, toks[j])
            j -= 1
        content = [w for w in words if w.lower not in ACRONYM_SKIP]
        for n in range(len(content), 0, -1):  # the last n capitalised words spell the acronym
            if "".join(w.text[0] for w in content[-n:]).upper() == acr:
                first = content[-n].i
                out[acr] = {f.actor.id for f in gaz.lookup(_span_text(sent, first, i))}
                break
    return out


ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "on", "in", "-"})


# ---------------------------------------------------------------- helpers


def _ethnic(sent: Sentence, m: Mention, mentions: list[Mention], ctx: _Context) -> Mention:
    """'ethnic Albanians (in south Serbia)': an ethnic group, not the state its name comes from. It
    belongs to the state it lives in when the text says so ("in Serbia", "Serbia's ethnic
    Albanians"), else to none."""
    toks = sent.tokens
    if m.actor.type is not ActorType.COUNTRY or m.how in ("coref-pair", "pronoun", "coref"):
        return m  # ("the two countries, both treaty allies of the United States": no community)
    minority = (toks[m.head].pos == "ADJ" and toks[m.head].dep in ("amod", "compound") and (
        toks[toks[m.head].head].lemma in COMMUNITY_NOUNS)) or (toks[m.head].lemma in COMMUNITY_NOUNS and m.start < m.head)
    if m.start == 0 or toks[m.start - 1].lower != "ethnic":
        if not minority and not _community_of(sent, m, mentions):
            return m
        m = Mention(m.sentence, m.start + 1, m.end, m.head, m.actor, m.how, m.text)  # the span below adds "ethnic"
    head = m.head
    if toks[head].pos == "ADJ" and toks[head].dep in ("amod", "compound"):
        head = toks[head].head  # "ethnic Albanian population", "ethnic Albanian guerrillas"
    if head != m.head and any(n.head == head and n is not m and n.actor.type is not ActorType.COUNTRY for n in mentions):
        return m  # "ethnic Albanian guerrillas": the noun already names its own actor
    home = None
    for k in sent.subtree(head):
        t = toks[k]
        if t.dep == "pobj" and toks[t.head].lower in ("in", "of", "from") and toks[t.head].head == head:
            home = next((n.actor for n in mentions if n.start <= k < n.end and n.actor.type is ActorType.COUNTRY), None)
        elif t.dep == "poss" and t.head == head:
            home = next((n.actor for n in mentions if n.start <= k < n.end and n.actor.type is ActorType.COUNTRY), None)
        if home is not None:
            break
    end = max(m.end, head + 1)
    if home is None and end < len(toks) and toks[end].lower == "in":  # "ethnic Albanians in south Serbia"
        home = next((n.actor for n in mentions if end < n.start <= end + 3 and n.actor.type is ActorType.COUNTRY), None)
    if home is not None and home.id == m.actor.id:
        home = None
    people = toks[m.head].pos != "ADJ" or minority or _actor_noun(sent, head, ctx.gaz) is not None
    demonym = toks[m.head].text if toks[m.head].pos != "ADJ" and not minority else _demonym_of(m.actor, ctx.gaz)
    name = "ethnic " + demonym
    actor = Actor(id=f"group/{slug(name)}" + (f"-{home.country.lower()}" if home is not None and home.country else ""),
                  name=name, type=ActorType.GROUP, country=home.country if home is not None else None,
                  parent=home.id if home is not None else None, sector="ETH")
    if not people:  # "ethnic Albanian unrest": the group is the modifier, the noun stays an event
        return Mention(m.sentence, m.start - 1, m.end, m.head, ctx.keep(actor), "adjective", _span_text(sent, m.start - 1, m.end))
    return Mention(m.sentence, m.start - 1, max(m.end, head + 1), head, ctx.keep(actor), "descriptor", _span_text(sent, m.start - 1, max(m.end, head + 1)))


def _titled_org(sent: Sentence, ent: Entity, gaz: Gazetteer) -> Entity:
    """A name the tagger read as an organisation right after a person's title is the person:
    'Kazakh President Kassym-Jomart Tokayev' (ORG), or 'Kazakh President Tokayev' (ORG with the title in it).
    Only capitalised words (a hyphen between them allowed), no form the gazetteer knows."""
    if ent.label != "ORG":
        return ent
    toks = sent.tokens
    start = ent.start
    for k in range(ent.start, ent.end - 1):  # the title inside the span: the name starts after it
        title = _title_at(sent, k, gaz)
        if title is not None and title.office != "party":
            start = k + 1
    if start == ent.start and not (ent.start > 0 and _title_at(sent, ent.start - 1, gaz) is not None):
        return ent
    words = [t for t in toks[start:ent.end] if t.text != "-"]
    if not words or len(words) > 4 or not all(t.pos == "PROPN" and t.text[:1].isupper() and t.text.isalpha() for t in words):
        return ent
    text = _span_text(sent, start, ent.end)
    if any(f.actor.type is not ActorType.PERSON for w in [text] + [t.text for t in words] for f in gaz.lookup(w)):
        return ent
    return Entity(start, ent.end, "PERSON", text)


def _titled_names(sent: Sentence, gaz: Gazetteer, taken: list[bool]) -> list[Entity]:
    """Names the tagger did not read as persons but an apposition gives a title: 'Kenzo Oshima, the
    United Nations Emergency Relief Coordinator,' (two or more capitalised proper nouns, not a known form)."""
    toks = sent.tokens
    out = []
    for tok in toks:
        if tok.pos != "PROPN" or taken[tok.i] or not any(
                k.dep == "appos" and k.i > tok.i and _title_at(sent, k.i, gaz) is not None for k in sent.children(tok.i)):
            continue
        start = tok.i
        while start > 0 and toks[start - 1].pos == "PROPN" and toks[start - 1].dep == "compound" and (
                toks[start - 1].head == tok.i) and not taken[start - 1]:
            start -= 1
        words = toks[start:tok.i + 1]
        if len(words) < 2 or not all(t.text[:1].isupper() and t.text.isalpha() for t in words):
            continue
        if any(sent.entities[j].label == "PERSON" and sent.entities[j].start <= tok.i < sent.entities[j].end
               for j in range(len(sent.entities))) or gaz.lookup(_span_text(sent, start, tok.i + 1)):
            continue
        out.append(Entity(start, tok.i + 1, "PERSON", _span_text(sent, start, tok.i + 1)))
    return out


def _people_home(sent: Sentence, m: Mention, mentions: list[Mention], ctx: _Context) -> Mention:
    """A people spread over several states takes the state its phrase names: 'Druze inhabitants of the
    Syrian Golan Heights', 'Kurds in northern Iraq', 'Iraq's Kurds'."""
    if m.actor.type is not ActorType.GROUP or m.actor.sector != "ETH" or m.actor.country:
        return m
    toks = sent.tokens
    head = m.head
    if toks[head].dep in ("amod", "compound") and toks[toks[head].head].pos == "NOUN":
        head = toks[head].head  # "Druze inhabitants", "Kurdish fighters"
    home = None
    for k in sent.children(head):
        if k.dep == "prep" and k.lower in ("in", "of", "from"):
            span = set(sent.subtree(k.i))
            home = next((n.actor for n in mentions if n.head in span and n.actor.type is ActorType.COUNTRY), None)
        elif k.dep == "poss":
            home = next((n.actor for n in mentions if n.head == k.i and n.actor.type is ActorType.COUNTRY), None)
        if home is not None:
            break
    if home is None or not home.country:
        return m
    actor = Actor(id=f"{m.actor.id}-{home.country.lower()}", name=m.actor.name, type=ActorType.GROUP, country=home.country,
                  parent=home.id, sector="ETH", aliases=m.actor.aliases)
    return Mention(m.sentence, m.start, m.end, m.head, ctx.keep(actor), m.how, m.text)


def _owned_by_other_state(sent: Sentence, start: int, actor: Actor, gaz: Gazetteer) -> bool:
    """A state named just before a body's name ('Venezuela's', 'Venezuelan') that is not the body's state."""
    toks = sent.tokens
    k = start - 1
    if k >= 0 and toks[k].text in ("'s", "’s"):
        k -= 1
    if k < 0:
        return False
    for j in range(max(0, k - 2), k + 1):  # the state's name may be several words ("South Korea's")
        forms = gaz.lookup(" ".join(t.text for t in toks[j:k + 1]))
        states = {f.actor.country for f in forms if f.actor.type is ActorType.COUNTRY}
        if states:
            return actor.country not in states
    return False


def _community_of(sent: Sentence, m: Mention, mentions: list[Mention]) -> bool:
    """'the Albanians of southern Serbia', 'the Kurds of Iraq': a plural people noun whose 'of' names
    another state is a community of that state (not for 'in': 'Americans in Iraq' stay Americans)."""
    toks = sent.tokens
    head = toks[m.head]
    if head.pos not in ("NOUN", "PROPN") or head.tag not in ("NNS", "NNPS") or m.end >= len(toks) or toks[m.end].lower != "of":
        return False
    return any(n.start > m.end and n.actor.type is ActorType.COUNTRY and n.actor.id != m.actor.id and
               toks[n.head].dep == "pobj" and toks[n.head].head == m.end for n in mentions)


def _demonym_of(state: Actor, gaz: Gazetteer) -> str:
    for forms in gaz.forms.values():
        for f in forms:
            if f.actor.id == state.id and f.kind == "demonym":
                return f.surface
    return _adjective_of(state, gaz)


def _span_text(sent: Sentence, start: int, end: int) -> str:
    a = sent.tokens[start].idx - sent.start
    last = sent.tokens[end - 1]
    b = last.idx - sent.start + len(last.text)
    return sent.text[a:b]


def _entity_text(sent: Sentence, i: int) -> str:
    for e in sent.entities:
        if e.start == i:
            return e.text
    return sent.tokens[i].text


def _span_head(sent: Sentence, start: int, end: int) -> int:
    return sent.span_head(start, end)


def _gazetteer_matches(sent: Sentence, gaz: Gazetteer) -> list[tuple[int, int, list[Form]]]:
    toks = sent.tokens
    out = []
    i = 0
    while i < len(toks):
        best = None
        word = toks[i].lower
        span = gaz.first_words.get(word) or gaz.first_words.get(normalise(toks[i].text))
        if word == "the" and i + 1 < len(toks):
            span = max(span or 0, (gaz.first_words.get(toks[i + 1].lower) or 0) + 1) or None
        if span and i + 1 < len(toks) and toks[i + 1].text in ("-", "–"):
            span += 2  # "al - Shabaab": the tokenizer split a hyphenated name
        elif not span and i + 2 < len(toks) and toks[i + 1].text == "-":
            joined = normalise(f"{toks[i].text}-{toks[i + 2].text}")
            span = 3 if gaz.first_words.get(joined) else None
        if not span:
            forms = _misspelt_state(sent, i, gaz)
            if forms:
                out.append((i, i + 1, forms))
            i += 1
            continue
        for j in range(min(len(toks), i + span), i, -1):
            text = _span_text(sent, i, j)
            if len(text) > 80:
                continue
            forms = gaz.lookup(text)
            if forms:
                best = (i, j, forms)
                break
        if best:
            b0, b1, forms = best
            if b1 - b0 > 1 and toks[b0].lower == "the":
                b0 += 1  # "the Kremlin": the name is the mention
            out.append((b0, b1, forms))
            i = b1
        else:
            i += 1
    return out


def _misspelt_state(sent: Sentence, i: int, gaz: Gazetteer) -> list[Form]:
    """A state's name misspelt by one letter ("Ethopia has agreed", "an offer from Afganistan"): only a
    capitalised word standing alone, not part of a longer name ("British Columbia") and not a person's."""
    toks = sent.tokens
    tok = toks[i]
    if not (tok.text[:1].isupper() and tok.text[1:].islower()) or tok.pos not in ("PROPN", "ADJ", "NOUN"):
        return []
    if tok.ent_type in ("PERSON", "DATE", "TIME", "MONEY", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "FAC"):
        return []
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks) and toks[k].pos == "PROPN" and toks[k].text[:1].isupper():
            return []  # part of a longer name
    if i >= 2 and toks[i - 1].lower == "of" and toks[i - 2].text[:1].isupper():
        return []  # "District of Columbia"
    return gaz.misspelt_state(tok.text)


def _choose(forms: list[Form], ctx: _Context) -> Actor | None:
    actors = {f.actor.id: f.actor for f in forms}
    if len(actors) == 1:
        return next(iter(actors.values()))
    seen = [a for a in actors if a in ctx.states or a in ctx.actors]
    if len(seen) == 1:
        return actors[seen[0]]
    names = [f.actor for f in forms if f.kind == "name"]
    return names[0] if len(names) == 1 else None


def _is_modifier(sent: Sentence, start: int, end: int) -> bool:
    tok = sent.tokens[_span_head(sent, start, end)]
    if tok.dep == "conj" and tok.head < tok.i:  # "US and British activists": a conjunct of a modifier is one
        tok = sent.tokens[_conj_root(sent, tok.i)]
    return tok.dep in ("amod", "compound", "nmod") and tok.head > tok.i


def _is_modifier_span(sent: Sentence, start: int, end: int, ent) -> bool:
    """A state name at the start of an organisation entity ("Russian Defence Ministry")."""
    first = ent.start + 1 if sent.tokens[ent.start].lower in ("the", "a", "an") else ent.start
    return start <= first or sent.tokens[start].lower == "the"


def _is_capital_word_only(text: str) -> bool:
    return text.isupper() and len(text) <= 2


def _persons_state_noun(sent: Sentence, tok, person: Actor, gaz: Gazetteer) -> Actor | None:
    """The state of ``person`` if ``tok`` (naming the person) is the possessor of a noun for a state
    ("his government", "Burhan's government"), else None."""
    if tok.dep != "poss" or tok.head == tok.i or person.type is not ActorType.PERSON or not person.country:
        return None
    noun = _actor_noun(sent, tok.head, gaz)
    return gaz.state(person.country) if noun is not None and noun.kind == "state" else None


def _actor_noun(sent: Sentence, i: int, gaz: Gazetteer):
    tok = sent.tokens[i]
    if tok.pos not in ("NOUN", "PROPN"):
        return None
    # multiword nouns: "coast guard", "foreign ministry", "air force"
    for k in range(max(0, i - 2), i):
        words = " ".join(t.lemma for t in sent.tokens[k:i]) + " " + tok.lemma
        if words in gaz.nouns:
            return gaz.nouns[words]
        words = " ".join(t.lower for t in sent.tokens[k:i + 1])
        if words in gaz.nouns:
            return gaz.nouns[words]
    return gaz.nouns.get(tok.lemma) or gaz.nouns.get(tok.lower)


def _descriptor(state: Actor, noun, gaz: Gazetteer, modifier: str | None = None) -> Actor:
    """The actor a state modifier + actor noun stands for ("Israeli army"; a place keeps its own
    name: "Darfur rebels")."""
    if noun.kind in ("state", "person"):
        return state
    adjective = _adjective_of(state, gaz)
    if modifier and not any(f.kind == "adjective" and f.actor.id == state.id for f in gaz.lookup(modifier)):
        if any(f.kind == "place" for f in gaz.lookup(modifier)):
            adjective = modifier
    if modifier and modifier[:1].isupper() and any(
            f.actor.id == state.id and f.kind in ("adjective", "name", "alias") for f in gaz.lookup(modifier)):
        adjective = modifier  # the text's own form: "Serb gunmen", "Kosovo police", "U.S. delegation"
    name = f"{adjective} {noun.name}"
    atype = ActorType.GROUP if noun.kind == "group" else ActorType.ORG
    prefix = "group" if atype is ActorType.GROUP else "org"
    return Actor(id=f"{prefix}/{slug(name)}", name=name, type=atype, country=state.country, parent=state.id,
                 sector=noun.sector or None)


def _adjective_of(state: Actor, gaz: Gazetteer) -> str:
    for forms in gaz.forms.values():
        for f in forms:
            if f.actor.id == state.id and f.kind == "adjective":
                return f.surface
    return state.name


def _clean_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return " ".join(name.replace("\n", " ").split()).strip(" ,.;:\"'“”")


def _trim_person(sent: Sentence, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """Drop titles and possessive marks that NER included in a PERSON span."""
    toks = sent.tokens
    while start < end:
        t = _title_ending_at(sent, start, gaz, forward=True)
        if t:
            start += t
            continue
        if toks[start].lower in ("the", "a", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."):
            start += 1
            continue
        break
    while end > start and toks[end - 1].text in ("'s", "’s", "'", ","):
        end -= 1
    return start, end


def _person_roles(sent, start, end, person, gaz, adj_at, mentions, ctx, roles) -> tuple[Actor, int]:
    """Titles before a name or in apposition after it: the role fact, the person's country, and
    where the mention starts (the title is part of it)."""
    name_start, end = _trim_person(sent, start, end, gaz)
    title, title_start, owner, rule = _title_before(sent, name_start, gaz, adj_at, mentions, ctx)
    if title is None:
        title, owner, rule, title_start = _title_after(sent, start, end, gaz, adj_at, mentions, ctx)
    toks = sent.tokens
    if title is not None and owner is None and end + 1 < len(toks) and toks[end].lower == "of":
        # "King Hassan of Morocco", "President Mitterrand of France": the state after the name
        at = end + 2 if toks[end + 1].lower == "the" else end + 1
        owner = next((m.actor for m in mentions if m.start == at and m.actor.type in (ActorType.COUNTRY, ActorType.IGO)), None)
        rule = "title, 'of' after the name" if owner is not None else rule
    head = next((k for k in range(name_start, end) if toks[k].head not in range(name_start, end) or toks[k].head == k), end - 1)
    if owner is None and toks[head].dep == "appos" and toks[toks[head].head].pos == "NOUN" and (
            toks[head].head < name_start):
        # "The US commander in Iraq, General David Petraeus,": the state of the noun the name is in apposition to
        noun = toks[head].head
        owner = next((m.actor for m in mentions if m.actor.type is ActorType.COUNTRY and m.start < noun and (
            m.head == noun or (toks[m.head].head == noun and toks[m.head].dep in ("amod", "compound", "poss")))), None) or next(
            (adj_at[k] for k in range(max(0, noun - 3), noun) if k in adj_at and toks[k].head == noun), None)
        if owner is not None and person.country and person.country != owner.country:
            owner = None  # a known person of another state: the noun is not their role
        if owner is not None:
            # "Niger's military leader, General Salifou Gado": the noun's own title when it is one; "his
            # Paraguayan counterpart, Rodrigo Benítez": the possessor's own role
            title = _title_at(sent, noun, gaz) or Title(toks[noun].lemma, RelationType.MEMBER_OF, "official")
            if toks[noun].lemma == "counterpart":
                boss = next((m.actor for m in mentions if toks[m.head].dep == "poss" and toks[m.head].head == noun), None)
                if boss is None and any(k.dep == "poss" and k.lower in ("his", "her") for k in sent.children(noun)):
                    boss = next((m.actor for m in sorted(mentions, key=lambda m: -m.start) if m.end <= noun and
                                 m.actor.type is ActorType.PERSON), None)  # ("his" is resolved later)
                role = next((r.type for r in roles if boss is not None and r.holder.id == boss.id), None)
                if role is not None:
                    title = Title("counterpart", role, "counterpart")
            rule = "apposition to a state's role noun"
    if title is not None and owner is None and not person.country and title.office in ("speaker", "legislator") and (
            _title_words_national(title.title)):
        # "Parliament Speaker Ali-Reza Mousavian" in an article about Iran: the state's own parliament
        owner = _dominant_state(ctx) or next((m.actor for m in mentions if m.actor.type is ActorType.COUNTRY and
                                              m.end <= name_start), None)
        rule = "title, state of the article" if owner is not None else rule
    if title is not None and owner is None and not person.country and title.role is RelationType.LEADER_OF and (
            title.office in ("head_of_state", "head_of_government")):
        owner = _sentence_state(sent, mentions, adj_at, gaz)  # "President Laurent Gbagbo said Ivory Coast ..."
        rule = "title, state of the sentence" if owner is not None else rule
        if owner is None and toks[0].lower == "in" and toks[0].dep == "prep":
            # "In Tokyo, Prime Minister Haruto Sakamoto condemned ...": the place the sentence opens with
            first = next((m for m in mentions if m.actor.type is ActorType.COUNTRY and toks[m.head].dep == "pobj" and
                          toks[m.head].head == 0 and m.end <= name_start), None)
            if first is not None:
                owner, rule = first.actor, "title, the place the sentence opens with"
        if owner is None:
            # "held talks in Beirut with Haddad and Prime Minister Karim Salem": a host's official, of the state
            # of a person named with them or of the place of the talks
            h = head
            root = _conj_root(sent, h)
            mate = next((m.actor for m in mentions if m.actor.type is ActorType.PERSON and m.actor.country and
                         m.head == root and root != h), None)
            if mate is not None and gaz.state(mate.country) is not None:
                owner, rule = gaz.state(mate.country), "title, the state of the person named with them"
            elif toks[root].dep == "pobj" and toks[toks[root].head].lower == "with":
                holders, t = [], toks[toks[root].head].head
                for _ in range(3):  # the noun or verb the 'with' hangs on, up to its verb ("held talks in Beirut ... with")
                    holders.append(t)
                    if toks[t].pos in ("VERB", "AUX") or toks[t].head == t:
                        break
                    t = toks[t].head
                holders += [k.i for v in list(holders) for k in sent.children(v) if k.dep == "dobj"]  # "held talks in X"
                place = next((m.actor for v in holders for k in sent.children(v) if k.dep == "prep" and k.lower == "in"
                              for m in mentions if m.actor.type is ActorType.COUNTRY and
                              toks[m.head].dep == "pobj" and toks[m.head].head == k.i), None)
                if place is not None:
                    owner, rule = place, "title, the place of the meeting"
        dominant = _dominant_state(ctx)
        here = {m.actor.id for m in mentions if m.actor.type is ActorType.COUNTRY and m.how not in ("coref-pair", "pronoun")
                and not _title_starts(sent, m.end, gaz)}  # ("... with U.S. Commerce Secretary X": another's title)
        if owner is None and dominant is not None and (not here or dominant.id in here):
            # "President Andrés Quintero wrote ..." in an article about Colombia; "talks in Minsk with President
            # Viktor Sarokin" where Belarus is what the text is about
            owner = dominant
            rule = "title, the article's state" if owner is not None else rule
    if title is not None and owner is None and person.country and gaz.state(person.country) is not None:
        owner = gaz.state(person.country)  # a known official whose title names no state
        rule = "title, the person's state"
    elif title is not None and owner is None and not person.country and any(
            w in title.title.split() for w in ("ministry", "government", "foreign", "defence", "defense", "interior")):
        # "Foreign Ministry spokeswoman X": the ministry of the state the article is about
        owner = next(iter(ctx.salient_states(1, True)), None) or _sentence_state(sent, mentions, adj_at, gaz)
        rule = "title, state of the context" if owner is not None else rule
    elif title is not None and owner is None and not person.country and title.office in (
            "minister", "deputy", "spokesperson") and _dominant_state(ctx) is not None and not any(
            m.actor.type is ActorType.COUNTRY and m.end <= name_start and m.how not in ("coref-pair", "pronoun")
            for m in mentions):
        # "Economy Minister Rodrigo Salazar Ibarra told ..." in an article about Mexico: a minister of its state
        owner = _dominant_state(ctx)
        rule = "title, the article's state"
    former = title_start is not None and any(
        t.lower in ("former", "ex", "late", "then", "outgoing", "ousted", "deposed")
        for t in sent.tokens[max(0, title_start - 3):start])
    if title is not None and owner is not None:
        ctx.see_state(owner, 2)
        person = _with_country(person, owner)
        role = title.role
        if owner.type is ActorType.ORG and owner.country:
            state = gaz.state(owner.country)
            if state is not None:
                owner, role = ctx.keep(state), RelationType.MEMBER_OF
        if not former:  # "former Japanese Prime Minister X" no longer holds the role
            roles.append(RoleFact(sent.index, person, role, ctx.keep(owner), title.title, rule))
        ctx.role_holders.append((title.title, owner.country, person))
    elif title is not None:
        ctx.role_holders.append((title.title, person.country, person))
    return person, (title_start if title_start is not None and title_start < start else start)


def _known_person(name: str, ctx: _Context) -> Actor | None:
    """A person of the gazetteer named ``name``; among namesakes, the one in office at the article date
    (or the only country they share)."""
    people = [f.actor for f in ctx.gaz.lookup(name) if f.actor.type is ActorType.PERSON]
    people = list({p.id: p for p in people}.values())
    if not people:
        return None
    if len(people) > 1:
        year = ctx.year
        if year is not None:
            current = [p for p in people if _in_office(ctx.gaz.tenure.get(p.id), year)]
            if len(current) == 1:
                return current[0]
        if len({p.country for p in people}) == 1:
            # same country: keep the name as written, with the shared country
            return Actor(id=f"person/{slug(name)}", name=name, type=ActorType.PERSON, country=people[0].country,
                         parent=people[0].parent)
        return None
    return people[0]


def _in_office(tenure, year: int) -> bool:
    if not tenure:
        return False
    start, end = tenure
    return (start is None or start - 1 <= year) and (end is None or year <= end + 1)


def _person(name: str, ctx: _Context) -> Actor:
    parts = [p for p in re.split(r"[\s]+", name) if p]
    if len(parts) == 1:
        ids = ctx.name_parts.get(parts[0].lower())
        if ids and len(ids) == 1:
            return ctx.actors[next(iter(ids))]
    pid = f"person/{slug(name)}"
    return ctx.actors.get(pid) or Actor(id=pid, name=name, type=ActorType.PERSON)


def _with_country(person: Actor, of: Actor) -> Actor:
    if person.country or not of.country:
        return person
    return Actor(id=person.id, name=person.name, type=person.type, country=of.country, aliases=person.aliases,
                 parent=of.id if of.type is ActorType.COUNTRY else of.parent)


def _register_name(person: Actor, ctx: _Context) -> None:
    parts = re.split(r"[\s]+", person.name)
    if len(parts) < 2:
        return
    for p in parts:
        low = p.lower().strip(".,")
        article = re.match(r"(?:al|el|ad|ar|as|ash|at|az|an|ul|ud|ed|es)-(\w{3,})$", low)
        if article and p.split("-", 1)[1][:1].isupper():  # "al-Burhan", referred to later as "Burhan"
            ctx.name_parts.setdefault(article.group(1), set()).add(person.id)
        if len(low) < 3 or low in NAME_PARTICLES or not p[:1].isupper():
            continue
        ctx.name_parts.setdefault(low, set()).add(person.id)
        # hyphenated given names: "Jong-un" also as "Jong"
    ctx.name_parts.setdefault(person.name.lower(), set()).add(person.id)


def _title_ending_at(sent: Sentence, start: int, gaz: Gazetteer, forward: bool = False) -> int:
    """Length in tokens of the longest title starting at token ``start`` (0 if none)."""
    toks = sent.tokens
    best = 0
    for j in range(start + 1, min(len(toks), start + 5) + 1):
        words = " ".join(t.lower for t in toks[start:j]).replace(" - ", "-")
        if words in gaz.titles:
            best = j - start
    return best


def _title_at(sent: Sentence, i: int, gaz: Gazetteer):
    """The title whose last word is token ``i`` (longest), or None."""
    toks = sent.tokens
    if toks[i].lower not in gaz.title_words and toks[i].lemma not in gaz.titles and "-" not in toks[i].text:
        return None
    best = None
    for k in range(max(0, i - 4), i + 1):
        words = " ".join(t.lower for t in toks[k:i + 1]).replace(" - ", "-")
        if words in gaz.titles:
            best = gaz.titles[words]
            break
    if best is None and toks[i].lemma in gaz.titles:
        best = gaz.titles[toks[i].lemma]
    return best


def _title_before(sent, start, gaz, adj_at, mentions, ctx):
    """Title (and its state) in the tokens before a name: "North Korean leader Kim Jong-un"."""
    toks = sent.tokens
    title = None
    title_start = None
    end_title = start
    if start >= 2 and toks[start - 1].text == ",":  # "Turkey's president, Recep Tayyip Erdogan,"
        end_title = start - 1
    elif start >= 3 and toks[start - 1].lower in gaz.honorifics and toks[start - 2].text == ",":
        end_title = start - 2  # "Qatar's emir, Sheikh Hamad bin Khalifa al-Thani"
    for m in mentions:  # "Chinese Ambassador to the United States Xie Feng": skip the posting
        if m.end == end_title and m.actor.type in (ActorType.COUNTRY, ActorType.IGO):
            k = m.start - 1 if m.start and toks[m.start - 1].lower != "the" else m.start - 2
            if k >= 1 and toks[k].lower == "to" and toks[k - 1].lower in ("ambassador", "envoy", "representative", "consul"):
                end_title = k
            break
    title_end = end_title
    # walk left over title words
    while True:  # "Supreme Leader Ayatollah Ali Khamenei": titles stack up before the name
        found = None
        for j in range(max(0, end_title - 5), end_title):
            words = " ".join(t.lower for t in toks[j:end_title]).replace(" - ", "-")
            if words in gaz.titles:
                found = gaz.titles[words], j
                break
        if found is None:
            break
        if title is None or found[0].role is RelationType.LEADER_OF:
            title = found[0]
        title_start = end_title = found[1]
        while end_title > 0 and toks[end_title - 1].lower in TITLE_QUALIFIERS:
            end_title -= 1  # "Nigerian junior foreign minister X", "the former Israeli prime minister"
            title_start = end_title
    if title is None:
        return None, None, None, ""
    # state modifier right before the title: adjective, name, possessive
    before = title_start - 1
    while before >= 0 and toks[before].text in ("'s", "’s"):
        before -= 1
    if before >= 0 and before in adj_at:
        s = before
        while s - 1 in adj_at and adj_at[s - 1] is adj_at[before]:
            s -= 1
        return title, s, adj_at[before], "title before name"
    for m in mentions:
        if m.actor.type not in (ActorType.COUNTRY, ActorType.IGO, ActorType.ORG, ActorType.GROUP):
            continue
        if m.end - 1 == before or (title_start <= m.start and m.end <= title_end):
            # "Hamas leader X", "Kremlin spokesman X", "IAEA chief X" (the owner may be part of the title)
            return title, min(m.start, title_start), m.actor, "title before name"
    for k in range(title_start, title_end):  # "Kremlin spokesman X": the owner is a word of the title
        if k in adj_at:
            return title, title_start, adj_at[k], "title before name"
    if before >= 0 and toks[before].lower in ("its", "their") and toks[before].dep == "poss":
        # "Iran ..., and its foreign minister, Hossein Rahimi, telephoned ...": the state the possessive refers to
        # (pronouns are resolved after names: the subject before it)
        owner = _last_state_subject(sent, before, mentions, gaz)
        if owner is not None and owner.type in (ActorType.COUNTRY, ActorType.IGO):
            return title, title_start, owner, "title before name (its)"
    for e in sent.entities:  # "Rwanda Defence Force General X": the state named in the body before the title
        if e.label == "ORG" and e.end == title_start:
            state = next((adj_at[k] for k in range(e.start, e.end) if k in adj_at), None)
            if state is not None:
                return title, title_start, state, "title after a state's body"
    # "President of Russia Vladimir Putin" is rare; a title inside an "of" phrase is handled after the name
    return title, title_start, None, "title before name"


def _title_after(sent, start, end, gaz, adj_at, mentions, ctx):
    """Apposition after the name: "Vyacheslav Volodin, speaker of Russia's lower house"."""
    toks = sent.tokens
    head = _span_head(sent, start, end)
    for t in toks:
        if t.head != head or t.dep != "appos" or t.i < end:
            continue
        title = _title_at(sent, t.i, gaz)
        if title is None:
            continue
        owner = _owner(sent, t.i, mentions, adj_at, ctx)
        return title, owner, "apposition", None
    # "X, the Russian foreign minister," parsed with the title as head of an appos
    return None, None, "", None


def _owner(sent, i, mentions, adj_at, ctx) -> Actor | None:
    """The state/organisation a noun belongs to: amod adjective, possessive, compound, or 'of' object."""
    toks = sent.tokens
    kids = [t for t in toks if t.head == i and t.i != i]
    for t in kids:
        if t.i in adj_at and t.dep in ("amod", "compound", "nmod"):
            return adj_at[t.i]
    for t in kids:
        if t.dep in ("poss", "compound", "nmod"):
            for m in mentions:
                if m.head == t.i and m.actor.type in (ActorType.COUNTRY, ActorType.IGO, ActorType.ORG):
                    return m.actor
            if t.pos == "PROPN" or t.dep == "poss":
                found = _resolve_token_to_state(sent, t.i, ctx)
                if found:
                    return found
    for t in kids:
        if t.dep == "prep" and t.lower in ("of", "in", "for"):
            for p in toks:
                if p.head == t.i and p.dep == "pobj":
                    for m in mentions:
                        if m.head == p.i or (m.start <= p.i < m.end):
                            if m.actor.type in (ActorType.COUNTRY, ActorType.IGO):
                                return m.actor
                            if m.actor.type is ActorType.ORG:
                                return m.actor
                    nested = _owner(sent, p.i, mentions, adj_at, ctx)
                    if nested is not None:
                        return nested
    return None


def _resolve_token_to_state(sent, i, ctx) -> Actor | None:
    """A context short form or known name on token i, as a state (used for owners)."""
    tok = sent.tokens[i]
    forms = ctx.gaz.lookup(("the " if i and sent.tokens[i - 1].lower == "the" else "") + tok.text)
    actor = _choose(forms, ctx) if forms else None
    return actor


MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
                    "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"})


def _dateline_end(sent: Sentence) -> int:
    """The end of a wire dateline opening the sentence ("CAIRO, Sept 9 (Reuters) -", "WASHINGTON (AP) —",
    "UNITED NATIONS, Oct 3 -"): its place in capitals, then a comma, an agency in brackets or a dash; 0 if none."""
    toks = sent.tokens
    i = 0
    while i < len(toks) and toks[i].text.isupper() and len(toks[i].text) > 1 and toks[i].text.isalpha():
        i += 1
    if i == 0 or i >= len(toks) or toks[i].text not in (",", "(", "-", "–", "—"):
        return 0
    for j in range(i, min(len(toks), i + 12)):  # up to the dash that closes it, past a date or an agency
        if toks[j].text in ("-", "–", "—", "--"):
            between = toks[i:j]
            if j == i or any(t.text == "(" or t.text.isdigit() or t.lower.rstrip(".") in MONTHS for t in between):
                return j + 1
            return 0
    return 0


def _object_antecedent(sent: Sentence, tok: Token, mentions: list[Mention]) -> Actor | None:
    """'thanked EU leaders for the decision and urged them to ...': an object pronoun in a clause coordinated
    with another is that clause's plural object (named by its modifier), not its subject."""
    toks = sent.tokens
    v = tok.head
    if toks[v].dep != "conj" or toks[v].head == v:
        return None
    first = toks[v].head
    for k in sent.children(first):
        if k.dep == "dobj" and k.tag in ("NNS", "NNPS"):
            named = [m.actor for m in mentions if (m.head == k.i or toks[m.head].head == k.i) and m.how != "pronoun"
                     and m.actor.type in (ActorType.COUNTRY, ActorType.IGO, ActorType.ORG, ActorType.GROUP)]
            if named:
                return named[0]
    return None


def _plural_antecedent(sent: Sentence, before: int, mentions: list[Mention]):
    """'they' / 'their': the plural subject earlier in the sentence (a group noun or coordinated actors)."""
    toks = sent.tokens
    subj = [m for m in mentions if m.head < before and toks[m.head].dep in ("nsubj", "nsubjpass")]
    if not subj:
        # "Houthi leaders said they ...", "the bloc's leaders warned they ...": the subject noun is named by
        # its modifier or possessor
        subj = [m for m in mentions if m.head < before and toks[m.head].dep in ("compound", "amod", "poss") and (
            toks[toks[m.head].head].dep in ("nsubj", "nsubjpass")) and toks[toks[m.head].head].tag == "NNS" and (
            m.actor.type in (ActorType.GROUP, ActorType.ORG, ActorType.IGO, ActorType.COUNTRY))]
        if subj:
            return subj[0].actor
        return None
    head = subj[0].head
    group = [m.actor for m in mentions if m.head == head]
    conj = [m.actor for m in mentions if toks[m.head].dep == "conj" and _conj_root(sent, m.head) == head]
    actors = list(dict.fromkeys(group + conj))
    if len(actors) >= 2:
        return actors
    if toks[head].tag in ("NNS", "NNPS") or toks[head].lemma in ("people",):
        return actors
    return None


def _sentence_state(sent: Sentence, mentions: list[Mention], adj_at: dict, gaz: Gazetteer) -> Actor | None:
    """The one state a sentence names outside other people's titles, for a head of state or government
    whose title names none ("President Laurent Gbagbo ... Ivory Coast"); None when there are several."""
    toks = sent.tokens
    spans = [(m.start, m.end, m.actor) for m in mentions if m.actor.type is ActorType.COUNTRY and m.how in (
        "gazetteer", "adjective", "place")]
    for k in sorted(adj_at):  # adjective spans ("South African"), merged from their tokens
        if spans and spans[-1][1] == k and spans[-1][2] is adj_at[k]:
            spans[-1] = (spans[-1][0], k + 1, adj_at[k])
        else:
            spans.append((k, k + 1, adj_at[k]))
    states = set()
    for start, end, actor in spans:
        if end < len(toks) and (_title_ending_at(sent, end, gaz) or (toks[end].text in ("'s", "’s") and end + 1 < len(toks)
                                                                      and _title_ending_at(sent, end + 1, gaz))):
            continue  # "South African leader F.W. de Klerk": another person's state
        states.add(actor)
    return next(iter(states)) if len({a.id for a in states}) == 1 else None


def _names_hardware(sent: Sentence, last: int) -> bool:
    """The name ending at token ``last`` modifies a weapon or vehicle noun ("IRIS-T air defence systems")."""
    toks = sent.tokens
    t = toks[last]
    for _ in range(4):
        if t.dep not in ("compound", "nmod", "amod", "npadvmod", "punct") or t.head <= t.i:
            return False
        t = toks[t.head]
        if t.lemma in HARDWARE_NOUNS:
            return True
    return False


def _names_non_actor(sent: Sentence, start: int, end: int) -> bool:
    """A name that is a place, a document or an operation, not an actor: 'Ankoko island', 'the
    villages of Kfar Kela', 'the Nuclear Non-Proliferation Treaty', 'the Freedom Shield exercise'."""
    toks = sent.tokens
    last = toks[end - 1]
    if last.lower in DOCUMENT_WORDS:
        return True
    first = start + 1 if toks[start].lower == "the" and end - start > 1 else start
    if toks[first].lower in PLACE_NAME_STARTS and end - first > 1:
        return True  # "Mount Hermon", "Lake Chad", "Cape Verde" is a state (gazetteer) before it gets here
    t = last
    for _ in range(3):  # the name modifies a place or event noun
        if t.dep not in ("compound", "nmod", "amod", "npadvmod") or t.head <= t.i:
            break
        t = toks[t.head]
        if t.lemma in PLACE_NOUNS or t.lemma in EVENT_NAME_NOUNS:
            return True
    head = toks[last.head] if last.head != last.i else None
    if head is not None and last.dep == "pobj" and head.lower == "of" and toks[head.head].lemma in PLACE_NOUNS:
        return True  # "the villages of Kfar Kela"
    if head is not None and last.dep == "pobj" and head.lower in PLACE_PREPS:
        return True  # "a patrol near Kfar Kela": only places are near, along or across
    return False


def _for_object(sent: Sentence, tok: Token, mentions: list[Mention]) -> list[Actor]:
    """'V X for/over its/their N' (condemn, thank, praise, blame, criticise X for ...; expel, sanction X
    over ...): the possessor is X."""
    toks = sent.tokens
    if tok.dep != "poss":
        return []
    n = toks[tok.head]
    if n.dep != "pobj" or toks[n.head].lower not in ("for", "over"):
        return []
    if toks[n.head].lower == "over":
        # "sanctions against Russia over its war in Ukraine": the one the measure is against, named just before
        against = [m.actor for m in mentions if m.end <= tok.i and toks[m.head].dep == "pobj" and m.how != "pronoun"
                   and toks[toks[m.head].head].lower in ("against", "on", "upon")]
        if against:
            return against[-1:]
        # "removed Turkey from the F-35 programme over its purchase of the S-400": the one acted on (below)
    v = toks[n.head].head
    if toks[v].pos not in ("VERB", "AUX"):
        return []
    out = []
    for m in mentions:
        h = toks[m.head]
        root = _conj_root(sent, m.head)
        if (h.dep == "dobj" and h.head == v) or (h.dep == "conj" and toks[root].dep == "dobj" and toks[root].head == v):
            out.append(m.actor)
        elif toks[root].dep == "pobj" and toks[toks[root].head].lower == "to" and (
                toks[toks[root].head].head == v or toks[toks[toks[root].head].head].head == v):
            out.append(m.actor)  # "expressed gratitude to Japan for its support"
    return list(dict.fromkeys(out))


def _conj_root(sent: Sentence, i: int) -> int:
    t = sent.tokens[i]
    while t.dep == "conj" and t.head != t.i:
        t = sent.tokens[t.head]
    return t.i


def _covered(mentions: list[Mention]) -> set[int]:
    return {k for m in mentions for k in range(m.start, m.end)} | {m.head for m in mentions}


OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})


def _clause_subjects(sent: Sentence, tok: Token, mentions: list[Mention]) -> set[str]:
    """The ids of the persons who are the subject of the clause a pronoun is an object in (its verb's
    subject, or that of the verb it is coordinated with: 'spoke with X and urged him')."""
    i = tok.head
    if tok.dep == "pobj" and i != tok.i:
        i = sent.tokens[i].head  # the preposition's verb
    for _ in range(3):
        v = sent.tokens[i]
        subjects = [k.i for k in sent.children(i) if k.dep in ("nsubj", "nsubjpass")]
        if subjects:
            return {m.actor.id for m in mentions if m.head in subjects and m.actor.type is ActorType.PERSON}
        if v.dep != "conj" or v.head == i:
            break
        i = v.head
    return set()


def _last_subject(sent: Sentence, before: int, mentions: list[Mention], atype: ActorType) -> Actor | None:
    found = None
    for m in mentions:
        if m.head < before and sent.tokens[m.head].dep in ("nsubj", "nsubjpass") and m.actor.type is atype:
            found = m.actor
    return found


def _last_state_subject(sent: Sentence, before: int, mentions: list[Mention], gaz: Gazetteer | None = None) -> Actor | None:
    """The state (or body) that is the subject before token ``before``; a person subject gives their state."""
    toks = sent.tokens
    for m in mentions:  # "the UN peacekeeping force UNIFIL said ... its patrols": the name in apposition first
        h = toks[m.head]
        if m.head < before and h.dep == "appos" and toks[h.head].dep.startswith("nsubj") and (
                m.actor.type in (ActorType.COUNTRY, ActorType.ORG, ActorType.IGO)):
            return m.actor
    for m in sorted(mentions, key=lambda m: -m.head):  # the nearest subject before it: "Saudi Arabia pledged ..., and
        h = toks[m.head]                                # the European Union said it had released ..."
        if h.dep.startswith("nsubj") and toks[h.head].dep == "relcl" and before not in sent.subtree(h.head):
            continue  # "NATO, which Finland joined in 2023, said it had sent a frigate": not the relative clause's subject
        if m.head < before and m.how != "pronoun" and (h.dep.startswith("nsubj") or (  # "Mali's junta said it ...": the subject's owner
                h.dep in ("poss", "compound") and toks[h.head].dep.startswith("nsubj") and not any(
                    n.head == h.head for n in mentions))):  # ("the U.S. Treasury Department ... which it accused")
            if m.actor.type in (ActorType.COUNTRY, ActorType.ORG, ActorType.IGO, ActorType.GROUP):
                return m.actor
            if m.actor.type is ActorType.PERSON and m.actor.country and gaz is not None:
                return gaz.state(m.actor.country)
    return None


def _title_starts(sent: Sentence, i: int, gaz: Gazetteer) -> bool:
    """A title begins at token ``i`` ("Commerce Secretary" after "U.S.")."""
    toks = sent.tokens
    return any(" ".join(t.lower for t in toks[i:j]) in gaz.titles for j in range(i + 1, min(len(toks), i + 5) + 1))


def _named_head_reference(sent: Sentence, tok: Token, ctx: _Context) -> Actor | None:
    """'the council', 'the military council' after 'the Military Council for National Salvation': the body
    or group last named whose name has the noun (and every modifier before it) as a word."""
    mods = [k.lower for k in sent.children(tok.i) if k.dep in ("amod", "compound") and k.i < tok.i and not (
        k.lower in ("so", "-", "called") or k.text.lower().startswith("so-"))]  # "this so-called council"
    need = {tok.lower, *mods}
    if tok.lower in NAME_FUNCTION_WORDS:
        return None
    for actor, words in reversed(ctx.named):
        if need <= words:
            return actor
    return None


def _definite_bare(sent: Sentence, tok: Token, allow_adjectives: bool = False, allow_plural: bool = False) -> bool:
    kids = sent.children(tok.i)
    dets = [k for k in kids if k.dep == "det"]
    mods = [k for k in kids if k.dep in ("nummod", "poss") or (k.dep == "amod" and not allow_adjectives) or (
        k.dep == "compound" and not (allow_adjectives and k.pos == "NOUN" and k.text.islower()))]  # "the rebel group"
    return bool(dets) and dets[0].lower == "the" and not mods and (
        tok.tag in ("NN", "NNP") or (allow_plural and tok.tag in ("NNS", "NNPS")))


def _pair_reference(sent, tok, ctx, speaker, mentions=None) -> list[Actor] | None:
    """'the two countries', 'both sides', 'our two countries' -> the two most salient states."""
    kids = sent.children(tok.i)
    words = [k.lower for k in kids] + ([sent.tokens[tok.i - 1].lower] if tok.i > 0 else [])
    n = 3 if "three" in words else 2 if any(w in ("two", "both") for w in words) else 0
    if not n and tok.tag.endswith("S") and tok.lemma in ("neighbor", "neighbour", "rival", "foe", "ally") and "the" in words:
        # "a conflict between the nuclear-armed neighbors": the two states this sentence has just named
        named = list(dict.fromkeys(m.actor for m in (mentions or ()) if m.actor.type is ActorType.COUNTRY and m.end <= tok.i))
        return named if len(named) == 2 else None
    if not n or not tok.tag.endswith("S"):
        return None
    if tok.lemma in PERSON_PAIR_NOUNS:  # "the two leaders": the two people last named
        people = list(dict.fromkeys(reversed(ctx.recent_people)))[:n]
        return people if len(people) == n else None
    # "Cuba and Norway urged both sides to return to talks": the sides are not the ones urging them
    toks = sent.tokens
    verb = tok.head if tok.dep in ("dobj", "dative", "nsubj") else (toks[tok.head].head if tok.dep == "pobj" else None)
    acting = {m.actor.id for m in (mentions or ()) if verb is not None and m.head != tok.i and (
        (toks[m.head].dep.startswith("nsubj") and toks[m.head].head == verb) or
        (toks[m.head].dep == "conj" and toks[_conj_root(sent, m.head)].dep.startswith("nsubj") and
         toks[_conj_root(sent, m.head)].head == verb))} if tok.dep != "nsubj" else set()
    here = []
    for m in mentions or ():  # the states this sentence has named before (a state's body names its state; places do not count)
        h = toks[m.head]
        if m.end > tok.i or m.how in ("pronoun", "coref-pair") or (
                h.dep == "pobj" and toks[h.head].lower in ("in", "at", "near", "inside", "across", "into", "to", "from")):
            continue
        state = m.actor if m.actor.type is ActorType.COUNTRY else (
            ctx.gaz.state(m.actor.country) if m.actor.type is ActorType.ORG and m.actor.country else None)
        if state is not None and state.id not in acting and state not in here:
            here.append(state)
    if n == 2 and len(here) == 2 and tok.lemma not in ("side",):
        return here  # "an agreement between Tokyo and Manila ..., and the two countries have since ...": this sentence's pair
    states = [a for a in ctx.salient_states(6) if a.id not in acting][:n]
    if tok.lemma == "side" and n == 2 and ctx.last_group is not None and ctx.last_group.id not in acting and states and (
            ctx.last_group.country in (None, states[0].country)) and (len(states) < 2 or 2 * ctx.states[states[1].id] < ctx.states[states[0].id]):
        # (only where no second state is about as salient: "Pakistan and Afghanistan ... both sides")
        # "urged both sides to return to the negotiating table" in an article about a state and its insurgents
        states = [states[0], ctx.last_group]
    if len(states) < n:
        return None
    if n == 3:  # "the three European countries": the three named together most recently
        return _last_named_group(ctx, 3)
    if speaker is not None and any(k.lower in FIRST_PERSON_PLURAL for k in kids):
        own = _speaker_state(speaker, ctx)
        if own is not None and own in states:
            states = [own] + [s for s in states if s != own]
    return states[:2]


def _last_named_group(ctx: _Context, n: int) -> list[Actor] | None:
    """The last n states named together as one coordination ('Britain, France and Germany')."""
    return next((g for g in reversed(ctx.groups) if len(g) == n), None)


def _title_words_national(title: str) -> bool:
    """A legislative title that names the national parliament ('parliament speaker', 'speaker of parliament')."""
    return any(w in title.split() for w in ("parliament", "parliamentary", "house", "assembly", "speaker"))


def _dominant_state(ctx: _Context) -> Actor | None:
    """The state the article so far is clearly about: named at least twice, and more than any other."""
    counts = ctx.previous if sum(ctx.previous.values()) >= 2 else ctx.states
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < 2:
        return None
    if len(ranked) > 1 and ranked[1] >= ranked[0]:
        # a tie: the state the lede is about (the subject of the article's first sentence) if it is among the first
        lede = ctx.lede_state
        if lede is not None and counts.get(lede.id, 0) == ranked[0]:
            return ctx.actors.get(lede.id)
        return None
    top = max(counts, key=counts.get)
    return ctx.actors.get(top)


def _speaker_state(speaker: Actor, ctx: _Context) -> Actor | None:
    """Who 'we' is in a quotation: the speaking body itself, or a person's state."""
    if speaker.type is not ActorType.PERSON:
        return speaker
    if speaker.country:
        return ctx.gaz.state(speaker.country) or speaker
    return speaker


def _quote_speaker(sent: Sentence, mentions: list[Mention], ctx: _Context) -> Actor | None:
    """The speaker of a quotation in this sentence, or the previous one if the quote continues."""
    toks = sent.tokens
    if not any(t.in_quote for t in toks):
        return None
    for t in toks:
        if t.in_quote or t.pos not in ("VERB", "AUX") or t.lemma not in SPEECH_VERBS:
            continue
        for s in toks:
            if s.head == t.i and s.dep in ("nsubj", "nsubjpass") and not s.in_quote:
                for m in mentions:
                    if m.head == s.i or m.start <= s.i < m.end:
                        return m.actor
                title = _title_at(sent, s.i, ctx.gaz)
                if title is not None:
                    found = _role_reference(sent, s, title, ctx, {}, mentions)
                    if found is not None:
                        return found
                if s.lower in PERSON_PRONOUNS:
                    return ctx.last_person
    return ctx.speaker


def _role_reference(sent, tok, title, ctx, adj_at, mentions) -> Actor | None:
    """'the North Korean leader' / 'the minister' -> the person holding that role in the article."""
    if not ctx.role_holders or tok.tag in ("NNS", "NNPS"):
        return None  # ("the presidents of Mercosur's members" are several people)
    kids = sent.children(tok.i)
    if not any(k.dep == "det" and k.lower == "the" for k in kids) and not any(
            k.dep in ("amod", "compound") for k in kids):
        return None
    country = None
    for k in kids:
        if k.i in adj_at:
            country = adj_at[k.i].country
        for m in mentions:
            if m.head == k.i and m.actor.type is ActorType.COUNTRY:
                country = m.actor.country
        if k.dep in ("amod", "compound") and country is None:
            forms = ctx.gaz.lookup(k.text)
            a = _choose(forms, ctx) if forms else None
            if a is not None:
                country = a.country
    candidates = [p for t, c, p in reversed(ctx.role_holders)
                  if (t == title.title or t.endswith(" " + title.title) or title.title in t.split())
                  and (country is None or c == country)]
    if candidates:
        return candidates[0]
    return None
