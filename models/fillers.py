"""Slot fillers of the synthetic corpus: people, dates, places and look-alike negatives.

Each filler returns ``(text, label)`` where ``label`` is ``PERSON``, ``DATE``, ``LOC``... or
``""`` for text that must stay unlabeled (hard negatives: companies, hospitals, drugs, eponymous
diseases, buildings and e-mail addresses that contain people's names).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from namelists import NamePool, read_census

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CITIES = (
    "Springfield", "Boston", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio",
    "San Diego", "Dallas", "Austin", "Jacksonville", "Columbus", "Charlotte", "Indianapolis",
    "Seattle", "Denver", "Nashville", "Portland", "Las Vegas", "Memphis", "Louisville",
    "Baltimore", "Milwaukee", "Albuquerque", "Tucson", "Fresno", "Sacramento", "Mesa",
    "Atlanta", "Omaha", "Raleigh", "Miami", "Oakland", "Minneapolis", "Tulsa", "Cleveland",
    "Wichita", "New Orleans", "Tampa", "Honolulu", "Anaheim", "Aurora", "Santa Ana",
    "St. Louis", "Pittsburgh", "Cincinnati", "Toledo", "Newark", "Buffalo", "Madison",
    "Lincoln", "Durham", "Chandler", "Laredo", "Reno", "Scottsdale", "Irvine", "Orlando",
    "Rochester", "Des Moines", "Spokane", "Tacoma", "Fort Worth", "El Paso", "Boise",
    "Richmond", "Salem", "Eugene", "Burlington", "Hartford", "Providence", "Albany",
    "Syracuse", "Allentown", "Scranton", "Dayton", "Akron", "Lansing", "Ann Arbor",
    "Grand Rapids", "Kalamazoo", "Peoria", "Joliet", "Naperville", "Evanston", "Gary",
    "Fort Wayne", "Lexington", "Knoxville", "Chattanooga", "Savannah", "Charleston",
    "Columbia", "Greenville", "Asheville", "Wilmington", "Norfolk", "Roanoke", "Trenton",
    "Camden", "Paterson", "Yonkers", "Bridgeport", "New Haven", "Worcester", "Lowell",
    "Cambridge", "Quincy", "Bangor", "Concord", "Montpelier", "Fargo", "Sioux Falls",
    "Billings", "Cheyenne", "Casper", "Provo", "Ogden", "Flagstaff", "Yuma", "Bakersfield",
    "Modesto", "Stockton", "Pasadena", "Glendale", "Torrance", "Long Beach", "Riverside",
    "Anchorage", "Juneau", "Hilo", "Toronto", "Vancouver", "Montreal", "London", "Dublin",
    "Manchester", "Mexico City", "Guadalajara", "Manila", "Lagos", "Mumbai", "Karachi",
    "Hanoi", "Berlin", "Madrid", "Lisbon", "Warsaw", "Istanbul", "Seoul", "Tokyo",
)
STATES = (
    ("Alabama", "AL"), ("Arizona", "AZ"), ("California", "CA"), ("Colorado", "CO"),
    ("Connecticut", "CT"), ("Florida", "FL"), ("Georgia", "GA"), ("Illinois", "IL"),
    ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"), ("Kentucky", "KY"),
    ("Louisiana", "LA"), ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"),
    ("Michigan", "MI"), ("Minnesota", "MN"), ("Missouri", "MO"), ("Nebraska", "NE"),
    ("Nevada", "NV"), ("New Jersey", "NJ"), ("New Mexico", "NM"), ("New York", "NY"),
    ("North Carolina", "NC"), ("Ohio", "OH"), ("Oregon", "OR"), ("Pennsylvania", "PA"),
    ("South Carolina", "SC"), ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"),
    ("Vermont", "VT"), ("Virginia", "VA"), ("Washington", "WA"), ("Wisconsin", "WI"),
)
COUNTRIES = ("Mexico", "Canada", "India", "the Philippines", "Nigeria", "Vietnam", "Poland",
             "Ireland", "Brazil", "Germany", "China", "Japan", "Guatemala", "El Salvador")
STREET_TYPES = ("St", "St.", "Street", "Ave", "Ave.", "Avenue", "Rd", "Road", "Blvd",
                "Boulevard", "Dr", "Drive", "Ln", "Lane", "Way", "Ct", "Court", "Pl", "Pkwy",
                "Terrace", "Circle", "Hwy")
STREET_WORDS = ("Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill",
                "Park", "Church", "Highland", "Sunset", "Ridge", "River", "Mill", "Spring",
                "Market", "Union", "Broad", "Center", "Forest", "Meadow", "Valley", "Willow")
PERSON_STREETS = ("Martin Luther King Jr. Blvd", "Dr. Martin Luther King Jr. Blvd",
                  "MLK Jr. Way", "John F. Kennedy Blvd", "Cesar Chavez Ave", "Rosa Parks Blvd",
                  "Frederick Douglass Blvd", "Adam Clayton Powell Jr. Blvd", "Ben Franklin Pkwy",
                  "Abraham Lincoln Way", "George Washington Hwy", "Harriet Tubman Ave",
                  "Thomas Jefferson St", "Ronald Reagan Way", "Malcolm X Blvd")
UNITS = ("Apt 4B", "Apt. 12", "Suite 300", "Unit 7", "#210", "Ste 1450", "Fl 3")

COMPANIES = (
    "Johnson & Johnson", "Procter & Gamble", "Wells Fargo", "Morgan Stanley", "Goldman Sachs",
    "Ernst & Young", "Merrill Lynch", "Charles Schwab", "Eli Lilly", "Bristol-Myers Squibb",
    "Becton Dickinson", "Ben & Jerry's", "Dr Pepper", "Harley-Davidson", "Ralph Lauren",
    "Calvin Klein", "Estee Lauder", "Marriott", "Hilton", "Walgreens", "McKesson",
    "Cardinal Health", "Quest Diagnostics", "LabCorp", "Aspen Dental", "Smith & Nephew",
    "Zimmer Biomet", "Boston Scientific", "Abbott", "Baxter", "Stryker", "Dell", "Ford",
    "Hewlett-Packard", "Thermo Fisher", "Sherwin-Williams", "Dow Jones", "Edward Jones",
    "Liberty Mutual", "Blue Cross Blue Shield", "Aetna", "Cigna", "Humana", "UnitedHealthcare",
    "Anthem", "Kaiser Permanente", "Allstate", "State Farm", "FedEx", "UPS", "Cerner", "Epic",
    "Athenahealth", "Philips", "Siemens Healthineers", "GE Healthcare", "Medtronic",
)
HOSPITALS = (
    "Mercy Hospital", "Mayo Clinic", "Cleveland Clinic", "Johns Hopkins Hospital",
    "Cedars-Sinai", "Mount Sinai", "Dana-Farber", "Memorial Sloan Kettering",
    "Massachusetts General Hospital", "St. Jude Children's Research Hospital",
    "Henry Ford Hospital", "Baylor Scott & White", "Kaiser Permanente", "Providence Health",
    "St. Luke's Medical Center", "St. Joseph's Hospital", "St. Mary's Hospital",
    "Good Samaritan Hospital", "Sacred Heart Medical Center", "Presbyterian Hospital",
    "Shriners Hospital", "Aspen Dental", "MD Anderson", "Brigham and Women's Hospital",
    "Beth Israel Deaconess", "Children's Hospital of Philadelphia", "Lurie Children's",
    "Rush University Medical Center", "Duke Health", "Vanderbilt University Medical Center",
)
HOSPITAL_FORMS = ("{last} Memorial Hospital", "{last} Medical Group", "{last} Family Practice",
                  "{last} Pediatrics", "{last} Dental", "{last} Eye Center", "{last} Pharmacy",
                  "{last} & {last2} Orthopedics", "{city} General Hospital",
                  "{city} Regional Medical Center", "{city} Children's Hospital",
                  "St. {first}'s Hospital", "{last} Cancer Institute", "{last} Clinic")
COMPANY_FORMS = ("{last} LLC", "{last} & {last2} LLP", "{last}, {last2} and {last3}",
                 "{last}-{last2}", "{last} Group", "{last} Inc.", "{last} & Sons",
                 "{last} Insurance", "{last} Labs", "{last} Associates")
BUILDING_FORMS = ("{last} Pavilion", "{last} Building", "{last} Wing", "{last} Tower",
                  "{last} Hall", "the {last} Center", "{last} Auditorium")
DEPARTMENTS = ("Cardiology", "Oncology", "Radiology", "Neurology", "Pediatrics", "Dermatology",
               "Orthopedics", "Behavioral Health", "Endocrinology", "Gastroenterology",
               "Nephrology", "Pulmonology", "Urology", "Infectious Disease", "Hematology",
               "Rheumatology", "Labor and Delivery", "the ICU", "the ED", "Physical Therapy",
               "Obstetrics", "Psychiatry", "Family Medicine", "Internal Medicine", "Billing")
DRUGS = (
    "metformin", "lisinopril", "tamoxifen", "atorvastatin", "amlodipine", "levothyroxine",
    "sertraline", "gabapentin", "prednisone", "amoxicillin", "warfarin", "insulin glargine",
    "Lyrica", "Allegra", "Ambien", "Valium", "Celexa", "Zoloft", "Xanax", "Januvia",
    "Jardiance", "Ozempic", "Keytruda", "Humira", "Eliquis", "Xarelto", "Lipitor", "Norvasc",
    "Bactrim", "Keflex", "Augmentin", "Coumadin", "Lasix", "Synthroid", "Prozac",
    "Wellbutrin", "Lexapro", "Adderall", "Seroquel", "Abilify", "Lamictal", "Depakote",
    "Tylenol", "Advil", "Benadryl", "Nexium", "Plavix", "Crestor", "Lantus", "Humalog",
    "Victoza", "Trulicity", "Entresto", "Farxiga", "Dupixent", "Stelara", "Enbrel",
    "Remicade", "Herceptin", "Opdivo", "Revlimid", "Biktarvy", "Truvada", "Suboxone",
    "Narcan", "Chantix", "Cymbalta", "Klonopin", "Ativan", "Neurontin", "Celebrex",
    "Percocet", "OxyContin", "Dilaudid", "Zofran", "Mounjaro", "Wegovy", "Paxlovid",
)
CONDITIONS = (
    "Parkinson's disease", "Crohn's disease", "Hodgkin lymphoma", "Alzheimer's disease",
    "Bell's palsy", "Graves' disease", "Down syndrome", "Tourette syndrome",
    "Addison's disease", "Hashimoto's thyroiditis", "Cushing's syndrome",
    "Huntington's disease", "Kaposi sarcoma", "Guillain-Barre syndrome", "Marfan syndrome",
    "Wilson's disease", "Raynaud's", "Sjogren's syndrome", "Lou Gehrig's disease",
    "Barrett's esophagus", "Hirschsprung disease", "Ewing sarcoma", "Wilms tumor",
    "type 2 diabetes", "hypertension", "breast cancer", "COPD", "CHF", "major depression",
    "bipolar disorder", "schizophrenia", "HIV", "hepatitis C", "chronic kidney disease",
    "atrial fibrillation", "asthma", "pneumonia", "a UTI", "sepsis", "lupus", "melanoma",
    "opioid use disorder", "anorexia", "PTSD", "multiple sclerosis", "epilepsy", "gout",
    "a DVT", "stage III colon cancer", "prostate cancer", "ADHD", "autism", "celiac disease",
)
TESTS = ("CBC", "BMP", "CMP", "HbA1c", "lipid panel", "TSH", "PSA", "INR", "urinalysis",
         "chest X-ray", "CT scan", "MRI", "echocardiogram", "EKG", "biopsy", "mammogram",
         "colonoscopy", "PET scan", "ultrasound", "blood culture", "HIV viral load", "A1c")
PROCEDURES = ("knee replacement", "cholecystectomy", "appendectomy", "CABG", "cardiac cath",
              "lumbar puncture", "hip arthroplasty", "C-section", "tonsillectomy", "dialysis",
              "chemotherapy", "radiation", "physical therapy", "an infusion", "a colonoscopy")
TITLES = ("Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Prof.", "Nurse")
CREDENTIALS = ("MD", "M.D.", "DO", "RN", "NP", "PA-C", "PharmD", "LCSW", "FNP-BC", "MSN, RN",
               "PhD", "DDS", "MD, FACC", "CMA", "LPN")
ROLES = ("Patient Access Representative", "Care Coordinator", "Nurse Navigator",
         "Medical Assistant", "Office Manager", "Billing Specialist", "Case Manager",
         "Referral Coordinator", "Clinical Pharmacist", "Practice Administrator",
         "HIM Specialist", "Social Worker", "Scheduler", "Attending Physician")


@dataclass(frozen=True, slots=True)
class Pools:
    """Everything the fillers draw from, for one split."""

    split: str
    first: NamePool
    last: NamePool
    cities: tuple[str, ...]


def make_pools(first: NamePool, last: NamePool, split: str) -> Pools:
    """Pools for a split. Cities are shared: a product model should know real places, and the
    evaluation is about names and sentence shapes (both disjoint)."""
    return Pools(split=split, first=first, last=last, cities=CITIES)


Filler = Callable[[random.Random, Pools], str]


def first_name(rng: random.Random, pools: Pools) -> str:
    """A first name; sometimes a hyphenated or double one."""
    name = pools.first.draw(rng)
    if rng.random() < 0.03:
        name = f"{name}-{pools.first.draw(rng)}"
    return name


def last_name(rng: random.Random, pools: Pools) -> str:
    """A surname; sometimes hyphenated, with a particle, or O'/Mc forms."""
    name = pools.last.draw(rng)
    roll = rng.random()
    if roll < 0.04:
        return f"{name}-{pools.last.draw(rng)}"
    if roll < 0.06 and name[:1] in "BCDFGHKLMNRST" and " " not in name:
        return f"O'{name}"
    if roll < 0.07:
        return f"{rng.choice(('de la', 'van', 'Van', 'De', 'di', 'von', 'St.', 'Da'))} {name}"
    return name


