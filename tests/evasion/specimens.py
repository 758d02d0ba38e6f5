"""The base messages the evasion techniques hide: one sensitive statement each, built around a
valid identifier (or a named patient with a diagnosis), plus a clean statement for the negative
controls.

Identifiers are valid on purpose: the SSN has an assignable area, group and serial; the card
numbers carry real issuer prefixes (Mastercard 2-series, American Express) and a Luhn check
digit, and are not published test numbers. A technique that hides a broken number proves
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


def luhn_complete(payload: str) -> str:
    """``payload`` followed by its Luhn check digit.

    :param payload: the digits before the check digit.
    """
    total = 0
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return payload + str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the digits of ``number`` pass the Luhn check."""
    return luhn_complete(number[:-1]) == number


def split_groups(number: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    """Cut ``number`` into consecutive groups of the given sizes (which must add up)."""
    assert sum(sizes) == len(number), (number, sizes)
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start : start + size])
        start += size
    return tuple(groups)


@dataclass(frozen=True, slots=True, kw_only=True)
class Specimen:
    """One sensitive statement to hide.

    :param name: short id used in test ids (``ssn``, ``card_mc``...).
    :param label: the classification the message must get (``PII``, ``PCI``, ``PHI``), or
        ``None`` for the clean control.
    :param entities: entities that must be among the verdict's findings when caught.
    :param groups: the pieces of the hidden value (digit groups of an identifier, or the words
        of a name); techniques split, re-separate or re-encode these.
    :param sep: the separator of the value's ordinary written form.
    :param before: text before the value, holding its hotword.
    :param after: text after the value.
    :param short: a short form (with hotword) that fits a subject or a file name.
    :param record: the statement as (column, value) pairs, for CSV and spreadsheet carriers.
    :param numeric: the value is made of digits (digit-level techniques apply).
    """

    name: str
    label: str | None
    entities: tuple[str, ...]
    groups: tuple[str, ...]
    sep: str
    before: str
    after: str
    short: str
    record: tuple[tuple[str, str], ...]
    numeric: bool = True

    @property
    def value(self) -> str:
        """The value as ordinarily written."""
        return self.sep.join(self.groups)

    def sentence(self, value: str | None = None) -> str:
        """The statement, with ``value`` (default: the ordinary form) in place."""
        return f"{self.before}{self.value if value is None else value}{self.after}"


SSN = "536228147"
CARD_MC = luhn_complete("222300471156038")
CARD_AMEX = luhn_complete("37859406215714")
MRN = "40718823"

SPECIMENS: tuple[Specimen, ...] = (
    Specimen(
        name="ssn",
        label="PII",
        entities=("US_SSN",),
        groups=split_groups(SSN, (3, 2, 4)),
        sep="-",
        before="Payroll onboarding for Dana Whitfield: SSN ",
        after=", start date 5 January 2026; the direct deposit form follows.",
        short="Whitfield SSN 536-22-8147",
        record=(("Employee", "Dana Whitfield"), ("SSN", "536-22-8147"), ("Start", "2026-01-05")),
    ),
    Specimen(
        name="card_mc",
        label="PCI",
        entities=("CREDIT_CARD",),
        groups=split_groups(CARD_MC, (4, 4, 4, 4)),
        sep=" ",
        before="Please charge the Mastercard ",
        after=" exp 08/28 for the clinic deposit.",
        short="Mastercard " + " ".join(split_groups(CARD_MC, (4, 4, 4, 4))) + " exp 08-28",
        record=(
            ("Cardholder", "Dana Whitfield"),
            ("Card number", " ".join(split_groups(CARD_MC, (4, 4, 4, 4)))),
            ("Expiry", "08/28"),
        ),
    ),
    Specimen(
        name="card_amex",
        label="PCI",
        entities=("CREDIT_CARD",),
        groups=split_groups(CARD_AMEX, (4, 6, 5)),
        sep=" ",
        before="Amex card number ",
        after=", expiry 11/27, CVV 4417, for the conference registration.",
        short="Amex " + " ".join(split_groups(CARD_AMEX, (4, 6, 5))) + " exp 11-27",
        record=(
            ("Cardholder", "Dana Whitfield"),
            ("Card number", " ".join(split_groups(CARD_AMEX, (4, 6, 5)))),
            ("Expiry", "11/27"),
        ),
    ),
    Specimen(
        name="mrn",
        label="PHI",
        entities=("MEDICAL_RECORD_NUMBER",),
        groups=split_groups(MRN, (4, 4)),
        sep="",
        before="Patient MRN ",
        after=" was admitted with congestive heart failure; continue furosemide 40 mg daily.",
        short="MRN 40718823 congestive heart failure furosemide",
        record=(
            ("MRN", MRN),
            ("Diagnosis", "congestive heart failure"),
            ("Medication", "furosemide 40 mg"),
        ),
    ),
    Specimen(
        name="name_dx",
        label="PHI",
        entities=("PERSON",),
        groups=("Maria", "Gonzalez"),
        sep=" ",
        before="Patient ",
        after=(
            " was seen today for type 2 diabetes mellitus with peripheral neuropathy;"
            " started metformin and gabapentin."
        ),
        short="Patient Maria Gonzalez diabetes mellitus metformin gabapentin",
        record=(
            ("Patient", "Maria Gonzalez"),
            ("Diagnosis", "type 2 diabetes mellitus"),
            ("Medication", "metformin, gabapentin"),
        ),
        numeric=False,
    ),
)

#: The negative control: the same carriers with nothing sensitive in them.
CLEAN = Specimen(
    name="clean",
    label=None,
    entities=(),
    groups=("Thursday", "at", "3", "pm"),
    sep=" ",
    before="The quarterly planning meeting moved to ",
    after=" in room 204; please bring the budget figures for the third quarter.",
    short="Planning meeting moved to Thursday",
    record=(("Meeting", "Quarterly planning"), ("Day", "Thursday"), ("Room", "204")),
    numeric=False,
)

#: A second negative control full of numbers that are not identifiers (an invoice number, a
#: purchase order, an amount, a date), for every technique, the digit-level ones included.
CLEAN_NUMBERS = Specimen(
    name="clean_numbers",
    label=None,
    entities=(),
    groups=("4471", "2290", "18"),
    sep="-",
    before="Invoice ",
    after=" for purchase order 55-1234, total $1,234.56, was paid on 16 November 2026.",
    short="Invoice 4471-2290-18 paid",
    record=(("Invoice", "4471-2290-18"), ("PO", "55-1234"), ("Total", "1234.56")),
)
