"""What the page shows of a message: header fields, the body as text, attachments."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from dlpmilter.portal.display import attachment_data, read_display, safe_filename


def test_plain_body_is_preferred_over_html() -> None:
    msg = EmailMessage()
    msg["Subject"] = "=?utf-8?q?R=C3=A9sultats?="
    msg.set_content("plain text")
    msg.add_alternative("<p>html text</p>", subtype="html")
    view = read_display(msg.as_bytes())
    assert view.body.strip() == "plain text"
    assert view.subject == "Résultats"
    assert view.attachments == ()  # the HTML alternative is not an attachment


def test_html_only_body_becomes_text() -> None:
    msg = EmailMessage()
    msg.set_content("<div>MRN <b>123</b>45678</div><script>x()</script>", subtype="html")
    view = read_display(msg.as_bytes())
    assert "MRN 12345678" in view.body
    assert "<b>" not in view.body and "<div>" not in view.body


def test_attachments_are_listed_and_read_back() -> None:
    msg = EmailMessage()
    msg.set_content("see attached")
    msg.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="scan.png")
    msg.add_attachment(b"a,b\n", maintype="text", subtype="csv", filename="C:\\temp\\..\\x.csv")
    view = read_display(msg.as_bytes())
    assert [a.filename for a in view.attachments] == ["scan.png", "C_temp_.._x.csv"]
    first = view.attachments[0]
    found = attachment_data(msg.as_bytes(), first.number)
    assert found is not None and found[1] == b"\x89PNG...."
    assert attachment_data(msg.as_bytes(), 1) is None  # the body is not a download


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("a\r\nb.txt", "a_b.txt"),
        ("", "part-4"),
        ("...", "part-4"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name, 4) == safe