def full_name(rng: random.Random, pools: Pools) -> str:
    """A full name in one of many written forms (never with a title)."""
    first, last = first_name(rng, pools), last_name(rng, pools)
    roll = rng.random()
    if roll < 0.55:
        name = f"{first} {last}"
    elif roll < 0.70:
        name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    elif roll < 0.78:
        name = f"{first} {first_name(rng, pools)} {last}"
    elif roll < 0.86:
        name = f"{first[0]}. {last}"
    elif roll < 0.90:
        name = f"{first} {last} {rng.choice(('Jr.', 'Sr.', 'II', 'III', 'Jr'))}"
    else:
        name = f"{first} {last}-{last_name(rng, pools)}" if rng.random() < 0.5 else f"{first} {last}"
    return name


def inverted_name(rng: random.Random, pools: Pools) -> str:
    """``Last, First`` forms common in lab reports and schedules, often upper-case."""
    first, last = first_name(rng, pools), last_name(rng, pools)
    roll = rng.random()
    name = f"{last}, {first}" if roll < 0.6 else f"{last}, {first} {rng.choice('ABCDJKLMRS')}."
    if rng.random() < 0.1:
        name = f"{last},{first}"
    return name.upper() if rng.random() < 0.45 else name


def date(rng: random.Random, _pools: Pools) -> str:
    """A calendar date in one of many formats."""
    y, m, d = rng.randint(1925, 2027), rng.randint(1, 12), rng.randint(1, 28)
    mon = MONTHS[m - 1]
    sfx = "th" if 10 < d < 14 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = (
        f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{y}-{m:02d}-{d:02d}",
        f"{mon} {d}, {y}", f"{mon[:3]} {d}, {y}", f"{mon[:3]}. {d}, {y}", f"{d} {mon} {y}",
        f"{d:02d}-{mon[:3]}-{y}", f"{d}-{mon[:3].upper()}-{y}", f"{mon} {d}", f"{mon} {d}{sfx}",
        f"{d:02d}.{m:02d}.{y}", f"{m:02d}-{d:02d}-{y}", f"{DAYS[rng.randrange(7)]}, {mon} {d}",
        f"{mon[:3]} {d}", f"{d}/{m}/{y}", f"{mon} {d}{sfx}, {y}", f"{mon} {y}",
    )
    return rng.choice(forms)


