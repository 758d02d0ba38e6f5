"""Hotword occurrences and their combination with table columns."""

from __future__ import annotations

from dlpmilter.detectors.hotwords import HotwordIndex, TextContext


def test_context_without_tables_has_no_columns() -> None:
    """Plain text gives occurrences only."""
    ctx = HotwordIndex(["mrn"]).context("MRN 4829173")
    assert ctx.columns is None or ctx.columns.blocks == []
    assert ctx.near(4, 11, 10, 0) == ("hotword:mrn",)


def test_context_merges_window_and_table_ranges() -> None:
    """Gated ranges cover both the reach of an occurrence and the whole table."""
    text = "x" * 300 + "\nMRN | Name\n1234567 | Ann\n" + "y" * 300 + " mrn"
    ctx = HotwordIndex(["mrn"]).context(text)
    ranges = ctx.reach(40, 0, 80)
    table = text.index("MRN | Name")
    assert any(low <= table and text.index("Ann") < high for low, high in ranges)
    assert ranges[-1][1] == len(text) + 40
    assert ctx.near(text.index("1234567"), text.index("1234567") + 7, 5, 0) == ("hotword:mrn",)


def test_empty_context() -> None:
    """The empty context finds nothing anywhere."""
    ctx = TextContext.empty()
    assert ctx.reach(100, 100, 80) == []
    assert ctx.near(0, 10, 100, 100) == ()


def test_lower_casing_cache_is_per_text() -> None:
    """Two texts in a row each get their own hotwords (the lower-case cache is keyed by text)."""
    index = HotwordIndex(["dob"])
    assert index.find("DOB 1").ids == ["hotword:dob"]
    assert index.find("none here").ids == []
    assert index.find("DOB 1").ids == ["hotword:dob"]


def test_look_alike_letters_read_as_latin() -> None:
    """Cyrillic and Greek look-alikes in a hotword do not hide it; offsets stay put."""
    index = HotwordIndex(["mrn", "date of birth"])
    text = "Patient \u041cRN 40718823, D\u0430te \u03bff birth 1/2/1960"
    hits = index.find(text)
    assert hits.ids == ["hotword:mrn", "hotword:date_of_birth"]
    assert text[hits.starts[0] : hits.ends[0]] == "\u041cRN"
