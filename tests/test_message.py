"""parse(): raw bytes to Message, parts, locations, decoding, facts and budgets."""

from __future__ import annotations

import base64
import io
import zipfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope, Limits, Message, Part, parse
from dlpmilter.plugins import load_registry
from dlpmilter.settings import load_settings

SSN = "123-45-6789"


def mail(body: str, *, headers: str = "", ctype: str = "text/plain", cte: str = "") -> bytes:
    """A one-part message; ``body`` is used as is (encode it yourself)."""
    head = "From: Dr A <a@clinic.example>\r\nTo: b@example.org\r\nSubject: test\r\n"
    head += f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n"
    if cte:
        head += f"Content-Transfer-Encoding: {cte}\r\n"
    return (head + headers + "\r\n" + body).encode("utf-8", "surrogateescape")


def by_location(message: Message) -> dict[str, Part]:
    return {p.location: p for p in message.parts}


def kinds(message: Message) -> set[str]:
    return {f.kind for f in message.facts}


MIXED = (
    b'From: Dr A <a@clinic.example>\r\nTo: b@example.org, "C" <c@example.net>\r\n'
    b"Cc: d@example.com\r\nSubject: =?utf-8?B?UGF0aWVudCBKb2hu?= results\r\n"
    b"Message-ID: <m1@clinic.example>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
    b'--XX\r\nContent-Type: multipart/alternative; boundary="YY"\r\n\r\n'
    b"--YY\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\nSSN 123-45-6789 caf=C3=A9\r\n"
    b"--YY\r\nContent-Type: text/html\r\n\r\n"
    b'<p>SSN <b>123</b>-45-6789</p><div style="display:none">MRN 00123456</div>\r\n'
    b"--YY--\r\n"
    b'--XX\r\nContent-Type: text/csv; name="list.csv"\r\n'
    b"Content-Disposition: attachment; filename*=utf-8''patients%20%C3%A9.csv\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(b"name,ssn\nJohn,123-45-6789\n")
    + b'--XX\r\nContent-Type: image/png; name="scan.png"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUg==\r\n"
    b"--XX\r\nContent-Type: message/rfc822\r\n"
    b'Content-Disposition: attachment; filename="fwd.eml"\r\n\r\n'
    b"Subject: inner 987-65-4321\r\nContent-Type: text/plain\r\n\r\ninner body MRN 42\r\n"
    b"--XX\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02binary\r\n"
    b"--XX--\r\n"
)


def test_locations_depth_first() -> None:
    """Subject, bodies, attachments (with names), attached mail nested under its name."""
    message = parse(MIXED, Limits.default())
    assert [p.location for p in message.parts] == [
        "subject",
        "body",
        "body[2]",
        "attachment:patients é.csv#filename",
        "attachment:patients é.csv",
        "attachment:scan.png#filename",
        "attachment:scan.png",
        "attachment:fwd.eml#filename",
        "attachment:fwd.eml/subject",
        "attachment:fwd.eml/body",
        "attachment:part4",
    ]
    parts = by_location(message)
    assert parts["subject"].text == "Patient John results"
    assert parts["body"].text.strip() == "SSN 123-45-6789 café"
    assert parts["body[2]"].text.startswith("SSN 123-45-6789")
    assert "MRN 00123456" in parts["body[2]"].text
    assert SSN in parts["attachment:patients é.csv"].text
    assert parts["attachment:patients é.csv"].filename == "patients é.csv"
    assert parts["attachment:fwd.eml/subject"].text == "inner 987-65-4321"
    assert parts["attachment:fwd.eml/body"].depth == 1
    assert parts["body"].depth == 0


def test_headers_envelope_and_ids() -> None:
    """Decoded headers, subject, Message-ID and an envelope from the headers."""
    message = parse(MIXED, Limits.default())
    assert message.subject == "Patient John results"
    assert message.message_id == "<m1@clinic.example>"
    assert message.header("cc") == "d@example.com"
    assert message.envelope.sender == "a@clinic.example"
    assert message.envelope.recipients == ("b@example.org", "c@example.net", "d@example.com")
    assert message.size == len(MIXED)
    given_envelope = Envelope(sender="x@y.example", recipients=("z@w.example",))
    assert parse(MIXED, Limits.default(), envelope=given_envelope).envelope == given_envelope


