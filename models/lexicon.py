"""Everyday English words by part of speech, for the slots where a held-out word hurts.

A greeting word, a verb, an adverb or a form label before a name that training never saw used
to be taken into the name ("Howdy Ana", "The ambulance took Ana Ruiz", "Subscriber: ...").
The hand-written part lists are small, so this module adds thousands of ordinary words from
two public sources, read at build time only:

* ``wordfreq`` 3.1.1 (Robyn Speer; code Apache-2.0, word lists CC-BY-SA 4.0): the 30,000 most
  frequent English words;
* ``lemminflect`` 0.2.3 (MIT): their parts of speech (lemma look-up) and past tenses.

Words that are first names or surnames of the gazetteers, and words that only a held-out
(test-split) template or part uses, are left out, so the lists never teach the model a name as
a non-name nor a word of the held-out sentence shapes. Each list is sorted and then split like
the part lists (every fourth word to the test split), so the test set also holds verbs,
adverbs, nouns and labels that training never saw. Symbols and punctuation marks (emoji
among them) come from Python's Unicode database the same way, less the held-out-only ones.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from templates import split_pool

ROOT = Path(__file__).resolve().parent.parent
#: How many of the most frequent English words are read.
TOP_WORDS = 30_000
#: A past tense rarer than this Zipf frequency ("peopled") marks a word that is not a verb.
MIN_PAST_ZIPF = 2.4
_SLOT = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[A-Za-z]+")


def words_of(entries: Iterable[str]) -> set[str]:
    """The lower-cased words of template or part entries, their ``{slots}`` left out."""
    return {w.lower() for e in entries for w in _WORD.findall(_SLOT.sub(" ", e))}


def held_out_only(pools: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """Words that a held-out entry of some pool uses and no training entry of any pool does.

    :param pools: every template pool and part list of the corpus.
    """
    pools = list(pools)
    test = words_of(e for pool in pools for e in split_pool(pool, "test"))
    train = words_of(e for pool in pools for e in split_pool(pool, "train"))
    return frozenset(test - train)


def _gazetteer_names() -> set[str]:
    names: set[str] = set()
    for kind in ("first", "last"):
        path = ROOT / "rules" / "vocab" / f"names_{kind}.txt.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            names.update(line.split("\t", 1)[0] for line in fh)
    return names


def corpus_pools() -> list[tuple[str, ...]]:
    """Every template pool and part list of the corpus."""
    import frames
    import mailparts
    import phrases
    import shapes
    from templates import POOLS

    import corpus

    frame_parts = [v for k, v in vars(frames).items() if k.isupper() and isinstance(v, tuple)]
    return [
        *POOLS.values(),
        *frame_parts,
        *shapes.PARTS.values(),
        *mailparts.PARTS.values(),
        *phrases.PARTS.values(),
        corpus.LEADS,
        corpus.TAILS,
    ]


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """Word lists by kind: ``noun``, ``verb`` (base form), ``past`` (past tense), ``adverb``,
    ``adjective`` and ``word`` (any of them); sorted, unsplit."""
    import lemminflect
    from wordfreq import top_n_list, zipf_frequency

    banned = _gazetteer_names() | held_out_only(corpus_pools())
    kinds: dict[str, set[str]] = {
        "noun": set(),
        "verb": set(),
        "past": set(),
        "adverb": set(),
        "adjective": set(),
    }
    for word in top_n_list("en", TOP_WORDS):
        if len(word) < 3 or not word.isascii() or not word.isalpha() or word in banned:
            continue
        lemmas = lemminflect.getAllLemmas(word)
        if "NOUN" in lemmas:
            kinds["noun"].add(word)
        if word.endswith("ly") and lemmas.get("ADV") == (word,):
            kinds["adverb"].add(word)
        if lemmas.get("VERB") == (word,):
            past = lemminflect.getInflection(word, "VBD")
            if (
                past
                and past[0] != word
                and past[0] not in banned
                and zipf_frequency(past[0], "en") >= MIN_PAST_ZIPF
            ):
                kinds["verb"].add(word)
                kinds["past"].add(past[0])
        if "ADJ" in lemmas:
            kinds["adjective"].add(word)
    kinds["word"] = set().union(*kinds.values())
    return {k: tuple(sorted(v)) for k, v in kinds.items()}


#: Unicode categories of the symbols put beside names: other symbols (emoji among them), math,
#: modifier symbols, other punctuation and dashes.
SYMBOL_CATEGORIES = frozenset({"So", "Sm", "Sk", "Po", "Pd"})


def held_out_only_characters(pools: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """Characters other than letters, digits and spaces that a held-out entry of some pool
    uses and no training entry of any pool does (an emoticon's ``-``, a signature's ``~``).

    :param pools: every template pool and part list of the corpus.
    """
    pools = list(pools)

    def chars(split: str) -> set[str]:
        return {
            c
            for pool in pools
            for e in split_pool(pool, split)
            for c in _SLOT.sub(" ", e)
            if not c.isalnum() and not c.isspace()
        }

    return frozenset(chars("test") - chars("train"))


@cache
def symbols() -> tuple[str, ...]:
    """Single-character symbols and punctuation marks of :data:`SYMBOL_CATEGORIES` (Python's
    Unicode database), less the held-out-only ones; sorted, unsplit."""
    banned = held_out_only_characters(corpus_pools())
    return tuple(
        c
        for c in map(chr, range(0x21, 0x20000))
        if unicodedata.category(c) in SYMBOL_CATEGORIES and c not in banned
    )


@cache
def words(kind: str, split: str) -> tuple[str, ...]:
    """The words of one kind in one split (every fourth to the test split).

    :param kind: ``noun``, ``verb``, ``past``, ``adverb``, ``adjective``, ``word`` or
        ``symbol``.
    :param split: ``train`` or ``test``.
    """
    return split_pool(symbols() if kind == "symbol" else lexicon()[kind], split)
