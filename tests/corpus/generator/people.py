"""Made-up people, places, organisations and dates for the corpus.

Names are drawn from many origins so that detectors are not tuned to one culture's names. The
organisations and domains are fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from generator import identifiers

FIRST_NAMES = (
    "Maria", "James", "Aaliyah", "Wei", "Priya", "Mohammed", "Olga", "DeShawn", "Nguyen", "Siobhan",
    "Kenji", "Fatima", "Carlos", "Elena", "Tomasz", "Adaeze", "Mateo", "Hannah", "Ravi", "Mei",
    "Jamal", "Ingrid", "Luis", "Aisha", "Dmitri", "Grace", "Hiroshi", "Amara", "Patrick", "Yusuf",
    "Lucia", "Tyrone", "Anjali", "Sven", "Chloe", "Oluwaseun", "Rosa", "Minh", "Kateryna", "Diego",
    "Esther", "Arjun", "Leilani", "Marcus", "Zainab", "Bjorn", "Guadalupe", "Ji-woo", "Connor",
    "Nadia", "Samuel", "Thandiwe", "Alejandro", "Yuki", "Margaret", "Omar", "Beatriz", "Kwame",
    "Eleanor", "Tran", "Farah", "Giovanni", "Imani", "Sergei", "Lakshmi", "Brendan", "Ximena",
    "Haruto", "Abigail", "Chidi", "Rahul", "Dolores", "Kofi", "Svetlana", "Ethan", "Noor",
    "Francisco", "Shanice", "Anil", "Theresa", "Liam", "Rukhsana", "Pedro", "Malia", "Henrik",
    "Carmen", "Darnell", "Sunita", "Walter", "Ngozi", "Javier", "Min-jun", "Bridget", "Hamza",
    "Ayesha", "Stefan", "Lorraine", "Tariq", "Camila", "Desmond",
)  # fmt: skip

SURNAMES = (
    "Gonzalez", "Okafor", "Nguyen", "Patel", "Kowalski", "O'Brien", "Haddad", "Johnson", "Chen",
    "Rodriguez", "Yamamoto", "Mensah", "Ivanova", "Kim", "Washington", "Fernandes", "Sharma",
    "Murphy", "Abdullah", "Rossi", "Tran", "Adeyemi", "Lindqvist", "Hernandez", "Goldberg",
    "Castillo", "Singh", "Nakamura", "Brown", "Osei", "Petrov", "Dubois", "Mahmoud", "Jackson",
    "Park", "Ramirez", "Kaur", "Sullivan", "Wojcik", "Alvarez", "Li", "Thompson", "Mwangi",
    "Schmidt", "Reyes", "Banerjee", "Fitzgerald", "Hassan", "Morales", "Zhang", "Robinson",
    "Novak", "Delgado", "Iyer", "McCarthy", "Khan", "Torres", "Suzuki", "Williams", "Eze",
    "Kuznetsov", "Vargas", "Chowdhury", "Moreau", "Ali", "Davis", "Pham", "Bianchi", "Diaz",
    "Okonkwo", "Lee", "Greenberg", "Santos", "Nair", "Kelly", "Ahmed", "Jimenez", "Hoang",
    "Andersen", "Carter", "Mendoza", "Yilmaz", "Wright", "Cohen", "Silva", "Gupta", "Rivera",
    "Bergstrom", "Oyelaran", "Walker", "Costa", "Farouk", "Hughes", "Moore", "Sato", "Cruz",
)  # fmt: skip

STREETS = (
    "Maple Avenue", "Oak Street", "Riverside Drive", "Elm Court", "Washington Blvd", "Cedar Lane",
    "Harbor View Road", "Lincoln Street", "Pine Ridge Way", "Sunset Terrace", "Mill Road",
    "Chestnut Street", "Park Place", "Willow Bend", "Grand Avenue", "Highland Road",
)  # fmt: skip

CITIES = (
    ("Portland", "OR", "97214"), ("Columbus", "OH", "43215"), ("Austin", "TX", "78704"),
    ("Raleigh", "NC", "27601"), ("Tucson", "AZ", "85719"), ("Milwaukee", "WI", "53202"),
    ("Albany", "NY", "12203"), ("Spokane", "WA", "99201"), ("Richmond", "VA", "23220"),
    ("Dayton", "OH", "45402"), ("Fresno", "CA", "93721"), ("Newark", "NJ", "07102"),
    ("Boise", "ID", "83702"), ("Savannah", "GA", "31401"), ("Lansing", "MI", "48933"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Org:
    """A sending or receiving organisation."""

    name: str
    domain: str
    phone: str
    street: str
    city: str


#: Healthcare senders (the organisation running the gateway and its affiliates).
HEALTH_ORGS = (
    Org("Riverbend Health", "riverbend-health.org", "(503) 284-7100", "1200 NE Riverbend Pkwy", "Portland, OR 97232"),
    Org("Lakeside Family Medicine", "lakesidefm.com", "614-555-0182", "88 Lakeview Dr, Suite 210", "Columbus, OH 43215"),
    Org("Summit Orthopedic Associates", "summitortho.net", "(512) 832-4400", "4100 Summit Blvd", "Austin, TX 78731"),
    Org("Cedar Valley Cardiology", "cedarvalleyheart.com", "919.774.2300", "610 Cedar Valley Rd", "Raleigh, NC 27607"),
)  # fmt: skip

#: External healthcare recipients: other practices, payers, labs, pharmacies.
HEALTH_PARTNERS = (
    ("Mercy West Hospital", "mercywest-hospital.org"), ("BlueHarbor Health Plan", "blueharborplan.com"),
    ("Quantra Diagnostics", "quantralabs.com"), ("CarePoint Pharmacy", "carepointrx.com"),
    ("Northside Oncology", "northsideonc.org"), ("Greenway Home Health", "greenwayhomehealth.com"),
    ("Pinecrest Behavioral Health", "pinecrestbh.org"), ("Unity Physical Therapy", "unitypt.net"),
)  # fmt: skip

#: Ordinary businesses, as senders and recipients.
BUSINESSES = (
    Org("Northwind Supply Co.", "northwindsupply.com", "(312) 555-0147", "2200 W Fulton St", "Chicago, IL 60612"),
    Org("Brightline Logistics", "brightline-logistics.com", "720-555-0119", "9 Depot Way", "Denver, CO 80216"),
    Org("Harbor & Finch LLP", "harborfinch.com", "212.555.0163", "55 Water Street, 18th Fl", "New York, NY 10041"),
    Org("Copperleaf Software", "copperleaf.io", "+1 415 555 0134", "301 Howard St", "San Francisco, CA 94105"),
    Org("Meridian Office Solutions", "meridianoffice.com", "(404) 555-0171", "1750 Peachtree St", "Atlanta, GA 30309"),
)  # fmt: skip

#: Mail providers patients and outside contacts use.
FREEMAIL = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com")


@dataclass(frozen=True, slots=True)
class Person:
    """A made-up person."""

    first: str
    last: str

    @property
    def full(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"

    def email(self, domain: str, style: int = 0) -> str:
        """An address at ``domain`` in one of the usual local-part styles."""
        first = self.first.lower().replace("'", "").replace("-", "")
        last = self.last.lower().replace("'", "").replace(" ", "")
        local = (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}", f"{last}.{first}")[
            style % 4
        ]
        return f"{local}@{domain}"


def person(rng: random.Random) -> Person:
    """A random person."""
    return Person(rng.choice(FIRST_NAMES), rng.choice(SURNAMES))


def address(rng: random.Random) -> str:
    """A one-line street address."""
    city, state, zip_code = rng.choice(CITIES)
    unit = f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.3 else ""
    return f"{rng.randint(12, 9899)} {rng.choice(STREETS)}{unit}, {city}, {state} {zip_code}"


#: The corpus's "now": messages are dated around it.
EPOCH = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def sent_at(rng: random.Random) -> dt.datetime:
    """A working-hours timestamp within a few months of :data:`EPOCH`."""
    day = EPOCH + dt.timedelta(days=rng.randint(-120, 60))
    return day.replace(
        hour=rng.randint(7, 18), minute=rng.randint(0, 59), second=rng.randint(0, 59)
    )


def birth_date(rng: random.Random) -> dt.date:
    """A plausible patient date of birth."""
    return dt.date(rng.randint(1931, 2019), rng.randint(1, 12), rng.randint(1, 28))


def future_date(rng: random.Random, after: dt.datetime | None = None) -> dt.date:
    """A date in the weeks after ``after`` (default :data:`EPOCH`)."""
    base = (after or EPOCH).date()
    return base + dt.timedelta(days=rng.randint(2, 40))


def fmt_date(rng: random.Random, day: dt.date) -> str:
    """A date in one of the formats people write."""
    style = rng.randrange(6)
    if style == 0:
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == 1:
        return day.isoformat()
    if style == 2:
        return f"{day:%B} {day.day}, {day.year}"
    if style == 3:
        return f"{day.day} {day:%b} {day.year}"
    if style == 4:
        return f"{day.month}/{day.day}/{day.year}"
    return f"{day:%b} {day.day}, {day.year}"


def fmt_day(day: dt.date) -> str:
    """A weekday-and-date rendering for scheduling mail (``Tuesday, March 10``)."""
    return f"{day:%A}, {day:%B} {day.day}"


def clock(rng: random.Random) -> str:
    """An appointment time such as ``9:30 AM``."""
    hour = rng.randint(8, 16)
    minute = rng.choice((0, 15, 30, 45))
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"


@dataclass(frozen=True, slots=True)
class Staff:
    """A member of staff with a signature block."""

    person: Person
    title: str
    org: Org
    phone: str
    npi: str = ""

    @property
    def address(self) -> str:
        """The staff member's mail address."""
        return self.person.email(self.org.domain)

    def signature(self, rng: random.Random) -> str:
        """A signature block: name, title, organisation, phone, perhaps the NPI and a fax."""
        lines = [
            self.person.full + (", MD" if self.npi and rng.random() < 0.5 else ""),
            self.title,
            self.org.name,
        ]
        if rng.random() < 0.5:
            lines.append(f"{self.org.street}, {self.org.city}")
        lines.append(f"{rng.choice(('Phone', 'Tel', 'Direct', 'P'))}: {self.phone}")
        if rng.random() < 0.4:
            lines.append(f"Fax: {self.org.phone[:-4]}{rng.randint(1000, 9999)}")
        if self.npi and rng.random() < 0.7:
            lines.append(f"NPI: {self.npi}")
        return "\n".join(lines)


