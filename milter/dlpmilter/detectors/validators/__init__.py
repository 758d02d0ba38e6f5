"""Named validators of the ``pattern`` detector: one module per family of identifiers.

Each validator is a pure function ``str -> bool`` on the matched value with the detector's
separators removed. :data:`CATALOGUE` is what the built-in plugin registers through
``dlp_register_validators``. A validator that needs data (the ICD-10-CM code list) has a
``prepare(context)`` method the detector calls once, at build time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from dlpmilter.detectors.validators.bank import aba_routing, iban
from dlpmilter.detectors.validators.card import credit_card, not_test_card
from dlpmilter.detectors.validators.dates import birth_date
from dlpmilter.detectors.validators.digits import ndc, not_trivial
from dlpmilter.detectors.validators.icd10 import icd10cm
from dlpmilter.detectors.validators.licence import us_driver_license, us_passport
from dlpmilter.detectors.validators.luhn import luhn
from dlpmilter.detectors.validators.mbi import us_mbi
from dlpmilter.detectors.validators.network import email, ip_address, ipv4, ipv6, url
from dlpmilter.detectors.validators.phone import phone
from dlpmilter.detectors.validators.provider import us_dea, us_npi
from dlpmilter.detectors.validators.ssn import us_ssn

if TYPE_CHECKING:
    from dlpmilter.detectors.base import BuildContext


@runtime_checkable
class PreparedValidator(Protocol):
    """A validator that loads data once, when a detector using it is built."""

    def prepare(self, context: BuildContext) -> None:
        """Load what the validator needs; raise :class:`~dlpmilter.errors.ConfigError` if
        it cannot."""

    def __call__(self, value: str) -> bool:
        """Whether ``value`` is valid."""


#: The built-in validators, by the name rule packs use.
CATALOGUE: Mapping[str, Callable[[str], bool]] = MappingProxyType(
    {
        "luhn": luhn,
        "us_ssn": us_ssn,
        "credit_card": credit_card,
        "not_test_card": not_test_card,
        "us_npi": us_npi,
        "us_dea": us_dea,
        "us_mbi": us_mbi,
        "aba_routing": aba_routing,
        "iban": iban,
        "icd10cm": icd10cm,
        "ndc": ndc,
        "not_trivial": not_trivial,
        "birth_date": birth_date,
        "phone": phone,
        "email": email,
        "ipv4": ipv4,
        "ipv6": ipv6,
        "ip_address": ip_address,
        "url": url,
        "us_driver_license": us_driver_license,
        "us_passport": us_passport,
    }
)

__all__ = ["CATALOGUE", "PreparedValidator"]
