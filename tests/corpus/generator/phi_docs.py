"""PHI in attachments: patient lists (CSV, XLSX), lab reports (PDF), letters (DOCX), invites
(ICS) and forwarded mail attached as a message."""

from __future__ import annotations

import datetime as dt
import random

from generator import documents, medical, mime, people
from generator import identifiers as ids
from generator.sample import (
    body,
    clinical_case,
    draft,
    external_contact,
    greet,
    labelled,
    letter,
    pick,
)

PHI = ("PHI",)


def _patient_rows(rng: random.Random, n: int) -> list[list[str]]:
    rows = []
    for _ in range(n):
        pt = people.person(rng)
        cond = medical.condition(rng)
        rows.append(
            [
                pt.last,
                pt.first,
                people.birth_date(rng).isoformat(),
                ids.mrn(rng),
                cond.code,
                medical.lay(rng, cond),
            ]
        )
    return rows


@labelled(
    PHI,
    "patient list (names, DOB, MRN, diagnosis) as a CSV attachment",
    ("MEDICAL_RECORD_NUMBER", "ICD10_CODE"),
)
def patient_list_csv(rng: random.Random) -> mime.Draft:
    """A care-management list of patients as CSV, sent to an outside vendor."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    rows = _patient_rows(rng, rng.randint(4, 25))
    header = ["Last Name", "First Name", "DOB", "MRN", "Dx Code", "Diagnosis"]
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            "Attached is this month's outreach list for the transitions-of-care program.",
            "Here is the patient list you asked for.",
            "Please find the roster attached.",
        ),
    )
    name = pick(rng, "outreach_list.csv", "patients_march.csv", "toc_roster.csv", "export.csv")
    subject = pick(rng, "Outreach list", "Patient roster", "Monthly list")
    d = draft(rng, sender, [(to.full, addr)], subject, text)
    d.attachments.append(mime.Attachment(name, "text/csv", documents.csv_text(header, rows)))
    return d


@labelled(PHI, "patient list as an XLSX attachment", ("MEDICAL_RECORD_NUMBER", "ICD10_CODE"))
def patient_list_xlsx(rng: random.Random) -> mime.Draft:
    """The same kind of list as an Excel workbook."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    rows = _patient_rows(rng, rng.randint(5, 30))
    header = ["Last", "First", "Date of Birth", "MRN", "ICD-10", "Condition"]
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            "Spreadsheet attached.",
            "Attached is the quality-measure gap list.",
            "See the attached file for the members due for follow-up.",
        ),
    )
    subject = pick(rng, "Gap list", "Quality report - patient detail", "Follow-up list")
    d = draft(rng, sender, [(to.full, addr)], subject, text)
    d.attachments.append(
        mime.Attachment(
            "gap_list.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            documents.xlsx("Patients", header, rows),
        )
    )
    return d