def test_unread_attachments_are_facts() -> None:
    """Without extractors an image is not inspected and other blobs are unsupported."""
    message = parse(MIXED, Limits.default())
    facts = {(f.kind, f.location) for f in message.facts}
    assert ("not_inspected", "attachment:scan.png") in facts
    assert ("unsupported_type", "attachment:part4") in facts
    assert not message.fully_inspected


def test_extractors_from_the_registry_read_attachments() -> None:
    """With the registered extractors a zipped CSV is read, under the zip's location."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("list.csv", "name,ssn\nJohn,123-45-6789\n")
    outer = MIMEMultipart()
    outer["Subject"] = "export"
    outer.attach(MIMEText("see attached"))
    attachment = MIMEApplication(buffer.getvalue(), Name="export.zip")
    attachment["Content-Disposition"] = 'attachment; filename="export.zip"'
    outer.attach(attachment)
    limits = Limits.from_settings(load_settings(), load_registry())
    message = parse(outer.as_bytes(), limits)
    member = by_location(message)["attachment:export.zip/list.csv"]
    assert "123-45-6789" in member.text
    assert member.depth == 1


@pytest.mark.parametrize(
    ("body", "cte", "charset", "expected"),
    [
        (base64.b64encode("SSN 123-45-6789 é".encode()).decode(), "base64", "utf-8", "é"),
        ("SSN 123-45-6789 caf=E9=\r\n continued", "quoted-printable", "iso-8859-1",
         "café continued"),
        ("SSN 123-45-6789 \udcc3\udca9", "8bit", "utf-8", "é"),
        ("SSN 123-45-6789 \udcf0\udcd2\udcc9\udcd7\udcc5\udcd4", "8bit", "koi8-r", "Привет"),
        ("SSN 123-45-6789 \x1b$B%F%9%H\x1b(B", "7bit", "iso-2022-jp", "テスト"),
        ("SSN 123-45-6789 \udce9", "binary", "windows-1252", "é"),
    ],
)  # fmt: skip
def test_transfer_encodings_and_charsets(body: str, cte: str, charset: str, expected: str) -> None:
    """Every transfer encoding, with the declared charset."""
    message = parse(mail(body, ctype=f"text/plain; charset={charset}", cte=cte), Limits.default())
    text = by_location(message)["body"].text
    assert SSN in text
    assert expected in text
    assert message.fully_inspected


def test_unknown_charset_is_guessed() -> None:
    """An unknown charset is guessed, and the part says so (it is still inspected)."""
    message = parse(mail("caf\udcc3\udca9 123-45-6789", ctype="text/plain; charset=x-nope"),
                    Limits.default())  # fmt: skip
    body = by_location(message)["body"]
    assert "café" in body.text
    assert [f.kind for f in body.facts] == ["charset_guessed"]
    assert message.fully_inspected


def test_broken_base64_is_decoded_as_far_as_it_goes() -> None:
    """Junk inside base64 is skipped: the text around it is read, and the part is corrupt."""
    good = base64.b64encode(b"SSN 123-45-6789 and more text here").decode()
    message = parse(mail(good[:20] + "!!*" + good[20:] + "Q", cte="base64"), Limits.default())
    body = by_location(message)["body"]
    assert SSN in body.text
    assert any(f.kind == "corrupt" and "base64" in f.detail for f in body.facts)


def test_missing_boundary_body_is_read_as_text() -> None:
    """A multipart whose boundary never appears is read as text and marked corrupt."""
    raw = mail("just text with SSN 123-45-6789\r\n", ctype='multipart/mixed; boundary="nope"')
    message = parse(raw, Limits.default())
    assert SSN in by_location(message)["body"].text
    assert "corrupt" in kinds(message)


@pytest.mark.parametrize(
    ("disposition", "location", "filename"),
    [
        ("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.txt", "attachment:résumé.txt",
         "résumé.txt"),
        ('attachment; filename="=?utf-8?B?csOpc3Vtw6kudHh0?="', "attachment:résumé.txt",
         "résumé.txt"),
        ("attachment; filename*0=\"long\"; filename*1=\"name.txt\"", "attachment:longname.txt",
         "longname.txt"),
        ('attachment; filename="../../etc/passwd"', "attachment:.._.._etc_passwd",
         "../../etc/passwd"),
        ('attachment; filename="a\\\\b\x00c.txt"', "attachment:a_bc.txt", "a\\bc.txt"),
        ("attachment", "attachment:part1", None),
    ],
)  # fmt: skip
def test_attachment_names(disposition: str, location: str, filename: str | None) -> None:
    """RFC 2231 and 2047 names are decoded; names never add path separators to locations."""
    raw = mail("SSN 123-45-6789", headers=f"Content-Disposition: {disposition}\r\n")
    part = by_location(parse(raw, Limits.default()))[location]
    assert SSN in part.text
    assert part.filename == filename


def test_file_names_are_inspected() -> None:
    """Data hides in attachment names: each name is a part of its own."""
    raw = mail("x", headers='Content-Disposition: attachment; filename="SSN 123-45-6789.txt"\r\n')
    name = by_location(parse(raw, Limits.default()))["attachment:SSN 123-45-6789.txt#filename"]
    assert name.text == "SSN 123-45-6789.txt"


def test_duplicate_names_get_an_index() -> None:
    """Two attachments of the same name get distinct locations."""
    outer = MIMEMultipart()
    for _ in range(2):
        part = MIMEText("x")
        part["Content-Disposition"] = 'attachment; filename="a.txt"'
        outer.attach(part)
    locations = [p.location for p in parse(outer.as_bytes(), Limits.default()).parts]
    assert "attachment:a.txt" in locations
    assert "attachment:a.txt[2]" in locations


def test_offsets_map_back() -> None:
    """A normalized part maps its offsets back into the decoded text."""
    raw = mail(
        "SSN\u200b\u200b １２３-４５-６７８９", ctype="text/plain; charset=utf-8", cte="8bit"
    )
    body = by_location(parse(raw, Limits.default()))["body"]
    assert body.text == "SSN 123-45-6789"
    assert body.offsets is not None
    assert body.original_offset(body.text.index("123")) == 6
    one_for_one = by_location(parse(mail("SSN １２３-４５-６７８９", cte="8bit"), Limits.default()))
    assert one_for_one["body"].offsets is None
    assert one_for_one["body"].original_offset(4) == 4


@pytest.mark.parametrize(
    ("ctype", "body", "fact"),
    [
        ('multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"',
         "--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b--\r\n",
         "encrypted_attachment"),
        ("application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m", "MIIB",
         "encrypted_attachment"),
        ("text/plain", "-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n-----END PGP MESSAGE-----",
         "encrypted_attachment"),
        ("application/pkcs7-signature; name=smime.p7s", "MIIB", "not_inspected"),
    ],
)  # fmt: skip
def test_encrypted_and_signed(ctype: str, body: str, fact: str) -> None:
    """Encrypted content is an uninspected fact; a detached signature is not inspected."""
    assert fact in kinds(parse(mail(body, ctype=ctype), Limits.default()))


def test_format_flowed_is_unwrapped() -> None:
    """Soft line breaks of format=flowed are joined."""
    raw = mail("Patient SSN \r\n123-45-6789\r\n", ctype="text/plain; format=flowed")
    assert "Patient SSN 123-45-6789" in by_location(parse(raw, Limits.default()))["body"].text


# --- budgets ----------------------------------------------------------------------------------


def many_parts(count: int) -> bytes:
    outer = MIMEMultipart()
    for index in range(count):
        outer.attach(MIMEText(f"part {index} SSN 123-45-6789"))
    return outer.as_bytes()


def test_parts_budget() -> None:
    """Past max_parts the walk stops with a fact; earlier parts are kept."""
    message = parse(many_parts(12), Limits.default(max_parts=5))
    bodies = [p for p in message.parts if p.location.startswith("body")]
    assert len(bodies) == 5
    assert "over_budget" in kinds(message)
    assert any("parts 6 > 5" in f.detail for f in message.facts)
    assert not message.fully_inspected


def test_part_text_budget() -> None:
    """A part longer than max_part_text_chars is cut with a truncated fact."""
    message = parse(mail("SSN 123-45-6789 " + "x" * 5000), Limits.default(max_part_text_chars=100))
    body = by_location(message)["body"]
    assert len(body.text) <= 100
    assert body.text.startswith("SSN 123-45-6789")
    assert "truncated" in kinds(message)


def test_total_text_budget() -> None:
    """The message's text total is shared between parts."""
    message = parse(many_parts(10), Limits.default(max_total_text_chars=60))
    assert sum(len(p.text) for p in message.parts) <= 60
    assert "truncated" in kinds(message)


