"""Zones: signatures, greetings, quoted reply headers and disclaimers, found structurally."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter import zones
from dlpmilter.message import Zone
from dlpmilter.zones import ZONE_KINDS, find_zones, kinds_at

THREAD = """Hi Anna,

Maria Gonzalez (MRN 1234567) was seen for diabetes today.

Best regards,
Dr. John Smith
Oncology, General Hospital
555-123-4567

On Mon, Jan 5, 2026 at 10:00 AM, Bob Jones <bob@x.org> wrote:
> Dear John,
> Can you send the labs for Peter Pan, DOB 01/02/1970?
> --
> Bob

-----Original Message-----
From: Carla <c@x.org>
Sent: Monday
To: John
Subject: Patient Jane Roe
Hello John, here it is.

CONFIDENTIALITY NOTICE: This e-mail is intended only for the intended recipient and may contain
privileged information. If you have received this in error, notify the sender and delete it.
"""


def zones_of(text: str) -> list[tuple[str, str]]:
    return [(z.kind, text[z.start : z.end]) for z in find_zones(text)]


def test_a_reply_thread() -> None:
    found = zones_of(THREAD)
    assert ("greeting", "Hi Anna,") in found
    assert (
        "signature",
        "Best regards,\nDr. John Smith\nOncology, General Hospital\n555-123-4567",
    ) in found
    assert (
        "reply_header",
        "On Mon, Jan 5, 2026 at 10:00 AM, Bob Jones <bob@x.org> wrote:",
    ) in found
    assert ("greeting", "Dear John,") in found
    assert ("forwarded", "-----Original Message-----") in found
    assert ("reply_header", "From: Carla <c@x.org>") in found
    assert ("reply_header", "To: John") in found
    assert ("greeting", "Hello John,") in found
    assert any(kind == "disclaimer" and text.startswith("CONFIDENTIALITY") for kind, text in found)
    quoted = [text for kind, text in found if kind == "quoted"]
    assert quoted and "Peter Pan, DOB 01/02/1970" in quoted[0]


def test_the_quoted_subject_line_stays_inspected() -> None:
    """A forwarded Subject may carry a patient's name: it is not a header zone."""
    for kind, text in zones_of(THREAD):
        assert "Jane Roe" not in text or kind not in {"reply_header", "signature", "greeting"}


def test_phi_in_the_body_is_in_no_excluding_zone() -> None:
    start = THREAD.index("Maria Gonzalez")
    assert kinds_at(find_zones(THREAD), [start]) == [frozenset()]
    deep = THREAD.index("Peter Pan")
    assert kinds_at(find_zones(THREAD), [deep]) == [frozenset({"quoted"})]


# fmt: off
CASES = [
    ("Thanks,\nAnna Lee\nBilling | (555) 010-2000", "signature", "Anna Lee"),
    ("text\n-- \nJohn Smith\nCardiology", "signature", "Cardiology"),
    ("Great, see you then.\n-Anna", "signature", "-Anna"),
    ("Anna -\nthe results are in.", "greeting", "Anna -"),
    ("Good morning Dr. Patel, the room is booked.", "greeting", "Good morning Dr. Patel,"),
    ("> On Tue, Mar 3, 2026, Lee <l@x.org> wrote:\n>> hi", "reply_header", "On Tue, Mar 3, 2026, Lee <l@x.org> wrote:"),
    ("Begin forwarded message:\n\nFrom: A\nDate: today", "forwarded", "Begin forwarded message:"),
    ("Dr. Lena Park will review the scan.", "provider", "Dr. Lena Park"),
    ("Led by Omar Ramirez, Attending Physician, Internal Medicine.", "provider", "Omar Ramirez, Attending Physician"),
    ("Anna Lee, RN called.", "provider", "Anna Lee, RN"),
    ("We moved your next colonoscopy to Monday.", "addressed", "next colonoscopy to"),
    ("Present: Alejandro Pham, Grace Alvarez.\n1. Sepsis bundle 94%.", "roster", "Alejandro Pham, Grace Alvarez."),
    ("Ship-to contact: Sergei Abdullah, (732) 474-2628.", "roster", "Sergei Abdullah"),
    ("A gift to the Cedar Valley Cardiology Foundation.", "organisation", "Cedar Valley Cardiology"),
    ("Cedar Valley Cardiology is enrolling adults", "organisation", "Cedar Valley Cardiology"),
    ("Brightline Logistics\nINVOICE 48536344", "organisation", "Brightline Logistics"),
    ("Thanks to Summit Orthopedic Associates and the YMCA.", "organisation", "Summit Orthopedic Associates"),
]
NOT_ZONES = [
    ("Thanks for the update on Maria Gonzalez and her diabetes.", "signature"),
    ("We discussed Dear Abby at lunch, and Hi-Fi systems.", "greeting"),
    ("From: the lab we got results for Peter Pan", "reply_header"),
    ("Mr. Gonzalez, 54, has diabetes.", "provider"),
    ("Maria Gonzalez's labs are back.", "provider"),
    ("Maria Gonzalez was admitted with pneumonia.", "organisation"),
    ("Maria Gonzalez\nHealth history: asthma", "organisation"),
    ("Patient: Omar Haddad, seen at the clinic today", "organisation"),
]
# fmt: on


@pytest.mark.parametrize(("text", "kind", "inside"), CASES)
def test_zone_table(text: str, kind: str, inside: str) -> None:
    assert any(k == kind and inside in t for k, t in zones_of(text)), zones_of(text)


