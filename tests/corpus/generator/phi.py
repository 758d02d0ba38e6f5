"""PHI in message bodies: a patient identified next to health information."""

from __future__ import annotations

import random

from generator import identifiers as ids
from generator import medical, mime, people
from generator.sample import Sample, body, closing, draft, external_contact, greet, pick, sample

PHI = ("PHI",)


def referral_letter(rng: random.Random) -> Sample:
    """A clinician refers a patient to an outside specialist."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
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
    text = body(greet(rng, to), opener, meds, ask, closing(rng), doc.signature(rng))
    subject = pick(
        rng,
        f"Referral - {pt.full}",
        "New patient referral",
        f"Referral: {pt.last} / {medical.lay(rng, cond)}",
        "Referral for evaluation",
    )
    d = draft(rng, doc, [(to.full, addr)], subject, text)
    return sample(
        rng,
        d,
        PHI,
        "referral letter: name, DOB and MRN with a diagnosis",
        ("DATE_OF_BIRTH", "MEDICAL_RECORD_NUMBER", "MEDICAL_TERM"),
    )


def lab_results(rng: random.Random) -> Sample:
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
    text = body(
        greet(rng, to),
        intro,
        mime.text_table(rows, header),
        comment,
        closing(rng),
        doc.signature(rng),
    )
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(
            rng,
            "Lab results",
            f"Labs - {pt.last}",
            "Results attached below",
            "Abnormal results for review",
        ),
        text,
        html=False,
    )
    if rng.random() < 0.6:
        d.html = mime.html_of(
            text.replace(mime.text_table(rows, header), "[[TABLE]]"), rng
        ).replace("[[TABLE]]", mime.html_table(rows, header))
    return sample(rng, d, PHI, "lab results table for a named patient with DOB", ("DATE_OF_BIRTH",))


def discharge_summary(rng: random.Random) -> Sample:
    """A discharge summary sent to a home-health agency."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(
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
    text = body(
        greet(rng, to),
        pick(
            rng,
            "Please find the discharge summary below for your intake.",
            "Discharge summary for the referral we discussed:",
        ),
        "\n".join(lines),
        closing(rng),
        doc.signature(rng),
    )
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(
            rng, "Discharge summary", f"D/C summary {pt.last}", "Home health referral - discharge"
        ),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "discharge summary with MRN, DOB, ICD-10 code and medications",
        ("MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH", "ICD10_CODE", "MEDICAL_TERM"),
    )


def appointment_reminder(rng: random.Random) -> Sample:
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
    d = draft(
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
    return sample(
        rng, d, PHI, "appointment reminder to a patient naming the condition", ("MEDICAL_TERM",)
    )


def prior_authorization(rng: random.Random) -> Sample:
    """A prior-authorization request to a payer with the member id and ICD-10 code."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, (("BlueHarbor Health Plan", "blueharborplan.com"),))
    member = ids.member_id(rng)
    lines = [
        f"Member name: {pt.full}",
        f"{pick(rng, 'Member ID', 'Subscriber ID', 'Member #', 'Policy number')}: {member}",
        f"Date of birth: {people.fmt_date(rng, people.birth_date(rng))}",
        f"Diagnosis: {cond.code} - {cond.description}",
        f"Requested service: {rng.choice(medical.PROCEDURES)}",
    ]
    text = body(
        greet(rng, to),
        pick(
            rng,
            "We are requesting prior authorization for the following member.",
            "Please process the attached PA request; details below.",
            "Urgent PA request:",
        ),
        "\n".join(lines),
        closing(rng),
        doc.signature(rng),
    )
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(rng, "Prior authorization request", f"PA request - {member}", "Authorization needed"),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "prior authorization: member id, DOB, ICD-10 code, procedure",
        ("HEALTH_PLAN_ID", "DATE_OF_BIRTH", "ICD10_CODE"),
    )


def care_coordination(rng: random.Random) -> Sample:
    """A short, casual note about a named patient with no identifiers but name and health data."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
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
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(rng, "Re: shared patient", "quick question", f"{pt.last}", "follow up", "Update"),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "casual care coordination: a patient's name with diagnosis, drug or lab, no ids",
        ("PERSON", "MEDICAL_TERM"),
    )


