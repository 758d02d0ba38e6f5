"""ABA routing number and IBAN validators."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.bank import IBAN_LENGTHS, ROUTING_PREFIXES, aba_routing, iban


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("021000021", True),  # JPMorgan Chase, New York
        ("011000015", True),  # Federal Reserve Bank of Boston
        ("322271627", True),
        ("021000022", False),  # checksum
        ("131000021", False),  # prefix 13 unused
        ("000000000", False),
        ("02100002", False),
    ],
)
def test_aba_vectors(value: str, valid: bool) -> None:
    """Real routing numbers pass; a bad prefix or checksum fails."""
    assert aba_routing(value) is valid


def aba_check(first8: str) -> str:
    d = [int(c) for c in first8]
    partial = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
    return str(-partial % 10)


@given(
    st.sampled_from(sorted(ROUTING_PREFIXES)),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_generated_routing_pass(prefix: str, rest: str) -> None:
    """A valid prefix and the 3-7-1 check digit pass; any other last digit fails."""
    value = prefix + rest + aba_check(prefix + rest)
    assume(value != value[0] * 9)
    assert aba_routing(value)
    assert not aba_routing(value[:-1] + str((int(value[-1]) + 1) % 10))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("DE89370400440532013000", True),
        ("FR1420041010050500013M02606", True),
        ("NO9386011117947", True),
        ("gb82west12345698765432", True),
        ("GB82WEST12345698765433", False),  # check
        ("GB82WEST1234569876543", False),  # length for GB
        ("XX82WEST12345698765432", False),  # no such country
        ("GBAAWEST12345698765432", False),
    ],
)
def test_iban_vectors(value: str, valid: bool) -> None:
    """Published example IBANs pass; a changed character, length or country fails."""
    assert iban(value) is valid


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(IBAN_LENGTHS)))
    bban = draw(
        st.text(
            alphabet="0123456789",
            min_size=IBAN_LENGTHS[country] - 4,
            max_size=IBAN_LENGTHS[country] - 4,
        )
    )
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


@given(ibans())
def test_generated_ibans_pass(value: str) -> None:
    """Any country's IBAN built with mod-97 check digits passes; a changed digit fails."""
    assert iban(value)
    last = value[-1]
    assert not iban(value[:-1] + str((int(last) + 1) % 10))
