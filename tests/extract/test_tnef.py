"""TNEF (winmail.dat): body and attachments."""

from __future__ import annotations

from typing import Any


def test_body_and_attachments(run: Any, samples: Any) -> None:
    """The text body is read; each attachment becomes a child extracted in turn."""
    data = samples.tnef_blob(
        body="Body SSN 123-45-6751",
        attachments=[
            ("labs.csv", b"name,ssn\nAnn,123-45-6752\n"),
            ("note.txt", b"Note 123-45-6753"),
        ],
    )
    result = run(data, name="winmail.dat")
    top = result.part("attachment:winmail.dat")
    assert top.content_type == "application/ms-tnef"
    assert "123-45-6751" in top.text
    assert "ssn: 123-45-6752" in result.part("attachment:winmail.dat/labs.csv").text
    assert result.part("attachment:winmail.dat/note.txt").text == "Note 123-45-6753"


def test_truncated_tnef_is_not_a_crash(run: Any, samples: Any) -> None:
    """A damaged stream gives a fact or what could be read, never an exception."""
    data = samples.tnef_blob(body="Body", attachments=[("a.txt", b"x" * 100)])[:-40]
    result = run(data, name="winmail.dat")
    assert result.parts[0].location == "attachment:winmail.dat"
