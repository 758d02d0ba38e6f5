"""Generators of synthetic identifiers that are valid for their checksums.

Written independently of the product's validators on purpose: the corpus checks them. Every
value here is made up; none belongs to a real person, card or account.
"""

from __future__ import annotations

import random
import string

_DIGITS = string.digits
#: Letters the CMS Medicare Beneficiary Identifier never uses.
_MBI_LETTERS = [c for c in string.ascii_uppercase if c not in "SLOIBZ"]
#: Well-known advertising / documentation SSNs that must never be generated.
_SSN_BLOCKLIST = {"078051120", "219099999", "457555462", "123456789"}


def digits(rng: random.Random, n: int) -> str:
    """``n`` random digits (leading zeros allowed)."""
    return "".join(rng.choice(_DIGITS) for _ in range(n))


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit that makes ``payload + digit`` valid."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """Whether a digit string passes Luhn (used by the corpus self-tests)."""
    return luhn_check_digit(number[:-1]) == number[-1]


def ssn(rng: random.Random, sep: str = "-") -> str:
    """A US SSN in a valid range: area 001-899 but 666, group 01-99, serial 0001-9999."""
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        group = rng.randint(1, 99)
        serial = rng.randint(1, 9999)
        value = f"{area:03d}{group:02d}{serial:04d}"
        if value not in _SSN_BLOCKLIST:
            return sep.join((value[:3], value[3:5], value[5:]))


#: (network, prefixes, lengths). Mastercard's 2-series and the 19-digit forms are included.
_CARD_NETWORKS: tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...] = (
    ("Visa", ("4",), (16, 16, 16, 13, 19)),
    ("Mastercard", ("51", "52", "53", "54", "55", "2221", "2300", "2500", "2720", "2615"), (16,)),
    ("American Express", ("34", "37"), (15,)),
    ("Discover", ("6011", "644", "645", "649", "65"), (16, 19)),
    ("JCB", ("3528", "3540", "3566", "3589"), (16,)),
    ("Diners Club", ("36", "300", "305"), (14,)),
)

_TEST_CARDS = {"4111111111111111", "5555555555554444", "378282246310005", "4012888888881881"}


def card(rng: random.Random, network: str | None = None) -> tuple[str, str]:
    """``(network name, digits)`` of a Luhn-valid card number with a real issuer prefix."""
    choices = [n for n in _CARD_NETWORKS if network is None or n[0] == network]
    name, prefixes, lengths = rng.choice(choices)
    while True:
        prefix = rng.choice(prefixes)
        length = rng.choice(lengths)
        body = prefix + digits(rng, length - len(prefix) - 1)
        number = body + luhn_check_digit(body)
        if number not in _TEST_CARDS:
            return name, number


def format_card(number: str, style: str) -> str:
    """Render card digits as people type them: ``plain``, ``space``, ``dash``."""
    if style == "plain":
        return number
    sep = " " if style == "space" else "-"
    if len(number) == 15 or len(number) == 14:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return sep.join(groups)


def npi(rng: random.Random) -> str:
    """A 10-digit NPI: first digit 1 or 2, Luhn over ``80840`` plus the first nine digits."""
    body = rng.choice("12") + digits(rng, 8)
    check = luhn_check_digit("80840" + body)
    return body + check


def dea(rng: random.Random, surname: str) -> str:
    """A DEA registration number: registrant letter, surname initial, seven digits with the
    (d1+d3+d5) + 2*(d2+d4+d6) checksum."""
    first = rng.choice("ABFGM")
    second = surname[:1].upper() if surname[:1].isalpha() else "9"
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return first + second + "".join(map(str, d)) + str(check)


def mbi(rng: random.Random, dashes: bool = False) -> str:
    """A Medicare Beneficiary Identifier following CMS position rules."""
    alnum = _MBI_LETTERS + list(_DIGITS)
    chars = [
        str(rng.randint(1, 9)),
        rng.choice(_MBI_LETTERS),
        rng.choice(alnum),
        rng.choice(_DIGITS),
        rng.choice(_MBI_LETTERS),
        rng.choice(alnum),
        rng.choice(_DIGITS),
        rng.choice(_MBI_LETTERS),
        rng.choice(_MBI_LETTERS),
        rng.choice(_DIGITS),
        rng.choice(_DIGITS),
    ]
    value = "".join(chars)
    return f"{value[:4]}-{value[4:7]}-{value[7:]}" if dashes else value


_ABA_PREFIXES = [f"{p:02d}" for p in (*range(1, 13), *range(21, 33), *range(61, 73))]


def aba(rng: random.Random) -> str:
    """A 9-digit ABA routing number: valid Federal Reserve prefix and the 3-7-1 checksum."""
    body = rng.choice(_ABA_PREFIXES) + digits(rng, 6)
    w = [int(c) for c in body]
    partial = 3 * (w[0] + w[3] + w[6]) + 7 * (w[1] + w[4] + w[7]) + (w[2] + w[5])
    return body + str((10 - partial % 10) % 10)


def bank_account(rng: random.Random) -> str:
    """A US bank account number (no checksum exists): 8 to 12 digits."""
    return str(rng.randint(1, 9)) + digits(rng, rng.randint(7, 11))


#: Country -> BBAN shape: ``n`` digits, ``a`` upper-case letters, ``c`` alphanumerics.
_IBAN_SHAPES = {
    "DE": "n" * 18,
    "GB": "aaaa" + "n" * 14,
    "FR": "n" * 23,
    "NL": "aaaa" + "n" * 10,
    "ES": "n" * 20,
    "IT": "a" + "n" * 10 + "c" * 12,
    "IE": "aaaa" + "n" * 14,
    "CH": "n" * 5 + "c" * 12,
    "BE": "n" * 12,
    "PL": "n" * 24,
}


def _iban_char(rng: random.Random, kind: str) -> str:
    if kind == "n":
        return rng.choice(_DIGITS)
    if kind == "a":
        return rng.choice(string.ascii_uppercase)
    return rng.choice(string.ascii_uppercase + _DIGITS)


def iban(rng: random.Random, country: str | None = None, grouped: bool = True) -> str:
    """An IBAN with the right per-country length and mod-97 check digits."""
    country = country or rng.choice(sorted(_IBAN_SHAPES))
    bban = "".join(_iban_char(rng, k) for k in _IBAN_SHAPES[country])
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    value = f"{country}{check:02d}{bban}"
    if not grouped:
        return value
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def iban_valid(value: str) -> bool:
    """Mod-97 check of an IBAN (used by the corpus self-tests)."""
    compact = value.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def passport(rng: random.Random) -> str:
    """A US passport number: nine digits (older books) or a letter and eight digits."""
    if rng.random() < 0.5:
        return str(rng.randint(1, 9)) + digits(rng, 8)
    return rng.choice("ACEFGHJKLMNPRSTUVWXYZ") + digits(rng, 8)


#: State -> driver licence shape (``L`` letter, ``9`` digit).
_DL_SHAPES = {
    "CA": "L9999999",
    "FL": "L999999999999",
    "NY": "999999999",
    "TX": "99999999",
    "IL": "L99999999999",
    "PA": "99999999",
    "OH": "LL999999",
    "MA": "S99999999",
    "WA": "WDLLLLLL99LL",
    "NJ": "L99999999999999",
}


def driver_license(rng: random.Random, state: str | None = None) -> tuple[str, str]:
    """``(state, number)`` of a driver licence in that state's published format."""
    state = state or rng.choice(sorted(_DL_SHAPES))
    out = []
    for ch in _DL_SHAPES[state]:
        if ch == "L":
            out.append(rng.choice(string.ascii_uppercase))
        elif ch == "9":
            out.append(rng.choice(_DIGITS))
        else:
            out.append(ch)
    return state, "".join(out)