def prescription_refill(rng: random.Random) -> Sample:
    """A refill authorization to a pharmacy with the prescriber's DEA and the patient's DOB."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, (("CarePoint Pharmacy", "carepointrx.com"),))
    dea = ids.dea(rng, doc.person.last)
    text = body(
        greet(rng, to),
        pick(
            rng,
            "Refill authorized for the patient below.",
            "Please see the refill request response.",
            "Re: refill request",
        ),
        f"Patient: {pt.full}\nDOB: {people.fmt_date(rng, people.birth_date(rng))}\nMedication: {medical.drug(rng, cond)}\nQuantity: {rng.choice((30, 60, 90))}, refills: {rng.randint(0, 5)}\nIndication: {medical.lay(rng, cond)}",
        f"Prescriber: Dr. {doc.person.full}, DEA {dea}, NPI {ids.npi(rng)}",
        closing(rng),
        doc.signature(rng),
    )
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(rng, "Refill authorization", f"Rx refill - {pt.last}", "Refill request response"),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "prescription refill: patient DOB, drug and indication; prescriber DEA",
        ("DATE_OF_BIRTH", "US_DEA", "MEDICAL_TERM"),
    )


def medicare_claim(rng: random.Random) -> Sample:
    """A billing question to a payer about a Medicare claim, with the MBI."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(
        rng,
        (
            ("BlueHarbor Health Plan", "blueharborplan.com"),
            ("Mercy West Hospital", "mercywest-hospital.org"),
        ),
    )
    mbi = ids.mbi(rng, dashes=rng.random() < 0.4)
    dos = people.fmt_date(rng, people.sent_at(rng).date())
    text = body(
        greet(rng, to),
        pick(
            rng,
            f"Claim for {pt.full} (MBI {mbi}), date of service {dos}, was denied for medical necessity. The diagnosis was {cond.code} ({medical.lay(rng, cond)}).",
            f"We are resubmitting the claim for beneficiary {pt.full}, Medicare ID {mbi}. DOS {dos}; dx {cond.code}.",
            f"Can you check the status of claim #{ids.digits(rng, 10)}? Beneficiary: {pt.last}, {pt.first}; MBI: {mbi}; primary dx {cond.code} {cond.description}.",
        ),
        pick(
            rng,
            "Please advise what documentation you need.",
            "Attached notes support the service.",
            "",
        ),
        closing(rng),
        sender.signature(rng),
    )
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        pick(rng, "Claim denial appeal", "Claim status inquiry", "Resubmission"),
        text,
    )
    return sample(rng, d, PHI, "Medicare claim: MBI with diagnosis code", ("US_MBI", "ICD10_CODE"))


def ssn_with_condition(rng: random.Random) -> Sample:
    """Disability or workers' compensation paperwork: SSN next to a diagnosis."""
    sender = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(
        rng,
        (
            ("Keystone Disability Services", "keystonedisability.com"),
            ("Anchor Workers Comp", "anchorwc.com"),
        ),
    )
    ssn = ids.ssn(rng, sep=rng.choice(("-", "-", " ", "")))
    text = body(
        greet(rng, to),
        pick(
            rng,
            f"Regarding claimant {pt.full}, SSN {ssn}: the patient has been under my care for {medical.lay(rng, cond)} and is unable to work until further notice.",
            f"Attending physician statement for {pt.full} (Social Security number {ssn}). Diagnosis: {cond.description}, {cond.code}.",
            f"{pt.full} / SSN: {ssn} / Dx: {medical.lay(rng, cond)} -- restrictions: no lifting over 10 lb for six weeks after the {rng.choice(medical.PROCEDURES)}.",
        ),
        closing(rng),
        sender.signature(rng),
    )
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        pick(
            rng,
            "Attending physician statement",
            "Disability claim documentation",
            "Work status note",
        ),
        text,
    )
    return sample(
        rng,
        d,
        ("PHI", "PII"),
        "SSN with a diagnosis (disability claim)",
        ("US_SSN", "MEDICAL_TERM"),
    )


def patient_reply(rng: random.Random) -> Sample:
    """A clinic answers a patient's portal-style question at their personal address, quoting it."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = medical.condition(rng)
    addr = pt.email(rng.choice(people.FREEMAIL), rng.randrange(4))
    asked = people.sent_at(rng)
    question = pick(
        rng,
        f"Hi, I have been taking the {medical.drug(rng, cond).split(' ')[0]} for a week and feel dizzy. Is that normal?\n{pt.first}",
        f"Did my results come back? I'm worried about the {medical.lay(rng, cond)}.\nThanks, {pt.full}",
    )
    answer = pick(
        rng,
        f"Hi {pt.first}, dizziness can happen when starting {medical.drug(rng, cond)}. Please check your blood pressure twice a day and let us know.",
        f"Hi {pt.first}, your results are in. Your {medical.lab(rng)[0]} is a bit high, which fits with your {medical.lay(rng, cond)}. Dr. {doc.person.last} would like to see you next week.",
    )
    text = body(
        answer,
        closing(rng),
        doc.signature(rng),
        mime.reply_header(pt.full, addr, asked),
        mime.quote(question),
    )
    d = draft(
        rng,
        doc,
        [(pt.full, addr)],
        "Re: " + pick(rng, "question about my medication", "test results", "follow up"),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "reply to a patient discussing their condition, quoting their question",
        ("MEDICAL_TERM",),
    )


def deep_forward(rng: random.Random) -> Sample:
    """An innocuous top message; the PHI sits two quotes deep in a forwarded thread."""
    a = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    b = people.clinician(rng, a.org)
    pt = people.person(rng)
    cond = medical.condition(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    inner = body(
        pick(
            rng,
            f"Patient {pt.full}, DOB {people.fmt_date(rng, people.birth_date(rng))}, MRN {ids.mrn(rng)}",
            f"{pt.full} (MRN {ids.mrn(rng)})",
        ),
        f"Dx: {medical.lay(rng, cond)}; on {medical.drug(rng, cond)}. Needs {rng.choice(medical.PROCEDURES)} scheduled.",
    )
    t1 = people.sent_at(rng)
    middle = body(
        pick(
            rng,
            "Can someone help with this one?",
            "Adding billing.",
            "See below - not sure who owns this.",
        ),
        mime.reply_header(b.person.full, b.address, t1),
        mime.quote(inner),
    )
    top = body(
        greet(rng, to),
        pick(
            rng,
            "Forwarding this thread so your team can follow up.",
            "FYI, see the thread below.",
            "Please take a look at the request at the bottom.",
        ),
        closing(rng),
        a.person.first,
    )
    text = (
        top
        + "\n"
        + mime.forward_block(
            f"{a.person.full} <{a.address}>", b.address, t1, "Re: scheduling", middle
        )
    )
    d = draft(
        rng,
        a,
        [(to.full, addr)],
        pick(rng, "Fwd: Re: scheduling", "FW: RE: patient follow up", "Fwd: request"),
        text,
        html=False,
    )
    return sample(
        rng,
        d,
        PHI,
        "PHI only deep inside a forwarded, quoted thread",
        ("MEDICAL_RECORD_NUMBER", "MEDICAL_TERM"),
    )


def behavioral_health(rng: random.Random) -> Sample:
    """A counselling handoff about substance use or mental health: highly sensitive."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = rng.choice([c for c in medical.CONDITIONS if c.code.startswith("F")])
    to, addr = external_contact(rng, (("Pinecrest Behavioral Health", "pinecrestbh.org"),))
    text = body(
        greet(rng, to),
        pick(
            rng,
            f"I'd like to transfer {pt.full}'s care for {medical.lay(rng, cond)} to your program. {pt.first} has been stable on {medical.drug(rng, cond)} for three months.",
            f"{pt.full} (DOB {people.fmt_date(rng, people.birth_date(rng))}) completed intake today. Screening is consistent with {medical.lay(rng, cond)}; PHQ-9 score {rng.randint(15, 24)}.",
        ),
        pick(
            rng,
            "Please treat this under 42 CFR Part 2.",
            "The patient consented to this disclosure.",
            "",
        ),
        closing(rng),
        doc.signature(rng),
    )
    d = draft(
        rng,
        doc,
        [(to.full, addr)],
        pick(rng, "Care transfer", "Intake follow-up", "Referral"),
        text,
    )
    return sample(
        rng,
        d,
        PHI,
        "behavioral-health handoff naming the patient and diagnosis",
        ("PERSON", "MEDICAL_TERM"),
    )


TEMPLATES = {
    "referral": (referral_letter, 10),
    "labs": (lab_results, 8),
    "discharge": (discharge_summary, 7),
    "reminder": (appointment_reminder, 9),
    "prior-auth": (prior_authorization, 7),
    "care-note": (care_coordination, 10),
    "refill": (prescription_refill, 6),
    "medicare-claim": (medicare_claim, 6),
    "ssn-dx": (ssn_with_condition, 6),
    "patient-reply": (patient_reply, 7),
    "deep-forward": (deep_forward, 6),
    "behavioral": (behavioral_health, 5),
}
