"""More PHI: work notes to employers, imaging reports, immunization records, visit summaries,
billing questions and home-care orders."""

from __future__ import annotations

import random

from generator import identifiers as ids
from generator import medical, mime, people
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
IMAGING = (
    ("MRI lumbar spine without contrast", "L4-L5 broad-based disc protrusion with moderate left foraminal stenosis."),
    ("CT chest with contrast", "2.1 cm spiculated nodule in the right upper lobe, suspicious for malignancy."),
    ("Ultrasound, right upper quadrant", "Cholelithiasis without sonographic evidence of acute cholecystitis."),
    ("Screening mammogram, bilateral", "BI-RADS 4: suspicious calcifications in the left breast; biopsy recommended."),
    ("X-ray, right wrist, 3 views", "Nondisplaced fracture of the distal radius."),
    ("Echocardiogram", "Ejection fraction 35%, moderate mitral regurgitation."),
)  # fmt: skip
VACCINES = ("Tdap", "MMR", "Varicella", "Hepatitis B", "IPV (polio)", "HPV", "MenACWY", "Influenza")


@labelled(
    PHI, "work note to an employer naming the patient's condition or procedure", ("MEDICAL_TERM",)
)
def work_note(rng: random.Random) -> mime.Draft:
    """A clinic sends a return-to-work note to the patient's employer, naming the condition."""
    org = rng.choice(people.HEALTH_ORGS)
    doc = people.clinician(rng, org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, tuple((b.name, b.domain) for b in people.BUSINESSES))
    back = people.future_date(rng)
    text = letter(
        rng,
        doc,
        "To whom it may concern,",
        pick(
            rng,
            f"{pt.full} was seen in our clinic and is being treated for {medical.lay(rng, cond)}. Please excuse {pt.first} from work until {people.fmt_date(rng, back)}.",
            f"{pt.full} (date of birth {people.fmt_date(rng, people.birth_date(rng))}) is under my care following a {rng.choice(medical.PROCEDURES)}. Light duty only until {people.fmt_date(rng, back)}.",
        ),
        pick(
            rng,
            "No lifting over 15 pounds.",
            "Please allow breaks to check blood glucose.",
            "Follow-up visit is scheduled in two weeks.",
        ),
    )
    subject = pick(rng, "Work note", f"Work status - {pt.full}", "Return to work letter")
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(
    PHI, "imaging report with MRN, DOB and impression", ("MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH")
)
def imaging_report(rng: random.Random) -> mime.Draft:
    """A radiology report pasted into mail to a referring office."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    study, impression = rng.choice(IMAGING)
    lines = [
        f"PATIENT: {pt.last.upper()}, {pt.first.upper()}",
        f"MRN: {ids.mrn(rng)}    DOB: {people.birth_date(rng):%m/%d/%Y}",
        f"EXAM: {study}",
        f"DATE OF SERVICE: {people.fmt_date(rng, people.sent_at(rng).date())}",
        f"IMPRESSION: {impression}",
    ]
    text = letter(
        rng,
        doc,
        greet(rng, to),
        pick(
            rng,
            "Final read below.",
            "Report for your patient:",
            "Copy of the report, as requested:",
        ),
        "\n".join(lines),
    )
    subject = pick(rng, "Imaging report", f"{study} - final", "Radiology results")
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(PHI, "a child's immunization record with DOB sent to a school", ("DATE_OF_BIRTH",))
def immunization_record(rng: random.Random) -> mime.Draft:
    """A pediatric office sends a child's immunization record to a school nurse."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org, "Medical Assistant")
    child = people.person(rng)
    to, addr = external_contact(
        rng,
        (
            ("Lincoln Elementary Health Office", "lincoln-elementary.k12.or.us"),
            ("Westview High School", "westviewhs.org"),
        ),
    )
    dob = people.birth_date(rng).replace(year=rng.randint(2010, 2020))
    rows = "\n".join(
        f"{v}: {people.fmt_date(rng, people.sent_at(rng).date().replace(year=rng.randint(dob.year + 1, 2025)))}"
        for v in rng.sample(VACCINES, rng.randint(3, 6))
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Immunization record for {child.full}, DOB {people.fmt_date(rng, dob)}, as requested by the parent:",
        rows,
        pick(
            rng,
            "Medical exemption for varicella on file due to immunosuppression.",
            "All school-required vaccines are up to date.",
            "",
        ),
    )
    subject = pick(
        rng, "Immunization record", f"Shot record - {child.first}", "Vaccination history"
    )
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PHI, "after-visit summary to a patient: reason, lab value and plan", ("MEDICAL_TERM",))
def visit_summary(rng: random.Random) -> mime.Draft:
    """After-visit summary e-mailed to the patient's personal address."""
    org = rng.choice(people.HEALTH_ORGS)
    doc = people.clinician(rng, org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    name, value, unit, _ = medical.lab(rng)
    text = body(
        f"Hello {pt.first},",
        f"Here is a summary of your telehealth visit with {doc.person.full} on {people.fmt_date(rng, people.sent_at(rng).date())}.",
        f"Reason for visit: {medical.lay(rng, cond)}\nYour {name}: {value} {unit}\nPlan: continue {medical.drug(rng, cond)}; repeat labs in 3 months.",
        f"Questions? Call {org.phone}.",
        org.name,
    )
    return draft(
        rng,
        doc,
        [(pt.full, pt.email(rng.choice(people.FREEMAIL), rng.randrange(4)))],
        pick(rng, "Your visit summary", "After-visit summary", "Summary of today's visit"),
        text,
    )


@labelled(PHI, "billing inquiry: patient with CPT and ICD-10 codes", ("ICD10_CODE",))
def billing_question(rng: random.Random) -> mime.Draft:
    """A billing office asks a payer about a claim with the patient, CPT and diagnosis codes."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS), "Revenue Cycle Analyst")
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, (("BlueHarbor Health Plan", "blueharborplan.com"),))
    cpt = rng.choice(("99214", "99213", "45378", "71260", "93306", "27447", "70553"))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Claim {ids.digits(rng, 11)} for {pt.full} ({pick(rng, 'member', 'subscriber')} {ids.member_id(rng)}) was denied with CARC 50. CPT {cpt}, diagnosis {cond.code}.",
            f"Patient {pt.full}, DOB {people.fmt_date(rng, people.birth_date(rng))}: CPT {cpt} with ICD-10 {cond.code} ({cond.description}) was paid at zero. Please reprocess.",
        ),
    )
    subject = pick(rng, "Claim reprocessing", "Denied claim", "Payment inquiry")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PHI, "home care order with address, phone and diagnosis", ("ICD10_CODE", "MEDICAL_TERM"))
def home_care_order(rng: random.Random) -> mime.Draft:
    """An order for home oxygen or hospice to an outside agency."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = rng.choice(
        [c for c in medical.CONDITIONS if c.code in {"J44.9", "I50.9", "C34.90", "G30.9", "C61"}]
    )
    to, addr = external_contact(
        rng,
        (
            ("Greenway Home Health", "greenwayhomehealth.com"),
            ("Compassus Hospice", "compassus-partner.com"),
        ),
    )
    service = pick(
        rng,
        "home oxygen 2 L/min continuous",
        "hospice evaluation and admission",
        "skilled nursing visits 2x/week",
        "hospital bed and wheelchair",
    )
    text = letter(
        rng,
        doc,
        greet(rng, to),
        f"Order for {pt.full}, {people.address(rng)}, phone {ids.phone(rng)}:",
        f"Service: {service}\nDiagnosis: {medical.lay(rng, cond)} ({cond.code})\nPrognosis: {pick(rng, 'less than 6 months', 'guarded', 'stable')}",
    )
    subject = pick(rng, "New order", "Hospice referral", "DME order")
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(
    PHI, "terse telephone message about a named patient's drug or symptoms", ("MEDICAL_TERM",)
)
def phone_message(rng: random.Random) -> mime.Draft:
    """A terse telephone-message note forwarded to an outside covering practice."""
    nurse, pt, cond, to, addr = clinical_case(rng)
    text = body(
        pick(
            rng,
            f"Pt {pt.full} called re: refill of {medical.drug(rng, cond)}, out since Tues. cb {ids.phone(rng)}.",
            f"TC from {pt.first} {pt.last} ({people.fmt_date(rng, people.birth_date(rng))}) - c/o worsening {medical.lay(rng, cond)} x3 days, asking for an appt this wk.",
            f"{pt.full} msg: BP readings 160s/100s at home, on {medical.drug(rng, cond)}. Please advise. Callback {ids.phone(rng)}.",
        ),
        pick(rng, f"-{nurse.person.first}", nurse.signature(rng)),
    )
    subject = pick(rng, "phone msg", "TC", "pt call", "covering - call back needed")
    return draft(rng, nurse, [(to.full, addr)], subject, text, html=False)