@pytest.mark.parametrize(("text", "kind"), NOT_ZONES)
def test_prose_is_not_a_zone(text: str, kind: str) -> None:
    assert kind not in {k for k, _ in zones_of(text)}


def test_kinds_at_overlapping_zones() -> None:
    zones = [Zone(kind="quoted", start=0, end=100), Zone(kind="signature", start=50, end=60)]
    assert kinds_at(zones, [55, 10, 60, 100]) == [
        frozenset({"quoted", "signature"}), frozenset({"quoted"}), frozenset({"quoted"}), frozenset(),
    ]  # fmt: skip


LINES = st.sampled_from(
    ["Hi Anna,", "Regards,", "-- ", "> quoted", "On Mon, X wrote:", "From: a", "To: b", "Subject: s",
     "", "Maria has diabetes.", "confidential intended recipient prohibited", "x" * 300, "\r"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=60), st.text(max_size=200))
def test_zones_are_well_formed(lines: list[str], noise: str) -> None:
    """Any text: zones lie inside it, are non-empty, of known kinds, and sorted."""
    text = "\n".join(lines) + noise
    zones = find_zones(text)
    assert all(0 <= z.start < z.end <= len(text) and z.kind in ZONE_KINDS for z in zones)
    assert [z.start for z in zones] == sorted(z.start for z in zones)


def test_a_line_of_the_senders_name_starts_a_signature() -> None:
    text = "Quick update on the schedule.\n\nElena Chen\nCare Coordinator\nDirect: 555-010-2000\n"
    zones = [
        (z.kind, text[z.start : z.end])
        for z in find_zones(text, names=frozenset({"elena", "chen"}))
    ]
    assert ("signature", "Elena Chen\nCare Coordinator\nDirect: 555-010-2000") in zones
    assert not any(k == "signature" for k, _ in zones_of(text))


def test_a_greeting_with_the_senders_first_name_is_not_a_signature() -> None:
    """Sender and recipient may share a first name: ``Kateryna -`` at the top greets."""
    text = "Kateryna -\n\nApplicant: Nguyen Banerjee\nSSN: 161-39-5095\n\nThanks,\nKateryna Greenberg\n"
    zones = [
        (z.kind, text[z.start : z.end])
        for z in find_zones(text, names=frozenset({"kateryna", "greenberg"}))
    ]
    assert ("greeting", "Kateryna -") in zones
    assert not any(k == "signature" and "161-39" in t for k, t in zones)


def test_a_sentence_after_a_closing_is_not_signature() -> None:
    """``Thanks again`` over a line of prose: the prose stays inspected, a name line does not."""
    text = "Hello,\n\nThanks again\n\nFor payroll set-up: Wei Rossi, SSN 453-41-1189, start date next Monday.\n"
    start = text.index("453-41-1189")
    assert kinds_at(find_zones(text), [start]) == [frozenset()]
    signed = "Hello,\n\nThanks again\n\nWei Rossi\nPayroll Office, Building 4\n"
    assert "signature" in kinds_at(find_zones(signed), [signed.index("Payroll")])[0]


_ZONE_WORDS = [
    "Dr", "Dr.", "Doctor", "Prof.", "Anna", "Lee", "O'Neil", "Nuñez", "ǅemal", "Aꟑ", "J.", ",",
    ", ", " ", "  ", "\t", "\n", "RN", "MD", "M.D.", "D.O", "PA-C", "FACC", "Medical", "Assistant",
    "Nurse", "Case", "Manager", "your", "YOUR", "Your", "yourself", "Cedar", "Valley",
    "Cardiology", "Health", "Healthcare", "Hospitals", "&", "and", "Inc", "Labs", "Center",
    "Orthopaedics", "Supplies", "’", "'", "-", "ſ", "K", "İ", "x", "2024",
]  # fmt: skip


@settings(max_examples=600)
@given(
    st.one_of(
        st.lists(st.sampled_from(_ZONE_WORDS), max_size=30).map("".join),
        st.lists(st.sampled_from(_ZONE_WORDS), max_size=15).map(" ".join),
        st.text(max_size=80),
    )
)
def test_the_prefilter_never_skips_a_pattern_that_matches(text: str) -> None:
    """A zone pattern that matches the text is always among those the Hyperscan pass allows,
    so skipping the others changes no zone."""
    possible = zones._possible(text)
    for pattern, _, _ in zones._NECESSARY:
        if pattern.search(text):
            assert pattern in possible, (pattern.pattern[:40], text)


def test_the_prefilter_skips_patterns_on_plain_text() -> None:
    """Text with no title, credential, role, organisation word or 'your' runs none of them."""
    if zones._NECESSARY_SCANNER is None:
        pytest.skip("without Hyperscan every pattern runs")
    assert zones._possible("1XXXXXXXXXXXXXXXXXXXX\n2XXXXXXXXXXXXXXX\n") == frozenset()
    assert zones._possible("Anna Lee, RN") == frozenset({zones._PROVIDER})


_PATTERN_WORDS = sorted(
    set(re.findall(r"[A-Z][A-Za-z]+", zones._PROVIDER.pattern + zones._ORGANISATION.pattern))
)


@pytest.mark.parametrize("word", _PATTERN_WORDS)
def test_the_prefilter_allows_every_title_credential_role_and_organisation_word(word: str) -> None:
    """Each word the provider and organisation patterns end on, in the shapes they match."""
    for text in (f"Cedar Valley {word}", f"Anna Lee, {word}", f"Anna Lee {word}", f"{word} Anna"):
        possible = zones._possible(text)
        for pattern in (zones._PROVIDER, zones._ORGANISATION):
            if pattern.search(text):
                assert pattern in possible, (word, text)