def dob(rng: random.Random, pools: Pools) -> str:
    """A birth date, mostly numeric."""
    y, m, d = rng.randint(1925, 2024), rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.7:
        return rng.choice((f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}",
                           f"{m:02d}-{d:02d}-{y}", f"{m}/{d}/{y % 100:02d}"))
    return date(rng, pools)


def weekday(rng: random.Random, _pools: Pools) -> str:
    """A day of the week, sometimes abbreviated."""
    day = rng.choice(DAYS)
    return day if rng.random() < 0.8 else day[:3]


def clock(rng: random.Random, _pools: Pools) -> str:
    """A time of day."""
    h, m = rng.randint(1, 12), rng.choice((0, 0, 15, 30, 45, 10, 20, 40, 50))
    ap = rng.choice(("AM", "PM", "am", "pm", "a.m.", "p.m.", "AM", "PM"))
    return rng.choice((f"{h}:{m:02d} {ap}", f"{h}:{m:02d}{ap.lower()}", f"{h} {ap}",
                       f"{rng.randint(7, 18):02d}:{m:02d}", f"{h}:{m:02d}"))


def city(rng: random.Random, pools: Pools) -> str:
    """A city name."""
    return rng.choice(pools.cities)


def state(rng: random.Random, _pools: Pools) -> str:
    """A US state, spelled out."""
    return rng.choice(STATES)[0]


