"""Person names from context and a name-frequency gazetteer: the ``names`` detector type.

Two signals, both cheap enough to run on every part (stage 0):

* **Context cues.** A title (``Mr.``, ``Mrs.``, ``Dr.``...), a greeting (``Dear``), or a label
  (``Patient:``, ``Pt``, ``Name:``, ``Re:``, ``Next of kin:``...) followed by one to four
  capitalized words, or by an upper-case ``LAST, FIRST``. A label in its own table cell
  (``Patient<TAB>Maria<TAB>Gonzalez``, as a table renders) is a cue too, but only for a name
  with gazetteer support, so a header row (``Patient<TAB>Diagnosis``) names nobody. Such a name is reported with a high
  score when one of its words is a known first or last name, a medium one otherwise (``Dr.
  Xyzzy`` is still a person).
* **Gazetteer pairs.** A capitalized known first name followed by a capitalized known surname
  (``Maria Gonzalez``), with no cue, gets a low score: it only counts where a rule combines it
  with health information nearby.

The gazetteer is the US Census 1990 first- and last-name lists (plus Faker's name lists of many
locales), shipped as ``rules/vocab/names_first.txt.gz`` and ``names_last.txt.gz`` and searched
with one Aho-Corasick automaton. Words that are names *and* everyday words (Will, May, Rose,
Mark, Bill, Grant, Hope, Long, Young...) never make a pair on their own, and never count as
gazetteer support for a name at the start of a sentence.

The same :class:`NameGazetteer` also boosts or damps the scores of the ``ner`` detector.
"""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import regex

from dlpmilter.blockscan import BlockScanner
from dlpmilter.detectors.base import BuildContext, Detector, DetectorParams, ScanContext
from dlpmilter.errors import ConfigError
from dlpmilter.message import Part
from dlpmilter.redaction import digest, preview
from dlpmilter.verdict import Finding

