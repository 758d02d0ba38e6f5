"""Generate the synthetic NER corpus: documents with character-offset entity spans.

A document is assembled from the template pools of one split (e-mail with headers, greeting,
body, closing and signature; clinical note with labeled header lines; schedule tables; replies
with quoted text; short messages), then perturbed (case, whitespace, bullets). Labels: PERSON,
DATE (dates and times; the detector reports DATE_TIME) and LOC (places and postal addresses;
reported as LOCATION).

``generate(split, n, seed)`` is deterministic for a given seed and split.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import fillers as f
import lexicon
import mailparts
import phrases
import shapes
from frames import (
    ENDINGS,
    IMPERATIVE_TAILS,
    IMPERATIVES,
    MODIFIERS,
    PREDICATES,
    SUBJECTS,
    WISH_TAILS,
    WISHES,
)
from namelists import build_pool
from templates import POOLS, split_pool

Span = tuple[int, int, str]

_UP = str.upper



def _lexical(kind: str, title: bool) -> f.Filler:
    """A filler drawing a word of one kind of the lexicon, in the builder's split."""
    def fill(rng: random.Random, pools: f.Pools) -> str:
        word = rng.choice(lexicon.words(kind, pools.split))
        return word.capitalize() if title else word
    return fill


#: slot name -> (filler, label); an empty label leaves the text unlabeled.
SLOTS: dict[str, tuple[f.Filler, str]] = {
    "name": (f.full_name, "PERSON"), "NAME": (f.full_name, "PERSON"),
    "first": (f.first_name, "PERSON"), "last": (f.last_name, "PERSON"),
    "inv": (f.inverted_name, "PERSON"),
    "date": (f.date, "DATE"), "dob": (f.dob, "DATE"), "dow": (f.weekday, "DATE"),
    "time": (f.clock, "DATE"),
    "city": (f.city, "LOC"), "state": (f.state, "LOC"), "country": (f.country, "LOC"),
    "cs": (f.city_state, "LOC"), "cityline": (f.city_line, "LOC"), "street": (f.street, "LOC"),
    "addr": (f.address, "LOC"),
    "org": (f.company, ""), "company": (f.company, ""), "hosp": (f.hospital, ""),
    "bldg": (f.building, ""), "email": (f.email_address, ""), "phone": (f.phone, ""),
    "mrn": (f.mrn, ""), "num": (f.number, ""), "code": (f.code, ""),
    "dept": (f.choice_of(f.DEPARTMENTS), ""), "drug": (f.choice_of(f.DRUGS), ""),
    "cond": (f.choice_of(f.CONDITIONS), ""), "test": (f.choice_of(f.TESTS), ""),
    "proc": (f.choice_of(f.PROCEDURES), ""), "cred": (f.choice_of(f.CREDENTIALS), ""),
    "role": (f.choice_of(f.ROLES), ""),
    "word": (f.english_word, ""), "Word": (f.english_word_title, ""),
    # {noun} {Noun} {verb} {Verb} {past} {Past} {adv} {Adv} {adj} {Adj} {vocab} {Vocab}
    **{slot.capitalize() if title else slot: (_lexical(kind, title), "") for slot, kind in (
        ("noun", "noun"), ("verb", "verb"), ("past", "past"), ("adv", "adverb"),
        ("adj", "adjective"), ("vocab", "word"), ("sym", "symbol")) for title in (False, True)},
}
#: Held-out templates of every pool: a composed training line never equals one of them.
HELD_OUT = frozenset(t for pool in POOLS.values() for t in split_pool(pool, "test"))
#: What may stand between two slots of one label that make one entity.
_JOINERS = {"PERSON": {" "}, "LOC": {" ", ", ", ",\n"}, "DATE": {" ", ", "}}
_SLOT = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


