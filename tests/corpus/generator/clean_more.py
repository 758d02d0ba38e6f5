"""More hard negatives: trial recruitment ads, veterinary reminders, donor letters, press
releases, lab-supply catalogues, board minutes."""

from __future__ import annotations

import random

from generator import identifiers as ids
from generator import medical, mime, people
from generator.sample import body, draft, external_contact, greet, labelled, letter, pick

CLEAN: tuple[str, ...] = ()
PETS = (
    ("Max", "dog"),
    ("Luna", "cat"),
    ("Bella", "dog"),
    ("Oliver", "cat"),
    ("Charlie", "dog"),
    ("Milo", "cat"),
    ("Daisy", "dog"),
)


@labelled(CLEAN, "clinical trial recruitment ad to the public: condition and drug, no patient")
def trial_recruitment(rng: random.Random) -> mime.Draft:
    """A clinical-trial recruitment ad: conditions, drugs and phone numbers, addressed to the public."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org, "Research Coordinator")
    cond = medical.condition(rng)
    who = people.person(rng)
    text = body(
        f"Do you have {medical.lay(rng, cond)}?",
        f"{org.name} is enrolling adults aged 18 to 75 in a study of an investigational treatment compared with {medical.drug(rng, cond).split(' ')[0]}.",
        f"Participants receive study visits at no cost and compensation for time and travel. Principal investigator: Dr. {people.person(rng).full}.",
        f"To learn more, call {ids.phone(rng)} or visit https://{org.domain}/research. IRB #{ids.digits(rng, 4)}-{ids.digits(rng, 3)}.",
    )
    return draft(
        rng,
        sender,
        [(who.full, who.email(rng.choice(people.FREEMAIL)))],
        f"Research study: {medical.lay(rng, cond)}",
        text,
        html=True,
    )


@labelled(CLEAN, "veterinary reminder: a pet's vaccines and medication")
def vet_reminder(rng: random.Random) -> mime.Draft:
    """A veterinary clinic reminds an owner about a pet's vaccines and medication (not PHI)."""
    sender = people.office_staff(
        rng,
        people.Org(
            "Brookside Animal Hospital",
            "brooksidevet.com",
            ids.phone(rng),
            "410 Brook St",
            "Boise, ID 83702",
        ),
        "Client Care Specialist",
    )
    owner = people.person(rng)
    pet, kind = rng.choice(PETS)
    text = body(
        f"Hi {owner.first},",
        pick(
            rng,
            f"{pet} is due for the rabies and {'DHPP' if kind == 'dog' else 'FVRCP'} boosters on {people.fmt_day(people.future_date(rng))}.",
            f"{pet}'s bloodwork looks good and the thyroid level is back in range. Keep giving the methimazole twice a day.",
            f"Time to refill {pet}'s heartworm prevention and flea medication.",
        ),
        f"Call us at {sender.org.phone} to book. Patient: {pet} ({kind}), account {ids.digits(rng, 6)}.",
        sender.org.name,
    )
    return draft(
        rng,
        sender,
        [(owner.full, owner.email(rng.choice(people.FREEMAIL)))],
        pick(rng, f"{pet} is due for a visit", "Reminder from Brookside", f"{pet}'s results"),
        text,
    )


@labelled(CLEAN, "donor thank-you letter: name, amount, receipt and tax numbers")
def donor_letter(rng: random.Random) -> mime.Draft:
    """A hospital foundation thanks a donor (name, address, amount; no health information)."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org, "Foundation Director")
    donor = people.person(rng)
    text = body(
        f"Dear {donor.full},",
        f"Thank you for your generous gift of ${rng.choice((100, 250, 500, 1000, 5000)):,} to the {org.name} Foundation on {people.fmt_date(rng, people.sent_at(rng).date())}.",
        pick(
            rng,
            "Your gift supports the new cancer center and our community health programs.",
            "Your support helps us expand mental health services for young people.",
        ),
        f"No goods or services were provided in exchange. Tax ID {ids.digits(rng, 2)}-{ids.digits(rng, 7)}. Receipt #{ids.digits(rng, 8)}.",
        "With gratitude,",
        sender.signature(rng),
    )
    return draft(
        rng,
        sender,
        [(donor.full, donor.email(rng.choice(people.FREEMAIL)))],
        "Thank you for your gift",
        text,
    )


@labelled(CLEAN, "press release naming physicians, diseases and procedures")
def press_release(rng: random.Random) -> mime.Draft:
    """A press release naming physicians, a new service line and the diseases it treats."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org, "Communications Manager")
    to, addr = external_contact(
        rng,
        (("Oregon Health News", "orhealthnews.com"), ("Columbus Business Journal", "cbj-news.com")),
    )
    conds = rng.sample(medical.CONDITIONS, 2)
    chief = people.person(rng)
    text = body(
        "FOR IMMEDIATE RELEASE",
        f"{org.name} opens a center for {medical.lay(rng, conds[0])} and {medical.lay(rng, conds[1])} care",
        f"{org.city.split(',')[0]} - {people.fmt_date(rng, people.EPOCH.date())} - The center, led by Dr. {chief.full}, offers {rng.choice(medical.PROCEDURES)} and same-week appointments.",
        f'"Our patients told us they wanted care close to home," said Dr. {chief.last}.',
        f"Media contact: {sender.person.full}, {sender.phone}",
    )
    return draft(rng, sender, [(to.full, addr)], "Press release: new center", text)


