"""Sentence and line templates of the synthetic corpus.

Slots in braces are filled by :mod:`fillers`; labeled slots: ``{name}`` ``{first}`` ``{last}``
``{inv}`` (PERSON), ``{date}`` ``{dob}`` ``{dow}`` ``{time}`` (DATE), ``{city}`` ``{state}``
``{country}`` ``{cs}`` ``{cityline}`` ``{street}`` ``{addr}`` (LOC). Everything else is
unlabeled. ``{slot|up}`` upper-cases the filler.

Each pool is split by position: every fourth template belongs to the test split, the others to
training, so the evaluation set is written in sentences the model never saw.
"""

from __future__ import annotations

GREETINGS = (
    "Hi {first},", "Dear Dr. {last},", "Hello {first} and {first},", "Dear {name},",
    "Good morning {first},", "Dear Mrs. {last},", "Hey {first} -", "To whom it may concern,",
    "Hi Dr. {last},", "Dear Ms. {last}:", "{first},", "Hello team,", "Dear Mr. {last},",
    "Good afternoon Dr. {last} and team,", "Hi all,", "Dear Colleague,", "Morning {first}!",
    "Dear {first} {last},", "Hi {first} -", "Dr. {last},", "Hello Nurse {last},",
    "Greetings {first},", "Dear Dr. {name},", "Hi everyone,", "{first} / {first},",
    "Dear Patient,", "Hi {first}, hope your week is going well.", "Dear Sir or Madam,",
)
CLOSINGS = (
    "Thanks,", "Best regards,", "Thank you,", "Sincerely,", "Regards,", "Best,", "Cheers,",
    "Thanks so much,", "Warm regards,", "Kind regards,", "Respectfully,", "Many thanks,",
    "Thank you for your help,", "Talk soon,", "With appreciation,", "All the best,",
)
SIGNATURES = (
    "{name}\n{role}\n{hosp}\n{phone}",
    "{name}, {cred}\n{dept}\n{hosp}\n{street}\n{cityline}",
    "Dr. {name}\n{dept}, {hosp}",
    "{first}\n{role} | {hosp}\nDirect: {phone}",
    "-- \n{name} | {role}\n{hosp} | {addr}",
    "{name} {cred}\n{role}\nTel {phone} Fax {phone}\n{email}",
    "{first} {last}\n{hosp}\n{street}\n{cityline}\n{phone}",
    "Sent from my iPhone\n{first}",
    "{name}\n{dept} Department\n{email}",
    "{NAME|up}, {cred}\n{role|up}\n{hosp|up}",
    "{first} ({role})\n{hosp}, {cs}",
    "{name}\nOffice of {name}, {cred}\n{phone}",
    "Regards from {city},\n{first}",
    "{name}\nOn behalf of Dr. {name}\n{hosp}",
    "{last}\n{role}",
    "{name} - {dept}\n{street}, {cityline}",
)
BODY = (
    "{name}'s biopsy came back positive; she starts {drug} on {dow}.",
    "Please see the attached referral for {name} (DOB {dob}) regarding {cond}.",
    "I saw {first} in clinic on {date} for follow-up of {cond}.",
    "Mr. {last} was admitted to {hosp} on {date} with {cond}.",
    "Can we move {name}'s appointment to {dow} at {time}?",
    "{name} was started on {drug} for {cond} and tolerated it well.",
    "The {test} for {inv} is back and looks stable.",
    "Patient {name} will need a {test} before the {proc} on {date}.",
    "Mrs. {last} called again about her {drug} refill.",
    "We have {name} scheduled with Dr. {last} on {date} at {time}.",
    "{first} {last} missed her {proc} appointment at {hosp} last week.",
    "Her daughter {first} can be reached at {phone} if needed.",
    "Attached are the records for {name}, who moved to {cs} in {date}.",
    "Dr. {last} reviewed the {test} and recommends increasing {drug}.",
    "Per Dr. {name}, {first} should stop {drug} 7 days before surgery.",
    "The family of {name} asked for an update on the {cond} workup.",
    "{name}, a 54-year-old from {city}, presented with worsening {cond}.",
    "I am referring {name} to {dept} at {hosp} for evaluation of {cond}.",
    "Ms. {last} lives at {addr} and prefers morning appointments.",
    "Reminder: {name} has a {test} on {dow}, {date} at {time}.",
    "{first} reports good adherence to {drug} and no side effects.",
    "Spoke with {first}'s mother, {name}, who agreed with the plan.",
    "Discharge summary for {inv}: admitted {date}, discharged {date}.",
    "The prior authorization for {name}'s {drug} was denied by {org}.",
    "{name} ({dob}) has a history of {cond} and {cond}.",
    "Dr. {last} at {hosp} will see {first} on {date}.",
    "Please fax the {test} results for {name} to our {city} office.",
    "Mr. {name} asked whether {drug} interacts with {drug}.",
    "{first} was diagnosed with {cond} at age 12 and now follows with Dr. {last}.",
    "Our nurse {first} left a voicemail for {name} on {date}.",
    "Could you confirm the date of birth for {name}? We have {dob}.",
    "{name} and {name} are both on the waitlist for {proc}.",
    "The transport for {name} from {addr} is booked for {time}.",
    "Thank you for seeing {name} in consultation on {date}.",
    "I have attached {first}'s imaging from {hosp} dated {date}.",
    "Hospice intake for {name} in {cs} is set for {dow}.",
    "Update: {last} was transferred to {dept} overnight.",
    "{first} {last} (MRN {mrn}) was seen in the ED on {date}.",
    "Labs drawn {date} at {time} show an elevated {test}.",
    "She was born in {country} and moved to {state} in {date}.",
    "The patient, {name}, denies chest pain but reports fatigue.",
    "Her husband {first} will drive her to {hosp} on {dow}.",
    "{name} was counseled on {cond} and given a prescription for {drug}.",
    "Please call {first} back at {phone} about the {test}.",
    "Dr. {name} and Dr. {name} co-signed the note on {date}.",
    "Called {inv} to schedule the {proc}; no answer.",
    "{first} is a pleasant 67-year-old woman with {cond}.",
    "His PCP is Dr. {last} in {cs}.",
    "We received a records request for {name} from {org}.",
    "I spoke with {name} today, and she would like to move her visit to {date}.",
    "FYI {first} {last} is being worked up for {cond} and may need {drug}.",
    "{name} reports that {drug} from {org} is not covered.",
)
SCHEDULING = (
    "Your appointment with Dr. {last} is confirmed for {dow}, {date} at {time}.",
    "We need to reschedule {first}'s visit from {date} to {date}.",
    "Are you free on {dow} at {time} to discuss {name}?",
    "The {dept} clinic in {city} is closed on {date}.",
    "Please arrive 15 minutes early at {addr}.",
    "Dr. {last} is out of the office until {date}; Dr. {last} is covering.",
    "{name} - {test} - {date} {time}",
    "Moved {first} to the {time} slot on {dow}.",
    "Can {first} or {first} cover the {time} shift on {date}?",
    "The meeting is at {bldg}, room 204, on {date}.",
    "Your next infusion is on {date}; parking is available at {street}.",
    "We confirmed {name} for {dow} at {time} with {dept}.",
    "New patient {name}, referred by Dr. {last}, first available {date}.",
    "Telehealth visit for {name} on {date} at {time}; link to follow.",
    "Please note the new address of our clinic: {addr}.",
    "The {proc} for {name} is pending insurance approval from {org}.",
)
GENERAL = (
    "The quarterly report from {org} is attached.",
    "Lunch is at {time} on {dow} in {bldg}.",
    "{first} from {org} will join the call on {date}.",
    "I will be traveling to {city} from {date} to {date}.",
    "The vendor, {company}, sent a revised quote.",
    "Please welcome {name}, who joins {dept} on {date}.",
    "Our {city} office moves to {addr} on {date}.",
    "The conference is in {cs} this year.",
    "{name} will present the budget on {dow}.",
    "Thanks to {first} and {first} for organizing the event.",
    "The contract with {org} renews on {date}.",
    "Send the signed forms to {name} by {dow}.",
    "The grant from the {last} Foundation was approved.",
    "I met {first} at the {org} booth in {city}.",
    "Training on the new {org} system is on {date} at {time}.",
    "Our team visited {hosp} in {cs} last month.",
)
NEGATIVE = (
    "{company} announced a recall of {drug}.",
    "{cond} is a progressive neurological disorder.",
    "Patients with {cond} should avoid {drug}.",
    "The {bldg} is closed for renovation.",
    "Will you send the forms today?",
    "May I ask for an update on the claim?",
    "Hope you are doing well.",
    "Mark the chart as reviewed and bill the insurer.",
    "Grant access to the shared drive for the new staff.",
    "The pharmacy at {hosp} stocks {drug}.",
    "Please contact {email} for billing questions.",
    "Call {phone} to reach the front desk.",
    "{hosp} and {hosp} merged last year.",
    "Coverage through {org} ends at the end of the month.",
    "Bill the invoices from {company} to the grant account.",
    "Costs rose again, and we hope the {dept} budget holds.",
    "The {dept} team meets every week.",
    "{drug} 20 mg daily, {drug} 5 mg as needed.",
    "We use {company} for lab supplies and {company} for imaging.",
    "Art therapy and music therapy are offered in {dept}.",
    "Our office is closed for the holiday.",
    "Faith-based counseling is available on request.",
    "Hope Clinic offers sliding-scale fees.",
    "Dr Pepper and Ben & Jerry's sponsored the fundraiser.",
    "Labs: {test} {num}, {test} {num}, {test} {num}.",
    "The {cond} support group meets in {bldg}.",
    "Ask {company} about the {drug} assistance program.",
    "This message may contain confidential information.",
    "If you received this in error, please notify the sender.",
    "Summer hours begin next week; the {bldg} lobby will close at {time}.",
    "Sterling silver and Ivory soap are on the supply list.",
    "Young adults with {cond} often need support from {dept}.",
)
HEADER_LINES = (
    "Patient: {inv}", "Patient Name: {name}", "DOB: {dob}", "Name: {name}", "Pt: {name}",
    "Date of Service: {date}", "Provider: Dr. {name}", "Referring Physician: {name}, {cred}",
    "PATIENT NAME: {inv}", "MRN: {mrn}", "Address: {addr}", "Date of Birth: {dob}",
    "Attending: {name}, {cred}", "Visit Date: {date}", "Ordering Provider: {inv}",
    "Collected: {date} {time}", "Reported: {date} {time}", "Emergency Contact: {name} {phone}",
    "Insurance: {org}", "Facility: {hosp}", "Location: {cs}", "PCP: Dr. {last}",
    "Guarantor: {inv}", "Subscriber: {name}", "Re: {name}", "RE: {inv} DOB {dob}",
    "Patient: {name} ({dob})", "Member Name: {name}", "Admit Date: {date}",
    "Discharge Date: {date}", "Home Address: {street}, {cityline}", "Birthdate: {dob}",
    "Specimen received {date} at {time}", "Physician: {name} {cred}", "Dictated by: {name}",
    "cc: Dr. {name}", "Next of kin: {name} (son)", "Referred to: {dept}, {hosp}",
    "Signed: {name}, {cred} {date}", "Pt name - {first} {last}",
)
ROWS = (
    "{inv} | {dob} | {mrn} | {test}", "{time}  {name}  {dept}", "{date}\t{inv}\t{proc}",
    "- {name} ({dob}) - {cond}", "{name}, {dob}, {cs}", "* {time} {name} - {test}",
    "{inv}  {dob}  {drug}", "| {name} | {date} | {hosp} |", "{name} -- {proc} -- {date}",
    "{mrn}, {inv}, {date}, {dept}", "{first} {last} {time}", "{dow} {time}: {name}",
    "{inv}; DOB {dob}; {addr}", "1. {name} ({date}) {cond}", "{name}\t{phone}\t{city}",
    "{date} {name} no-show",
)
FORWARD = (
    "On {date} at {time}, {name} <{email}> wrote:", "From: {name} <{email}>",
    "-----Original Message-----\nFrom: {name}\nSent: {dow}, {date} {time}\nTo: {name}",
    "From: {inv}\nSent: {date}", "To: {name} <{email}>", "{name} <{email}> wrote:",
    "Sent: {dow}, {date} {time}\nSubject: RE: {name}", "Cc: {name}; {name}",
)
SUBJECTS = (
    "Subject: Referral - {name}", "Subject: {inv} labs", "Subject: appt {date}",
    "Subject: Re: {first}'s {test}", "Subject: follow up {cond}", "Subject: {name} DOB {dob}",
    "Subject: schedule change {dow}", "Subject: FW: records request", "Subject: update",
    "Subject: {last} discharge summary", "Subject: meeting {date}", "Subject: {org} invoice",
)

POOLS = {
    "greeting": GREETINGS, "closing": CLOSINGS, "signature": SIGNATURES, "body": BODY,
    "scheduling": SCHEDULING, "general": GENERAL, "negative": NEGATIVE, "header": HEADER_LINES,
    "row": ROWS, "forward": FORWARD, "subject": SUBJECTS,
}


def split_pool(pool: tuple[str, ...], split: str) -> tuple[str, ...]:
    """Templates of one split: every fourth one is held out for testing."""
    return tuple(t for i, t in enumerate(pool) if (i % 4 == 3) == (split == "test"))
