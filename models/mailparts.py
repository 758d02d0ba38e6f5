"""Composed lines of mail and forms: address headers, subject lines, labeled lines, greetings,
quote attributions and signatures.

Like :mod:`shapes`, every part list is split by position (every fourth entry is held out for
the test split); functions return a template for :class:`corpus.Builder`.
"""

from __future__ import annotations

import random

from shapes import maybe_part, part, person, person_form

#: Mail headers that carry addressees.
ADDRESS_KEYS = (
    "To", "Cc", "CC", "From", "Bcc", "cc", "Reply-To", "Attendees", "Required", "TO",
    "Optional", "Organizer", "Sender", "Recipients", "Invitees", "Participants", "to", "FROM",
    "Assigned to", "Approved by", "Owner", "Delegates", "Forwarded to", "Members",
    "Sent by", "On behalf of", "Shared with", "Guests",
)
ADDRESSEES = (
    "{name}", "{name} <{email}>", "\"{inv}\" <{email}>", "{inv}", "Dr. {name}",
    "{first} {last}", "{NAME}", "{name} ({org})", "{first}", "'{name}' <{email}>",
    "{name} [{email}]", "{name} ({dept})", "{first} {last} <{email}>", "{NAME} <{email}>",
    "{inv} <{email}>", "\"{name}\" <{email}>", "{name} - {hosp}", "{first} {last|up}",
    "{inv} ({hosp})", "{name} (External)", "{name} ({Word})", "{name} - {Word} {Word}",
    "{first} {last|up} <{email}>",
    "Dr. {first} {last} <{email}>", "{name} via {org}", "{name} (she/her)",
)
ADDRESS_SEPARATORS = ("; ", ", ", " / ", " ;  ", " and ", ";  ", " | ", ",\n    ", " & ", ";\n ",
                      " ; ", ",  ", "\n    ", " ,", ";\t", " + ")

#: Subject lines: a topic and a person in either order, or a topic alone.
SUBJECT_PREFIXES = ("RE: ", "Re: ", "FW: ", "Fwd: ", "RE: RE: ", "[EXTERNAL] ", "[Secure] ",
                    "Automatic reply: ", "FW: RE: ", "Re: Fwd: ", "URGENT: ", "[encrypt] ",
                    "Fw: ", "re: ", "Accepted: ", "Updated: ")
SUBJECT_TOPICS = (
    "urgent", "referral", "labs", "question", "follow-up", "appointment", "records",
    "prior auth", "FYI", "callback", "results", "new patient", "discharge", "consult",
    "refill", "billing", "schedule change", "reminder", "intake", "update", "PT eval",
    "imaging", "please review", "{test} results", "{cond}", "{date} visit", "missed appt",
    "transport", "no-show", "visit {date}", "ROI request", "message", "{drug} refill",
    "pre-op", "post-op check", "care plan", "{test}", "paperwork", "status", "fax",
    "callback needed", "admission", "urgent!!", "consent", "{proc}", "scan", "FMLA form",
    "home health", "hospice", "{dept} referral", "insurance", "quick q", "DME order",
)
SUBJECT_SEPARATORS = (" - ", ": ", " / ", " -- ", " | ", " re ", " for ", " – ", " regarding ",
                      " about ", ", ", " - pt ", " (", " for patient ", " -> ", " ~ ")

#: Labeled lines of notes, forms and reports: a label, a separator, a person.
PERSON_LABELS = (
    "Patient", "Pt", "Patient name", "Name", "Member", "Client", "Resident",
    "Caller", "Contact", "Guardian", "Parent", "Insured", "Beneficiary", "Full name",
    "Legal name", "Seen by", "Referred by", "Requested by", "Nurse", "Surgeon", "Provider",
    "Therapist", "Case manager", "Spouse", "Mother", "Father", "Son", "Daughter",
    "Emergency contact", "POA", "Caregiver", "Driver", "Witness", "Consent signed by",
    "Ordering MD", "Performed by", "Reviewed by", "Verified by", "Scribe", "Author", "Attn",
    "ATTN", "Regarding", "Name of patient", "Client name", "Child", "Student",
    "Employee", "Claimant", "Responsible party", "Primary nurse", "Anesthesia", "Resident MD",
    "Interpreter", "Chaperone", "Escort", "Sibling", "Partner", "Next of kin", "Decedent",
    "Donor", "Recipient", "Applicant", "Informant", "Source", "Entered by", "Cosigner",
)
LABEL_SEPARATORS = (": ", " - ", ":  ", " -- ", " = ", ":\t", " : ", " — ", "- ", ":",
                    " | ", " > ", "=", " -> ", " / ", ":   ")