def test_message_bytes_budget() -> None:
    """A message over max_message_bytes is cut; the start is still inspected."""
    raw = mail("SSN 123-45-6789\r\n" + "filler line\r\n" * 1000)
    message = parse(raw, Limits.default(max_message_bytes=2000))
    assert SSN in by_location(message)["body"].text
    assert any(f.kind == "over_budget" and "message bytes" in f.detail for f in message.facts)


def test_depth_budget() -> None:
    """Attached mail nested deeper than max_depth is not opened, and that is a fact."""
    inner = "Subject: leaf\r\n\r\nSSN 123-45-6789\r\n"
    for level in range(5):
        inner = f"Subject: level {level}\r\nContent-Type: message/rfc822\r\n\r\n" + inner
    message = parse(inner.encode(), Limits.default(max_depth=3))
    assert any(f.kind == "over_budget" and "depth 4 > 3" in f.detail for f in message.facts)
    assert parse(inner.encode(), Limits.default()).fully_inspected


def test_time_budget() -> None:
    """An exhausted time budget stops the walk with a time_budget fact."""
    message = parse(many_parts(5), Limits.default(message_time_budget_s=1e-9))
    assert "time_budget" in kinds(message)
    assert not message.fully_inspected


# --- limits -----------------------------------------------------------------------------------


