"""More PHI in message bodies: refill authorizations to pharmacies, Medicare claims, disability
paperwork with an SSN, replies to patients, PHI deep in forwarded threads and behavioral-health
handoffs."""

from __future__ import annotations

import random

from generator import identifiers as ids
from generator import medical, mime, people
from generator.sample import (
    body,
    clinical_case,
    closing,
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
    "prescription refill: patient DOB, drug and indication; prescriber DEA",
    ("DATE_OF_BIRTH", "US_DEA", "MEDICAL_TERM"),
)
def prescription_refill(rng: random.Random) -> mime.Draft:
    """A refill authorization to a pharmacy with the prescriber's DEA and the patient's DOB."""
    doc, pt, cond, to, addr = clinical_case(rng, (("CarePoint Pharmacy", "carepointrx.com"),))
    dea = ids.dea(rng, doc.person.last)
    text = letter(
        rng,
        doc,
        greet(rng, to),
        pick(
            rng,
            "Refill authorized for the patient below.",
            "Please see the refill request response.",
            "Re: refill request",
        ),
        f"Patient: {pt.full}\nDOB: {people.fmt_date(rng, people.birth_date(rng))}\nMedication: {medical.drug(rng, cond)}\nQuantity: {rng.choice((30, 60, 90))}, refills: {rng.randint(0, 5)}\nIndication: {medical.lay(rng, cond)}",
        f"Prescriber: Dr. {doc.person.full}, DEA {dea}, NPI {ids.npi(rng)}",
    )
    subject = pick(rng, "Refill authorization", f"Rx refill - {pt.last}", "Refill request response")
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(PHI, "Medicare claim: MBI with diagnosis code", ("US_MBI", "ICD10_CODE"))
def medicare_claim(rng: random.Random) -> mime.Draft:
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
    text = letter(
        rng,
        sender,
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
    )
    subject = pick(rng, "Claim denial appeal", "Claim status inquiry", "Resubmission")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(("PHI", "PII"), "SSN with a diagnosis (disability claim)", ("US_SSN", "MEDICAL_TERM"))
def ssn_with_condition(rng: random.Random) -> mime.Draft:
    """Disability or workers' compensation paperwork: SSN next to a diagnosis."""
    sender, pt, cond, to, addr = clinical_case(
        rng,
        (
            ("Keystone Disability Services", "keystonedisability.com"),
            ("Anchor Workers Comp", "anchorwc.com"),
        ),
    )
    ssn = ids.ssn(rng, sep=rng.choice(("-", "-", " ", "")))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Regarding claimant {pt.full}, SSN {ssn}: the patient has been under my care for {medical.lay(rng, cond)} and is unable to work until further notice.",
            f"Attending physician statement for {pt.full} (Social Security number {ssn}). Diagnosis: {cond.description}, {cond.code}.",
            f"{pt.full} / SSN: {ssn} / Dx: {medical.lay(rng, cond)} -- restrictions: no lifting over 10 lb for six weeks after the {rng.choice(medical.PROCEDURES)}.",
        ),
    )
    subject = pick(
        rng,
        "Attending physician statement",
        "Disability claim documentation",
        "Work status note",
    )
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(
    PHI, "reply to a patient discussing their condition, quoting their question", ("MEDICAL_TERM",)
)
def patient_reply(rng: random.Random) -> mime.Draft:
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
    return draft(
        rng,
        doc,
        [(pt.full, addr)],
        "Re: " + pick(rng, "question about my medication", "test results", "follow up"),
        text,
    )


@labelled(
    PHI,
    "PHI only deep inside a forwarded, quoted thread",
    ("MEDICAL_RECORD_NUMBER", "MEDICAL_TERM"),
)
def deep_forward(rng: random.Random) -> mime.Draft:
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
    top = letter(
        rng,
        a.person.first,
        greet(rng, to),
        pick(
            rng,
            "Forwarding this thread so your team can follow up.",
            "FYI, see the thread below.",
            "Please take a look at the request at the bottom.",
        ),
    )
    text = (
        top
        + "\n"
        + mime.forward_block(
            f"{a.person.full} <{a.address}>", b.address, t1, "Re: scheduling", middle
        )
    )
    subject = pick(rng, "Fwd: Re: scheduling", "FW: RE: patient follow up", "Fwd: request")
    return draft(rng, a, [(to.full, addr)], subject, text, html=False)


@labelled(
    PHI, "behavioral-health handoff naming the patient and diagnosis", ("PERSON", "MEDICAL_TERM")
)
def behavioral_health(rng: random.Random) -> mime.Draft:
    """A counselling handoff about substance use or mental health: highly sensitive."""
    doc = people.clinician(rng)
    pt = people.person(rng)
    cond = rng.choice([c for c in medical.CONDITIONS if c.code.startswith("F")])
    to, addr = external_contact(rng, (("Pinecrest Behavioral Health", "pinecrestbh.org"),))
    text = letter(
        rng,
        doc,
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
    )
    subject = pick(rng, "Care transfer", "Intake follow-up", "Referral")
    return draft(rng, doc, [(to.full, addr)], subject, text)


TEMPLATES = {
    "refill": (prescription_refill, 6),
    "medicare-claim": (medicare_claim, 6),
    "ssn-dx": (ssn_with_condition, 6),
    "patient-reply": (patient_reply, 7),
    "deep-forward": (deep_forward, 6),
    "behavioral": (behavioral_health, 5),
}