def mrn(rng: random.Random) -> str:
    """A medical record number in one of the formats hospitals use."""
    shapes = (
        lambda: digits(rng, 8),
        lambda: "00" + digits(rng, 6),
        lambda: "RB" + digits(rng, 7),
        lambda: digits(rng, 3) + "-" + digits(rng, 4),
        lambda: "M" + digits(rng, 9),
        lambda: digits(rng, 7),
    )
    return rng.choice(shapes)()


def member_id(rng: random.Random) -> str:
    """A health plan member / subscriber id."""
    shapes = (
        lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + digits(rng, 9),
        lambda: "W" + digits(rng, 9),
        lambda: "H" + digits(rng, 8) + "01",
        lambda: digits(rng, 3) + "A" + digits(rng, 6),
    )
    return rng.choice(shapes)()


def ndc(rng: random.Random) -> str:
    """A National Drug Code in one of the 4-4-2, 5-3-2 or 5-4-1 layouts."""
    a, b, c = rng.choice(((4, 4, 2), (5, 3, 2), (5, 4, 1)))
    return f"{digits(rng, a)}-{digits(rng, b)}-{digits(rng, c)}"


_AREA_CODES = (
    "212", "213", "215", "267", "303", "312", "404", "415", "503", "512", "602", "614", "617",
    "704", "713", "720", "732", "773", "804", "808", "813", "858", "907", "919", "971", "614",
)  # fmt: skip


def phone(rng: random.Random) -> str:
    """A US phone number in one of the common written formats."""
    area = rng.choice(_AREA_CODES)
    exchange = str(rng.randint(2, 9)) + digits(rng, 2)
    line = digits(rng, 4)
    style = rng.randrange(5)
    if style == 0:
        return f"({area}) {exchange}-{line}"
    if style == 1:
        return f"{area}-{exchange}-{line}"
    if style == 2:
        return f"{area}.{exchange}.{line}"
    if style == 3:
        return f"+1 {area} {exchange} {line}"
    return f"1-{area}-{exchange}-{line}"


def ip_address(rng: random.Random, private: bool | None = None) -> str:
    """An IPv4 address, private or public."""
    if private is None:
        private = rng.random() < 0.6
    if private:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return (
        f"{rng.randint(23, 198)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )
