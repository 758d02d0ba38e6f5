"""PHI in message bodies: a patient identified next to health information."""

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


@labelled(
    PHI,
    "referral letter: name, DOB and MRN with a diagnosis",
    ("DATE_OF_BIRTH", "MEDICAL_RECORD_NUMBER", "MEDICAL_TERM"),
)
def referral_letter(rng: random.Random) -> mime.Draft:
    """A clinician refers a patient to an outside specialist."""
    doc, pt, cond, to, addr = clinical_case(rng)
    dob = people.fmt_date(rng, people.birth_date(rng))
    mrn = ids.mrn(rng)
    opener = pick(
        rng,
        f"I am referring my patient {pt.full} (DOB {dob}, MRN {mrn}) to your clinic for evaluation of {medical.lay(rng, cond)}.",
        f"Please see {pt.full}, date of birth {dob}, our MRN {mrn}, who has {medical.lay(rng, cond)} that is not well controlled.",
        f"Referral for {pt.last}, {pt.first} -- DOB: {dob} -- MRN: {mrn}. Reason: {cond.description} ({cond.code}).",
    )
    meds = pick(
        rng,
        f"Current medications include {medical.drug(rng, cond)}.",
        f"Meds: {medical.drug(rng, cond)}; {medical.drug(rng, cond)}.",
        "",
    )
    ask = pick(
        rng,
        f"We would appreciate a {rng.choice(medical.PROCEDURES)} if you think it is indicated.",
        "Records from the last two visits are in the portal. Please call me with any questions.",
        "The patient prefers morning appointments and can be reached at " + ids.phone(rng) + ".",
    )
    text = letter(rng, doc, greet(rng, to), opener, meds, ask)
    subject = pick(
        rng,
        f"Referral - {pt.full}",
        "New patient referral",
        f"Referral: {pt.last} / {medical.lay(rng, cond)}",
        "Referral for evaluation",
    )
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(PHI, "lab results table for a named patient with DOB", ("DATE_OF_BIRTH",))
def lab_results(rng: random.Random) -> mime.Draft:
    """Abnormal lab results sent to an outside provider, as a table."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    dob = people.fmt_date(rng, people.birth_date(rng))
    rows = []
    for _ in range(rng.randint(2, 5)):
        name, value, unit, flag = medical.lab(rng)
        rows.append([name, value, unit, flag])
    header = ["Test", "Result", "Units", "Flag"]
    intro = pick(
        rng,
        f"Results for {pt.full} (DOB {dob}) from the draw on {people.fmt_date(rng, people.sent_at(rng).date())}:",
        f"Patient: {pt.last}, {pt.first}   DOB: {dob}\nCollected: {people.fmt_date(rng, people.sent_at(rng).date())}",
        f"Sending over {pt.first} {pt.last}'s labs (born {dob}) as requested.",
    )
    comment = pick(
        rng,
        "Please review and advise on next steps.",
        "Values outside the reference range are flagged.",
        "Repeat draw is scheduled in two weeks.",
    )
    text = letter(rng, doc, greet(rng, to), intro, mime.text_table(rows, header), comment)
    subject = pick(
        rng,
        "Lab results",
        f"Labs - {pt.last}",
        "Results attached below",
        "Abnormal results for review",
    )
    d = draft(rng, doc, [(to.full, addr)], subject, text, html=False)
    if rng.random() < 0.6:
        d.html = mime.html_of(
            text.replace(mime.text_table(rows, header), "[[TABLE]]"), rng
        ).replace("[[TABLE]]", mime.html_table(rows, header))
    return d


@labelled(
    PHI,
    "discharge summary with MRN, DOB, ICD-10 code and medications",
    ("MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH", "ICD10_CODE", "MEDICAL_TERM"),
)
def discharge_summary(rng: random.Random) -> mime.Draft:
    """A discharge summary sent to a home-health agency."""
    doc, pt, cond, to, addr = clinical_case(
        rng,
        (
            ("Greenway Home Health", "greenwayhomehealth.com"),
            ("Unity Physical Therapy", "unitypt.net"),
        ),
    )
    admit = people.sent_at(rng).date()
    lines = [
        "DISCHARGE SUMMARY",
        f"Patient: {pt.full}",
        f"MRN: {ids.mrn(rng)}",
        f"DOB: {people.fmt_date(rng, people.birth_date(rng))}",
        f"Admitted: {people.fmt_date(rng, admit)}",
        f"Principal diagnosis: {cond.description} ({cond.code})",
        f"Procedures: {rng.choice(medical.PROCEDURES)}",
        f"Discharge medications: {medical.drug(rng, cond)}; {medical.drug(rng, cond)}",
        f"Follow-up: PCP within 7 days; home health evaluation for {pick(rng, 'wound care', 'medication teaching', 'PT/OT', 'skilled nursing')}.",
    ]
    text = letter(
        rng,
        doc,
        greet(rng, to),
        pick(
            rng,
            "Please find the discharge summary below for your intake.",
            "Discharge summary for the referral we discussed:",
        ),
        "\n".join(lines),
    )
    subject = pick(
        rng, "Discharge summary", f"D/C summary {pt.last}", "Home health referral - discharge"
    )
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(PHI, "appointment reminder to a patient naming the condition", ("MEDICAL_TERM",))
def appointment_reminder(rng: random.Random) -> mime.Draft:
    """A reminder to a patient's personal address that names the condition."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    when = people.future_date(rng)
    doc = people.person(rng)
    line = pick(
        rng,
        f"This is a reminder of your follow-up visit for your {medical.lay(rng, cond)} on {people.fmt_day(when)} at {people.clock(rng)} with Dr. {doc.last}.",
        f"You are scheduled for your {rng.choice(medical.PROCEDURES)} on {people.fmt_date(rng, when)} at {people.clock(rng)}. Dr. {doc.last} will review your {medical.lay(rng, cond)} treatment plan.",
        f"Your next {medical.lay(rng, cond)} check-up is booked for {people.fmt_day(when)}, {people.clock(rng)}. Please bring your {medical.drug(rng, cond).split(' ')[0]} and a list of your blood sugar or blood pressure readings.",
    )
    prep = pick(
        rng,
        "Please arrive 15 minutes early and bring your insurance card.",
        "If you need to reschedule, call us at " + org.phone + ".",
        "Do not eat or drink after midnight the night before.",
    )
    text = body(
        f"Dear {pt.full},", line, prep, f"{org.name}\n{org.street}, {org.city}\n{org.phone}"
    )
    return draft(
        rng,
        sender,
        [(pt.full, pt.email(rng.choice(people.FREEMAIL), rng.randrange(4)))],
        pick(
            rng,
            "Appointment reminder",
            f"Your appointment on {people.fmt_day(when)}",
            "Upcoming visit",
        ),
        text,
    )


