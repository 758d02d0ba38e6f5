"""Calendar invitations and vCards: unfolded, decoded, property names kept."""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Follow-up for patient Ann Lee\r\n"
    b"DESCRIPTION:MRN 4002117\\, SSN 123-45-\r\n 6789\\nBring results\r\n"
    b"ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=labs.txt:"
    + base64.b64encode(b"Labs 123-45-6771")
    + b"\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)
VCARD = (
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann\r\n"
    b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:SSN 123-45-=\r\n6772 Zo=C3=AB\r\n"
    b"PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
    b"TEL;TYPE=CELL:+1 555 010 0199\r\nEND:VCARD\r\n"
)


def test_calendar_unfolds_unescapes_and_extracts_attachments(run: Any) -> None:
    """Folded lines join, ``\\,`` and ``\\n`` are undone, inline attachments become children."""
    result = run(ICS, name="invite.ics")
    text = result.part("attachment:invite.ics").text
    assert "DESCRIPTION: MRN 4002117, SSN 123-45-6789\nBring results" in text
    assert "SUMMARY: Follow-up for patient Ann Lee" in text
    assert result.part("attachment:invite.ics/labs.txt").text == "Labs 123-45-6771"


def test_vcard_decodes_quoted_printable_and_skips_photos(run: Any) -> None:
    """vCard 2.1 quoted-printable (with soft breaks) is decoded; photo data is not text."""
    part = run(VCARD, name="card.vcf").part("attachment:card.vcf")
    assert part.content_type == "text/vcard"
    assert "NOTE: SSN 123-45-6772 Zoë" in part.text
    assert "TEL: +1 555 010 0199" in part.text
    assert "/9j/" not in part.text


@given(st.text(max_size=400))
def test_any_calendar_text_is_read(body: str) -> None:
    """Whatever follows ``BEGIN:VCALENDAR``, extraction returns text, never raises."""
    from dlpmilter.extract.vcalendar import CalendarExtractor

    data = ("BEGIN:VCALENDAR\r\n" + body).encode("utf-8", errors="surrogatepass")
    result = CalendarExtractor().extract(data, location="x", budget=_budget())
    assert isinstance(result.text, str)


def _budget() -> Any:
    import time

    from dlpmilter.extract.base import Budget

    return Budget(
        max_text_chars=10_000,
        max_expanded_bytes=10**7,
        max_ratio=100.0,
        deadline=time.monotonic() + 60,
    )