@labelled(
    PHI,
    "records release to an attorney: name, DOB, visit and diagnosis",
    ("DATE_OF_BIRTH", "MEDICAL_TERM"),
)
def records_release(rng: random.Random) -> mime.Draft:
    """Health information management answers an attorney's records request."""
    sender = people.office_staff(
        rng, rng.choice(people.HEALTH_ORGS), "Release of Information Specialist"
    )
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(
        rng,
        (
            ("Harbor & Finch LLP", "harborfinch.com"),
            ("Morgan & Pruitt Injury Law", "morganpruitt-law.com"),
        ),
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Per the signed authorization, enclosed are the records of {pt.full} (DOB {people.fmt_date(rng, people.birth_date(rng))}) for dates of service {people.fmt_date(rng, people.sent_at(rng).date())} through present.",
        f"They include the ED visit for {medical.lay(rng, cond)}, the {rng.choice(medical.PROCEDURES)} report and the medication list. Invoice for copying: ${rng.randint(25, 90)}.00.",
    )
    subject = pick(rng, "Records request", f"Medical records - {pt.last}", "ROI response")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(
    PHI, "transport request: patient's name, address and treatment schedule", ("MEDICAL_TERM",)
)
def transport_request(rng: random.Random) -> mime.Draft:
    """A ride or interpreter request for a patient's treatment sessions."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS), "Case Manager, LCSW")
    pt = people.person(rng)
    to, addr = external_contact(
        rng,
        (
            ("MedRide Transportation", "medride-partner.com"),
            ("LanguageLine Scheduling", "languageline-partner.com"),
        ),
    )
    what = pick(
        rng,
        "hemodialysis Monday, Wednesday and Friday at 6:00 AM",
        "chemotherapy infusion every other Tuesday",
        "radiation therapy daily for five weeks",
        "wound care visits twice a week",
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please schedule transportation for {pt.full}, {people.address(rng)}, phone {ids.phone(rng)}, for {what}, starting {people.fmt_day(people.future_date(rng))}.",
        pick(
            rng,
            "Wheelchair van needed.",
            f"Spanish interpreter needed; the patient's daughter {people.person(rng).first} will ride along.",
            "",
        ),
    )
    subject = pick(rng, "Transport request", "Standing ride order", "New rider")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(
    PHI,
    "name and date of birth in the subject, diagnosis in one line of body",
    ("PERSON", "MEDICAL_TERM"),
)
def subject_phi(rng: random.Random) -> mime.Draft:
    """The patient's name and DOB in the subject line, the clinical detail in one short line."""
    doc, pt, cond, to, addr = clinical_case(rng)
    subject = f"{pick(rng, 'RE: ', 'FW: ', '')}{pt.last}, {pt.first} {people.birth_date(rng):%m/%d/%Y} - {pick(rng, 'MRI results', 'path report', 'consult note', 'labs')}"
    name, value, unit, _ = medical.lab(rng)
    line = pick(
        rng,
        f"Consistent with {medical.lay(rng, cond)}. Will discuss at tumor board.",
        f"Looks like {medical.lay(rng, cond)}; recommend starting {medical.drug(rng, cond)}.",
        f"{name} {value} {unit}, worse than last time. Can you call me about the {medical.lay(rng, cond)}?",
    )
    return draft(
        rng, doc, [(to.full, addr)], subject, body(line, f"-{doc.person.first}"), html=False
    )


TEMPLATES = {
    "work-note": (work_note, 6),
    "imaging": (imaging_report, 6),
    "immunization": (immunization_record, 5),
    "visit-summary": (visit_summary, 6),
    "billing": (billing_question, 6),
    "home-care": (home_care_order, 5),
    "phone-msg": (phone_message, 6),
    "records-release": (records_release, 4),
    "transport": (transport_request, 5),
    "subject-phi": (subject_phi, 5),
}
