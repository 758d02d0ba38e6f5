"""The confusables table and its folding of mixed-script words."""

from __future__ import annotations

import unicodedata

import pytest

from dlpmilter.confusables import CONFUSABLES, fold_confusables


@pytest.mark.parametrize(("source", "target"), sorted(CONFUSABLES.items()))
def test_table_maps_cyrillic_or_greek_to_ascii(source: str, target: str) -> None:
    """Every entry maps one Cyrillic or Greek letter to one ASCII letter."""
    assert unicodedata.name(source).split()[0] in {"CYRILLIC", "GREEK"}
    assert len(target) == 1
    assert target.isascii()
    assert target.isalpha()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("МRΝ", "MRN"),
        ("pаtient", "patient"),
        ("Москва", "Москва"),
        ("plain", "plain"),
        ("Иван and Jоhn", "Иван and John"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    """Only words mixing Latin with Cyrillic or Greek are folded."""
    assert fold_confusables(text) == expected
