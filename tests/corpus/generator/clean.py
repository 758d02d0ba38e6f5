"""Hard negatives with a healthcare flavour: health words, names, dates and numbers, no PHI."""

from __future__ import annotations

import datetime as dt
import random

from generator import documents, medical, mime, people
from generator import identifiers as ids
from generator.sample import body, closing, draft, external_contact, greet, labelled, letter, pick

CLEAN: tuple[str, ...] = ()


@labelled(CLEAN, "health newsletter: conditions, drugs, staff names and phone; no patient")
def health_newsletter(rng: random.Random) -> mime.Draft:
    """A patient-education newsletter about conditions and drugs, with a logo and a phone."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org)
    conds = rng.sample(medical.CONDITIONS, 3)
    author = people.clinician(rng, org)
    paras = [
        pick(
            rng,
            f"{org.name}: Health Matters - {people.EPOCH:%B} edition",
            f"Your {people.EPOCH:%B} wellness update from {org.name}",
        ),
        f"{medical.lay(rng, conds[0]).capitalize()} affects millions of Americans. Talk to your doctor about screening, especially if you have a family history.",
        f"New this season: our {rng.choice(medical.PROCEDURES)} program is now available at the {org.city.split(',')[0]} campus. Ask whether {medical.drug(rng, conds[1]).split(' ')[0]} or lifestyle changes are right for you.",
        f"Living with {medical.lay(rng, conds[2])}? Join our free support group every {rng.choice(('Tuesday', 'Thursday'))} at 6 PM. Led by {author.person.full}, {author.title}.",
        f"Questions? Call our nurse line at {org.phone}. To unsubscribe, reply STOP.",
    ]
    text = body(*paras)
    d = draft(
        rng,
        sender,
        [("Subscriber", people.person(rng).email(rng.choice(people.FREEMAIL)))],
        paras[0],
        text,
        html=False,
    )
    d.html = mime.html_of(text, rng, preheader="Tips for a healthier spring").replace(
        "<body>", '<body><img src="cid:logo" alt="' + org.name + ' logo">'
    )
    d.attachments.append(
        mime.Attachment("logo.png", "image/png", documents.png(), inline=True, cid="logo")
    )
    d.headers.append(("List-Unsubscribe", f"<mailto:unsubscribe@{org.domain}>"))
    return d


@labelled(CLEAN, "provider admin mail: signature with the provider's own NPI and phones")
def provider_admin(rng: random.Random) -> mime.Draft:
    """A physician's administrative mail with a signature carrying NPI and phone numbers."""
    doc = people.clinician(rng)
    while not doc.npi:
        doc = people.clinician(rng)
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    day = people.future_date(rng)
    options = (
        (
            "Call coverage",
            f"I'll be covering the {rng.choice(medical.SPECIALTIES)[0]} call schedule on {people.fmt_day(day)} instead of Dr. {people.person(rng).last}.",
        ),
        (
            "Tumor board agenda",
            f"Could you send me the agenda for the tumor board on {people.fmt_day(day)}? I would like to present two cases.",
        ),
        (
            "Grand rounds",
            f"Thanks for the invitation to speak at grand rounds on {people.fmt_date(rng, day)}. My talk will cover updates in {medical.lay(rng, medical.condition(rng))} management.",
        ),
        (
            "Credentialing update",
            f"Please update my credentialing file; my license renewal was approved on {people.fmt_date(rng, people.sent_at(rng).date())}.",
        ),
    )
    subject, line = rng.choice(options)
    signature = doc.signature(rng)
    if "NPI" not in signature:
        signature += f"\nNPI: {doc.npi}"
    text = body(greet(rng, to), line, closing(rng), signature + f"\nCell: {ids.phone(rng)}")
    return draft(rng, doc, [(to.full, addr)], subject, text)