#: Names that are also common English words (or month names): they need a cue to count.
_AMBIGUOUS_WORDS = """
will may rose mark bill grant hope faith joy art june april august march rich dean pat sue ray
don frank gene lane long young white brown green black king hill wood hall park price cash rice
bell rich love star summer autumn dawn eve holly ivy iris violet lily daisy ruby pearl amber
crystal jade sky river storm penny sterling chase hunter archer baker carter cook fisher mason
miles gay glad page read reed rod sandy angel christian major miles ward case chance cliff
cole dale drew gale glen grace heath jack jewel jordan king lee man mercy noble norm earl
page patience prince queen robin rocky roman royal sage saint shepherd lord best bond bush
bear bird fox wolf swan may new north south east west early little small short strong sharp
street church mills rivers banks fields woods waters stone rock hay rose roses fort field
general price law judge bishop pope chancellor dean major sargent marshall steward cook
love joy wise trust bliss good day night morning friday monday tuesday sunday
"""
AMBIGUOUS = frozenset(_AMBIGUOUS_WORDS.split())

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Nurse|Doctor|Mister|Madam)\.?"
#: Labels after which an unknown capitalized name still counts as a person.
_STRONG_LABEL = r"(?:patient(?:'s)?(?:\s+name)?|pt\s+name|name|member\s+name|guarantor|subscriber)"
#: Labels (and ``pt``) that need a known name after them.
_WEAK_LABEL = (
    r"(?:re|pt|insured|client|resident|next\s+of\s+kin|emergency\s+contact|mother|father|"
    r"spouse|son|daughter|parent|guardian|caregiver)"
)
_WORD = (
    r"(?:\p{Lu}['’]?\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?"
    r"|\p{Lu}{2,}(?:[\-'’]\p{Lu}+)?)"
)
_INITIAL = r"\p{Lu}\."
_NAME = rf"{_WORD}(?:[ \t]+(?:{_INITIAL}|{_WORD})){{0,3}}"
_INVERTED = rf"{_WORD},[ \t]?{_WORD}(?:[ \t]{_INITIAL})?"
_CUE = regex.compile(
    rf"(?:\b(?P<dear>(?i:dear))[ \t]+(?:(?P<dtitle>(?i:{_TITLE}))[ \t]+)?|\b(?P<title>(?i:{_TITLE}))[ \t]+)"
    rf"(?P<name>{_NAME})"
    rf"|(?:\b(?P<strong>(?i:{_STRONG_LABEL}))[ \t]*[:\-#][ \t]*"
    rf"|\b(?P<cell>(?i:{_STRONG_LABEL}))[ ]*\t[ \t]*"
    rf"|\b(?P<weak>(?i:{_WEAK_LABEL}))(?:[ \t]*[:\-][ \t]*|\.?[ \t]+))"
    rf"(?P<lname>{_INVERTED}|{_NAME})",
    regex.VERSION1,
)
#: What follows a pair of names that are part of a street, a building or an organisation.
_NOT_A_PERSON_AFTER = regex.compile(
    r"(?:[ \t]+\p{Lu}[\p{L}.]*){0,2}[ \t]+(?:Blvd|Boulevard|St|Street|Ave|Avenue|Rd|Road|Way|"
    r"Dr|Drive|Pkwy|Parkway|Hwy|Highway|Hospital|Clinic|Center|Centre|Medical|Memorial|Pavilion|"
    r"Building|Hall|Wing|Tower|LLC|Inc|Foundation|Pharmacy|Dental|Institute|University|College|"
    r"School|Library|Park|Bridge|Airport|Elementary|High)\b"
)
_INITIAL_GAP = regex.compile(r" \p{Lu}\. ")
#: A fast first pass (stdlib ``re``) for the words that can start a cue; ``_CUE`` is then
#: matched only there.
_CUE_START = re.compile(
    r"\b(?:dear|mrs?|ms|miss|mx|dr|prof|nurse|doctor|mister|madam|patient|pt|name|member|"
    r"guarantor|subscriber|re|insured|client|resident|next|emergency|mother|father|spouse|son|"
    r"daughter|parent|guardian|caregiver)\b",
    re.IGNORECASE,
)
#: The same, case-sensitive, for ASCII text lower-cased (4x faster; same matches there, since
#: ASCII letters only fold among themselves).
_CUE_START_LOWER = re.compile(_CUE_START.pattern)


_CUE_SCANNER = BlockScanner.build([_CUE_START_LOWER.pattern.encode("ascii")], starts=True)


def cue_starts(lowered: str) -> list[int]:
    """Where :data:`_CUE_START_LOWER` matches in a lower-cased ASCII text, in text order, from
    one Hyperscan scan (20x faster than ``finditer``). The pattern's words are whole words, so
    no two matches overlap and the set of match starts is what ``finditer`` gives; a property
    test keeps the two equal. Without Hyperscan, ``finditer``."""
    if _CUE_SCANNER is None:
        return [m.start() for m in _CUE_START_LOWER.finditer(lowered)]
    return sorted({start for _, start, _ in _CUE_SCANNER.matches(lowered.encode("ascii"))})


_TOKEN = regex.compile(r"[\p{L}'’\-]+")
#: Anything but a letter (stdlib ``re``: a non-word character, a digit or an underscore).
_NON_LETTER = re.compile(r"[\W\d_]")
#: The same for ASCII text as a translation table (50x faster than the regex substitution).
_ASCII_NON_LETTER = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
#: Cue kinds whose name must have gazetteer support to count (``Dear Colleague``, ``Re: Labs``,
#: a table header row ``Patient<TAB>Diagnosis``).
_NEEDS_SUPPORT = frozenset({"weak", "dear", "cell"})
#: Capitalized words that end a name candidate (``Dear John Patient`` is not a surname).
_STOP_WORDS = frozenset({"dear", "patient", "pt", "name", "re", "dob", "mrn", "date", "the"})