def test_limits_from_settings() -> None:
    """Limits follow the settings and hold one extractor per registered type, by priority."""
    settings = load_settings(environ={}, overrides={"max_parts": 7, "max_depth": 4})
    registry = load_registry()
    limits = Limits.from_settings(settings, registry)
    assert (limits.max_parts, limits.max_depth) == (7, 4)
    assert len(limits.extractors) == len(registry.extractors)
    priorities = [e.priority for e in limits.extractors]
    assert priorities == sorted(priorities, reverse=True)
    assert Limits.default().extractors == ()


@pytest.mark.parametrize("field", ["max_parts", "max_depth", "message_time_budget_s"])
def test_limits_reject_non_positive(field: str) -> None:
    """A zero or negative budget is a configuration error naming the setting."""
    with pytest.raises(ConfigError, match=field):
        Limits.default(**{field: 0})


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises(raw: bytes) -> None:
    """Any bytes give a Message."""
    assert isinstance(parse(raw, Limits.default()), Message)


_WORDS = st.text(
    alphabet=st.characters(categories=["L", "N"], codec="utf-8"), min_size=1, max_size=12
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=20),
    st.sampled_from(["utf-8", "utf-16", "iso-8859-15", "koi8-r", "shift_jis"]),
    st.sampled_from(["base64", "quoted-printable"]),
)
def test_mime_round_trip(words: list[str], charset: str, cte: str) -> None:
    """Text the stdlib encodes (any charset it can, either encoding) comes back word for word."""
    # UTF-16 bytes hold CR and LF octets, which quoted-printable cannot carry as data.
    assume(not (charset == "utf-16" and cte == "quoted-printable"))
    text = " ".join(words)
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        return
    part = MIMEText(text, "plain", "utf-8")
    part.set_payload(text.encode(charset))
    part.replace_header("Content-Type", f'text/plain; charset="{charset}"')
    del part["Content-Transfer-Encoding"]
    from email import encoders

    (encoders.encode_base64 if cte == "base64" else encoders.encode_quopri)(part)
    body = by_location(parse(part.as_bytes(), Limits.default()))["body"]
    from dlpmilter.normalize import normalize

    assert body.text.split() == normalize(text)[0].split()


