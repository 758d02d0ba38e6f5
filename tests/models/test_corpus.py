"""The synthetic NER corpus: disjoint splits, valid spans, reproducible output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="module")
def models() -> Iterator[dict[str, ModuleType]]:
    """The recipe's modules (models/ is a directory of scripts, not a package)."""
    sys.path.insert(0, str(MODELS))
    try:
        import namelists
        import templates

        import corpus

        yield {"corpus": corpus, "namelists": namelists, "templates": templates}
    finally:
        sys.path.remove(str(MODELS))


@pytest.fixture(scope="module")
def pools(models: dict[str, ModuleType]) -> dict[str, object]:
    """Name and place pools of both splits."""
    corpus = models["corpus"]
    return {split: corpus.make_split_pools(split) for split in ("train", "test")}


def test_name_splits_are_disjoint(pools: dict[str, object]) -> None:
    """No first name or surname of the test split is in the training split. (Cities are
    shared on purpose: the model should know real places.)"""
    train, test = pools["train"], pools["test"]
    for kind in ("first", "last"):
        a, b = getattr(train, kind), getattr(test, kind)
        train_names = {n.casefold() for n in (*a.common, *a.world)}
        test_names = {n.casefold() for n in (*b.common, *b.world)}
        assert test_names and train_names
        assert not train_names & test_names


def test_template_splits_are_disjoint(models: dict[str, ModuleType]) -> None:
    """Every pool (templates, frame parts, leads and tails) has entries in both splits, none in
    both, and no entry twice."""
    templates, corpus = models["templates"], models["corpus"]
    frames = sys.modules["frames"]
    pools = dict(templates.POOLS)
    pools.update(
        subjects=frames.SUBJECTS,
        predicates=frames.PREDICATES,
        modifiers=frames.MODIFIERS,
        imperatives=frames.IMPERATIVES,
        imperative_tails=frames.IMPERATIVE_TAILS,
        wishes=frames.WISHES,
        wish_tails=frames.WISH_TAILS,
        leads=corpus.LEADS,
        tails=corpus.TAILS,
    )
    pools.update(sys.modules["shapes"].PARTS)
    pools.update(sys.modules["mailparts"].PARTS)
    pools.update({f"phrases.{k}": v for k, v in sys.modules["phrases"].PARTS.items()})
    for name, pool in pools.items():
        assert len(set(pool)) == len(pool), name
        train = set(templates.split_pool(pool, "train"))
        test = set(templates.split_pool(pool, "test"))
        assert train and test, name
        assert not train & test, name
        assert train | test == set(pool), name


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000), split=st.sampled_from(["train", "test"]))
def test_spans_are_labelled_slices(
    models: dict[str, ModuleType], pools: dict[str, object], seed: int, split: str
) -> None:
    """Spans are ordered, non-overlapping, non-empty slices with a known label."""
    corpus = models["corpus"]
    for text, spans in corpus.generate(split, 5, seed, pools[split]):
        previous_end = 0
        for start, end, label in spans:
            assert label in {"PERSON", "DATE", "LOC"}
            assert previous_end <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]
            previous_end = end


def test_generation_is_reproducible(
    models: dict[str, ModuleType], pools: dict[str, object]
) -> None:
    """The same seed gives the same documents."""
    corpus = models["corpus"]
    first = list(corpus.generate("test", 20, 7, pools["test"]))
    again = list(corpus.generate("test", 20, 7, pools["test"]))
    assert first == again
    assert first != list(corpus.generate("test", 20, 8, pools["test"]))


def test_hard_negatives_stay_unlabelled(
    models: dict[str, ModuleType], pools: dict[str, object]
) -> None:
    """Companies, hospitals and eponymous diseases appear in the corpus, never inside a span."""
    corpus = models["corpus"]
    negatives = (
        "Johnson & Johnson",
        "Parkinson's disease",
        "Mercy Hospital",
        "Aspen Dental",
        "Crohn's disease",
        "Wells Fargo",
    )
    seen = set()
    for text, spans in corpus.generate("train", 3000, 1, pools["train"]):
        for term in negatives:
            at = text.find(term)
            if at >= 0:
                seen.add(term)
                assert not any(s < at + len(term) and at < e for s, e, _ in spans), term
    assert len(seen) >= 4


