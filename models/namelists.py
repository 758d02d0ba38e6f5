"""Person-name lists for the synthetic NER corpus and for the name gazetteers.

Sources (both MIT-licensed packages, read at build time only, never at run time):

* ``names`` 0.3.0: the US Census Bureau 1990 name frequency lists ``dist.all.last`` (88,799
  surnames), ``dist.female.first`` (4,275) and ``dist.male.first`` (1,219), with the percentage
  of the population bearing each name. The Census lists themselves are public domain.
* ``faker``: the first- and last-name lists of a set of locales with Latin-script (or
  romanized) names, for origins the 1990 Census lists under-represent (Vietnamese, Nigerian,
  Chinese, Japanese, Polish, Turkish, Irish, Dutch...).

Every name is assigned to the ``train`` or ``test`` split by a hash of its lower-cased form, so
the evaluation set uses only names the model never saw in training.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import itertools
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Faker locales whose name lists are written in Latin script (or have romanized lists).
FAKER_LOCALES = (
    "es_MX", "es_ES", "es_CO", "pt_BR", "it_IT", "fr_FR", "de_DE", "nl_NL", "pl_PL", "cs_CZ",
    "ro_RO", "hu_HU", "tr_TR", "sv_SE", "ga_IE", "en_GB", "en_IN", "en_PK", "en_NG", "yo_NG",
    "ha_NG", "ig_NG", "sw", "fil_PH", "id_ID", "vi_VN", "zh_CN", "ja_JP",
)

#: One name in this many goes to the test split.
TEST_SHARE = 5


def split_of(name: str) -> str:
    """``test`` or ``train``, fixed by a hash of the name (stable across runs and machines)."""
    h = int(hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % TEST_SHARE == 0 else "train"


def census_title(name: str) -> str:
    """``MCDONALD`` -> ``McDonald``, ``OCONNOR`` stays ``Oconnor`` (the lists drop apostrophes)."""
    low = name.lower()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    return low.capitalize()


@dataclass(frozen=True, slots=True)
class CensusEntry:
    """One Census name with its frequency (percent of the population)."""

    name: str
    percent: float


def read_census(file_name: str) -> list[CensusEntry]:
    """Read one ``dist.*`` file of the ``names`` package."""
    text = importlib.resources.files("names").joinpath(file_name).read_text(encoding="ascii")
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2:
            out.append(CensusEntry(name=census_title(fields[0]), percent=float(fields[1])))
    return out


def _faker_list(provider: object, *attrs: str) -> list[str]:
    for attr in attrs:
        value = getattr(provider, attr, None)
        if value:
            return [str(v) for v in value]
    return []


def read_faker(kind: str) -> dict[str, list[str]]:
    """First (``kind="first"``) or last names per Faker locale, Latin script only."""
    from faker import Faker

    out: dict[str, list[str]] = {}
    for locale in FAKER_LOCALES:
        fake = Faker(locale)
        provider = next(p for p in fake.providers if hasattr(p, "first_name"))
        if kind == "first":
            found = _faker_list(provider, "first_romanized_names", "first_names")
        else:
            found = _faker_list(provider, "last_romanized_names", "last_names")
        latin = sorted({n.strip() for n in found if n.strip() and _is_latin(n)})
        out[locale] = latin
    return out


def _is_latin(name: str) -> bool:
    return all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


@dataclass(frozen=True, slots=True)
class NamePool:
    """Names of one kind and one split, with Census frequency weights where known."""

    common: tuple[str, ...]
    weights: tuple[float, ...]
    world: tuple[str, ...]
    cumulative: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "cumulative", tuple(itertools.accumulate(self.weights)))

    synthetic: bool = False

    def draw(self, rng: random.Random) -> str:
        """A name: half by Census frequency, a quarter uniformly from Census, a quarter world
        (and, in training pools, one in ten made up from syllables, so the model must learn
        what names look like and where they sit rather than memorize the lists)."""
        roll = rng.random()
        if self.synthetic and roll < 0.1:
            return made_up_name(rng)
        if roll < 0.5:
            return rng.choices(self.common, cum_weights=self.cumulative, k=1)[0]
        if roll < 0.75 or not self.world:
            return rng.choice(self.common)
        return rng.choice(self.world)


def build_pool(kind: str, split: str) -> NamePool:
    """The pool of first or last names of one split."""
    if kind == "first":
        census = read_census("dist.female.first") + read_census("dist.male.first")
    else:
        census = read_census("dist.all.last")
    seen: set[str] = set()
    common: list[str] = []
    weights: list[float] = []
    for entry in census:
        if entry.name in seen or split_of(entry.name) != split:
            continue
        seen.add(entry.name)
        common.append(entry.name)
        weights.append(max(entry.percent, 0.0005))
    world = sorted(
        {n for names in read_faker(kind).values() for n in names if split_of(n) == split} - seen
    )
    return NamePool(common=tuple(common), weights=tuple(weights), world=tuple(world),
                    synthetic=split == "train")


_ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kh", "l", "m", "n",
           "p", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "y", "z", "")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y", "ae", "ei")
_CODAS = ("", "", "n", "r", "l", "s", "th", "nd", "rt", "x", "m", "k", "tz", "ck")


def made_up_name(rng: random.Random) -> str:
    """A pronounceable made-up name of two or three syllables."""
    syllables = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3))]
    return ("".join(syllables) + rng.choice(_CODAS)).capitalize()


def write_gazetteer(path: Path, entries: Iterable[tuple[str, float]]) -> int:
    """Write ``name<TAB>percent`` lines, lower-cased and sorted, gzip-compressed reproducibly."""
    merged: dict[str, float] = {}
    for name, percent in entries:
        key = name.casefold()
        merged[key] = max(merged.get(key, 0.0), percent)
    lines = "".join(f"{k}\t{v:.3f}\n" for k, v in sorted(merged.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(lines.encode("utf-8"))
    return len(merged)


def build_gazetteers(vocab_dir: Path) -> dict[str, int]:
    """Write ``names_first.txt.gz`` and ``names_last.txt.gz``; return the entry counts."""
    counts = {}
    for kind, files in (("first", ("dist.female.first", "dist.male.first")),
                        ("last", ("dist.all.last",))):
        census = [(e.name, e.percent) for f in files for e in read_census(f)]
        world = [(n, 0.0) for names in read_faker(kind).values() for n in names]
        counts[kind] = write_gazetteer(vocab_dir / f"names_{kind}.txt.gz", census + world)
    return counts
