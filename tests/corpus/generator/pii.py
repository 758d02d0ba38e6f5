"""PII without health information: HR, payroll, onboarding, travel, lending."""

from __future__ import annotations

import random

from generator import documents, mime, people
from generator import identifiers as ids
from generator.sample import draft, external_contact, greet, labelled, letter, pick

PII = ("PII",)
VENDORS = (("ADP Payroll Services", "adp-payroll-partner.com"), ("Paylocity Support", "paylocity-partner.com"),
           ("Sterling Background", "sterlingcheck-partner.com"), ("Gusto Payroll", "gusto-partner.com"))  # fmt: skip


def _employer(rng: random.Random) -> people.Staff:
    return people.office_staff(
        rng,
        rng.choice(people.HEALTH_ORGS + people.BUSINESSES),
        rng.choice(("HR Generalist", "Payroll Administrator", "HR Coordinator")),
    )


@labelled(
    PII, "payroll: employee bank routing and account numbers", ("US_ABA_ROUTING", "US_BANK_NUMBER")
)
def direct_deposit(rng: random.Random) -> mime.Draft:
    """A payroll administrator sends an employee's new bank details to the payroll provider."""
    sender = _employer(rng)
    emp = people.person(rng)
    to, addr = external_contact(rng, VENDORS)
    routing, account = ids.aba(rng), ids.bank_account(rng)
    detail = pick(
        rng,
        f"Employee: {emp.full}\nEmployee ID: {ids.digits(rng, 6)}\nRouting number: {routing}\nAccount number: {account}\nAccount type: {rng.choice(('Checking', 'Savings'))}",
        f"Please update direct deposit for {emp.full} to ABA {routing}, account # {account}, effective next pay period.",
        f"{emp.full} - new bank: routing {routing} / acct {account} (checking). Old account to be closed.",
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(rng, "Please update the direct deposit below.", "Direct deposit change:", ""),
        detail,
    )
    subject = pick(rng, "Direct deposit change", "Bank update for employee", "DD change request")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(
    PII,
    "onboarding: SSN, date of birth and driver licence of a new hire",
    ("US_SSN", "US_DRIVER_LICENSE"),
)
def onboarding(rng: random.Random) -> mime.Draft:
    """New-hire details sent to a background-check vendor: SSN, DOB, driver licence."""
    sender = _employer(rng)
    hire = people.person(rng)
    to, addr = external_contact(rng, VENDORS)
    state, dl = ids.driver_license(rng)
    ssn = ids.ssn(rng)
    lines = [
        f"Candidate: {hire.full}",
        f"SSN: {ssn}",
        f"Date of birth: {people.fmt_date(rng, people.birth_date(rng))}",
        f"Driver's license: {dl} ({state})",
        f"Address: {people.address(rng)}",
    ]
    rng.shuffle(lines)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            "Please start the background check for our new hire.",
            "Candidate details for the pre-employment screen:",
            "Info for the I-9 / background package:",
        ),
        "\n".join(lines),
    )
    subject = pick(
        rng, "Background check request", "New hire screening", "Onboarding - candidate info"
    )
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PII, "employee census with SSNs as an XLSX attachment", ("US_SSN",))
def employee_census_xlsx(rng: random.Random) -> mime.Draft:
    """An employee census with SSNs for a benefits broker, as XLSX (no health data)."""
    sender = _employer(rng)
    to, addr = external_contact(rng, (("Marsh Benefits Brokerage", "marshbenefits-partner.com"),))
    rows = []
    for _ in range(rng.randint(5, 40)):
        p = people.person(rng)
        rows.append(
            [
                p.last,
                p.first,
                ids.ssn(rng),
                people.birth_date(rng).isoformat(),
                rng.choice(("Full-time", "Part-time")),
                rng.choice(("Employee", "Employee + Spouse", "Family")),
            ]
        )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            "Attached is the census for the renewal quote.",
            "Here's the updated census file.",
            "Census attached, as requested.",
        ),
    )
    subject = pick(rng, "Census for renewal", "Employee census", "Updated census")
    d = draft(rng, sender, [(to.full, addr)], subject, text)
    d.attachments.append(
        mime.Attachment(
            "census.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            documents.xlsx(
                "Census", ["Last", "First", "SSN", "DOB", "Status", "Coverage tier"], rows
            ),
        )
    )
    return d


@labelled(PII, "travel: passport number with date of birth", ("US_PASSPORT",))
def travel_booking(rng: random.Random) -> mime.Draft:
    """A travel coordinator sends a traveller's passport details to an agency."""
    sender = _employer(rng)
    traveller = people.person(rng)
    to, addr = external_contact(rng, (("Globetrek Corporate Travel", "globetrek-travel.com"),))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Please book the Lisbon trip for {traveller.full}.",
            f"Traveller details for the conference booking ({traveller.full}):",
        ),
        f"Passport number: {ids.passport(rng)}\nNationality: USA\nDate of birth: {people.fmt_date(rng, people.birth_date(rng))}\nPassport expiry: {people.fmt_date(rng, people.future_date(rng).replace(year=2031))}",
    )
    subject = pick(rng, "Travel booking", "Passport details for booking", "Trip to Lisbon")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PII, "an individual contractor's IBAN in a wire request", ("IBAN_CODE",))
def contractor_iban(rng: random.Random) -> mime.Draft:
    """Accounts payable sends an overseas contractor's personal IBAN to the bank."""
    sender = _employer(rng)
    contractor = people.person(rng)
    to, addr = external_contact(rng, (("First Meridian Bank", "firstmeridianbank.com"),))
    iban = ids.iban(rng, grouped=rng.random() < 0.6)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Please wire EUR {rng.randint(1200, 9800)}.00 to our contractor {contractor.full}, IBAN {iban}.",
            f"Beneficiary: {contractor.full}\nIBAN: {iban}\nAmount: {rng.randint(1200, 9800)}.00 EUR\nReference: consulting {people.sent_at(rng):%B}",
        ),
    )
    subject = pick(rng, "Wire request", "International payment", "Contractor payment")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PII, "payroll tax correction with an employee SSN", ("US_SSN",))