def test_composed_training_lines_are_never_held_out(
    models: dict[str, ModuleType], pools: dict[str, object]
) -> None:
    """A line composed for training never equals a held-out template of any pool, even where
    its parts could spell one ("Dear {name}," from a greeting word and a person form)."""
    import random

    corpus = models["corpus"]
    shapes, mailparts = sys.modules["shapes"], sys.modules["mailparts"]
    makers = [m for m, _ in (*shapes.SENTENCES, *sys.modules["phrases"].SENTENCES)]
    makers += [
        shapes.table_row,
        mailparts.address_header,
        mailparts.subject_line,
        mailparts.labeled_line,
        mailparts.greeting,
        mailparts.attribution,
        mailparts.signature,
    ]
    builder = corpus.Builder(rng=random.Random(3), pools=pools["train"])
    raw = random.Random(3)
    spelled = 0
    for maker in makers:
        for _ in range(3000):
            assert builder.compose(maker) not in corpus.HELD_OUT, maker.__name__
            spelled += maker(raw, "train") in corpus.HELD_OUT
    assert spelled  # unguarded, the parts do spell held-out templates


def test_lexicon_words_are_split_and_never_names_or_held_out(
    models: dict[str, ModuleType], pools: dict[str, object]
) -> None:
    """Every word list of the lexicon has words in both splits and none in both; no word is a
    name the corpus draws (of either split), nor a word that only held-out entries use."""
    lexicon = sys.modules["lexicon"]
    held_out = lexicon.held_out_only(lexicon.corpus_pools())
    assert {"howdy", "subscriber", "took"} <= held_out  # the held-out words the model missed
    names = {
        n.casefold()
        for split in ("train", "test")
        for kind in ("first", "last")
        for n in (*getattr(pools[split], kind).common, *getattr(pools[split], kind).world)
    }
    for kind, all_words in lexicon.lexicon().items():
        train, test = set(lexicon.words(kind, "train")), set(lexicon.words(kind, "test"))
        assert len(train) > 2 * len(test) > 100, kind
        assert not train & test, kind
        assert train | test == set(all_words), kind
        assert not set(all_words) & held_out, kind
        assert not set(all_words) & names, kind


def test_some_documents_have_crlf_line_ends(
    models: dict[str, ModuleType], pools: dict[str, object]
) -> None:
    """Mail travels with CRLF line ends and CSV attachments are written with them: the corpus
    has such documents, and their spans still cover exactly the labelled text."""
    corpus = models["corpus"]
    crlf = [(t, s) for t, s in corpus.generate("train", 200, 11, pools["train"]) if "\r\n" in t]
    assert 5 <= len(crlf) <= 40
    for text, spans in crlf:
        assert "\n" not in text.replace("\r\n", "")
        for start, end, _label in spans:
            assert text[start:end].strip() == text[start:end]
            assert not text[start:end].startswith(("\r", "\n"))


def test_symbols_are_split_and_never_held_out(models: dict[str, ModuleType]) -> None:
    """The symbols put beside names are split like the word lists and hold none of the
    characters that only held-out entries use (the signature's "~", the emoji "🙂")."""
    lexicon = sys.modules["lexicon"]
    held_out = lexicon.held_out_only_characters(lexicon.corpus_pools())
    assert {"~", "🙂"} <= held_out
    train, test = set(lexicon.words("symbol", "train")), set(lexicon.words("symbol", "test"))
    assert len(train) > 2 * len(test) > 100
    assert not train & test
    assert not (train | test) & held_out
    assert not any(c.isalnum() or c.isspace() for c in train | test)