def country(rng: random.Random, _pools: Pools) -> str:
    """A country."""
    return rng.choice(COUNTRIES)


def city_state(rng: random.Random, pools: Pools) -> str:
    """``City, ST`` or ``City, State``."""
    name, abbr = rng.choice(STATES)
    return f"{city(rng, pools)}, {abbr if rng.random() < 0.7 else name}"


def city_line(rng: random.Random, pools: Pools) -> str:
    """``City, ST 12345``."""
    zip5 = f"{rng.randint(1000, 99950):05d}"
    if rng.random() < 0.15:
        zip5 += f"-{rng.randint(0, 9999):04d}"
    return f"{city(rng, pools)}, {rng.choice(STATES)[1]} {zip5}"


def street(rng: random.Random, pools: Pools) -> str:
    """A street line: number, a name (often a surname or a person's full name), a type."""
    roll = rng.random()
    if roll < 0.12:
        name = rng.choice(PERSON_STREETS)
    elif roll < 0.55:
        name = f"{last_name(rng, pools)} {rng.choice(STREET_TYPES)}"
    elif roll < 0.65:
        name = f"{first_name(rng, pools)} {rng.choice(STREET_TYPES)}"
    else:
        name = f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_TYPES)}"
    if rng.random() < 0.2:
        name = f"{rng.choice(('N', 'S', 'E', 'W', 'North', 'West'))} {name}"
    line = f"{rng.randint(1, 9999)} {name}"
    return f"{line}, {rng.choice(UNITS)}" if rng.random() < 0.2 else line


