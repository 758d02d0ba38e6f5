"""Sensitive data hidden by encoding, markup, separators, archives and odd declared types, plus
content that cannot be inspected at all (which must be quarantined, never delivered)."""

from __future__ import annotations

import random

from generator import documents, medical, mime, people
from generator import identifiers as ids
from generator.sample import (
    Sample,
    body,
    draft,
    external_contact,
    greet,
    labelled,
    letter,
    pick,
    sample,
)

ZW = "\u200b"


def _phi_line(rng: random.Random) -> tuple[str, str]:
    pt = people.person(rng)
    cond = medical.condition(rng)
    return (
        pt.full,
        f"{pt.full}, DOB {people.fmt_date(rng, people.birth_date(rng))}, MRN {ids.mrn(rng)}: {medical.lay(rng, cond)}, on {medical.drug(rng, cond)}.",
    )


@labelled(("PHI",), "PHI only in hidden HTML text and an image title", ("MEDICAL_TERM",))
def hidden_html(rng: random.Random) -> mime.Draft:
    """The HTML alternative carries PHI in hidden text and an image title; the text part is bland."""
    doc = people.clinician(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    _, line = _phi_line(rng)
    text = letter(rng, doc.person.full, greet(rng, to), "Please see the note below.")
    d = draft(rng, doc, [(to.full, addr)], "Note", text, html=False)
    d.html = mime.html_of(text, rng).replace(
        "</body>",
        f'<div style="display:none">{line}</div><img src="x.gif" title="{line}" width="1" height="1"></body>',
    )
    return d


def base64_body(rng: random.Random) -> Sample:
    """PHI in a base64 transfer-encoded body."""
    doc = people.clinician(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    _, line = _phi_line(rng)
    d = draft(
        rng, doc, [(to.full, addr)], "Follow up", letter(rng, doc, greet(rng, to), line), html=False
    )
    msg = mime.compose(d, rng)
    msg.set_content(d.text, cte="base64")
    return Sample(msg, ("PHI",), "PHI in a base64-encoded body", ("MEDICAL_RECORD_NUMBER",))


def odd_separators(rng: random.Random) -> Sample:
    """An SSN or card written with zero-width characters, full-width digits or dots."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, tuple((b.name, b.domain) for b in people.BUSINESSES))
    kind = rng.choice(("ssn-zw", "ssn-fullwidth", "ssn-dots", "card-zw", "card-dots"))
    if kind.startswith("ssn"):
        value = ids.ssn(rng, sep="." if kind == "ssn-dots" else "-")
        labels, entity, what = (
            ("PII",),
            "US_SSN",
            f"Employee {people.person(rng).full}, SSN {{v}}, start date {people.fmt_date(rng, people.future_date(rng))}.",
        )
    else:
        _, number = ids.card(rng)
        value = ids.format_card(number, "space" if kind == "card-zw" else "plain")
        if kind == "card-dots":
            value = ".".join(value[i : i + 4] for i in range(0, len(value), 4))
        labels, entity, what = (
            ("PCI",),
            "CREDIT_CARD",
            f"Please charge {{v}} exp {rng.randint(1, 12):02d}/{rng.randint(27, 30)} for the deposit.",
        )
    if kind.endswith("zw"):
        value = ZW.join(value)
    elif kind == "ssn-fullwidth":
        value = value.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    subject = pick(rng, "Info", "details", "as requested")
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        subject,
        letter(rng, sender, greet(rng, to), what.format(v=value)),
    )
    return sample(
        rng, d, labels, f"{entity} written with {kind.split('-')[1]} separators", (entity,)
    )


@labelled(("PHI",), "patient list CSV inside a ZIP", ("MEDICAL_RECORD_NUMBER",))
def zipped_list(rng: random.Random) -> mime.Draft:
    """A patient list CSV inside a ZIP archive."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    rows = []
    for _ in range(rng.randint(3, 15)):
        pt = people.person(rng)
        cond = medical.condition(rng)
        rows.append(
            [
                pt.full,
                people.birth_date(rng).isoformat(),
                ids.mrn(rng),
                cond.code,
                medical.lay(rng, cond),
            ]
        )
    data = documents.csv_text(["Patient", "DOB", "MRN", "ICD10", "Dx"], rows).encode()
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        "Files",
        letter(rng, sender, greet(rng, to), "Zipped to keep the size down."),
    )
    d.attachments.append(
        mime.Attachment(
            "export.zip", "application/zip", documents.zip_archive([("export/patients.csv", data)])
        )
    )
    return d


@labelled((), "password-protected ZIP: not inspectable, quarantine", action="quarantine")
def encrypted_archive(rng: random.Random) -> mime.Draft:
    """A password-protected ZIP: cannot be inspected, so it must be quarantined."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    _, line = _phi_line(rng)
    archive = documents.encrypted_zip(
        "records.txt", line.encode(), b"Spring2026!", bytes(rng.randrange(256) for _ in range(11))
    )
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        "Records",
        letter(
            rng,
            sender,
            greet(rng, to),
            pick(rng, "The password follows in a separate email.", "Password is the usual one."),
        ),
    )
    d.attachments.append(mime.Attachment("records.zip", "application/zip", archive))
    return d


@labelled(("PHI",), "PHI only in an encoded Subject header", ("DATE_OF_BIRTH",))
def subject_only(rng: random.Random) -> mime.Draft:
    """PHI only in an RFC 2047 encoded subject, body nearly empty."""
    doc = people.clinician(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    cond = medical.condition(rng)
    name = (
        rng.choice(("José", "Zoë", "François", "Łukasz", "Søren", "Ana María"))
        + " "
        + rng.choice(people.SURNAMES)
    )
    subject = f"{name} DOB {people.fmt_date(rng, people.birth_date(rng))} - {medical.lay(rng, cond)} results"
    return draft(rng, doc, [(to.full, addr)], subject, "See subject.\n", html=False)


@labelled(("PHI",), "patient list declared application/octet-stream", ("MEDICAL_RECORD_NUMBER",))
def disguised_type(rng: random.Random) -> mime.Draft:
    """A patient list CSV declared as application/octet-stream with a .dat name."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    rows = [[*_phi_line(rng)] for _ in range(rng.randint(3, 10))]
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        "data",
        letter(rng, sender.person.first, greet(rng, to), "File attached."),
    )
    d.attachments.append(
        mime.Attachment(
            "extract.dat",
            "application/octet-stream",
            documents.csv_text(["name", "detail"], rows).encode(),
        )
    )
    return d