LABEL_TAILS = (" ({dob})", ", {cred}", " DOB {dob}", " - {mrn}", " (self)", " ({phone})",
               " MRN {mrn}", " age 54", " [{mrn}]", " - {city}", " (mother)", ", {role}",
               " / {dob}", " on file", " ({cond})", " - {dept}")
#: Labeled lines whose value is not a person (codes, words and capitals that look like names).
OTHER_LABELS = (
    "Gender: Female", "Sex: M", "Race: White", "Language: Spanish",
    "Marital status: Single", "Status: Pending", "Religion: Baptist", "Code status: Full code",
    "Diet: Regular", "Gender: Male", "Ethnicity: Hispanic", "Blood type: O+", "Isolation: None",
    "Language: English", "Level of care: Inpatient", "Mobility: Independent", "Sex: Female",
    "Smoker: Never", "Class: Outpatient", "Service: Medicine", "Service: Surgery",
    "Team: Gold", "Pod: Blue", "Shift: Day", "Bed: 4B", "Type: Follow-up", "Source: Walk-in",
    "Relationship: Self", "Interpreter: No", "Portal: Active", "Preferred: Text",
)

#: Greetings: a greeting word and a person, several people, or a group that is nobody's name.
GREETING_WORDS = ("Hi", "Hello", "Dear", "Hey", "Good morning", "Morning", "Good afternoon",
                  "Greetings", "Hiya", "Thanks", "Thank you", "Hi again", "Hello again",
                  "Evening", "Dearest", "Howdy", "Welcome", "Congrats", "Congratulations",
                  "Good evening", "Hiya there", "Cheers", "Aloha", "Hola", "Bonjour",
                  "Salutations", "Attention", "Heya", "Thanks again", "Sorry", "Morning again",
                  "Hi hi", "Happy Monday", "Happy Friday", "Hey there", "Quick one")
GROUPS = ("there", "all", "team", "everyone", "Sir", "Madam", "Colleague", "colleagues",
          "Doctor", "Nurse", "friends", "folks", "both", "you two", "Care Team", "Provider",
          "Patient", "Member", "Hiring Manager", "Front Desk", "Billing Office", "Team",
          "Scheduling", "Records Dept", "ladies", "gentlemen", "guys", "Nurses", "Doctors",
          "Partners", "Customer", "Neighbor", "Caregiver", "Parents", "Staff", "Committee",
          "Reviewer", "Applicant", "Families", "Residents", "Volunteers", "Student")
GROUP_JOINERS = (" and ", "/", " or ", " & ", ", ", " + ", " and all ", " and the ")
GREETING_ENDS = (",", ":", " -", "!", ", ", " —", ";", " ,", "!!", "...", " :)", ", --")

#: Quote attributions: "On Monday, May 3, Ana Ruiz <ana@...> wrote:".
ATTRIBUTION_LEADS = ("On {dow}, {date}, ", "On {date} at {time}, ", "On {date}, ", "{date}, ",
                     "At {time}, ", "On {dow} {time}, ", "Le {date}, ", "{dow}, {date} {time}, ",
                     "On {date} {time}, ", "Am {date} ", "El {date}, ", "On {dow}, ",
                     "Sent {date}: ", "{date} {time} - ", "Yesterday, ", "Earlier, ")
ATTRIBUTED = ("{name}", "{first} {last}", "{name} <{email}>", "\"{inv}\" <{email}>", "{first}",
              "Dr. {name}", "{NAME}", "{name} via {org}", "{first} {first} {last}", "{inv}",
              "{first} {last} <{email}>", "<{email}>", "{NAME} <{email}>", "Dr. {last}",
              "{name} ({hosp})", "{first|up} {last|up}")
ATTRIBUTION_VERBS = (" wrote:", " wrote", " said:", " replied:", " commented:", " responded:",
                     " writes:", " added:", " a écrit :", " schrieb:", " escribió:", " asked:",
                     " wrote the following:", " WROTE:", " sent:", " posted:")

#: Signatures: a name line, then role, place and contact lines; sometimes on someone's behalf.
SIGNATURE_NAMES = ("{name}", "{name}, {cred}", "{first}", "{first} (mobile)", "-- {first}", "{NAME}",
                   "{first} {last} | {role}", "{name} ({role})", "Dr. {name}", "{name} {cred}",
                   "{first} {last|up}", "{first} {last}, {cred}", "- {name}", "{NAME}, {cred}",
                   "{first} {last}", "~ {first}", "Dr. {first} {last}", "{name} | {dept}",
                   "{first} ({role})", "{name}, {role}")
