"""The shipped identifier catalogue (``rules/identifiers.yaml``): table tests in Presidio's style
(text, expected values, expected confidence band), hard negatives, and properties (generated
valid identifiers are found, broken checksums are not)."""

from __future__ import annotations

import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.base import BuildContext, ScanContext
from dlpmilter.detectors.pattern import PatternDetector, PatternParams
from dlpmilter.detectors.validators.bank import IBAN_LENGTHS, ROUTING_PREFIXES
from dlpmilter.detectors.validators.card import TEST_NUMBERS
from dlpmilter.detectors.validators.luhn import luhn_check_digit
from dlpmilter.detectors.validators.mbi import EXCLUDED_LETTERS, POSITIONS
from dlpmilter.detectors.validators.provider import DEA_REGISTRANT_TYPES
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.plugins import load_registry
from dlpmilter.rules import load_packs
from dlpmilter.settings import load_settings
from dlpmilter.verdict import Confidence
from strategies import card_numbers

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "rules" / "identifiers.yaml"
CODES = ROOT / "rules" / "vocab" / "icd10cm_codes.txt.gz"

if not CODES.exists():
    pytest.skip("the ICD-10-CM list is built by the vocabulary script", allow_module_level=True)


def _build() -> list[PatternDetector]:
    registry = load_registry()
    ctx = BuildContext(
        base_dir=PACK.parent,
        salt=b"test",
        settings={"rules_dir": str(PACK.parent)},
        validators=registry.validators,
    )
    entries = yaml.safe_load(PACK.read_text(encoding="utf-8"))["detectors"]
    return [
        PatternDetector(id=e["id"], params=PatternParams.model_validate(e["params"]), context=ctx)
        for e in entries
    ]


DETECTORS = _build()
BAND = {"low": Confidence.LOW, "medium": Confidence.MEDIUM, "high": Confidence.HIGH}


