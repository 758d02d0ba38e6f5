"""A generator of hostile messages for the robustness tests.

Each builder returns raw bytes. Every message carries :data:`MARKER` somewhere a reader could
see it (a readable body, the subject or a header-free leaf), so tests can check that the text
in the readable part of a damaged message is still inspected.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

#: PHI-like text every hostile message carries in a readable place.
MARKER = "SSN 123-45-6789"

_HEAD = "From: a@clinic.example\r\nTo: b@example.org\r\nMIME-Version: 1.0\r\n"


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def deep_multipart(levels: int = 200) -> bytes:
    """Multiparts nested ``levels`` deep, the marker in the innermost part."""
    out = [_HEAD + "Subject: deep multipart\r\n"]
    for level in range(levels):
        out.append(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n')
    out.append(f"Content-Type: text/plain\r\n\r\n{MARKER}\r\n")
    out.extend(f"--b{level}--\r\n" for level in reversed(range(levels)))
    return _b("".join(out))


def deep_multipart_marker_on_top(levels: int = 200) -> bytes:
    """Deep multipart nesting after a readable first body that holds the marker."""
    inner = deep_multipart(levels).split(b"\r\n", 4)[4]  # without the top headers
    return (
        _b(
            _HEAD + 'Subject: deep\r\nContent-Type: multipart/mixed; boundary="top"\r\n\r\n'
            f"--top\r\nContent-Type: text/plain\r\n\r\n{MARKER}\r\n--top\r\n"
        )
        + inner
        + b"--top--\r\n"
    )


def deep_attached_mail(levels: int = 200) -> bytes:
    """Mail attached in mail ``levels`` deep; the marker in the outermost subject."""
    out = []
    for level in range(levels):
        out.append(f"Subject: level {level} {MARKER if level == 0 else ''}\r\n")
        out.append("Content-Type: message/rfc822\r\n\r\n")
    out.append(f"Subject: innermost\r\n\r\n{MARKER}\r\n")
    return _b(_HEAD + "".join(out))


def many_parts(count: int = 5000) -> bytes:
    """One multipart with ``count`` small text parts, the marker in the first."""
    out = [_HEAD + 'Subject: many parts\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n']
    for index in range(count):
        text = MARKER if index == 0 else f"part {index}"
        out.append(f"--p\r\nContent-Type: text/plain\r\n\r\n{text}\r\n")
    out.append("--p--\r\n")
    return _b("".join(out))


def many_headers(count: int = 100_000) -> bytes:
    """``count`` header fields before a readable body."""
    headers = "".join(f"X-Filler-{index}: value {index}\r\n" for index in range(count))
    return _b(_HEAD + "Subject: many headers\r\n" + headers + f"\r\n{MARKER}\r\n")


def huge_body(megabytes: int = 30) -> bytes:
    """A plain body of ``megabytes`` MB in ordinary 76-character lines."""
    line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\r\n"
    repeat = megabytes * 1024 * 1024 // len(line)
    return _b(_HEAD + f"Subject: huge body\r\n\r\n{MARKER}\r\n") + _b(line) * repeat


def huge_line(megabytes: int = 20) -> bytes:
    """A body that is one line of ``megabytes`` MB."""
    return _b(_HEAD + f"Subject: huge line\r\n\r\n{MARKER} ") + b"x" * (megabytes * 1024 * 1024)


def huge_subject(megabytes: int = 1) -> bytes:
    """A subject of ``megabytes`` MB, never folded, the marker at its start."""
    subject = MARKER + " " + "y" * (megabytes * 1024 * 1024)
    return _b(_HEAD + f"Subject: {subject}\r\n\r\nbody\r\n")


def nul_headers() -> bytes:
    """NUL bytes inside header names and values."""
    return _b(
        "From: a@cli\x00nic.example\r\nTo: b@exa\x00mple.org\r\nX-Od\x00d: v\x00al\r\n"
        f"Subject: nul {MARKER}\x00\r\n\r\n{MARKER}\r\n"
    )


def broken_base64() -> bytes:
    """A base64 body with junk characters and a dangling group."""
    encoded = base64.b64encode(f"{MARKER} in a damaged body".encode()).decode()
    body = encoded[:12] + "*!?" + encoded[12:] + "A\r\n"
    return _b(_HEAD + f"Subject: b64\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}")


def missing_boundary() -> bytes:
    """A multipart whose boundary never occurs in the body."""
    return _b(
        _HEAD + 'Subject: nob\r\nContent-Type: multipart/mixed; boundary="never"\r\n\r\n'
        f"Content-Type: text/plain\r\n\r\n{MARKER}\r\n"
    )


def unclosed_boundary() -> bytes:
    """A multipart whose closing delimiter never comes, with a base64 attachment cut short."""
    return _b(
        _HEAD + 'Subject: open\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        f"--b\r\nContent-Type: text/plain\r\n\r\n{MARKER}\r\n"
        "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "JVBERi0xLjQKJ"
    )


def unknown_charset() -> bytes:
    """Text in charsets Python does not know, one of them wrong for the bytes."""
    return _b(
        _HEAD + 'Subject: =?x-klingon?B?U1NO?= cs\r\nContent-Type: multipart/mixed; boundary="b"'
        f"\r\n\r\n--b\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n{MARKER} caf\udce9"
        "\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbad \udcff\udcfe\r\n--b--\r\n"
    )


def many_unknown_charsets(count: int = 1000) -> bytes:
    """``count`` parts in an unknown charset, each long enough to be guessed by content."""
    text = "Пациент Иванов, номер полиса и диагноз в приложении к письму. " * 6
    body = text.encode("koi8-r").decode("ascii", "surrogateescape")
    out = [_HEAD + 'Subject: charsets\r\nContent-Type: multipart/mixed; boundary="c"\r\n\r\n']
    out.append(f"--c\r\nContent-Type: text/plain\r\n\r\n{MARKER}\r\n")
    out.extend(
        f"--c\r\nContent-Type: text/plain; charset=x-part-{index}\r\n\r\n{body}\r\n"
        for index in range(count - 1)
    )
    out.append("--c--\r\n")
    return _b("".join(out))


def traversal_names() -> bytes:
    """Attachments whose names try to climb out of any directory."""
    names = ["../../etc/passwd", "..\\..\\windows\\system32\\x.txt", "/abs/path.txt", "a/../b.txt"]
    parts = "".join(
        f'--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="{n}"'
        f"\r\n\r\n{MARKER}\r\n"
        for n in names
    )
    return _b(
        _HEAD
        + 'Subject: names\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        + parts
        + "--b--\r\n"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Hostile:
    """One hostile case: how to build it and what a correct parse must say.

    :param build: returns the raw message.
    :param uninspected: the parse must report that something was not inspected.
    :param readable: the marker sits where the budgets allow reading it, so it must be found.
    :param slow: a large case (tens of megabytes).
    """

    name: str
    build: Callable[[], bytes]
    uninspected: bool
    readable: bool = True
    slow: bool = False


CASES: tuple[Hostile, ...] = (
    Hostile(name="deep-multipart", build=deep_multipart, uninspected=True, readable=False),
    Hostile(name="deep-multipart-marker-on-top", build=deep_multipart_marker_on_top,
            uninspected=True),
    Hostile(name="deep-attached-mail", build=deep_attached_mail, uninspected=True),
    Hostile(name="many-parts", build=many_parts, uninspected=True),
    Hostile(name="many-headers", build=many_headers, uninspected=True),
    Hostile(name="huge-body", build=huge_body, uninspected=True, slow=True),
    Hostile(name="huge-line", build=huge_line, uninspected=True, slow=True),
    Hostile(name="huge-subject", build=huge_subject, uninspected=False),
    Hostile(name="nul-headers", build=nul_headers, uninspected=False),
    Hostile(name="broken-base64", build=broken_base64, uninspected=True),
    Hostile(name="missing-boundary", build=missing_boundary, uninspected=True),
    Hostile(name="unclosed-boundary", build=unclosed_boundary, uninspected=True),
    Hostile(name="unknown-charset", build=unknown_charset, uninspected=False),
    Hostile(name="many-unknown-charsets", build=many_unknown_charsets, uninspected=False),
    Hostile(name="traversal-names", build=traversal_names, uninspected=False),
)  # fmt: skip
