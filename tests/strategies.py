"""Hypothesis strategies shared by several test modules.

``tests`` is on ``sys.path`` during a test run (``pythonpath`` in ``pyproject.toml``), so a test
module imports them with ``from strategies import card_numbers``.
"""

from __future__ import annotations

from hypothesis import strategies as st

from dlpmilter.detectors.validators.card import ISSUER_RANGES
from dlpmilter.detectors.validators.luhn import luhn_check_digit

__all__ = ["card_numbers"]


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    """A valid payment card number: a prefix in a random issuer range, a length that issuer
    uses, random digits and a Luhn check digit. Published test numbers are not excluded.

    :param draw: Hypothesis's draw function (supplied by ``st.composite``).
    :returns: the number as a string of ASCII digits.
    """
    issuer = draw(st.sampled_from(ISSUER_RANGES))
    length = draw(st.sampled_from(sorted(issuer.lengths)))
    width = len(issuer.low)
    prefix = str(draw(st.integers(int(issuer.low), int(issuer.high)))).zfill(width)
    body = draw(
        st.text(alphabet="0123456789", min_size=length - width - 1, max_size=length - width - 1)
    )
    payload = prefix + body
    return payload + luhn_check_digit(payload)
