"""Payment card validator: issuer ranges, lengths, Luhn and the test-number list."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.card import TEST_NUMBERS, credit_card, not_test_card
from dlpmilter.detectors.validators.luhn import luhn
from strategies import card_numbers


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("4532015112830366", True),  # Visa 16
        ("4111111111111111", True),  # a test number is still a card; not_test_card drops it
        ("4222222222222", True),  # Visa 13
        ("5425233430109903", True),  # Mastercard 51-55
        ("2223000048410010", True),  # Mastercard 2221-2720
        ("2720992720992729", True),
        ("374245455400126", True),  # Amex 15
        ("6011000991300009", True),  # Discover
        ("6445644564456445", True),  # Discover 644-649
        ("3566002020360505", True),  # JCB
        ("36227206271667", True),  # Diners 14
        ("6200000000000005", True),  # UnionPay
        ("4532015112830367", False),  # Luhn broken
        ("2721000000000005", False),  # above the Mastercard 2-series
        ("2220990000000003", False),  # below it
        ("3742454554001265", False),  # Amex with 16 digits
        ("1234567812345670", False),  # no issuer starts with 1
        ("9780306406157", False),  # ISBN-13: no issuer 97
        ("0000000000000000", False),
        ("453201511283", False),  # 12 digits
        ("45320151128303661234", False),  # 20 digits
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """Numbers in a real issuer range with a valid Luhn digit pass."""
    assert credit_card(value) is valid


def test_published_test_numbers_are_listed() -> None:
    """The famous test numbers are excluded by not_test_card, a real-looking one is not."""
    for number in ("4111111111111111", "5555555555554444", "4242424242424242", "378282246310005"):
        assert number in TEST_NUMBERS
        assert not not_test_card(number)
    assert not_test_card("4532015112830366")


def test_test_numbers_pass_luhn() -> None:
    """Every listed test number is a well-formed number (so the list is worth having)."""
    assert all(luhn(number) for number in TEST_NUMBERS)


@given(card_numbers())
def test_generated_cards_pass(number: str) -> None:
    """Any number built in an issuer range with a Luhn digit passes."""
    assert credit_card(number)


@given(card_numbers(), st.integers(1, 9))
def test_broken_check_digit_fails(number: str, shift: int) -> None:
    """Changing the last digit breaks it."""
    broken = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert not credit_card(broken)