CLINICAL_TITLES = (
    "Attending Physician, Internal Medicine", "Nurse Practitioner", "Care Coordinator, RN",
    "Physician Assistant", "Clinical Nurse Manager", "Family Medicine Physician", "Cardiologist",
    "Referral Coordinator", "Medical Assistant", "Case Manager, LCSW",
)  # fmt: skip

OFFICE_TITLES = (
    "Accounts Payable Specialist", "Procurement Manager", "IT Service Desk Analyst",
    "HR Generalist", "Marketing Coordinator", "Office Manager", "Facilities Supervisor",
    "Payroll Administrator", "Revenue Cycle Analyst", "Executive Assistant",
)  # fmt: skip


def clinician(rng: random.Random, org: Org | None = None) -> Staff:
    """A clinical staff member of a healthcare organisation, with an NPI for prescribers."""
    org = org or rng.choice(HEALTH_ORGS)
    title = rng.choice(CLINICAL_TITLES)
    prescriber = any(w in title for w in ("Physician", "Practitioner", "Cardiologist"))
    return Staff(
        person(rng), title, org, identifiers.phone(rng), identifiers.npi(rng) if prescriber else ""
    )


def office_staff(rng: random.Random, org: Org | None = None, title: str = "") -> Staff:
    """A non-clinical staff member (with a random title unless one is given)."""
    org = org or rng.choice(HEALTH_ORGS + BUSINESSES)
    chosen = rng.choice(OFFICE_TITLES)
    return Staff(person(rng), title or chosen, org, identifiers.phone(rng))