@labelled(CLEAN, "credentialing: a provider's own NPI and DEA, no patient, no health data")
def credentialing(rng: random.Random) -> mime.Draft:
    """Medical staff office sends a provider's professional numbers (NPI, DEA) to a hospital."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    doc = people.person(rng)
    to, addr = external_contact(
        rng, (("Mercy West Medical Staff Office", "mercywest-hospital.org"),)
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please find the privileging information for Dr. {doc.full}:",
        f"NPI: {ids.npi(rng)}\nDEA: {ids.dea(rng, doc.last)}\nBoard certification: {rng.choice(('Internal Medicine', 'Family Medicine', 'Cardiovascular Disease'))}, expires {people.fmt_date(rng, people.future_date(rng).replace(year=2029))}",
        pick(rng, "Malpractice face sheet to follow.", "Let me know if you need the CV.", ""),
    )
    subject = pick(rng, "Credentialing packet", "Privileging request", "Provider enrollment")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "HR benefits and wellness mail: health words, no individual")
def hr_benefits(rng: random.Random) -> mime.Draft:
    """HR mail about benefits, wellness and flu shots to an outside broker or all staff."""
    org = rng.choice(people.HEALTH_ORGS + people.BUSINESSES)
    sender = people.office_staff(rng, org, "HR Generalist")
    to, addr = external_contact(
        rng,
        (
            ("Marsh Benefits Brokerage", "marshbenefits-partner.com"),
            ("Virgin Pulse Wellness", "virginpulse-partner.com"),
        ),
    )
    day = people.future_date(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Open enrollment runs until {people.fmt_date(rng, day)}. Our medical, dental and vision plans are unchanged; the HSA employer contribution rises to $750.",
            f"We'd like to add a diabetes prevention program and a smoking cessation benefit to the wellness plan for {day.year}.",
            f"The onsite flu shot clinic is {people.fmt_day(day)} from 9 to 3. Employees who get a flu vaccine or a biometric screening earn wellness points.",
        ),
        pick(
            rng,
            "Can you send the updated benefits guide and the EAP flyer?",
            "Please confirm the vendor can support 400 employees.",
            "Let me know if the mental health benefit summary changed.",
        ),
    )
    subject = pick(rng, "Open enrollment", "Wellness program", "Flu shot clinic", "Benefits guide")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "distributor price list: drug names and NDC codes as products, no patient")
def vendor_drug_products(rng: random.Random) -> mime.Draft:
    """A pharmaceutical distributor's mail naming drugs as products, with NDC codes."""
    rep = people.person(rng)
    sender_org = people.Org(
        "McKesson Specialty",
        "mckesson-specialty-partner.com",
        ids.phone(rng),
        "6555 State Hwy 161",
        "Irving, TX 75039",
    )
    sender = people.Staff(rep, "Account Executive", sender_org, ids.phone(rng))
    to = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    items = []
    for cond in rng.sample(medical.CONDITIONS, rng.randint(2, 4)):
        items.append(
            [
                medical.drug(rng, cond),
                f"NDC {ids.ndc(rng)}",
                f"${rng.randint(12, 900)}.{rng.randint(0, 99):02d}",
                rng.choice(("in stock", "backordered", "limited")),
            ]
        )
    text = letter(
        rng,
        sender,
        greet(rng, to.person),
        pick(
            rng,
            "Here are this week's contract prices and availability:",
            "Price update for your formulary items:",
            "Backorder update:",
        ),
        mime.text_table(items, ["Product", "NDC", "Unit price", "Status"]),
    )
    return mime.Draft(
        sender=(rep.full, sender.address),
        to=[(to.person.full, to.address)],
        subject=pick(rng, "Weekly pricing", "Backorder update", "Formulary price list"),
        date=people.sent_at(rng),
        text=text,
    )


@labelled(CLEAN, "aggregate quality report: conditions with counts, no individual")
def aggregate_report(rng: random.Random) -> mime.Draft:
    """A quality report with counts and rates, no individuals."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(
        rng,
        (
            ("State Quality Collaborative", "statequality-collab.org"),
            ("BlueHarbor Health Plan", "blueharborplan.com"),
        ),
    )
    rows = []
    for cond in rng.sample(medical.CONDITIONS, 4):
        rows.append(
            [medical.lay(rng, cond), str(rng.randint(80, 2400)), f"{rng.uniform(40, 92):.1f}%"]
        )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Q{rng.randint(1, 4)} measure results for the collaborative:",
            "De-identified summary for the quarterly review:",
        ),
        mime.text_table(rows, ["Cohort", "Patients", "Measure met"]),
        pick(rng, "No patient-level data is included.", "Counts under 11 are suppressed."),
    )
    subject = pick(rng, "Quarterly quality measures", "Aggregate report")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "CME announcement: physician names, dates and diseases as topics")
def cme_conference(rng: random.Random) -> mime.Draft:
    """A continuing-education announcement with speakers, dates and clinical topics."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org)
    speakers = [people.person(rng) for _ in range(3)]
    conds = rng.sample(medical.CONDITIONS, 3)
    day = people.future_date(rng)
    text = body(
        "Dear colleagues,",
        f"Join us on {people.fmt_day(day)} for the {org.name} spring symposium.",
        "\n".join(
            f"{rng.choice(('8:00', '9:15', '10:30'))} - {medical.lay(rng, c).capitalize()}: what's new in {day.year} - Dr. {s.full}"
            for s, c in zip(speakers, conds, strict=True)
        ),
        f"Register at https://{org.domain}/cme or call {org.phone}. 3.0 AMA PRA Category 1 Credits.",
        sender.signature(rng),
    )
    to, addr = external_contact(rng, people.HEALTH_PARTNERS)
    return draft(
        rng, sender, [(to.full, addr)], "CME symposium: " + medical.lay(rng, conds[0]), text
    )