def address(rng: random.Random, pools: Pools) -> str:
    """A one-line postal address."""
    return f"{street(rng, pools)}, {city_line(rng, pools)}"


def _form(rng: random.Random, pools: Pools, forms: tuple[str, ...]) -> str:
    return rng.choice(forms).format(
        last=last_name(rng, pools), last2=last_name(rng, pools), last3=last_name(rng, pools),
        first=first_name(rng, pools), city=city(rng, pools))


def company(rng: random.Random, pools: Pools) -> str:
    """A company, often one named after people."""
    return rng.choice(COMPANIES) if rng.random() < 0.6 else _form(rng, pools, COMPANY_FORMS)


def hospital(rng: random.Random, pools: Pools) -> str:
    """A hospital, clinic or practice, often named after a person or a city."""
    return rng.choice(HOSPITALS) if rng.random() < 0.5 else _form(rng, pools, HOSPITAL_FORMS)


def building(rng: random.Random, pools: Pools) -> str:
    """A building or wing named after a donor."""
    return _form(rng, pools, BUILDING_FORMS)


def email_address(rng: random.Random, pools: Pools) -> str:
    """An e-mail address made from a name (unlabeled: the pattern detectors own these)."""
    first, last = first_name(rng, pools).lower(), last_name(rng, pools).lower().replace(" ", "")
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{last}{rng.randint(1, 99)}",
                        f"{first}_{last}", "scheduling", "frontdesk", "referrals"))
    domain = rng.choice(("example.org", "clinic.example.com", "health.example.net",
                         "mail.example.com", "hospital.example.org"))
    return f"{local}@{domain}"