@labelled(CLEAN, "lab-supply catalogue naming tests and catalog numbers")
def lab_supply_catalog(rng: random.Random) -> mime.Draft:
    """A lab-supply catalogue listing test kits by analyte (names of lab tests, no results)."""
    sender = people.office_staff(rng, rng.choice(people.BUSINESSES), "Account Manager")
    to = people.office_staff(rng, rng.choice(people.HEALTH_ORGS), "Procurement Manager")
    kits = rng.sample(
        (
            "HbA1c point-of-care cartridges",
            "Troponin I rapid test",
            "Lipid panel cassettes",
            "INR test strips",
            "Strep A rapid antigen",
            "COVID-19/Flu A+B combo test",
            "Urinalysis reagent strips",
            "PSA controls",
        ),
        4,
    )
    lines = "\n".join(
        f"{k}: catalog #{ids.digits(rng, 6)}, ${rng.randint(40, 600)}/box" for k in kits
    )
    text = letter(
        rng,
        sender,
        greet(rng, to.person),
        "Here are the spring prices for the point-of-care kits you asked about:",
        lines,
    )
    return draft(rng, sender, [(to.person.full, to.address)], "Point-of-care pricing", text)


@labelled(CLEAN, "board minutes with names, census and quality figures")
def board_minutes(rng: random.Random) -> mime.Draft:
    """Draft board minutes: attendees, motions, census figures, no patient."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org, "Executive Assistant")
    to, addr = external_contact(rng, (("Harbor & Finch LLP", "harborfinch.com"),))
    members = ", ".join(people.person(rng).full for _ in range(4))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        "Draft minutes of the board meeting for your review:",
        f"Present: {members}.\n1. Average daily census {rng.randint(80, 240)}; ED visits up {rng.randint(2, 12)}%.\n2. Motion to approve the {people.EPOCH.year} capital budget of ${rng.randint(4, 40)}.{rng.randint(0, 9)}M carried.\n3. Quality: sepsis bundle compliance {rng.randint(70, 95)}%.",
    )
    return draft(rng, sender, [(to.full, addr)], "Draft board minutes", text)


@labelled(CLEAN, "office birthday list (month and day) for a cake order")
def birthdays(rng: random.Random) -> mime.Draft:
    """Office birthdays of the month sent to a caterer: names and dates, nothing sensitive."""
    sender = people.office_staff(
        rng, rng.choice(people.HEALTH_ORGS + people.BUSINESSES), "Office Manager"
    )
    to, addr = external_contact(rng, (("Sweet Layers Bakery", "sweetlayersbakery.com"),))
    month = people.future_date(rng)
    names = "\n".join(
        f"{people.person(rng).full} - {month:%B} {rng.randint(1, 28)}"
        for _ in range(rng.randint(2, 6))
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Here are this month's birthdays for the cake order on {people.fmt_day(month)}:",
        names,
        "One cake, 30 servings, half chocolate. Delivery to the 3rd floor break room.",
    )
    subject = pick(rng, "Birthday cake order", "Monthly birthdays")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "EHR release notes naming MRN, DOB, an ICD-10 code as software features")
def release_notes(rng: random.Random) -> mime.Draft:
    """An EHR vendor's release notes: MRN, ICD-10 and patient words about software, no patient."""
    sender = people.office_staff(rng, rng.choice(people.BUSINESSES), "Product Manager")
    to = people.office_staff(rng, rng.choice(people.HEALTH_ORGS), "IT Service Desk Analyst")
    code = rng.choice(("E11.9", "I10", "J45.909", "F32.9", "Z00.00"))
    text = body(
        greet(rng, to.person),
        f"Release {rng.randint(20, 26)}.{rng.randint(1, 9)} is available for your test environment on {people.fmt_day(people.future_date(rng))}.",
        f"- Fixed: MRN field truncated to 8 characters in patient search.\n- New: the ICD-10 picker suggests {code} from problem-list text.\n- Fixed: date of birth shown in UTC on the patient banner.\n- Improved: medication reconciliation loads 40% faster.",
        f"Support: {ids.phone(rng)} or ticket portal.",
        sender.signature(rng),
    )
    return draft(rng, sender, [(to.person.full, to.address)], "Release notes", text)


TEMPLATES = {
    "trial-ad": (trial_recruitment, 5),
    "vet": (vet_reminder, 6),
    "donor": (donor_letter, 5),
    "press": (press_release, 4),
    "lab-catalog": (lab_supply_catalog, 4),
    "board-minutes": (board_minutes, 4),
    "birthdays": (birthdays, 4),
    "release-notes": (release_notes, 4),
}