@dataclass
class Builder:
    """Accumulates text and spans of one document."""

    rng: random.Random
    pools: f.Pools
    text: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    size: int = 0

    def add(self, template: str, *, upper: bool = False) -> None:
        """Append a rendered template."""
        pos = 0
        for m in _SLOT.finditer(template):
            self._raw(template[pos:m.start()], upper)
            filler, label = SLOTS[m.group(1)]
            value = filler(self.rng, self.pools)
            if upper or m.group(2) == "up" or m.group(1) == "NAME":
                value = value.upper()
            elif m.group(2) == "low":
                value = value.lower()
            start = self.size
            self._raw(value, False)
            if label and self.spans and self.spans[-1][2] == label \
                    and "".join(self.text)[self.spans[-1][1]:start] in _JOINERS[label]:
                start = self.spans.pop()[0]  # "{first} {last}", "{street}, {cityline}": one
            if label:
                self.spans.append((start, self.size, label))
            pos = m.end()
        self._raw(template[pos:], upper)

    def _raw(self, chunk: str, upper: bool) -> None:
        chunk = chunk.upper() if upper else chunk
        self.text.append(chunk)
        self.size += len(chunk)

    def pick(self, pool: str) -> str:
        """A random template of the named pool, in this builder's split."""
        return self.rng.choice(split_pool(POOLS[pool], self.pools.split))

    def line(self, pool: str, *, upper: bool = False, end: str = "\n") -> None:
        """Append one template of a pool and a line end."""
        self.add(self.pick(pool), upper=upper)
        self._raw(end, False)

    def either(self, pool: str, maker: shapes.Maker, *, upper: bool = False,
               end: str = "\n") -> None:
        """Append, half the time each, a template of a pool or a composed one, and a line end."""
        if self.rng.random() < 0.5:
            self.line(pool, upper=upper, end=end)
        else:
            self.add(self.compose(maker), upper=upper)
            self._raw(end, False)

    def compose(self, maker: shapes.Maker) -> str:
        """A composed template of this builder's split (in training, never a held-out one)."""
        while True:
            template = maker(self.rng, self.pools.split)
            if self.pools.split == "test" or template not in HELD_OUT:
                return template


def frame(b: Builder) -> str:
    """A compositional sentence template from the split's frame components."""
    split = b.pools.split
    roll = b.rng.random()
    person = shapes.person(b.rng, split)
    if roll < 0.15:
        tail = b.rng.choice(split_pool(IMPERATIVE_TAILS, split))
        verb = b.rng.choice(split_pool(IMPERATIVES, split)) if b.rng.random() < 0.6 else "{Verb}"
        return f"{verb} {person} {tail}".rstrip() + "."
    if roll < 0.22:
        tail = b.rng.choice(split_pool(WISH_TAILS, split))
        wish = b.rng.choice(split_pool(WISHES, split)) if b.rng.random() < 0.7 else "{Adv}"
        return f"{wish} {person} {tail}."
    mods = [b.rng.choice(split_pool(MODIFIERS, split)) for _ in range(b.rng.randint(0, 3))]
    subject = b.rng.choice(split_pool(SUBJECTS, split))
    predicate = b.rng.choice(split_pool(PREDICATES, split))
    if mods and b.rng.random() < 0.25:
        lead = mods.pop(0)
        if subject in {"She", "He", "The patient", "The family"}:
            subject = subject[0].lower() + subject[1:]
        sentence = f"{lead[0].upper()}{lead[1:]}, {subject} {predicate}"
    else:
        sentence = f"{subject} {predicate}"
    if mods:
        sentence += " " + " ".join(mods)
    return sentence + b.rng.choice(ENDINGS)


#: Discourse markers and tails put around body sentences, so names and dates are seen after
#: and before many more words than the templates hold.
LEADS = ("Also, ", "FYI ", "Note: ", "Update - ", "Please note: ", "So ", "BTW ", "Again, ",
         "Just to confirm, ", "Reminder: ", "As discussed, ", "Quick note: ", "Sorry, ", "OK - ",
         "Today ", "Per our call, ", "Good news: ", "Unfortunately ", "Just FYI, ", "And ",
         "Follow-up: ", "Important: ", "Then ", "Meanwhile, ", "Separately, ", "PS ",
         "{Word}, ", "{Word} {word}, ", "{Word}: ", "{Word} - ", "{Word}! ", "{Word} {Word}, ",
         "{Word} {word}: ", "{Word}... ")
TAILS = (" Thanks.", " asap", " - see attached.", " (see below)", " today.", " Please advise.",
         " if possible.", " Thank you!", " ty", " Let me know.", " per the chart.", " 🙂",
         " Any questions, call me.", " (urgent)", " -- confirmed", " ...", " Noted.",
         " ({word})", " ({word} {word})", " - {word} {word}.", " {Word}!", " ({Word})",
         " {word} {word}.", " see {word}.", " ({word} {word} {word})")