def phone(rng: random.Random, _pools: Pools) -> str:
    """A phone number."""
    a, b, c = rng.randint(200, 989), rng.randint(200, 999), rng.randint(0, 9999)
    return rng.choice((f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}",
                       f"+1 {a} {b} {c:04d}"))


def mrn(rng: random.Random, _pools: Pools) -> str:
    """A record number."""
    return rng.choice((f"{rng.randint(100000, 99999999)}", f"MRN{rng.randint(10000, 9999999)}",
                       f"{rng.choice('ABCHKM')}{rng.randint(100000, 9999999)}"))


def number(rng: random.Random, _pools: Pools) -> str:
    """A small number or a lab value."""
    return rng.choice((str(rng.randint(1, 40)), f"{rng.uniform(0.1, 15):.1f}",
                       str(rng.randint(60, 400))))


_WORDS: list[str] = []


def english_word(rng: random.Random, _pools: Pools) -> str:
    """A common English word (Faker's en_US lorem list of 971 words, spaCy's 326 English stop
    words, and the words of Faker's en_US job titles and company catch phrases, less the
    Census first names and common surnames): everyday vocabulary, job and role words the model
    must learn are not names, even capitalized at the start of a line or beside a name."""
    if not _WORDS:
        _WORDS.extend(sorted(_vocabulary()))
    return rng.choice(_WORDS)


def _vocabulary() -> set[str]:
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem
    from spacy.lang.en.stop_words import STOP_WORDS

    phrases = [*Job.jobs, *(w for group in Company.catch_phrase_words for w in group),
               *(w for group in Company.bsWords for w in group)]
    extra = {w.lower() for p in phrases for w in re.findall(r"[A-Za-z]+", p)}
    names = {e.name.lower() for f in ("dist.female.first", "dist.male.first")
             for e in read_census(f)}
    names |= {e.name.lower() for e in read_census("dist.all.last") if e.percent >= 0.005}
    words = {w for w in (*Lorem.word_list, *STOP_WORDS) if len(w) > 1 and w.isalpha()}
    return words | {w for w in extra if len(w) > 2 and w not in names}


def english_word_title(rng: random.Random, pools: Pools) -> str:
    """A common English word, capitalized."""
    return english_word(rng, pools).capitalize()


def code(rng: random.Random, _pools: Pools) -> str:
    """A short code as forms write values: one to three capitals, sometimes with a sign, a
    digit or a slash ("F", "B+", "2A", "IV", "N/A"); never a name or a place."""
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    value = "".join(rng.choice(upper) for _ in range(rng.choice((1, 1, 1, 2, 3))))
    roll = rng.random()
    if roll < 0.2:
        return value + rng.choice("+-")
    if roll < 0.3:
        return f"{rng.randint(1, 9)}{value}"
    if roll < 0.4:
        return f"{value}{rng.randint(1, 99)}"
    return f"{value}/{rng.choice(upper)}" if roll < 0.5 else value


def choice_of(values: tuple[str, ...]) -> Filler:
    """A filler that picks from a fixed tuple."""
    return lambda rng, _pools: rng.choice(values)
