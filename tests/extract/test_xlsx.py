"""XLSX: every cell of every sheet (hidden ones too), comments, headers and footers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment

from dlpmilter.extract.cellformat import apply_mask, is_date_format, is_digit_mask, serial_to_text
from dlpmilter.extract.xlsx import column_index


@pytest.fixture
def workbook_bytes() -> bytes:
    """A workbook with an SSN in a visible sheet, a hidden sheet, a very hidden sheet, a
    comment, a page header and footer, and the document title."""
    book = Workbook()
    visible = book.active
    visible.title = "Patients"
    visible.append(["Name", "MRN", "SSN"])
    visible.append(["Ann Lee", 40021, "123-45-6721"])
    visible["E5"] = "far cell 123-45-6722"
    visible["B2"].comment = Comment("Comment 123-45-6723", "nurse")
    visible.oddHeader.center.text = "Header 123-45-6724"
    visible.oddFooter.left.text = "Footer 123-45-6725"
    hidden = book.create_sheet("Hidden")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "Hidden sheet 123-45-6726"
    very = book.create_sheet("Secret")
    very.sheet_state = "veryHidden"
    very["C3"] = "Very hidden 123-45-6727"
    book.properties.title = "Title 123-45-6728"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("ssn", [f"123-45-67{n}" for n in range(21, 29)])
def test_every_place_is_read(run: Any, workbook_bytes: bytes, ssn: str) -> None:
    """Visible, hidden and very hidden sheets, far cells, comments, header, footer, title."""
    assert ssn in run(workbook_bytes, name="list.xlsx").part("attachment:list.xlsx").text


def test_header_row_labels_values_and_sheet_states_are_named(
    run: Any, workbook_bytes: bytes
) -> None:
    """``SSN: value`` keeps the column's context next to each value; hidden sheets say so."""
    text = run(workbook_bytes, name="list.xlsx").part("attachment:list.xlsx").text
    assert "Name: Ann Lee | MRN: 40021 | SSN: 123-45-6721" in text
    assert "Sheet: Hidden (hidden)" in text
    assert "Sheet: Secret (veryHidden)" in text


def test_xlsx_is_not_read_as_a_plain_zip(run: Any, workbook_bytes: bytes) -> None:
    """The spreadsheet extractor wins over the ZIP extractor: no member parts."""
    result = run(workbook_bytes, name="list.xlsx")
    assert [p.location for p in result.parts] == ["attachment:list.xlsx"]
    assert result.facts == []


@pytest.mark.parametrize(
    ("ref", "index"),
    [("A1", 0), ("C7", 2), ("Z9", 25), ("AA1", 26), ("XFD1", 16383), ("", None), (None, None)],
)
def test_column_index(ref: str | None, index: int | None) -> None:
    """Column letters to zero-based indexes."""
    assert column_index(ref) == index


def test_dates_are_written_as_dates(run: Any) -> None:
    """A birth date stored as a serial number reads as an ISO date (built-in and custom formats)."""
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "DOB", "Seen"])
    sheet.append(["Ann Lee", dt.date(1985, 4, 12), dt.datetime(2024, 1, 2, 9, 30)])
    sheet["B2"].number_format = "dd/mm/yyyy"
    sheet["D2"] = 31150
    buf = io.BytesIO()
    book.save(buf)
    text = run(buf.getvalue(), name="dob.xlsx").part("attachment:dob.xlsx").text
    assert "DOB: 1985-04-12" in text
    assert "Seen: 2024-01-02 09:30:00" in text
    assert "31150" in text


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("dd/mm/yyyy", True),
        ("mmm d, yyyy", True),
        ("0.00", False),
        ('"day" 0', False),
        ("[Red]0", False),
        ("#,##0", False),
    ],
)
def test_custom_date_formats(code: str, is_date: bool) -> None:
    """Day, month or year codes outside quotes and brackets make a date format."""
    assert is_date_format(code) is is_date


@pytest.mark.parametrize(
    ("value", "date1904", "text"),
    [
        ("31149", False, "1985-04-12"),
        ("29687", True, "1985-04-12"),
        ("45293.5", False, "2024-01-02 12:00:00"),
        ("x", False, "x"),
        ("-5", False, "-5"),
    ],
)
def test_serial_to_text(value: str, date1904: bool, text: str) -> None:
    """Both date systems; non-numbers and negatives are left alone."""
    assert serial_to_text(value, date1904=date1904) == text


def test_numbers_shown_through_digit_masks_read_as_shown(run: Any) -> None:
    """An SSN typed as a number and shown as ``000-00-0000`` reads ``123-45-6789``; a phone
    with Excel's special format reads as a phone number."""
    book = Workbook()
    sheet = book.active
    sheet.append(["SSN", "Phone"])
    sheet.append([12345678, 5550100199])
    sheet["A2"].number_format = "000-00-0000"
    sheet["B2"].number_format = "[<=9999999]###-####;(###) ###-####"
    buf = io.BytesIO()
    book.save(buf)
    text = run(buf.getvalue(), name="ids.xlsx").part("attachment:ids.xlsx").text
    assert "SSN: 012-34-5678 | Phone: (555) 010-0199" in text


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("000-00-0000", "123456789", "123-45-6789"),
        (r"000\-00\-0000", "12345678", "012-34-5678"),
        ("00000-0000", "981011234", "98101-1234"),
        ("[<=9999999]###-####;(###) ###-####", "5550199", "555-0199"),
        ("000-00-0000", "12.5", "12.5"),
    ],
)
def test_apply_mask(code: str, value: str, shown: str) -> None:
    """Digits fill the mask from the right; non-integers are left alone."""
    assert is_digit_mask(code)
    assert apply_mask(value, code) == shown


@pytest.mark.parametrize("code", ["0.00", "#,##0", "General", "dd/mm/yyyy", "0%"])
def test_not_digit_masks(code: str) -> None:
    """Decimals, thousands separators, dates and percentages are not masks."""
    assert not is_digit_mask(code)


def test_pivot_cache_copies_and_external_links_are_read(run: Any, workbook_bytes: bytes) -> None:
    """A pivot cache keeps source rows (values in attributes) after the source sheet is gone;
    external-link caches keep another workbook's values. Both are read."""
    import zipfile

    records = (
        '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<r><s v="Ann Lee"/><s v="123-45-6781"/><n v="40021"/></r></pivotCacheRecords>'
    )
    external = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook>'
        '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>123-45-6782</v></cell>'
        "</row></sheetData></sheetDataSet></externalBook></externalLink>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as source, zipfile.ZipFile(buf, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/pivotCache/pivotCacheRecords1.xml", records)
        target.writestr("xl/externalLinks/externalLink1.xml", external)
    text = run(buf.getvalue(), name="pivot.xlsx").part("attachment:pivot.xlsx").text
    assert "Ann Lee" in text and "123-45-6781" in text and "123-45-6782" in text
