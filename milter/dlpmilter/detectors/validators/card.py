"""Payment card numbers: length, a real issuer prefix (IIN) and the Luhn checksum."""

from __future__ import annotations

from dataclasses import dataclass

from dlpmilter.detectors.validators.luhn import luhn


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuerRange:
    """A range of issuer prefixes of one length and the card lengths issued in it."""

    network: str
    low: str
    high: str
    lengths: frozenset[int]

    def covers(self, number: str) -> bool:
        """Whether ``number`` starts in this range and has one of its lengths."""
        head = number[: len(self.low)]
        return len(number) in self.lengths and self.low <= head <= self.high


def _r(network: str, low: str, high: str, *lengths: int) -> IssuerRange:
    return IssuerRange(network=network, low=low, high=high, lengths=frozenset(lengths))


_16_19 = (16, 17, 18, 19)

#: Issuer identification ranges of the card networks (ISO/IEC 7812 assignments as published by
#: the networks). Ranges may overlap: a number is valid when any range covers it.
ISSUER_RANGES: tuple[IssuerRange, ...] = (
    _r("visa", "4", "4", 13, 16, 19),
    _r("mastercard", "51", "55", 16),
    _r("mastercard", "2221", "2720", 16),
    _r("amex", "34", "34", 15),
    _r("amex", "37", "37", 15),
    _r("discover", "6011", "6011", *_16_19),
    _r("discover", "644", "649", *_16_19),
    _r("discover", "65", "65", *_16_19),
    _r("diners", "300", "305", 14, 15, 16, 17, 18, 19),
    _r("diners", "36", "36", 14, 15, 16, 17, 18, 19),
    _r("diners", "38", "39", 14, 15, 16, 17, 18, 19),
    _r("jcb", "3528", "3589", *_16_19),
    _r("unionpay", "62", "62", *_16_19),
    _r("unionpay", "81", "81", *_16_19),
    _r("maestro", "50", "50", 13, 14, 15, *_16_19),
    _r("maestro", "56", "58", 13, 14, 15, *_16_19),
    _r("maestro", "6304", "6304", 13, 14, 15, *_16_19),
    _r("maestro", "6759", "6759", 13, 14, 15, *_16_19),
    _r("maestro", "6761", "6763", 13, 14, 15, *_16_19),
    _r("mir", "2200", "2204", *_16_19),
    _r("rupay", "60", "60", 16),
    _r("rupay", "508", "508", 16),
    _r("interpayment", "636", "636", *_16_19),
    _r("troy", "9792", "9792", 16),
)

#: The networks' and processors' published test numbers: they appear in developer mail, never
#: on a real card. Excluded when the ``exclude_test_card_numbers`` setting is true.
TEST_NUMBERS = frozenset(
    {
        "4111111111111111", "4012888888881881", "4222222222222", "4242424242424242",
        "4000056655665556", "4000000000000002", "4000000000000077", "4000000000000093",
        "4000000000000127", "4000000000003220", "4000002500003155", "4000000000009995",
        "4917610000000000", "4917610000000000003", "4462030000000000", "4484070000000000",
        "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454",
        "2223003122003222", "2223000048400011", "5431111111111111", "5500000000000004",
        "378282246310005", "371449635398431", "378734493671000", "340000000000009",
        "370000000000002", "6011111111111117", "6011000990139424", "6011981111111113",
        "6011000000000004", "6011000000000012", "6445644564456445", "3056930009020004",
        "30569309025904", "36227206271667", "38520000023237", "36006666333344",
        "30000000000004", "3566002020360505", "3530111333300000", "3566111111111113",
        "6200000000000005", "6205500000000000004", "6759649826438453", "6799990100000000019",
    }
)  # fmt: skip


def credit_card(value: str) -> bool:
    """Whether 13-19 digits form a card number: a known issuer range and a valid Luhn digit."""
    if not 13 <= len(value) <= 19 or not (value.isascii() and value.isdigit()):
        return False
    if not any(issuer.covers(value) for issuer in ISSUER_RANGES):
        return False
    return luhn(value)


def not_test_card(value: str) -> bool:
    """False for the published test card numbers in :data:`TEST_NUMBERS`."""
    return value not in TEST_NUMBERS