@labelled(
    PHI,
    "prior authorization: member id, DOB, ICD-10 code, procedure",
    ("HEALTH_PLAN_ID", "DATE_OF_BIRTH", "ICD10_CODE"),
)
def prior_authorization(rng: random.Random) -> mime.Draft:
    """A prior-authorization request to a payer with the member id and ICD-10 code."""
    doc, pt, cond, to, addr = clinical_case(
        rng, (("BlueHarbor Health Plan", "blueharborplan.com"),)
    )
    member = ids.member_id(rng)
    lines = [
        f"Member name: {pt.full}",
        f"{pick(rng, 'Member ID', 'Subscriber ID', 'Member #', 'Policy number')}: {member}",
        f"Date of birth: {people.fmt_date(rng, people.birth_date(rng))}",
        f"Diagnosis: {cond.code} - {cond.description}",
        f"Requested service: {rng.choice(medical.PROCEDURES)}",
    ]
    text = letter(
        rng,
        doc,
        greet(rng, to),
        pick(
            rng,
            "We are requesting prior authorization for the following member.",
            "Please process the attached PA request; details below.",
            "Urgent PA request:",
        ),
        "\n".join(lines),
    )
    subject = pick(
        rng, "Prior authorization request", f"PA request - {member}", "Authorization needed"
    )
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(
    PHI,
    "casual care coordination: a patient's name with diagnosis, drug or lab, no ids",
    ("PERSON", "MEDICAL_TERM"),
)
def care_coordination(rng: random.Random) -> mime.Draft:
    """A short, casual note about a named patient with no identifiers but name and health data."""
    doc, pt, cond, to, addr = clinical_case(rng)
    name, value, unit, _ = medical.lab(rng)
    honor = pick(rng, "Mr.", "Ms.", "Mrs.", "")
    who = f"{honor} {pt.last}" if honor else pt.full
    line = pick(
        rng,
        f"{who}'s {name} came back at {value} {unit}, so we are adjusting the {medical.drug(rng, cond)}. Can you get {pt.first} in with your team next week?",
        f"Quick update on {pt.full}: {medical.lay(rng, cond)} is worse since the last visit and I started {medical.drug(rng, cond)}.",
        f"{who} called again about the {medical.lay(rng, cond)}. I think a {rng.choice(medical.PROCEDURES)} is the next step; could you see {pt.first} this month?",
        f"Following up on {pt.full} -- diagnosed with {medical.lay(rng, cond)} in January, now on {medical.drug(rng, cond)}. {name} {value} {unit} yesterday.",
    )
    text = body(
        greet(rng, to),
        line,
        pick(rng, "Thanks for the help.", "Let me know what works.", ""),
        pick(rng, "-" + doc.person.first, doc.signature(rng)),
    )
    subject = pick(rng, "Re: shared patient", "quick question", f"{pt.last}", "follow up", "Update")
    return draft(rng, doc, [(to.full, addr)], subject, text)


TEMPLATES = {
    "referral": (referral_letter, 10),
    "labs": (lab_results, 8),
    "discharge": (discharge_summary, 7),
    "reminder": (appointment_reminder, 9),
    "prior-auth": (prior_authorization, 7),
    "care-note": (care_coordination, 10),
}
