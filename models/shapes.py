"""Compositional lines and sentences of mail and clinical text, built from small part lists.

Where :mod:`templates` holds whole sentences, this module composes them: a request is a
lead, a verb, an object, a preposition, a person and a tail; a report of something done is a
doer, a past-tense verb, a person and a tail; a table row is a person and a few other fields in
any order (:mod:`mailparts` composes headers, greetings and signatures the same way). The
model then learns where names sit (after ``to``, ``Cc:``, ``Pt name -``, ``this is``, in
lists and columns) instead of a few hundred sentences.

Every part list is split like the template pools (every fourth entry is held out for the test
split), so the test set keeps heads, separators, verbs, prepositions and tails that training
never sees. Functions return a template with ``{slot}`` fillers for :class:`corpus.Builder`.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from fillers import TITLES
from templates import split_pool

#: A composer: the random source and the split in, a template out.
Maker = Callable[[random.Random, str], str]

#: How a person is written in running text, without a title.
PERSON_FORMS = (
    "{name}", "{first} {last}", "{first}", "{last}", "{first} {last} {last}", "{inv}", "{NAME}",
    "{first|up}", "{last|up}", "{first} {first} {last}", "{first} {last|up}",
    "{first|up} {last|up}", "{inv|up}",
)
#: What follows a title ("Dr. {last}"); titles stay outside the PERSON span.
TITLED_FORMS = ("{last}", "{name}", "{first} {last}", "{first}", "{last|up}", "{NAME}",
                "{first} {last|up}", "{first|up}")
#: Titles beyond the everyday ones of :data:`fillers.TITLES` (Dr., Mr., Ms., Mrs., Nurse...).
RARE_TITLES = ("Pastor", "Coach", "Sister", "Rev.", "Father", "Officer", "Capt.", "Judge",
               "Sgt.", "Dean", "Rabbi", "Deacon", "Chaplain", "Atty.", "Sen.", "Brother",
               "Mister", "Madam", "Lt.", "Fr.", "Supt.", "Mx.", "Professor", "Doctor")

#: How several people are joined ("Maria Lopez and Tom Hart", "Tom/Maria").
LIST_JOINERS = (", ", " and ", ", and ", " & ", " or ", "/", " plus ", " as well as ", "; ",
                " and also ", " + ", " with ", " nor ", " and then ", " / ", " AND ")


#: Requests: [lead] verb [object] preposition person [tail].
REQUEST_LEADS = ("Please ", "Pls ", "Can you ", "Could you ", "Kindly ", "I'll ",
                 "We will ", "I will ", "Don't forget to ", "Remember to ", "Be sure to ",
                 "I need to ", "We need to ", "Let's ", "I can ", "Feel free to ",
                 "Go ahead and ", "Would you ", "Just ", "Someone please ", "Can we ",
                 "I have to ", "You can ", "Please remember to ", "Could someone ")
REQUEST_VERBS = (
    "send", "fax", "forward", "give", "mail", "email", "hand", "return", "deliver", "pass",
    "show", "route", "assign", "read", "explain", "submit", "bring", "copy", "release",
    "escalate", "take", "leave", "drop off", "upload", "hand over", "resend", "print",
    "post", "share", "get", "send over", "mention",
)
REQUEST_OBJECTS = (
    "the forms", "the records", "the results", "the paperwork", "a copy", "the summary",
    "the chart", "the consent", "the meds", "this", "the images", "the referral", "the case",
    "the note", "the plan", "the claim", "the binder", "the letter", "the report",
    "the signed forms", "it", "the invoice", "the packet", "the labs", "the order",
    "the discharge papers", "the schedule", "the update", "the CD", "everything",
    "the prescription", "these", "the {test} report", "the {drug} script", "the message",
)
PREPOSITIONS = ("to", "for", "from", "with", "per", "by", "cc", "re:", "c/o", "attn",
                "regarding", "about", "on behalf of", "care of", "along with", "and", "via",
                "w/", "through", "beside", "after", "before", "over to", "in care of",
                "addressed to", "cc:", "bcc", "to attn", "on behalf")
#: Verbs that take a person right after a preposition and no object.
PHRASAL = ("reach out to", "talk to", "check with", "speak with", "follow up with",
           "coordinate with", "reply to", "report to", "defer to", "hand off to",
           "circle back with", "touch base with", "sign out to", "escalate to", "wait for",
           "ask for", "connect with", "meet with", "listen to", "look out for", "sit with",
           "go over it with", "confirm with", "write to", "call back", "get back to")
REQUEST_TAILS = (
    "by {dow}", "before {date}", "today", "asap", "by end of day", "at {time}", "tomorrow",
    "in {dept}", "at {hosp}", "this week", "when you can", "first thing", "after the {proc}",
    "no later than {date}", "once signed", "please", "thx", "for review",
    "for signature", "at {addr}", "on {dow} at {time}", "by noon", "if possible",
    "before the {proc}", "tonight", "right away", "on {date}", "in the morning",
    "before {time}", "by {date}", "next week", "at your convenience", "in person",
    "over the phone", "in {city}", "to our {city} office", "from {state}", "at our {cs} clinic",
    "near {city}", "at the {city} site", "in {cs} on {dow}", "before she moves to {state}",
)
ENDS = (".", "!", "?", " - thanks", ";", " :)", " pls.", "!!", " thx", "...", " - ty", ":")

#: Sentence adverbs before a composed sentence ("Honestly, Ana Ruiz called back.").
ADVERBS = ("Additionally", "However", "Otherwise", "Anyway", "Honestly", "Overall", "Finally",
           "Still", "Instead", "Besides", "Likewise", "Similarly", "Nevertheless", "Regardless",
           "Consequently", "Therefore", "Thus", "Moreover", "Furthermore", "Incidentally",
           "Ideally", "Apparently", "Fortunately", "Obviously", "Basically", "Actually",
           "Currently", "Previously", "Recently", "Later", "Afterwards", "Earlier", "Tomorrow",
           "Yesterday", "Tonight", "Now", "Lastly", "First", "Second", "Next", "Frankly",
           "Interestingly", "Importantly", "Admittedly", "Clearly", "Naturally", "Oddly",
           "Personally")

#: Reports of things done: [doer] past-tense verb person [tail] ("Moved Ana to 3 pm").
DOERS = ("I ", "We ", "Just ", "Already ", "Finally ", "Also ", "Nurse {first} ",
         "Dr. {last} ", "{first} ", "Front desk ", "The MA ", "Today I ", "Yesterday we ",
         "I just ", "She ", "They ")
PAST_VERBS = (
    "moved", "called", "saw", "paged", "emailed", "texted", "messaged", "reminded", "told",
    "gave", "sent", "asked", "scheduled", "booked", "rescheduled", "discharged", "admitted",
    "notified", "informed", "updated", "met", "visited", "phoned", "contacted",
    "spoke with", "talked to", "heard from", "left a message for", "checked on",
    "transferred", "referred", "treated", "examined", "cleared", "consented", "registered",
    "roomed", "triaged", "bumped", "added", "removed", "dropped", "switched", "took",
    "drove", "helped", "thanked", "invited", "warned", "taught", "called back", "faxed",
)
PAST_TAILS = (
    "to the {time} slot", "on {dow}", "at {time}", "yesterday", "about the {test}",
    "this morning", "to {dept}", "from {hosp}", "with the results", "", "back",
    "to {date}", "re: {drug}", "and she agreed", "twice", "but no answer", "again",
    "home", "to room 12", "for the {proc}", "last night", "after lunch", "in {dept}",
    "on {date}", "to next {dow}", "- all set", "earlier today", "over the weekend",
    "in {city}", "from {country}", "to {state}", "near {cs}", "in {cs} yesterday",
    "to the {city} clinic", "while in {country}", "at {addr}",
)

#: How a caller or writer names themselves ("Hi, this is Ana Ruiz, calling about...").
SELF_LEADS = ("Hi, this is", "This is", "My name is", "It's", "Hello, my name is", "I am",
              "I'm", "Hi it's", "Good morning, this is", "Hello this is", "Hey, it's",
              "Hi, my name is", "Yes, this is", "This message is for", "Message from",
              "Hello, it's", "This is a message for", "Hi, I'm", "Calling for",
              "Voicemail from", "Good afternoon, this is", "Hi again, it's")
SELF_TAILS = (
    ", following up on the {test}.", " from {org}.", " and I need a refill of {drug}.",
    ", {first}'s mom.", " - please call back at {phone}.", ". I have a question about my {test}.",
    " returning your call.", ", the patient's daughter.", ".", " with {org}.",
    ", calling to cancel my appointment.", " - my DOB is {dob}.", " from {dept}.",
    " regarding my {cond}.", ", her husband.", ", I was seen on {date}.", " at {hosp}.",
    " again.", ". Please call me at {phone}.", ", calling for my father.",
    " about the bill.", ", the nurse on 4 West.", " (the caregiver).", " here.",
)

#: Kin and household forms: "the Lopez family", "Ana's mom".
FAMILY_FORMS = (
    "The {last} family", "{first}'s mom", "{first}'s husband {first}",
    "{name}'s son", "Mrs. {last}'s daughter", "{first} and her husband {first}",
    "Baby boy {last}", "{first}'s dad", "Baby girl {last}", "The {last} kids", "{name}'s wife",
    "{first}'s sister {first}", "{last} household", "{name}'s caregiver", "Twin A {last}",
    "{first}'s parents", "Mr. {last}'s son {first}", "{first}'s grandson", "{name}'s family",
)
FAMILY_TAILS = (
    ": the claim went through.", " called about {drug}.",
    " asked for the {test} results.", " will pick her up at {time}.", " - update on {cond}.",
    " wants a call back.", ": appointment moved to {date}.", " is here.",
    " needs the forms by {dow}.", " declined the {proc}.", ": all set for {dow}.",
    " brought the paperwork.", " is on the way.", " has questions about {drug}.",
    " - see note.", " signed the consent.",
)

#: Reported speech: "<person> says that <clause>".
SAYS = ("says", "reports", "mentioned", "thinks", "confirmed", "told me", "said",
        "let us know", "noticed", "feels", "explained", "wrote", "worries", "believes",
        "agreed", "heard")
CLAUSES = ("{org} will not pay for {drug}", "{drug} is not working", "{test} was normal",
           "the {proc} went well", "{hosp} has the records", "{drug} makes her dizzy",
           "she missed the {test}", "the {dept} clinic called", "{org} denied the claim",
           "{drug} and {drug} were mixed up", "the {time} slot works", "it started {date}",
           "{cond} runs in the family", "{company} sent the wrong meter", "nothing changed",
           "{city} is too far", "she moved to {state}", "he lives in {city} now",
           "they are back from {country}", "the {city} office has it")

#: What several people do together ("Ana Ruiz and Tom Hart were seen today").
PLURAL_PREDICATES = (
    "were seen today", "have results pending", "are scheduled for {dow}", "need new referrals",
    "were discharged", "are in {dept}", "both called back", "all signed the consent",
    "are waiting in the lobby", "were added to the list", "missed their visits",
    "share a room", "asked for records", "are on {drug}", "are siblings", "were transferred",
    "are both diabetic", "came in together", "have the same {test} on {date}",
    "are new to the practice", "were moved to {dow}", "still owe a copay", "are covered by {org}",
    "were exposed on {date}",
)

#: Travel and place phrases, so that a city after "to" or "from" is a place.
TRAVEL = ("traveling to", "flying to", "driving to", "moving to", "relocating to",
          "heading to", "going back to", "commuting from", "returning from", "visiting",
          "coming from", "staying in", "away in", "back from", "on vacation in", "driving from",
          "transferring to", "moving back to", "working remotely from", "stuck in")
TRAVELERS = ("I am", "We are", "{first} is", "She is", "The patient is", "{name} will be",
             "Dr. {last} is", "He was", "They are", "I'll be", "Our team is", "Mom is")
PLACES = ("{city}", "{cs}", "{state}", "{country}", "{cityline}", "{city|up}", "{addr}",
          "{city}, {country}")
PLACE_TAILS = (" for two weeks", " next week", " until {date}", " on {dow}",
               " for the {proc}", " this weekend", " with {first}", " since {date}", " soon")

#: Table and list rows: a person and two to four other fields in any order.
ROW_PEOPLE = ("{name}", "{inv}", "{first} {last}", "{NAME}", "Dr. {last}", "{inv|up}",
              "{first}", "{first} {first|up} {last|up}", "{first} {last|up}", "Mr. {last}",
              "Mrs. {first} {last}", "{first} {first} {last}", "Ms. {name}", "{NAME} ({first})",
              "{first|up} {last|up}")
ROW_FIELDS = (
    "{date}", "{dob}", "{time}", "{proc}", "{drug}", "{cond}", "{test}", "{dept}", "{phone}",
    "{mrn}", "{hosp}", "no-show", "arrived", "cancelled", "NPO", "pending", "done", "new",
    "follow-up", "confirmed", "checked in", "left msg", "{num}", "{dow}", "Room {num}",
    "{email}", "DOB {dob}", "{org}", "bed {num}", "{test} {num}", "in progress", "late",
    "self-pay", "{drug} {num} mg", "MRN {mrn}", "{cred}", "{role}", "{word}", "{date} {time}",
    "age {num}",
)
ROW_SEPARATORS = ("  ", " | ", "\t", " - ", ", ", "; ", " -- ", " / ", " : ", "   ", " · ", " ,",
                  " || ", "\t\t", " > ", " :: ")
ROW_PREFIXES = ("- ", "* ", "1. ", "| ", "#{num} ", "• ", "[ ] ", "> ", "{num}) ", "o ",
                "-- ", "[x] ", "{time} ", "{num}. ", "+ ", "Bed {num}: ")


def part(rng: random.Random, parts: tuple[str, ...], split: str) -> str:
    """A random entry of a part list, in the split."""
    return rng.choice(split_pool(parts, split))


def maybe_part(rng: random.Random, parts: tuple[str, ...], split: str, empty: float) -> str:
    """A part of the split, or nothing with probability ``empty``."""
    return "" if rng.random() < empty else part(rng, parts, split)


def _end(rng: random.Random, split: str) -> str:
    return maybe_part(rng, ENDS, split, 0.0) if rng.random() < 0.45 else "."


def person_form(rng: random.Random, split: str) -> str:
    """One person: mostly without a title, else an everyday title, sometimes a rarer one."""
    if rng.random() < 0.72:
        return part(rng, PERSON_FORMS, split)
    roll = rng.random()  # everyday titles, rarer ones, and (as a rarer one) any noun
    title = rng.choice(TITLES) if roll < 0.85 else part(rng, RARE_TITLES, split) \
        if roll < 0.98 else "{Noun}"
    return f"{title} {part(rng, TITLED_FORMS, split)}"


def person(rng: random.Random, split: str) -> str:
    """One person, or (one time in six) two to four joined."""
    if rng.random() < 1 / 6:
        joiner = part(rng, LIST_JOINERS, split)
        names = [person_form(rng, split) for _ in range(rng.randint(2, 4))]
        names = [n for n in names if "inv" not in n] or ["{name}"]
        if joiner.strip() in {"and", "or", "&"} and len(names) > 2:
            return ", ".join(names[:-1]) + joiner + names[-1]
        return joiner.join(names)
    return person_form(rng, split)


def adverb(rng: random.Random, split: str) -> str:
    """A lead for a composed sentence: nothing (mostly), a sentence adverb, or an everyday
    word, each followed by a comma."""
    roll = rng.random()
    if roll < 0.75:
        return ""
    if roll < 0.86:
        return part(rng, ADVERBS, split) + ", "
    return rng.choice(("{Adv}, ", "{Adv} ", "{Word}, ")) if roll < 0.95 else "{Word}, "


def _sentence(rng: random.Random, split: str, text: str) -> str:
    """Capitalize a composed sentence, or put a lead before it and keep it lower-case."""
    lead = adverb(rng, split)
    if not lead:
        text = "{Past}" + text[6:] if text.startswith("{past}") else text
        return text[0].upper() + text[1:] + _end(rng, split)
    if text[1:2].islower() and not text.startswith(("I ", "I'")):
        text = text[0].lower() + text[1:]
    return lead + text + _end(rng, split)


def request(rng: random.Random, split: str) -> str:
    """``Please send the forms to Ana Ruiz by Friday.``"""
    lead = maybe_part(rng, REQUEST_LEADS, split, 0.35)
    if rng.random() < 0.35:
        core = f"{part(rng, PHRASAL, split)} {person(rng, split)}"
    else:
        verb, obj = part(rng, REQUEST_VERBS, split), part(rng, REQUEST_OBJECTS, split)
        core = f"{verb} {obj} {part(rng, PREPOSITIONS, split)} {person(rng, split)}"
    tail = maybe_part(rng, REQUEST_TAILS, split, 0.15)
    return _sentence(rng, split, f"{lead}{core} {tail}".rstrip())


def past_action(rng: random.Random, split: str) -> str:
    """``Moved Ana to the 3 pm slot.`` ``Just paged Dr. Hart.``"""
    doer = maybe_part(rng, DOERS, split, 0.45)
    verb = part(rng, PAST_VERBS, split) if rng.random() < 0.6 else "{past}"
    text = f"{doer}{verb} {person(rng, split)} "
    return _sentence(rng, split, (text + maybe_part(rng, PAST_TAILS, split, 0.15)).rstrip())


def self_intro(rng: random.Random, split: str) -> str:
    """``Hi, this is Ana Ruiz, calling about metformin.``"""
    if rng.random() < 0.15:
        return f"{person_form(rng, split)} here{part(rng, SELF_TAILS, split)}"
    return f"{part(rng, SELF_LEADS, split)} {person_form(rng, split)}" \
           f"{part(rng, SELF_TAILS, split)}"


def family(rng: random.Random, split: str) -> str:
    """``The Lopez family asked for the CBC results.``"""
    return part(rng, FAMILY_FORMS, split) + part(rng, FAMILY_TAILS, split)


def reported(rng: random.Random, split: str) -> str:
    """``Ana Ruiz says that Lyrica from Aetna is not covered.``"""
    that = rng.choice((" that ", " ", " that "))
    return f"{adverb(rng, split)}{person(rng, split)} {part(rng, SAYS, split)}{that}" \
           f"{part(rng, CLAUSES, split)}" \
           + _end(rng, split)


def together(rng: random.Random, split: str) -> str:
    """``Ana Ruiz, Tom Hart and Li Wei were seen today.``"""
    count = rng.randint(2, 4)
    names = [person_form(rng, split) for _ in range(count)]
    names = [n if "inv" not in n else "{name}" for n in names]
    joiner = rng.choice((" and ", ", and ", " & ", " and "))
    people = ", ".join(names[:-1]) + joiner + names[-1] if count > 2 else joiner.join(names)
    return f"{adverb(rng, split)}{people} {part(rng, PLURAL_PREDICATES, split)}{_end(rng, split)}"


def travel(rng: random.Random, split: str) -> str:
    """``I will be traveling to Boston next week.`` (places, not people)."""
    return f"{part(rng, TRAVELERS, split)} {part(rng, TRAVEL, split)} " \
           f"{part(rng, PLACES, split)}{maybe_part(rng, PLACE_TAILS, split, 0.4)}."


def table_row(rng: random.Random, split: str) -> str:
    """A row: a person and two to four fields in any order, one separator."""
    fields = [part(rng, ROW_FIELDS, split) for _ in range(rng.randint(1, 4))]
    fields.insert(rng.randrange(len(fields) + 1), part(rng, ROW_PEOPLE, split))
    sep = part(rng, ROW_SEPARATORS, split)
    prefix = maybe_part(rng, ROW_PREFIXES, split, 0.5)
    if rng.random() < 0.08:  # any bullet or box: "[✓] ", "➤ "
        prefix = rng.choice(("{sym} ", "[{sym}] ", "{sym}"))
    row = prefix + sep.join(fields)
    return row + " |" if row.startswith("| ") else row


#: Sentence makers for running text, with weights.
SENTENCES = ((request, 3), (past_action, 3), (self_intro, 1), (family, 1), (reported, 1),
             (travel, 3), (together, 2))

#: Every part list, for the split tests.
PARTS = {
    "person_forms": PERSON_FORMS, "titled_forms": TITLED_FORMS, "rare_titles": RARE_TITLES,
    "list_joiners": LIST_JOINERS, "request_leads": REQUEST_LEADS,
    "request_verbs": REQUEST_VERBS, "request_objects": REQUEST_OBJECTS,
    "prepositions": PREPOSITIONS, "phrasal": PHRASAL, "request_tails": REQUEST_TAILS,
    "ends": ENDS, "doers": DOERS, "past_verbs": PAST_VERBS, "past_tails": PAST_TAILS,
    "self_leads": SELF_LEADS, "self_tails": SELF_TAILS, "family_forms": FAMILY_FORMS,
    "family_tails": FAMILY_TAILS, "says": SAYS, "clauses": CLAUSES, "travel": TRAVEL,
    "travelers": TRAVELERS, "places": PLACES, "place_tails": PLACE_TAILS,
    "row_people": ROW_PEOPLE, "row_fields": ROW_FIELDS, "row_separators": ROW_SEPARATORS,
    "row_prefixes": ROW_PREFIXES, "adverbs": ADVERBS,
    "plural_predicates": PLURAL_PREDICATES,
}