def scan(text: str) -> list[tuple[str, str, str]]:
    """(entity, matched text, confidence band) of every finding of the shipped catalogue."""
    part = Part(location="body", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    out = []
    for detector in DETECTORS:
        for f in detector.detect(part, ctx):
            band = Confidence.of(f.score).name.lower()
            out.append((f.start, f.entity, text[f.start : f.end], band))
    return [(entity, value, band) for _, entity, value, band in sorted(out)]


def entities(text: str) -> set[str]:
    return {entity for entity, _, _ in scan(text)}


def test_pack_loads_through_the_rule_loader() -> None:
    """The rule loader accepts the pack and builds one detector per identifier entity, plus the
    lab-result detector (MEDICAL_TERM)."""
    policy = load_packs([PACK], load_registry(), load_settings(), salt=b"x")
    assert len(policy.detectors) == len(DETECTORS) == 21
    declared = {d.params.entity for d in DETECTORS}
    assert declared == {*PatternDetector.entities, "MEDICAL_TERM"}


# fmt: off
POSITIVES: list[tuple[str, list[tuple[str, str, str]]]] = [
    # US_SSN
    ("Patient SSN 219-45-6789 on file", [("US_SSN", "219-45-6789", "high")]),
    ("ref 219-45-6789", [("US_SSN", "219-45-6789", "high")]),
    ("Social Security Number: 219 45 6789", [("US_SSN", "219 45 6789", "high")]),
    ("SSN 219.45.6789", [("US_SSN", "219.45.6789", "high")]),
    ("ss# 219456789", [("US_SSN", "219456789", "high")]),
    # CREDIT_CARD
    ("card 4532 0151 1283 0366 exp 11/28", [("CREDIT_CARD", "4532 0151 1283 0366", "high")]),
    ("4532-0151-1283-0366", [("CREDIT_CARD", "4532-0151-1283-0366", "high")]),
    ("Amex 3742 454554 00126", [("CREDIT_CARD", "3742 454554 00126", "high")]),
    ("card 3742 4545 5400 126 exp 09/28", [("CREDIT_CARD", "3742 4545 5400 126", "high")]),
    ("ref 3742 4545 5400 126", [("CREDIT_CARD", "3742 4545 5400 126", "medium")]),
    ("MC 2223000048410010", [("CREDIT_CARD", "2223000048410010", "medium")]),  # no card context
    ("Card used: 5544344432764045, expires 01/29", [("CREDIT_CARD", "5544344432764045", "high")]),
    ("ref 4532015112830366", [("CREDIT_CARD", "4532015112830366", "medium")]),
    ("Discover 6011000991300009", [("CREDIT_CARD", "6011000991300009", "high")]),
    ("JCB 3589 2103 4567 1232", [("CREDIT_CARD", "3589 2103 4567 1232", "high")]),
    ("Diners 3614 890064 7913", [("CREDIT_CARD", "3614 890064 7913", "high")]),
    ("card 4532 0151\n1283 0366 exp 11/28", [("CREDIT_CARD", "4532 0151\n1283 0366", "high")]),
    ("card 4 5 3 2 0 1 5 1 1 2 8 3 0 3 6 6", [("CREDIT_CARD", "4 5 3 2 0 1 5 1 1 2 8 3 0 3 6 6", "high")]),
    ("ref 4532-0151 1283.0366", [("CREDIT_CARD", "4532-0151 1283.0366", "medium")]),
    ("SSN 2 1 9 4 5 6 7 8 9", [("US_SSN", "2 1 9 4 5 6 7 8 9", "high")]),
    # separators an evader may use between groups (normalize.py leaves them to the patterns)
    ("SSN 536/22/8147", [("US_SSN", "536/22/8147", "high")]),
    ("SSN 536 - 22 - 8147", [("US_SSN", "536 - 22 - 8147", "high")]),
    ("card 4532 - 0151 - 1283 - 0366", [("CREDIT_CARD", "4532 - 0151 - 1283 - 0366", "high")]),
    ("SSN 536\n22\n8147", [("US_SSN", "536\n22\n8147", "high")]),
    ("card 4532/0151/1283/0366", [("CREDIT_CARD", "4532/0151/1283/0366", "high")]),
    ("card 4532  0151  1283  0366", [("CREDIT_CARD", "4532  0151  1283  0366", "high")]),
    ("Amex 3742.454554.00126", [("CREDIT_CARD", "3742.454554.00126", "high")]),
    ("Amex 3742\n454554\n00126", [("CREDIT_CARD", "3742\n454554\n00126", "high")]),
    ("Patient MRN 4071 8823 admitted", [("MEDICAL_RECORD_NUMBER", "4071 8823", "high")]),
    ("Patient MRN 4071/8823 admitted", [("MEDICAL_RECORD_NUMBER", "4071/8823", "high")]),
    ("Patient MRN 4071\n8823 admitted", [("MEDICAL_RECORD_NUMBER", "4071\n8823", "high")]),
    ("Patient MRN 4 0 7 1 8 8 2 3 admitted", [("MEDICAL_RECORD_NUMBER", "4 0 7 1 8 8 2 3", "high")]),
    ("SSN\t536\t22\t8147", [("US_SSN", "536\t22\t8147", "high")]),  # HTML table cells
    ("Card number\t4532\t0151\t1283\t0366", [("CREDIT_CARD", "4532\t0151\t1283\t0366", "high")]),
    ("charge 4458.9666.0877.7711 exp 02/29", [("CREDIT_CARD", "4458.9666.0877.7711", "high")]),
    # US_NPI
    ("Rendering provider NPI: 1245319599", [("US_NPI", "1245319599", "high")]),
    ("provider 1245319599", [("US_NPI", "1245319599", "low")]),  # no NPI hotword: weak
    # US_DEA
    ("DEA# BJ6125341", [("US_DEA", "BJ6125341", "high")]),
    ("Registration AB1234563 renewed", [("US_DEA", "AB1234563", "high")]),
    # US_MBI
    ("Medicare ID 1EG4-TE5-MK73", [("US_MBI", "1EG4-TE5-MK73", "high")]),
    ("beneficiary 1EG4TE5MK73", [("US_MBI", "1EG4TE5MK73", "high")]),
    ("mbi 1eg4-te5-mk73", [("US_MBI", "1eg4-te5-mk73", "high")]),
    # US_ABA_ROUTING and US_BANK_NUMBER
    ("Routing number: 011000015", [("US_ABA_ROUTING", "011000015", "high")]),
    ("Checking account 48291734120", [("US_BANK_NUMBER", "48291734120", "high")]),
    # IBAN_CODE
    ("IBAN DE89 3704 0044 0532 0130 00", [("IBAN_CODE", "DE89 3704 0044 0532 0130 00", "high")]),
    ("pay to GB82WEST12345698765432", [("IBAN_CODE", "GB82WEST12345698765432", "high")]),
    # US_PASSPORT and US_DRIVER_LICENSE
    ("Passport no. 492817365", [("US_PASSPORT", "492817365", "high")]),
    ("Passport: C03005988", [("US_PASSPORT", "C03005988", "high")]),
    ("Driver's license D4829173", [("US_DRIVER_LICENSE", "D4829173", "high")]),
    ("DL# S482-917-36-501-0", [("US_DRIVER_LICENSE", "S482-917-36-501-0", "high")]),
    ("Driver's license: WDKPVJOC46EF (WA)", [("US_DRIVER_LICENSE", "WDKPVJOC46EF", "high")]),
    # MEDICAL_LICENSE
    ("Medical license: MD-482917", [("MEDICAL_LICENSE", "MD-482917", "high")]),
    # MEDICAL_RECORD_NUMBER
    ("MRN 4829173", [("MEDICAL_RECORD_NUMBER", "4829173", "high")]),
    ("Chart #: A0048291", [("MEDICAL_RECORD_NUMBER", "A0048291", "high")]),
    ("Medical record number E-00482917", [("MEDICAL_RECORD_NUMBER", "E-00482917", "high")]),
    ("MRN: 518-6822    DOB: 01/28/2000", [("MEDICAL_RECORD_NUMBER", "518-6822", "high"), ("DATE_OF_BIRTH", "01/28/2000", "high")]),
    # HEALTH_PLAN_ID
    ("Member ID: XEH829174512", [("HEALTH_PLAN_ID", "XEH829174512", "high")]),
    ("Policy number 84729163", [("HEALTH_PLAN_ID", "84729163", "high")]),
    ("Medicaid ID 920481736", [("HEALTH_PLAN_ID", "920481736", "high")]),
    ("Subscriber ID: 381A908767", [("HEALTH_PLAN_ID", "381A908767", "high")]),
    # ICD10_CODE
    ("Dx E11.9 and I10", [("ICD10_CODE", "E11.9", "high"), ("ICD10_CODE", "I10", "medium")]),
    ("assessment: F32.9", [("ICD10_CODE", "F32.9", "high")]),
    ("seen for J44.9 last week", [("ICD10_CODE", "J44.9", "medium")]),
    ("Diagnóstico: hipertensión (I10)", [("ICD10_CODE", "I10", "medium")]),
    ("Principal diagnosis: CKD stage 3 (N18.30)", [("ICD10_CODE", "N18.30", "high")]),
    # NDC_CODE
    ("NDC 50090-2948-01", [("NDC_CODE", "50090-2948-01", "high")]),
    ("ndc: 0002-3227-30", [("NDC_CODE", "0002-3227-30", "high")]),
    # DATE_OF_BIRTH
    ("DOB: 03/14/1962", [("DATE_OF_BIRTH", "03/14/1962", "high")]),
    ("Date of birth 14 Mar 1962", [("DATE_OF_BIRTH", "14 Mar 1962", "high")]),
    ("born on March 14, 1962", [("DATE_OF_BIRTH", "March 14, 1962", "high")]),
    ("D.O.B. 1962-03-14", [("DATE_OF_BIRTH", "1962-03-14", "high")]),
    ("birthdate 14-Mar-62", [("DATE_OF_BIRTH", "14-Mar-62", "high")]),
    ("DOB: 14th of March 1962", [("DATE_OF_BIRTH", "14th of March 1962", "high")]),
    ("DOB 1962/03/14", [("DATE_OF_BIRTH", "1962/03/14", "high")]),
    ("TC from Thandiwe Chowdhury (07/24/1952) - c/o", [("DATE_OF_BIRTH", "07/24/1952", "medium")]),
    ("Rivera, Ana - 3/2/1961 MRI results", [("DATE_OF_BIRTH", "3/2/1961", "medium")]),
    ("Rivera, Ana 03/02/1961 - MRI results", [("DATE_OF_BIRTH", "03/02/1961", "medium")]),
    ("Encounter #: 20260412873", [("MEDICAL_RECORD_NUMBER", "20260412873", "high")]),
    # PHONE_NUMBER, EMAIL_ADDRESS, IP_ADDRESS, URL: weak alone
    ("reach me at (617) 253-1000", [("PHONE_NUMBER", "(617) 253-1000", "low")]),
    ("cell 617.253.1000", [("PHONE_NUMBER", "617.253.1000", "medium")]),
    ("+44 20 7946 0958", [("PHONE_NUMBER", "+44 20 7946 0958", "low")]),
    ("tel 6172531000", [("PHONE_NUMBER", "6172531000", "low")]),
    ("write to jane.doe@example.org", [("EMAIL_ADDRESS", "jane.doe@example.org", "low")]),
    ("from 10.12.4.201", [("IP_ADDRESS", "10.12.4.201", "low")]),
    ("host 2001:db8::1", [("IP_ADDRESS", "2001:db8::1", "low")]),
    ("see https://ehr.example.com/pt/4829173.", [("URL", "https://ehr.example.com/pt/4829173", "low")]),
    # MEDICAL_TERM: a lab result with its clinical unit, whatever the analyte is called
    ("Potassium                  6.0 mmol/L         H", [("MEDICAL_TERM", "6.0 mmol/L", "medium")]),
    ("creatinine 1.4 mg/dL", [("MEDICAL_TERM", "1.4 mg/dL", "medium")]),
    ("eGFR 38 mL/min/1.73m2", [("MEDICAL_TERM", "38 mL/min/1.73m2", "medium")]),
    ("WBC 11.2 x10^9/L, Hgb 9.8 g/dL", [("MEDICAL_TERM", "11.2 x10^9/L", "medium"), ("MEDICAL_TERM", "9.8 g/dL", "medium")]),
    ("TSH <0.01 mIU/L", [("MEDICAL_TERM", "<0.01 mIU/L", "medium")]),
]
# fmt: on


# fmt: off
NOT_LAB_RESULTS: list[str] = [
    "Insulin syringes 0.5 mL 31G, 100/bx",
    "Sharps container 2 gal, 17 units",
    "pantoprazole 40 mg daily",
    "Bandwidth 100 Mb/s, 2.5 GB/day",
    "Speed 60 km/h, 3.5 L/100km",
    "Ratio 10 mg/dLx is not a unit",
]
# fmt: on


@pytest.mark.parametrize("text", NOT_LAB_RESULTS)
def test_amounts_that_are_not_lab_results(text: str) -> None:
    """Doses, supplies and other measures are not lab results."""
    assert "MEDICAL_TERM" not in entities(text)


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_positives(text: str, expected: list[tuple[str, str, str]]) -> None:
    """Each identifier is found, with exactly the expected span and confidence band."""
    assert scan(text) == expected


# fmt: off
HARD_NEGATIVES: list[str] = [
    "Your order #112-4832957-2216345 has shipped.",
    "Invoice INV-2024-000123, total $1,234.56, PO 4500012345.",
    "Tracking 1Z999AA10123456784; FedEx 7489 1234 5678; USPS 9400 1000 0000 0000 0000 00.",
    "Call the front desk, ext. 4567 or x1234.",
    "ISBN 978-0-306-40615-7 and ISBN 0-306-40615-2, EAN 9780306406157.",
    "Join us on March 14, 2025 for the gala; doors open 03/14/2025 at 6pm.",
    "Version 10.0.19041.1, build 2.3.1, release 4.12.0.",
    "Logged 2024-11-14T15:30:45Z, batch 20231114153045, epoch 1700000000.",
    "Ship to Cambridge MA 02139-4307 or San Francisco 94105-1234.",
    "Reference 12345678901234567890 and 98765432109876543210.",
    "Room B20, the I-10 freeway, the G20 summit and vitamin B12.",
    "Meeting ID 845 2345 6789, passcode 482917.",
    "Case number 2024-CV-001234; part no. AB-123456; serial SN123456789.",
    "Prices 4,532.01 and 1,234,567.89; GTIN 00012345678905; UPC 036000291452.",
    "The program was born in 1998 and the fund was established 01/02/1999.",
    "Test card 4111 1111 1111 1111 and 5555555555554444 in the sandbox.",
    "The advertising number 078-05-1120 from the wallet insert.",
    "SSN 000-12-3456, 666-12-3456, 912-45-6789 are never issued.",
    "Quote 4532015112830367 (order id).",
    "Lot 219456789 in the warehouse.",
    "Date 13/45/2020 and 02/30/1999 cannot be birth dates, DOB unknown.",
    "Temperature 36.6, BP 120/80, pulse 72.",
    "MRN on file; call 617 253 1000 or fax 617.253.1001 with questions.",
    "Meeting moved to Tuesday (03/14/2026); Board Review (03/14/2026).",
    "Services Agreement (01/05/2019) and Vendor Contract - 02/01/2024 renewal.",
    "Chowdhury (07/24/1952) alone is a surname, not a name.",
    "Quarterly Review 03/02/2012 and Budget, Final 04/05/2026 drafts.",
]
# fmt: on

STRONG = {
    "US_SSN", "CREDIT_CARD", "US_NPI", "US_DEA", "US_MBI", "US_ABA_ROUTING", "US_BANK_NUMBER",
    "IBAN_CODE", "US_PASSPORT", "US_DRIVER_LICENSE", "MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID",
    "ICD10_CODE", "NDC_CODE", "DATE_OF_BIRTH", "MEDICAL_LICENSE",
}  # fmt: skip


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives(text: str) -> None:
    """Business numbers that look like identifiers give no identifier finding."""
    assert [f for f in scan(text) if f[0] in STRONG] == []


def test_phone_in_a_newsletter_is_weak() -> None:
    """Contact numbers alone stay low confidence: rules need supporting evidence."""
    assert scan("Questions? Call 617-253-1000.") == [("PHONE_NUMBER", "617-253-1000", "medium")]


def test_identifier_inside_longer_runs_is_not_found() -> None:
    """A valid value embedded in a longer digit run is not an identifier."""
    for text in (
        "SSN 1219-45-6789",
        "SSN 219-45-67890",
        "card 45320151128303661",
        "NPI 11245319599",
        "card 4532 0151 1283 0366 1234",
    ):
        assert not entities(text) & {"US_SSN", "CREDIT_CARD", "US_NPI"}, text


# --- properties ------------------------------------------------------------------------------


@given(
    area=st.integers(1, 899).filter(lambda a: a not in (666, 78, 219, 457)),
    group=st.integers(1, 99),
    serial=st.integers(1, 9999),
    sep=st.sampled_from("-"),
)
def test_generated_ssns_found(area: int, group: int, serial: int, sep: str) -> None:
    """Every issuable SSN written with dashes is found at high confidence."""
    value = f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"
    assert ("US_SSN", value, "high") in scan(f"Employee {value} record")


@given(
    area=st.sampled_from([0, 666, 900, 999]), group=st.integers(1, 99), serial=st.integers(1, 9999)
)
def test_never_issued_ssns_not_found(area: int, group: int, serial: int) -> None:
    """Never-issued areas are not found, even with a hotword."""
    assert "US_SSN" not in entities(f"SSN {area:03d}-{group:02d}-{serial:04d}")


def grouped(number: str) -> str:
    return (
        " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        if len(number) == 16
        else number
    )


@settings(max_examples=200)
@given(card_numbers())
def test_generated_cards_found(number: str) -> None:
    """Every valid card number, plain or in groups of four, is found at high confidence."""
    assume(number not in TEST_NUMBERS)
    for written in {number, grouped(number)}:
        assert ("CREDIT_CARD", written, "high") in scan(f"Please charge {written} today")


@given(card_numbers(), st.integers(1, 9))
def test_broken_cards_not_found(number: str, shift: int) -> None:
    """A card with a wrong check digit is not found."""
    broken = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert "CREDIT_CARD" not in entities(f"card number {broken}")


@given(
    st.sampled_from("12"), st.text(alphabet="0123456789", min_size=8, max_size=8), st.integers(1, 9)
)
def test_npis(first: str, rest: str, shift: int) -> None:
    """Valid NPIs with a hotword are found high; a changed check digit is not found."""
    payload = first + rest
    npi = payload + luhn_check_digit("80840" + payload)
    assert ("US_NPI", npi, "high") in scan(f"NPI {npi}")
    broken = npi[:-1] + str((int(npi[-1]) + shift) % 10)
    assert "US_NPI" not in entities(f"NPI {broken}")


@given(
    st.sampled_from(sorted(DEA_REGISTRANT_TYPES)),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ9"),
    st.text(alphabet="0123456789", min_size=6, max_size=6).filter(lambda s: s != "000000"),
)
def test_deas(first: str, second: str, digits: str) -> None:
    """Valid DEA numbers are found high; a wrong check digit is not found."""
    d = [int(c) for c in digits]
    check = ((d[0] + d[2] + d[4]) + 2 * (d[1] + d[3] + d[5])) % 10
    value = f"{first}{second}{digits}{check}"
    assert ("US_DEA", value, "high") in scan(f"DEA {value}")
    assert "US_DEA" not in entities(f"DEA {value[:-1]}{(check + 1) % 10}")


LETTERS = "".join(sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - EXCLUDED_LETTERS))
MBI_CHOICES = {"C": "123456789", "A": LETTERS, "N": "0123456789", "AN": LETTERS + "0123456789"}