SIGNATURE_LINES = ("{role}", "{dept}", "{hosp}", "{phone}", "{email}", "{addr}",
                   "{street}\n{cityline}", "Office: {phone}", "Cell: {phone}",
                   "Pronouns: she/her", "{dept} | {hosp}", "Fax {phone}", "{role}, {dept}",
                   "Direct {phone}", "{hosp} | {cs}", "Confidential", "{cred}", "{role} - {hosp}",
                   "Main: {phone} | Fax: {phone}", "{bldg}, {cs}", "Pronouns: he/him",
                   "Mobile {phone}", "{dept} Department", "{email} | {phone}", "{Word}",
                   "{Word} {Word}", "{Word} {word} {word}", "{Word} | {hosp}", "{Word|up}",
                   "{Word} {Word} Team")
#: Lines a mail client or the writer puts above the name.
SIGNATURE_LEADS = ("Sent from my phone", "Sent from my Galaxy", "Get Outlook for iOS", "--",
                   "__", "Regards", "Thanks!", "Best", "Sent via mobile",
                   "Typed on a phone, sorry for typos", "-----", "Cheers", "Sent from Mail",
                   "Sent from my tablet", "Thx", "v/r")
ON_BEHALF = ("Desk of", "On behalf of", "Assistant to", "c/o", "Covering for", "Scheduler for",
             "MA to", "Nurse for", "Secretary to", "Signed for", "pp", "Team of",
             "Practice of", "Clinic of", "Dictated for", "Nurse to", "Coordinator for",
             "Sent for", "Scribe for", "Writing for")



#: Labels and values made of the lexicon's words and short codes (``Birthdate: 1/2/1990``,
#: ``Tier: Gold``, ``Grade: B+``);
#: the words come from the split's share of :mod:`lexicon`, so these need no split.
LEXICAL_LABELS = ("{Noun}", "{Adj} {noun}", "{Noun} {noun}", "{Noun|up}", "{Past} by",
                  "{Adj}", "{Noun} {Noun}", "{Noun} name", "{Adj} {noun} name")
LEXICAL_VALUES = ("{date}", "{dob}", "{Vocab}", "{Noun} {noun}", "{num}", "{phone}", "{time}",
                  "{mrn}", "{drug}", "{cond}", "{city}", "{Adj}", "{Word}", "{Noun}+", "{dow}",
                  "{Adj}, {adj}", "{state}", "{Noun} ({num})", "{Adj} {noun}", "Yes", "No",
                  "{code}", "{code}", "{code}", "{Noun} {code}", "{code} ({Word})", "{code|low}")