def w2_correction(rng: random.Random) -> mime.Draft:
    """A W-2 correction with the employee's SSN sent to an accountant."""
    sender = _employer(rng)
    emp = people.person(rng)
    to, addr = external_contact(
        rng,
        (
            ("Baker Tilly CPAs", "bakertilly-partner.com"),
            ("H&R Block Business", "hrblock-partner.com"),
        ),
    )
    ssn = ids.ssn(rng, sep=rng.choice(("-", "-", "")))
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"The W-2 for {emp.full} (SSN {ssn}) shows the wrong box 1 amount; please issue a W-2c.",
            f"Correction needed: employee {emp.full}, social security no. {ssn}. Wages should read ${rng.randint(38000, 140000):,}.",
        ),
    )
    subject = pick(rng, "W-2 correction", "W-2c needed", "Payroll tax correction")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PII, "driver licence numbers and DOBs for an insurer", ("US_DRIVER_LICENSE",))
def fleet_insurance(rng: random.Random) -> mime.Draft:
    """Driver licences of employees who drive company vehicles, sent to the insurer."""
    sender = _employer(rng)
    to, addr = external_contact(
        rng, (("Travelers Fleet Underwriting", "travelers-fleet-partner.com"),)
    )
    lines = []
    for _ in range(rng.randint(1, 4)):
        p = people.person(rng)
        state, dl = ids.driver_license(rng)
        lines.append(
            f"{p.full}: driver license {state} {dl}, DOB {people.fmt_date(rng, people.birth_date(rng))}"
        )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        "Please add the following drivers to our fleet policy:",
        "\n".join(lines),
    )
    subject = pick(rng, "Add drivers to fleet policy", "Driver list update")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PII, "loan application: SSN and bank details", ("US_SSN", "US_ABA_ROUTING"))
def loan_application(rng: random.Random) -> mime.Draft:
    """A mortgage broker's applicant details: SSN and bank account."""
    broker = people.office_staff(rng, rng.choice(people.BUSINESSES))
    applicant = people.person(rng)
    to, addr = external_contact(rng, (("Cornerstone Lending", "cornerstonelending.com"),))
    text = letter(
        rng,
        broker,
        greet(rng, to),
        f"Applicant: {applicant.full}\nSSN: {ids.ssn(rng)}\nCurrent address: {people.address(rng)}\nBank: routing {ids.aba(rng)}, checking account {ids.bank_account(rng)}",
        pick(rng, "Pay stubs to follow.", "Credit authorization is signed.", ""),
    )
    subject = pick(rng, "Loan application", "Applicant file", "Pre-approval package")
    return draft(rng, broker, [(to.full, addr)], subject, text)


@labelled(PII, "W-9 of a sole proprietor: SSN as taxpayer id", ("US_SSN",))
def w9_sole_proprietor(rng: random.Random) -> mime.Draft:
    """A sole proprietor's W-9 details (SSN as taxpayer id) sent to a client's AP team."""
    vendor = people.person(rng)
    to, addr = external_contact(rng, tuple((b.name, b.domain) for b in people.BUSINESSES))
    text = letter(
        rng,
        vendor.full,
        greet(rng, to),
        pick(rng, "Here is the W-9 information you asked for:", "For your vendor setup:"),
        f"Name: {vendor.full}\nBusiness name: {vendor.last} Consulting\nTaxpayer identification number (SSN): {ids.ssn(rng)}\nAddress: {people.address(rng)}",
    )
    return mime.Draft(
        sender=(vendor.full, vendor.email("gmail.com")),
        to=[(to.full, addr)],
        subject=pick(rng, "W-9 info", "Vendor setup"),
        date=people.sent_at(rng),
        text=text,
    )


@labelled(PII, "benefits enrollment: dependents' SSNs and dates of birth", ("US_SSN",))
def dependent_enrollment(rng: random.Random) -> mime.Draft:
    """Adding dependents to benefits: names, dates of birth and SSNs (no health data)."""
    sender = _employer(rng)
    emp = people.person(rng)
    to, addr = external_contact(rng, (("Marsh Benefits Brokerage", "marshbenefits-partner.com"),))
    deps = []
    for relation in rng.sample(("spouse", "son", "daughter"), rng.randint(1, 3)):
        p = people.Person(rng.choice(people.FIRST_NAMES), emp.last)
        deps.append(
            f"{p.full} ({relation}), DOB {people.fmt_date(rng, people.birth_date(rng))}, SSN {ids.ssn(rng)}"
        )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please add these dependents to {emp.full}'s coverage, effective the first of next month (qualifying event: {pick(rng, 'marriage', 'birth', 'loss of other coverage')}):",
        "\n".join(deps),
    )
    subject = pick(rng, "Dependent enrollment", "Add dependents", "Qualifying life event")
    return draft(rng, sender, [(to.full, addr)], subject, text)


TEMPLATES = {
    "direct-deposit": (direct_deposit, 7),
    "onboarding": (onboarding, 7),
    "census-xlsx": (employee_census_xlsx, 4),
    "passport": (travel_booking, 5),
    "iban": (contractor_iban, 6),
    "w2": (w2_correction, 5),
    "fleet-dl": (fleet_insurance, 4),
    "loan": (loan_application, 4),
    "w9": (w9_sole_proprietor, 4),
    "dependents": (dependent_enrollment, 4),
}