@given(st.tuples(*(st.sampled_from(MBI_CHOICES[k]) for k in POSITIONS)))
def test_mbis(chars: tuple[str, ...]) -> None:
    """Every MBI following the position rules is found, with or without dashes."""
    value = "".join(chars)
    dashed = f"{value[:4]}-{value[4:7]}-{value[7:]}"
    assert ("US_MBI", value, "high") in scan(f"Medicare {value}")
    assert ("US_MBI", dashed, "high") in scan(f"MBI {dashed}")


@given(st.sampled_from(sorted(IBAN_LENGTHS)), st.data())
def test_ibans(country: str, data: Any) -> None:
    """Valid IBANs (grouped in fours) are found high; a changed digit is not found."""
    size = IBAN_LENGTHS[country] - 4
    bban = data.draw(st.text(alphabet="0123456789", min_size=size, max_size=size))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    value = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    written = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    assert ("IBAN_CODE", written, "high") in scan(f"IBAN {written}")
    broken = value[:-1] + str((int(value[-1]) + 1) % 10)
    assert "IBAN_CODE" not in entities(f"IBAN {broken}")


FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%d %b %Y", "%B %d, %Y", "%d-%b-%Y", "%m-%d-%Y", "%b %d, %Y")


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31)), st.sampled_from(FORMATS))
def test_birth_dates(date: datetime.date, fmt: str) -> None:
    """Any real date, in any common format, after a birth hotword is found; alone it is not."""
    written = date.strftime(fmt)
    assert ("DATE_OF_BIRTH", written, "high") in scan(f"Patient DOB: {written}.")
    assert "DATE_OF_BIRTH" not in entities(f"Our event on {written} was a success.")


