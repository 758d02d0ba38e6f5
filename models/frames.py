"""Compositional sentences: a subject, a predicate and zero to three modifiers in any order.

Hand-written templates teach the model a few hundred sentence shapes; frames multiply them, so
that what the model learns is how names, dates and places look and sit in a sentence, not the
sentences themselves. Every component list is split like the template pools (every fourth
entry is held out for the test split).
"""

from __future__ import annotations

SUBJECTS = (
    "{name}", "Mr. {last}", "Mrs. {last}", "Ms. {name}", "Dr. {last}", "{first}", "Patient {name}",
    "{first} {last}", "Our patient {first}", "{first}'s husband, {first},", "The patient",
    "She", "He", "The family", "{hosp}", "{org}", "The {dept} team", "Dr. {name}", "{last}",
    "Nurse {first}", "{first} from {org}", "Pt {name}", "Her son {first}", "{NAME}",
    "Mr. {first} {last}", "Miss {last}", "{first} ({dob})", "{drug}", "Ms {last}",
    "The caller, {name},", "{inv}", "Prof. {last}",
)
PREDICATES = (
    "was seen", "called", "was admitted", "reported {cond}", "is scheduled for a {test}",
    "was referred to {dept}", "missed the appointment", "will follow up", "picked up {drug}",
    "started {drug}", "tested positive for {cond}", "had a {test}", "underwent {proc}",
    "asked about {drug}", "was discharged", "moved", "complained of {cond}",
    "needs a refill of {drug}", "was diagnosed with {cond}", "declined the {test}",
    "left a message", "is doing better", "was transferred", "returned the forms",
    "requested records", "has an appointment", "is on the waitlist", "was readmitted",
    "stopped taking {drug}", "signed the consent", "was evaluated for {cond}", "came in",
    "checked out", "emailed the team", "will be out", "is covering",
)
MODIFIERS = (
    "on {date}", "on {dow}", "at {time}", "at {hosp}", "in {city}", "in {cs}", "with Dr. {last}",
    "by Dr. {name}", "for {cond}", "from {addr}", "last week", "yesterday", "via {org}",
    "per {first}", "with her daughter {first}", "after the {proc}", "before {date}",
    "at {addr}", "since {date}", "until {dow}", "this morning", "around {time}",
    "with {name}", "in {state}", "near {city}", "for the {test}", "on {dow}, {date}",
    "at {street}", "with Nurse {last}", "from {country}", "at the {bldg}", "through {org}",
    "on {date} at {time}", "per Dr. {last}", "by phone", "after {time}",
)
ENDINGS = (".", ".", ".", "!", "?", ";", " -", ".", "..", ":")