def _split_words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True, slots=True, kw_only=True)
class NameHit:
    """A gazetteer word in a text: offsets and which lists hold it."""

    start: int
    end: int
    first: bool
    last: bool
    ambiguous: bool


class NameGazetteer:
    """First and last names in one Aho-Corasick automaton.

    :param first_path: gzip file of ``name<TAB>percent`` lines (first names).
    :param last_path: the same for surnames.
    :raises ConfigError: a file is missing or unreadable.
    """

    def __init__(self, first_path: Path, last_path: Path) -> None:
        self.first = _read_names(first_path)
        self.last = _read_names(last_path)
        self._automaton = ahocorasick.Automaton()
        for name in self.first | self.last:
            key = f" {_NON_LETTER.sub(' ', name)} "
            self._automaton.add_word(key, name)
        self._automaton.make_automaton()

    def kind(self, word: str) -> tuple[bool, bool]:
        """Whether a word is a known (first, last) name, case-insensitively."""
        key = word.casefold()
        return key in self.first, key in self.last

    def scan(self, text: str) -> Iterator[NameHit]:
        """Every whole, capitalized word (or run of words) of ``text`` that is a known name.

        The text is lower-cased with every non-letter turned into a space and padded with one
        space on each side, and every gazetteer entry is keyed as `` name ``: so each match is a
        whole word, found in one linear pass, with no per-character Python work.
        """
        if text.isascii():
            padded = f" {text.lower().translate(_ASCII_NON_LETTER)} "
        else:
            padded = f" {_NON_LETTER.sub(' ', _lower_same_length(text))} "
        for end_index, name in self._automaton.iter(padded):
            start = end_index - len(name) - 1  # padded index of the word's first letter, minus 1
            end = start + len(name)
            if text[start].isupper():
                yield NameHit(
                    start=start,
                    end=end,
                    first=name in self.first,
                    last=name in self.last,
                    ambiguous=name in AMBIGUOUS,
                )

    def support(self, text: str, start: int, end: int) -> tuple[str, ...]:
        """Evidence ids for the span: ``gazetteer:first`` / ``gazetteer:last`` when one of its
        words (not an ambiguous one) is a known name."""
        found: set[str] = set()
        for a, b in _split_words(text[start:end]):
            word = text[start + a : start + b]
            if word.casefold() in AMBIGUOUS or not word[:1].isupper():
                continue
            is_first, is_last = self.kind(word)
            if is_first:
                found.add("gazetteer:first")
            if is_last:
                found.add("gazetteer:last")
        return tuple(sorted(found))


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower()[:1] or ch for ch in text)


