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
    "{name} and {name}", "{first} and {first}", "{name}, {name} and {name}",
    "Both {name} and {first}", "{first} or {first}", "Dr. {last} and Dr. {last}",
    "{name} & {name}", "Mr. and Mrs. {last}", "{first}, {first}, {first}",
)
#: Imperatives put before a name ("Mark Maria Gonzalez as a no-show"): a capitalized verb
#: at the start of a sentence is not part of the name.
IMPERATIVES = (
    "Call", "Email", "Schedule", "Remind", "Ask", "Tell", "Move", "Add", "Book", "Notify",
    "Page", "Text", "Mark", "Bill", "Grant", "Have", "Let", "Send", "See", "Reschedule",
    "Refer", "Discharge", "Admit", "Transfer", "Cancel", "Confirm", "Invite", "Thank",
    "Contact", "Update", "Check on", "Follow up with", "Register", "Fax", "Phone", "Brief",
    "Pay", "Help", "Meet", "Visit", "Escort", "Room", "Triage", "Chart", "Cover for",
)
IMPERATIVE_TAILS = (
    "as a no-show", "about the {test}", "to the {time} slot", "on {dow}", "today",
    "back at {phone}", "for the {proc}", "with the results", "before {date}", "tomorrow",
    "in {dept}", "at {hosp}", "re: {drug}", "and confirm", "when the {test} is back", "",
    "to {dept} on {date}", "if the {test} is abnormal", "for {cond}", "asap",
)
#: Sentence starts that wish or regret something about a person ("Hope Maria is better").
WISHES = ("Hope", "Glad", "Sorry", "Hopefully", "Sadly,", "Luckily", "Happy to say", "Great news:",
          "Unfortunately,", "Thankfully", "Worried that", "Good to hear", "Pleased that")
WISH_TAILS = ("is feeling better", "is home", "made it to the {test}", "is doing well",
              "was readmitted", "tolerated the {proc}", "is back on {drug}", "got the results")
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
