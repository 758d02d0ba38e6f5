"""Everyday sentences around people, places and dates, built from the lexicon's words.

The templates and part lists use a few hundred verbs and nouns; a held-out word beside a name
("can be reached at", "was born in", "The ambulance took ...") used to be taken for a name or
into one. These makers put thousands of ordinary words (:mod:`lexicon`, split like every part
list) before, after and around people, so the model learns what a name looks like rather
than which words it has seen next to one. Like :mod:`shapes`, every part list here is split
by position and the makers return templates for :class:`corpus.Builder`.
"""

from __future__ import annotations

import random

from frames import WISHES
from shapes import part, person, person_form

#: Who does something: pronouns, kin and things ("The {noun}" is never a person).
DOERS = (
    "She",
    "He",
    "They",
    "We",
    "I",
    "The {noun}",
    "Our {noun}",
    "The {adj} {noun}",
    "Her {noun}",
    "His {noun}",
    "Their {noun}",
    "My {noun}",
    "Your {noun}",
    "This {noun}",
    "The {noun} team",
    "Someone",
    "Everyone",
    "Nobody",
)
#: Auxiliaries before a past participle or an adjective.
AUXILIARIES = (
    "was",
    "is",
    "can be",
    "will be",
    "has been",
    "may be",
    "should be",
    "were",
    "had been",
    "might be",
    "is being",
    "must be",
    "got",
    "seems",
    "became",
    "looks",
    "could be",
    "would be",
    "remains",
    "felt",
)
#: Prepositions before a place, a date or a thing.
PREPOSITIONS = (
    "in",
    "at",
    "on",
    "by",
    "from",
    "near",
    "after",
    "before",
    "since",
    "until",
    "during",
    "around",
    "into",
    "over",
    "under",
    "without",
    "with",
    "through",
    "across",
    "behind",
    "toward",
    "within",
    "outside",
    "beyond",
)
#: What follows a preposition.
OBJECTS = (
    "{city}",
    "{date}",
    "{dow}",
    "{time}",
    "the {noun}",
    "{country}",
    "{cs}",
    "{addr}",
    "a {adj} {noun}",
    "{hosp}",
    "{dept}",
    "her {noun}",
    "{state}",
    "the {adj} {noun}",
    "{date} at {time}",
    "his {noun}",
    "{org}",
    "the {noun} of {noun}",
    "{street}",
    "their {noun}",
)
#: Sentence ends.
ENDS = (".", "!", "?", ";", " ...", ":", " -", "!!", " :)", "..", " !", " :-)")


_LEXICAL = ("{noun", "{verb", "{past", "{adv", "{adj", "{vocab")


def _cap(text: str) -> str:
    """Capitalize a template's first letter, also where it starts with a slot."""
    if text.startswith(_LEXICAL):
        return "{" + text[1].upper() + text[2:]
    return text[0].upper() + text[1:]


def _who(rng: random.Random, split: str) -> str:
    return person(rng, split) if rng.random() < 0.5 else part(rng, DOERS, split)


def did(rng: random.Random, split: str) -> str:
    """``The ambulance took Ana Ruiz to Boston.`` ``Ana Ruiz cheered loudly.``"""
    roll, end = rng.random(), part(rng, ENDS, split)
    obj = f" {part(rng, PREPOSITIONS, split)} {part(rng, OBJECTS, split)}"
    if roll < 0.4:
        return _cap(f"{part(rng, DOERS, split)} {{past}} {person(rng, split)}{obj}{end}")
    if roll < 0.7:
        adv = rng.choice(("", " {adv}", ""))
        return _cap(f"{person(rng, split)} {{past}}{adv}{obj}{end}")
    return _cap(f"{person_form(rng, split)} {{past}} the {{noun}}{obj}{end}")


def was(rng: random.Random, split: str) -> str:
    """``She was born in Mexico.`` ``Her daughter Ana can be reached at 555-0100.``"""
    who = _who(rng, split)
    if who.startswith(("Her ", "His ", "Our ", "My ")) and rng.random() < 0.5:
        who = f"{who} {person_form(rng, split)}"  # "Her {noun} Ana can be reached at"
    what = rng.choice(("{past}", "{adj}", "{past} {adv}", "{adv} {past}", "very {adj}"))
    where = f" {part(rng, PREPOSITIONS, split)} {part(rng, OBJECTS, split)}"
    if rng.random() < 0.2:
        where = rng.choice((" at {phone}", " by {email}", " if needed", " again", ""))
    return _cap(f"{who} {part(rng, AUXILIARIES, split)} {what}{where}{part(rng, ENDS, split)}")


def asked(rng: random.Random, split: str) -> str:
    """``Please {verb} Ana Ruiz about the {noun}.`` ``{Adv} {Verb} Dr. Hart today.``"""
    lead = rng.choice(("", "", "Please ", "{Adv}, ", "{Adv} ", "Can you ", "Don't "))
    verb = "{verb}" if lead and not lead.endswith(", ") else "{Verb}"
    tail = rng.choice(
        (
            "",
            f" {part(rng, PREPOSITIONS, split)} {part(rng, OBJECTS, split)}",
            " about the {noun}",
            " {adv}",
            " today",
        )
    )
    text = f"{lead}{verb} {person(rng, split)}{tail}{part(rng, ENDS, split)}"
    return text if lead.startswith("{") else _cap(text)


#: What a wish is about when it is about no person ("Hope this helps", "Glad the trip went").
WISHED = (
    "this {past}",
    "the {noun} {past}",
    "you {verb}",
    "that {past}",
    "everything {past}",
    "it {past}",
    "all is {adj}",
    "your {noun} {past}",
    "we {verb} soon",
    "this is {adj}",
    "the {noun} is {adj}",
    "they {past}",
    "everyone {past}",
    "so",
    "not",
    "the {noun}",
)


def wished(rng: random.Random, split: str) -> str:
    """``Hope this helps,`` ``Glad the {noun} {past}.``: a wish word before no name."""
    wish = part(rng, WISHES, split) if rng.random() < 0.7 else "{Adv}"
    end = rng.choice((",", ".", "!", "", " :)", "..."))
    return f"{wish} {part(rng, WISHED, split)}{end}"


#: Sentence makers for running text, with weights.
SENTENCES = ((did, 2), (was, 2), (asked, 1), (wished, 1))

#: Every part list, for the split tests.
PARTS = {
    "wished": WISHED,
    "doers": DOERS,
    "auxiliaries": AUXILIARIES,
    "prepositions": PREPOSITIONS,
    "objects": OBJECTS,
    "ends": ENDS,
}