def _read_names(path: Path) -> frozenset[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(line.split("\t", 1)[0] for line in fh if line.strip())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read name list: {exc}") from exc


@lru_cache(maxsize=4)
def load_gazetteer(first_path: Path, last_path: Path) -> NameGazetteer:
    """A gazetteer, built once per pair of files (the automaton takes about a second)."""
    return NameGazetteer(first_path, last_path)


class NamesParams(DetectorParams):
    """Parameters of a ``names`` detector.

    :param first_names: gzip list of first names, relative to the pack's directory.
    :param last_names: gzip list of surnames.
    :param cue_score: score of a cued name with gazetteer support.
    :param cue_unknown_score: score of a cued name none of whose words is a known name.
    :param pair_score: score of a known first name + known surname with no cue (0 disables).
    """

    first_names: str = "vocab/names_first.txt.gz"
    last_names: str = "vocab/names_last.txt.gz"
    cue_score: float = 0.85
    cue_unknown_score: float = 0.6
    pair_score: float = 0.35


class NamesDetector(Detector):
    """PERSON from titles, greetings and labels, and from gazetteer first+last pairs."""

    Params = NamesParams
    entities = ("PERSON",)
    stage = 0

    def __init__(self, *, id: str, params: DetectorParams, context: BuildContext) -> None:
        super().__init__(id=id, params=params, context=context)
        assert isinstance(params, NamesParams)
        self.p = params
        self.gazetteer = load_gazetteer(
            (context.base_dir / params.first_names).resolve(),
            (context.base_dir / params.last_names).resolve(),
        )

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Cued names first; then uncued pairs that do not overlap them. Linear in the text."""
        text = part.text
        cued = list(self._cued(text))
        for start, end, cue in cued:
            support = self.gazetteer.support(text, start, end)
            score = self.p.cue_score if support else self.p.cue_unknown_score
            yield self._finding(part, (start, end), score, f"cue:{cue}", (f"cue:{cue}", *support))
        if self.p.pair_score <= 0:
            return
        index = 0
        for start, end in self._pairs(text):
            while index < len(cued) and cued[index][1] <= start:
                index += 1
            if index < len(cued) and cued[index][0] < end:
                continue
            yield self._finding(
                part,
                (start, end),
                self.p.pair_score,
                "gazetteer:pair",
                ("gazetteer:first", "gazetteer:last"),
            )

    def _cued(self, text: str) -> Iterator[tuple[int, int, str]]:
        after = 0
        starts = (
            cue_starts(text.lower())
            if text.isascii()
            else [m.start() for m in _CUE_START.finditer(text)]
        )
        for position in starts:
            if position < after:
                continue
            m = _CUE.match(text, position)
            if m is None:
                continue
            after = m.end()
            cue = next(
                k for k in ("dtitle", "dear", "title", "strong", "cell", "weak") if m.group(k)
            )
            cue = "title" if cue == "dtitle" else cue
            start, end = m.span("name") if m.group("name") else m.span("lname")
            end = _trim_name(text, start, end)
            if cue == "cell":
                end = self._known_words(text, start, end)
            if end > start and (
                cue not in _NEEDS_SUPPORT or self.gazetteer.support(text, start, end)
            ):
                yield start, end, cue

    def _known_words(self, text: str, start: int, end: int) -> int:
        """The end of the leading words of ``text[start:end]`` that are known names (and not
        everyday words or labels): after a label cell, the name stops where the next cell's
        text begins (``Maria<TAB>Gonzalez<TAB>Breast cancer``)."""
        stop = start
        for a, b in _split_words(text[start:end]):
            word = text[start + a : start + b].casefold()
            if word in AMBIGUOUS or word in _STOP_WORDS or not any(self.gazetteer.kind(word)):
                break
            stop = start + b
        return stop

    def _pairs(self, text: str) -> Iterator[tuple[int, int]]:
        for first, last in itertools.pairwise(self.gazetteer.scan(text)):
            if not first.first or not last.last or first.ambiguous or last.ambiguous:
                continue
            gap = text[first.end : last.start]
            if gap != " " and not _INITIAL_GAP.fullmatch(gap):
                continue
            if not _NOT_A_PERSON_AFTER.match(text, last.end, min(len(text), last.end + 40)):
                yield first.start, last.end

    def _finding(
        self,
        part: Part,
        span: tuple[int, int],
        score: float,
        pattern: str,
        evidence: tuple[str, ...],
    ) -> Finding:
        start, end = span
        value = part.text[start:end]
        return Finding(
            entity="PERSON",
            location=part.location,
            start=start,
            end=end,
            score=score,
            detector=self.id,
            pattern=pattern,
            preview=preview(value, keep_last=0),
            digest=digest(value, self.context.salt),
            evidence=evidence,
        )


def _trim_name(text: str, start: int, end: int) -> int:
    """Drop trailing words that are labels, not names (``Dear John Patient``)."""
    words = _split_words(text[start:end])
    while words and text[start + words[-1][0] : start + words[-1][1]].casefold() in _STOP_WORDS:
        words.pop()
    return start + words[-1][1] if words else start