def address_header(rng: random.Random, split: str) -> str:
    """``Cc: Ana Ruiz <ana@...>; Tom Hart``."""
    sep = part(rng, ADDRESS_SEPARATORS, split)
    people = [part(rng, ADDRESSEES, split) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    return f"{part(rng, ADDRESS_KEYS, split)}: {sep.join(people)}"


def subject_line(rng: random.Random, split: str) -> str:
    """``Subject: RE: referral - Ana Ruiz`` (a topic alone one time in four)."""
    prefix, topic = maybe_part(rng, SUBJECT_PREFIXES, split, 0.5), part(rng, SUBJECT_TOPICS, split)
    roll = rng.random()
    if roll < 0.25:
        body = topic if rng.random() < 0.6 else f"{{org}} {topic}"
    else:
        sep, who = part(rng, SUBJECT_SEPARATORS, split), person(rng, split)
        body = f"{topic}{sep}{who}" if roll < 0.7 else f"{who}{sep}{topic}"
        body += ")" if sep == " (" else ""
    return f"Subject: {prefix}{body}"


def labeled_line(rng: random.Random, split: str) -> str:
    """``Pt name - Ana Ruiz (DOB)``; one time in four a label whose value is no person, and
    sometimes a label or a value that is an everyday word (``Bonus: Ana Ruiz``, ``Tier: Gold``)."""
    roll = rng.random()
    if roll < 0.12:
        return part(rng, OTHER_LABELS, split)
    sep = part(rng, LABEL_SEPARATORS, split)
    if roll < 0.24:
        return f"{rng.choice(LEXICAL_LABELS)}{sep}{rng.choice(LEXICAL_VALUES)}"
    if roll < 0.34:
        key = rng.choice(("{Word}", "{Word} {word}", part(rng, PERSON_LABELS, split)))
        return f"{key}{sep}{rng.choice(('{Word}', '{Word} {Word}', '{Word} {word}', '{dept}'))}"
    label = part(rng, PERSON_LABELS, split) if rng.random() < 0.75 else \
        rng.choice(LEXICAL_LABELS)
    tail = maybe_part(rng, LABEL_TAILS, split, 0.6)
    return f"{label}{sep}{person_form(rng, split)}{tail}"


def greeting(rng: random.Random, split: str) -> str:
    """``Hi Ana,`` ``Dear Dr. Ruiz and Tom:`` or ``Dear Doctor and Staff,``."""
    word, end = part(rng, GREETING_WORDS, split), part(rng, GREETING_ENDS, split)
    if rng.random() < 0.12:  # a word that greets nobody by name ("Battery Ana,")
        word = rng.choice(("{Vocab}", "{Adv}", "{Noun}", "{Adj}", "{Vocab} {vocab}"))
    roll = rng.random()
    if roll < 0.35:
        who = _group(rng, split)
        if rng.random() < 0.3:
            who += part(rng, GROUP_JOINERS, split) + _group(rng, split)
    elif roll < 0.45:
        who = _group(rng, split) + part(rng, GROUP_JOINERS, split) + person(rng, split)
    else:
        who = person(rng, split)
    end += " {sym}" if rng.random() < 0.05 else ""
    return f"{word} {who}{end}"


def _group(rng: random.Random, split: str) -> str:
    roll = rng.random()
    if roll < 0.7:
        return part(rng, GROUPS, split)
    if roll < 0.85:
        return rng.choice(("{Word}", "{Noun}"))
    return rng.choice(("{Word} {Word}", "{word}", "{Word} {word}", "{Adj} {Noun}", "{noun}"))


def attribution(rng: random.Random, split: str) -> str:
    """``On Monday, 5/3/24, Ana Ruiz <ana@example.org> wrote:``."""
    lead = maybe_part(rng, ATTRIBUTION_LEADS, split, 0.25)
    return lead + part(rng, ATTRIBUTED, split) + part(rng, ATTRIBUTION_VERBS, split)


def signature(rng: random.Random, split: str) -> str:
    """A name line, zero to four more lines, sometimes a line on someone's behalf, sometimes a
    line above the name (``Sent from my phone``)."""
    lines = [part(rng, SIGNATURE_NAMES, split)]
    if rng.random() < 0.08:  # "🌻 Ana", "* Ana": a symbol before the name is not part of it
        lines[0] = rng.choice(("{sym} ", "{sym}", "{sym}{sym} ")) + lines[0]
    lines += [part(rng, SIGNATURE_LINES, split) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.3:
        cred = ", {cred}" if rng.random() < 0.4 else ""
        behalf = f"{part(rng, ON_BEHALF, split)} {person_form(rng, split)}{cred}"
        lines.insert(rng.randint(1, len(lines)), behalf)
    if rng.random() < 0.2:
        lead = part(rng, SIGNATURE_LEADS, split) if rng.random() < 0.7 else \
            rng.choice(("Sent from my {Noun}", "Sent from my {Word}", "Sent via {Noun}"))
        lines.insert(0, lead)
    return "\n".join(lines)


#: Every part list, for the split tests.
PARTS = {
    "address_keys": ADDRESS_KEYS, "addressees": ADDRESSEES,
    "address_separators": ADDRESS_SEPARATORS, "subject_prefixes": SUBJECT_PREFIXES,
    "subject_topics": SUBJECT_TOPICS, "subject_separators": SUBJECT_SEPARATORS,
    "person_labels": PERSON_LABELS, "label_separators": LABEL_SEPARATORS,
    "label_tails": LABEL_TAILS, "other_labels": OTHER_LABELS, "greeting_words": GREETING_WORDS,
    "groups": GROUPS, "group_joiners": GROUP_JOINERS, "greeting_ends": GREETING_ENDS,
    "attribution_leads": ATTRIBUTION_LEADS, "attributed": ATTRIBUTED,
    "attribution_verbs": ATTRIBUTION_VERBS, "signature_names": SIGNATURE_NAMES,
    "signature_lines": SIGNATURE_LINES, "on_behalf": ON_BEHALF,
    "signature_leads": SIGNATURE_LEADS,
}
