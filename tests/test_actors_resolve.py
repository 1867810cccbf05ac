"""Stage 3: actor mentions resolved to canonical actors, with article-level coreference."""

from __future__ import annotations

import pytest

# (id, text, mention text, expected actor id)
CASES = [
    ("name", "Russia and China held talks.", "Russia", "state/RUS"),
    ("alias-dprk", "The DPRK fired a missile.", "DPRK", "state/PRK"),
    ("metonym-kremlin", "The Kremlin denied the report.", "Kremlin", "state/RUS"),
    ("metonym-capital", "Pyongyang warned Seoul.", "Seoul", "state/KOR"),
    ("igo-acronym", "The U.N. Security Council met on Friday.", "U.N. Security Council", "igo/UNSC"),
    ("descriptor-forces", "Israeli troops entered the town.", "Israeli troops", "org/israeli-forces"),
    ("descriptor-officials-is-state", "Iranian officials rejected the offer.", "Iranian officials", "state/IRN"),
    ("title-person", "Russian President Vladimir Putin arrived.", "Vladimir Putin", "person/vladimir-putin"),
    ("context-alias-after-mention", "North Korea fired a missile. The North said it was a test.", "North", "state/PRK"),
    ("surname-coref", "Japanese Prime Minister Shigeru Ishiba met Trump. Ishiba said the talks went well.",
     "Ishiba", "person/shigeru-ishiba"),
    ("role-noun-coref", "North Korean leader Kim Jong-un wrote to Putin. The North Korean leader praised him.",
     "North Korean leader", "person/kim-jong-un"),
    ("place-to-state", "Rockets hit Kharkiv overnight.", "Kharkiv", "state/UKR"),
    ("armed-group", "Hezbollah fired rockets at Israel.", "Hezbollah", "group/hezbollah"),
]


@pytest.fixture(scope="module")
def resolve_text():
    from kg.actors import load_gazetteer, resolve_article
    from kg.nlp import annotate
    from kg.records import Article

    gaz = load_gazetteer()

    def run(text):
        art = Article(id="t", text=text, date="2025-08-15")
        res = resolve_article(art, annotate(art), gaz)
        return [m for ms in res.mentions for m in ms], res

    return run


@pytest.mark.model
@pytest.mark.parametrize("cid,text,mention,actor_id", CASES, ids=[c[0] for c in CASES])
def test_actors_resolve_mention(resolve_text, cid, text, mention, actor_id):
    mentions, _ = resolve_text(text)
    found = {m.actor.id for m in mentions if mention in m.text or m.text in mention}
    assert actor_id in found, [(m.text, m.actor.id) for m in mentions]


@pytest.mark.model
def test_actors_resolve_context_alias_needs_prior_mention(resolve_text):
    mentions, _ = resolve_text("The North said it would respond.")
    assert not [m for m in mentions if m.actor.id == "state/PRK"]


@pytest.mark.model
def test_actors_resolve_reporting_agency_is_not_an_actor(resolve_text):
    mentions, _ = resolve_text("Iran condemned the attack, Reuters reported.")
    assert not [m for m in mentions if "Reuters" in m.text]


@pytest.mark.model
def test_actors_resolve_we_in_quote_is_speakers_state(resolve_text):
    mentions, _ = resolve_text('"We will respond firmly," the Chinese foreign ministry spokesperson said.')
    assert any(m.text == "We" and m.actor.id == "state/CHN" for m in mentions)


@pytest.mark.model
def test_actors_resolve_title_gives_role(resolve_text):
    _, res = resolve_text("Vyacheslav Volodin, speaker of Russia's lower house, arrived.")
    assert [(f.holder.name, f.type.value, f.of.name) for f in res.roles] == [("Vyacheslav Volodin", "MEMBER_OF", "Russia")]


@pytest.mark.parametrize("word,state", [
    ("Ethopia", "state/ETH"), ("Afganistan", "state/AFG"), ("Quatar", "state/QAT"), ("Isreal", "state/ISR"),
    ("Ukranian", "state/UKR"),
    ("Franco", None), ("Roland", None), ("Indiana", None), ("Koreas", None), ("Iraw", None), ("Chinas", None),
])
def test_actors_gazetteer_misspelt_state_is_one_edit_inside_the_word(word, state):
    """A state's name one letter off, keeping its first and last letters; never a short name or a plural."""
    from kg.actors import load_gazetteer

    forms = load_gazetteer().misspelt_state(word)
    assert ({f.actor.id for f in forms} or {None}) == {state}