FUZZ_ALPHABET = st.sampled_from(
    list("0123456789") * 4
    + list(" -./:()+@#\n")
    + ["ssn ", "dob ", "mrn ", "npi ", "E11.", "card "]
)


@settings(max_examples=150)
@given(st.lists(FUZZ_ALPHABET, max_size=120))
def test_catalogue_is_total_on_noise(chunks: list[str]) -> None:
    """Digit noise with hotwords never raises, and every finding is a well-formed span."""
    text = "".join(chunks)
    part = Part(location="body", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    for detector in DETECTORS:
        spans = [(f.start, f.end) for f in detector.detect(part, ctx)]
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_table_rows_under_identifier_headers() -> None:
    """Values in a spreadsheet rendered as text are found under their column's header."""
    text = (
        "Sheet: Patients\n"
        "Last | First | Date of Birth | MRN | ICD-10 | Condition\n"
        "Rivera | Diego | 2000-02-07 | M666271314 | J44.9 | COPD\n"
        "Kowalski | Ola | 1972-08-18 | 18025271 | G40.909 | epilepsy\n"
    )
    found = scan(text)
    for entity, value in [
        ("DATE_OF_BIRTH", "2000-02-07"),
        ("MEDICAL_RECORD_NUMBER", "M666271314"),
        ("MEDICAL_RECORD_NUMBER", "18025271"),
        ("ICD10_CODE", "G40.909"),
    ]:
        assert (entity, value, "high") in found


@given(
    st.sampled_from(sorted(ROUTING_PREFIXES)),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.integers(1, 9),
)
def test_routing_numbers(prefix: str, rest: str, shift: int) -> None:
    """Valid routing numbers next to a routing hotword are found high; a broken one is not."""
    d = [int(c) for c in prefix + rest]
    check = -(3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])) % 10
    value = f"{prefix}{rest}{check}"
    assume(value != value[0] * 9)
    assert ("US_ABA_ROUTING", value, "high") in scan(f"Routing number: {value}")
    broken = value[:-1] + str((check + shift) % 10)
    assert "US_ABA_ROUTING" not in entities(f"Routing number: {broken}")
    assert "US_ABA_ROUTING" not in entities(f"Lot {value} shipped")