@labelled(CLEAN, "privacy training memo: words like SSN, MRN, diagnosis with no values")
def training_memo(rng: random.Random) -> mime.Draft:
    """A privacy training memo that names PHI, SSNs and MRNs without containing any."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(rng, (("Compliance Partners LLC", "compliancepartners.com"),))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        "Attached is the draft of our annual privacy reminder for review.",
        pick(
            rng,
            "Never email a patient's SSN, MRN or date of birth to an outside address unless the message is encrypted.",
            "Staff must not put diagnoses, medication lists or lab values in the subject line.",
        ),
    )
    memo = [
        "Annual HIPAA reminder",
        "Protected health information includes names, dates of birth, medical record numbers, SSNs and diagnoses.",
        "Use the secure messaging portal for anything about a patient.",
        "Report suspected breaches to the privacy officer within 24 hours.",
    ]
    d = draft(rng, sender, [(to.full, addr)], "Draft privacy reminder", text)
    d.attachments.append(
        mime.Attachment(
            "privacy_reminder.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            documents.docx(memo),
        )
    )
    return d


@labelled(CLEAN, "job posting naming clinical units and treatments")
def job_posting(rng: random.Random) -> mime.Draft:
    """A recruiter's mail about clinical job openings."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(
        rng,
        (
            ("Indeed Hiring Partner", "indeed-partner.com"),
            ("Nurse Staffing Pros", "nursestaffingpros.com"),
        ),
    )
    unit = rng.choice(
        (
            "oncology unit",
            "cardiac step-down unit",
            "behavioral health unit",
            "dialysis center",
            "orthopedic surgery floor",
        )
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"We are hiring two RNs for our {unit} (nights, 3x12). Experience with chemotherapy administration or telemetry preferred.",
        f"Sign-on bonus ${rng.choice((5000, 7500, 10000)):,}. Candidates can call {ids.phone(rng)} or apply online.",
    )
    subject = pick(rng, "Job posting - RN", "Open positions", "Staffing request")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "meeting invite with names, dates, dial-in numbers")
def meeting_invite(rng: random.Random) -> mime.Draft:
    """A meeting invite (ICS) with names, dates and a business agenda."""
    org = rng.choice(people.HEALTH_ORGS + people.BUSINESSES)
    sender = people.office_staff(rng, org)
    others = [
        external_contact(
            rng, people.HEALTH_PARTNERS + tuple((b.name, b.domain) for b in people.BUSINESSES)
        )
        for _ in range(rng.randint(1, 3))
    ]
    day = people.future_date(rng)
    start = dt.datetime(day.year, day.month, day.day, rng.randint(9, 16), rng.choice((0, 30)))
    topic = pick(
        rng,
        "Q2 budget review",
        "EHR upgrade planning",
        "Vendor contract renewal",
        "Patient experience survey results",
        "Parking garage construction",
    )
    invite = documents.ics(
        uid=f"{ids.digits(rng, 10)}@{org.domain}",
        summary=topic,
        start=start,
        minutes=rng.choice((30, 60)),
        organizer=sender.address,
        attendees=[a for _, a in others],
        location=pick(rng, "Conference Room B", "Teams meeting", f"{org.street}"),
        description=f"Agenda: {topic}. Dial-in {ids.phone(rng)}, passcode {ids.digits(rng, 6)}#",
    )
    text = body(
        greet(rng, None),
        f"Please join us on {people.fmt_day(day)} at {start:%I:%M %p} for the {topic}.",
        " ".join(f"{p.first}," for p, _ in others) + " please bring your updates.",
        sender.signature(rng),
    )
    d = draft(
        rng,
        sender,
        [(p.full, a) for p, a in others],
        f"Invitation: {topic} @ {people.fmt_day(day)}",
        text,
    )
    d.attachments.append(mime.Attachment("invite.ics", "text/calendar", invite))
    return d


TEMPLATES = {
    "newsletter": (health_newsletter, 10),
    "provider-admin": (provider_admin, 9),
    "credentialing": (credentialing, 5),
    "hr-benefits": (hr_benefits, 8),
    "drug-vendor": (vendor_drug_products, 7),
    "aggregate": (aggregate_report, 6),
    "cme": (cme_conference, 6),
    "privacy-memo": (training_memo, 4),
    "job-posting": (job_posting, 4),
    "meeting-invite": (meeting_invite, 8),
}