@labelled(
    ("PHI",),
    "Spanish-language PHI with MRN and ICD-10 code",
    ("MEDICAL_RECORD_NUMBER", "ICD10_CODE"),
)
def spanish(rng: random.Random) -> mime.Draft:
    """A Spanish-language message to a patient's family with identifiers and a diagnosis."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    addr = people.person(rng).email(rng.choice(people.FREEMAIL))
    cond = rng.choice(
        [
            c
            for c in medical.CONDITIONS
            if c.code in {"E11.9", "I10", "J45.909", "C50.911", "N18.30"}
        ]
    )
    es = {
        "E11.9": "diabetes tipo 2",
        "I10": "hipertensión",
        "J45.909": "asma",
        "C50.911": "cáncer de mama",
        "N18.30": "enfermedad renal crónica",
    }[cond.code]
    text = body(
        f"Estimada familia de {pt.full}:",
        f"Paciente: {pt.full}\nFecha de nacimiento: {people.fmt_date(rng, people.birth_date(rng))}\nMRN: {ids.mrn(rng)}\nDiagnóstico: {es} ({cond.code})",
        f"El medicamento indicado es {medical.drug(rng, cond)}. Por favor llame al {doc.phone} para la próxima cita.",
        "Atentamente,",
        doc.signature(rng),
    )
    return draft(rng, doc, [(pt.full, addr)], "Resultados de su consulta", text)


def html_only_card(rng: random.Random) -> Sample:
    """An HTML-only message (no text part) with a card number split by markup."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, (("Hilton Group Sales", "hilton-groupsales.com"),))
    _, number = ids.card(rng)
    groups = ids.format_card(number, "space").split(" ")
    cells = "".join(f"<span>{g}</span> " for g in groups)
    html = f"<html><body><p>Hi {to.first},</p><p>Card for the deposit: <b>{cells}</b> exp {rng.randint(1, 12):02d}/{rng.randint(27, 30)}</p><p>{sender.person.full}</p></body></html>\n"
    d = draft(rng, sender, [(to.full, addr)], "Deposit", "x", html=False)
    msg = mime.compose(d, rng)
    msg.set_content(html, subtype="html")
    return Sample(
        msg,
        ("PCI",),
        "card number only in an HTML-only body, digits split by tags",
        ("CREDIT_CARD",),
    )


def latin1(rng: random.Random) -> Sample:
    """PHI in a latin-1 (ISO-8859-1) quoted-printable body with accented names."""
    doc = people.clinician(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    cond = medical.condition(rng)
    name = (
        rng.choice(("Renée", "José", "Inés", "Hélène", "Jürgen", "Sofía"))
        + " "
        + rng.choice(("Müller", "Peña", "García", "Lefèvre", "Ibáñez"))
    )
    text = letter(
        rng,
        doc.person.full,
        greet(rng, to),
        f"Patient {name}, né(e) {people.fmt_date(rng, people.birth_date(rng))}, MRN {ids.mrn(rng)}, diagnosed with {medical.lay(rng, cond)}.",
    )
    d = draft(rng, doc, [(to.full, addr)], "Patient transfer", text, html=False)
    msg = mime.compose(d, rng)
    msg.set_content(text, charset="iso-8859-1", cte="quoted-printable")
    return Sample(
        msg, ("PHI",), "PHI in an ISO-8859-1 quoted-printable body", ("MEDICAL_RECORD_NUMBER",)
    )


TEMPLATES = {
    "hidden-html": (hidden_html, 3),
    "base64": (base64_body, 3),
    "separators": (odd_separators, 6),
    "zip": (zipped_list, 3),
    "encrypted-zip": (encrypted_archive, 3),
    "subject": (subject_only, 2),
    "octet-stream": (disguised_type, 2),
    "spanish": (spanish, 2),
    "html-only-card": (html_only_card, 2),
    "latin1": (latin1, 2),
}