@labelled(
    PHI,
    "lab report PDF with name, DOB, MRN and results",
    ("MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH"),
)
def lab_report_pdf(rng: random.Random) -> mime.Draft:
    """A lab report PDF for a named patient."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    lines = [
        "QUANTRA DIAGNOSTICS - FINAL REPORT",
        f"Patient: {pt.last}, {pt.first}",
        f"DOB: {people.birth_date(rng):%m/%d/%Y}",
        f"MRN: {ids.mrn(rng)}",
        "",
    ]
    for _ in range(rng.randint(2, 5)):
        name, value, unit, flag = medical.lab(rng)
        lines.append(f"{name:<22} {value:>7} {unit:<14} {flag}")
    text = letter(
        rng,
        doc,
        greet(rng, to),
        pick(
            rng,
            "Report attached.",
            "Attached are the results we discussed.",
            "Please see the attached lab report.",
        ),
    )
    subject = pick(rng, "Lab report", "Results", f"Report - {pt.last}")
    d = draft(rng, doc, [(to.full, addr)], subject, text)
    d.attachments.append(
        mime.Attachment(
            pick(rng, "lab_report.pdf", "results.pdf", "scan0042.pdf"),
            "application/pdf",
            documents.pdf(lines, "Lab report"),
        )
    )
    return d


@labelled(
    PHI,
    "referral letter as DOCX: name, DOB, diagnosis",
    ("DATE_OF_BIRTH", "ICD10_CODE", "MEDICAL_TERM"),
)
def referral_docx(rng: random.Random) -> mime.Draft:
    """A referral letter as a Word document."""
    doc, pt, cond, to, addr = clinical_case(rng)
    paragraphs = [
        doc.org.name, f"{people.fmt_date(rng, people.sent_at(rng).date())}", f"Re: {pt.full}, DOB {people.fmt_date(rng, people.birth_date(rng))}",
        "Dear Colleague,", f"Thank you for seeing {pt.first} {pt.last}, who has {medical.lay(rng, cond)} ({cond.code}).",
        f"Current treatment: {medical.drug(rng, cond)}. I am requesting a {rng.choice(medical.PROCEDURES)}.",
        "Sincerely,", doc.person.full,
    ]  # fmt: skip
    text = letter(rng, doc, greet(rng, to), "Referral letter attached.")
    d = draft(rng, doc, [(to.full, addr)], "Referral letter", text)
    d.attachments.append(
        mime.Attachment(
            f"referral_{pt.last.lower().replace(chr(39), '')}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            documents.docx(paragraphs),
        )
    )
    return d


@labelled(PHI, "calendar invite to a patient naming the treatment and diagnosis", ("MEDICAL_TERM",))
def appointment_invite(rng: random.Random) -> mime.Draft:
    """A calendar invite to a patient for a treatment session that names it."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    addr = pt.email(rng.choice(people.FREEMAIL), rng.randrange(4))
    day = people.future_date(rng)
    start = dt.datetime(day.year, day.month, day.day, rng.randint(8, 15), rng.choice((0, 30)))
    what = pick(
        rng,
        f"{rng.choice(medical.PROCEDURES)} - {pt.full}",
        f"{medical.lay(rng, cond).capitalize()} follow-up: {pt.full}",
    )
    invite = documents.ics(
        uid=f"{ids.digits(rng, 12)}@{org.domain}", summary=what, start=start, minutes=45, organizer=sender.address,
        attendees=[addr], location=f"{org.name}, {org.street}", description=f"Patient: {pt.full}\nReason: {cond.description}\nBring medication list ({medical.drug(rng, cond)}).",
    )  # fmt: skip
    text = body(
        f"Dear {pt.first},",
        f"Please accept the invitation for your visit on {people.fmt_day(day)}.",
        org.name,
    )
    d = draft(rng, sender, [(pt.full, addr)], f"Invitation: {what}", text, html=False)
    d.attachments.append(mime.Attachment("invite.ics", "text/calendar", invite))
    return d


@labelled(
    PHI,
    "PHI inside an attached message (message/rfc822)",
    ("MEDICAL_RECORD_NUMBER", "MEDICAL_TERM"),
)
def attached_message(rng: random.Random) -> mime.Draft:
    """A PHI message forwarded as an attachment (message/rfc822)."""
    a = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    b = people.clinician(rng, a.org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    inner_text = body(
        f"Patient {pt.full} (MRN {ids.mrn(rng)}) was seen today for {medical.lay(rng, cond)}.",
        f"Started {medical.drug(rng, cond)}. Please schedule a {rng.choice(medical.PROCEDURES)}.",
        b.signature(rng),
    )
    inner = mime.compose(
        mime.Draft(
            sender=(b.person.full, b.address),
            to=[(a.person.full, a.address)],
            subject="Visit note",
            date=people.sent_at(rng),
            text=inner_text,
        ),
        rng,
    )
    text = letter(
        rng,
        a,
        greet(rng, to),
        pick(rng, "Forwarding the original note as an attachment.", "See the attached email."),
    )
    d = draft(rng, a, [(to.full, addr)], "Fwd: Visit note", text, html=False)
    d.attachments.append(mime.Attachment("Visit note.eml", "message/rfc822", inner))
    return d


TEMPLATES = {
    "list-csv": (patient_list_csv, 6),
    "list-xlsx": (patient_list_xlsx, 4),
    "lab-pdf": (lab_report_pdf, 5),
    "referral-docx": (referral_docx, 4),
    "invite-ics": (appointment_invite, 5),
    "attached-eml": (attached_message, 4),
}