def _body(b: Builder, count: int) -> None:
    weights = {"body": 5, "scheduling": 2, "general": 2, "negative": 2, "frame": 4, "prose": 2,
               "shape": 5}
    sentences = (*shapes.SENTENCES, *phrases.SENTENCES)
    makers = [m for m, _ in sentences]
    for _ in range(count):
        pool = b.rng.choices(list(weights), weights=list(weights.values()))[0]
        end = b.rng.choice((" ", " ", "\n", "\n\n"))
        if pool == "shape":
            maker = b.rng.choices(makers, weights=[w for _, w in sentences])[0]
            template = b.compose(maker)
        else:
            template = frame(b) if pool == "frame" else b.pick(pool)
        roll = b.rng.random()
        if roll < 0.2:
            b.add(b.rng.choice(split_pool(LEADS, b.pools.split)))
            if template[:1].isalpha() and template[1:2].islower():
                template = template[0].lower() + template[1:]
        b.add(template)
        if roll > 0.85:
            b.add(b.rng.choice(split_pool(TAILS, b.pools.split)))
        elif roll > 0.79:  # a symbol or an emoji after the sentence is nobody's name
            b.add(b.rng.choice((" {sym}", " {sym}{sym}", "{sym}")))
        b._raw(end, False)


def email(b: Builder) -> None:
    """An e-mail: optional headers, greeting, body, closing, signature, optional quote."""
    if b.rng.random() < 0.45:
        for _ in range(b.rng.choice((1, 1, 2, 3))):
            b.either("forward", mailparts.address_header)
        b.either("subject", mailparts.subject_line, end="\n\n")
    b.either("greeting", mailparts.greeting, end=b.rng.choice(("\n\n", "\n", " ")))
    _body(b, b.rng.randint(1, 5))
    b.line("closing")
    b.either("signature", mailparts.signature)
    if b.rng.random() < 0.25:
        b.either("forward", mailparts.attribution)
        for _ in range(b.rng.randint(1, 3)):
            b._raw("> ", False)
            b.line(b.rng.choice(("body", "scheduling", "general")))


def note(b: Builder) -> None:
    """A clinical note or lab report: labeled header lines, then narrative or results."""
    upper = b.rng.random() < 0.25
    for _ in range(b.rng.randint(2, 6)):
        b.either("header", mailparts.labeled_line, upper=upper)
    b._raw("\n", False)
    if b.rng.random() < 0.5:
        _body(b, b.rng.randint(1, 4))
    else:
        for _ in range(b.rng.randint(2, 6)):
            b.either("row", shapes.table_row, upper=upper)


def table(b: Builder) -> None:
    """A schedule, census or work list: a heading and rows."""
    b._raw(b.rng.choice(("Schedule for ", "Worklist ", "Patients seen ", "Census ")), False)
    b.add("{date}")
    b._raw(":\n", False)
    for _ in range(b.rng.randint(2, 8)):
        b.either("row", shapes.table_row)


def short(b: Builder) -> None:
    """One to three sentences with no structure."""
    _body(b, b.rng.randint(1, 3))


KINDS: tuple[tuple[Callable[[Builder], None], float], ...] = (
    (email, 0.45), (note, 0.25), (table, 0.1), (short, 0.2))


def _perturb(rng: random.Random, text: str) -> str:
    """Case and layout noise that keeps character offsets unchanged."""
    roll = rng.random()
    if roll < 0.03:
        return _same_length(text, str.lower)
    if roll < 0.05:
        return _same_length(text, str.upper)
    return text


def _same_length(text: str, change: Callable[[str], str]) -> str:
    """``text`` with its case changed where that keeps the length ("İ".lower() has two
    characters, "ß".upper() is "SS": those stay, so that the spans keep their offsets)."""
    changed = change(text)
    if len(changed) == len(text):
        return changed
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def document(rng: random.Random, pools: f.Pools) -> tuple[str, list[Span]]:
    """One document and its spans."""
    b = Builder(rng=rng, pools=pools)
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    kind(b)
    text = _perturb(rng, "".join(b.text))
    return _crlf(text, b.spans) if rng.random() < 0.1 else (text, b.spans)


def _crlf(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """The document with CRLF line ends, as mail travels and attachments are written (CSV
    rows, Windows text files), the spans moved to match."""
    def moved(at: int) -> int:
        return at + text.count("\n", 0, at)

    return text.replace("\n", "\r\n"), [(moved(a), moved(b), lab) for a, b, lab in spans]


def make_split_pools(split: str) -> f.Pools:
    """The name and place pools of a split (slow: reads the name lists)."""
    return f.make_pools(build_pool("first", split), build_pool("last", split), split)


def generate(split: str, n: int, seed: int, pools: f.Pools | None = None,
             ) -> Iterator[tuple[str, list[Span]]]:
    """``n`` documents of a split (``train`` or ``test``), deterministic for ``seed``."""
    rng = random.Random(f"{split}:{seed}")  # noqa: S311 - a seeded corpus, not secrets
    pools = pools or make_split_pools(split)
    for _ in range(n):
        yield document(rng, pools)