def test_content_guesses_are_limited_per_message() -> None:
    """Only the first MAX_DEEP_GUESSES parts ask charset-normalizer; later ones get cp1252."""
    from dlpmilter.mimewalk import MAX_DEEP_GUESSES

    text = "Пациент Иванов, номер полиса и диагноз в приложении к письму. " * 6
    outer = MIMEMultipart()
    for _ in range(MAX_DEEP_GUESSES + 4):
        part = MIMEApplication(text.encode("koi8-r"), "octet-stream")
        part.replace_header("Content-Type", "text/plain; charset=x-unknown")
        outer.attach(part)
    message = parse(outer.as_bytes(), Limits.default())
    bodies = [p for p in message.parts if p.location.startswith("body")]
    assert sum("Пациент" in p.text for p in bodies) == MAX_DEEP_GUESSES
    assert all(f.kind == "charset_guessed" for p in bodies for f in p.facts)
    assert all(p.facts for p in bodies)


@pytest.mark.parametrize(
    "disposition", ["", 'Content-Disposition: attachment; filename="a.txt"\r\n']
)
def test_binary_declared_as_text_is_not_read_as_text(disposition: str) -> None:
    """A zip declared text/plain (body or attachment) goes to the extractors, not the decoder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("list.csv", "name,ssn\nJohn,123-45-6789\n")
    body = base64.encodebytes(buffer.getvalue()).decode()
    raw = mail(body, headers=disposition, cte="base64")
    unread = parse(raw, Limits.default())
    assert "unsupported_type" in kinds(unread)
    assert not any(SSN in p.text for p in unread.parts)
    limits = Limits.from_settings(load_settings(environ={}), load_registry())
    read = parse(raw, limits)
    assert any(SSN in p.text and p.location.endswith("/list.csv") for p in read.parts)


@pytest.mark.parametrize("cte", ["base64", "quoted-printable"])
def test_encoded_attached_mail_is_decoded(cte: str) -> None:
    """message/rfc822 sent base64 or quoted-printable (against RFC 2046) is still opened."""
    import quopri

    inner = b"Subject: inner\r\nContent-Type: text/plain\r\n\r\nSSN 123-45-6789\r\n"
    encoded = base64.encodebytes(inner) if cte == "base64" else quopri.encodestring(inner)
    raw = (
        b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: "
        + cte.encode()
        + b"\r\nContent-Disposition: attachment; filename=fwd.eml\r\n\r\n"
        + encoded
        + b"--b--\r\n"
    )
    parts = by_location(parse(raw, Limits.default()))
    assert parts["attachment:fwd.eml/subject"].text == "inner"
    assert SSN in parts["attachment:fwd.eml/body"].text


@pytest.mark.parametrize("name", ["ciële.txt", "Картинка с именем.png", "résumé.pdf"])
def test_raw_8bit_file_names(name: str) -> None:
    """A file name sent as raw UTF-8 bytes (no encoding) is decoded, not replaced by U+FFFD."""
    raw = (
        "Subject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        f'--b\r\nContent-Type: application/octet-stream; name="{name}"\r\n'
        f'Content-Disposition: attachment; filename="{name}"\r\n\r\nxyz\r\n--b--\r\n'
    ).encode()
    parts = by_location(parse(raw, Limits.default()))
    assert parts[f"attachment:{name}"].filename == name
    assert parts[f"attachment:{name}#filename"].text == name


@pytest.mark.parametrize(
    ("preamble", "epilogue", "locations"),
    [
        ("This is a multi-part message in MIME format.", "", ["subject", "body"]),
        ("Preamble MRN 00123456", "", ["subject", "preamble", "body"]),
        ("", "epilogue SSN 123-45-6789", ["subject", "body", "epilogue"]),
    ],
)
def test_preamble_and_epilogue(preamble: str, epilogue: str, locations: list[str]) -> None:
    """Text outside the parts of a multipart leaves with it, so it is inspected too."""
    raw = (
        'Subject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        f"{preamble}\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n{epilogue}"
    ).encode()
    message = parse(raw, Limits.default())
    assert [p.location for p in message.parts] == locations
    assert message.fully_inspected
