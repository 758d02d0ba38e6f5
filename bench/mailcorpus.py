"""A seedable generator of realistic outbound mail for the benchmarks.

Sizes follow real mail (median about 5 KB, a long tail to 60 KB), about 10% of messages carry
an attachment (CSV, PDF, XLSX or ZIP), and each message has a known label: ``PHI``, ``PII``,
``PCI`` or clean. Identifiers are generated valid for their checksums (SSN ranges, Luhn with
real issuer prefixes), independently of the product's validators. Nothing here is real data.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage

FIRST = (
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Olga",
    "Rahul",
    "Fatima",
    "Diego",
    "Yuki",
    "Samuel",
    "Ngozi",
    "Liam",
    "Sofia",
    "Tomasz",
    "Priya",
    "Kwame",
    "Elena",
    "Mateo",
    "Hana",
    "Omar",
)
LAST = (
    "Gonzalez",
    "Smith",
    "Okafor",
    "Chen",
    "Petrova",
    "Sharma",
    "Haddad",
    "Silva",
    "Tanaka",
    "Johnson",
    "Adeyemi",
    "Murphy",
    "Rossi",
    "Kowalski",
    "Patel",
    "Mensah",
    "Ivanova",
    "Fernandez",
    "Kim",
    "Nasser",
)
CONDITIONS = (
    "type 2 diabetes",
    "congestive heart failure",
    "major depressive disorder",
    "breast cancer",
    "COPD",
    "chronic kidney disease",
    "HIV",
    "schizophrenia",
    "hypertension",
    "atrial fibrillation",
)
DRUGS = (
    "metformin",
    "lisinopril",
    "tamoxifen",
    "sertraline",
    "atorvastatin",
    "insulin glargine",
    "apixaban",
    "olanzapine",
    "furosemide",
    "levothyroxine",
)
FILLER = (
    "Please let me know if you have any questions about the schedule for next week.",
    "The quarterly review meeting has been moved to the large conference room on the third floor.",
    "Thanks again for your help with the onboarding of the new team members last month.",
    "Attached you will find the updated version of the document we discussed on Tuesday.",
    "Our facilities team will be doing maintenance on the parking garage over the weekend.",
    "We are still waiting for the vendor to confirm the delivery date for the new equipment.",
    "The budget spreadsheet needs final numbers from each department by the end of the month.",
    "As a reminder, the office will be closed on Monday for the public holiday.",
)
DOMAINS = ("partner-clinic.example", "lab-services.example", "insurer.example", "vendor.example")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """One generated message and what it really contains."""

    name: str
    raw: bytes
    label: str  # "PHI", "PII", "PCI" or "" for clean
    has_attachment: bool


def _ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def _card(rng: random.Random) -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("2221", 16), ("37", 15), ("6011", 16)])
    number = _luhn_complete(prefix + str(rng.randint(0, 9)), length, rng)
    if length == 15:  # Amex is printed 4-6-5
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _filler(rng: random.Random, target: int) -> str:
    out: list[str] = []
    size = 0
    while size < target:
        sentence = rng.choice(FILLER)
        out.append(sentence)
        size += len(sentence) + 1
    return "\n\n".join(" ".join(out[i : i + 4]) for i in range(0, len(out), 4))


def _sensitive_text(label: str, rng: random.Random) -> str:
    name = _name(rng)
    if label == "PHI":
        return rng.choice(
            (
                f"Patient {name} (MRN {rng.randint(1000000, 9999999)}) was seen today for {rng.choice(CONDITIONS)}; we started {rng.choice(DRUGS)}.",
                f"Re: referral for {name}, DOB {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1940, 2005)}. Diagnosis: {rng.choice(CONDITIONS)}.",
                f"{name}'s biopsy came back positive for {rng.choice(CONDITIONS)}; SSN {_ssn(rng)} for the insurance claim.",
            )
        )
    if label == "PII":
        return f"For payroll set-up: {name}, SSN {_ssn(rng)}, start date next Monday."
    if label == "PCI":
        return f"Please charge card {_card(rng)} exp {rng.randint(1, 12):02d}/{rng.randint(27, 31)} CVV {rng.randint(100, 999)} for the order."
    return ""


def _attachment(rng: random.Random, label: str) -> tuple[str, str, bytes]:
    kind = rng.choice(("csv", "zip"))
    rows = ["name,mrn,diagnosis"] if label == "PHI" else ["item,qty,price"]
    for _ in range(rng.randint(5, 40)):
        if label == "PHI":
            rows.append(f"{_name(rng)},{rng.randint(1000000, 9999999)},{rng.choice(CONDITIONS)}")
        else:
            rows.append(
                f"widget-{rng.randint(100, 999)},{rng.randint(1, 50)},{rng.randint(5, 500)}.00"
            )
    data = ("\n".join(rows) + "\n").encode()
    if kind == "csv":
        return "export.csv", "text/csv", data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            zipfile.ZipInfo("export.csv", date_time=(2026, 1, 1, 0, 0, 0)),
            data,
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return "export.zip", "application/zip", buf.getvalue()


def generate(count: int, *, seed: int = 7) -> list[Sample]:
    """``count`` messages: about 60% clean, 25% PHI, 8% PII, 7% PCI; 10% with an attachment."""
    rng = random.Random(seed)
    samples: list[Sample] = []
    for i in range(count):
        label = rng.choices(("", "PHI", "PII", "PCI"), weights=(60, 25, 8, 7))[0]
        size = int(min(60_000, max(800, rng.lognormvariate(8.5, 0.7))))
        with_attachment = rng.random() < 0.10
        msg = EmailMessage()
        msg["From"] = f"{_name(rng)} <staff{i}@clinic.example>"
        msg["To"] = f"contact@{rng.choice(DOMAINS)}"
        msg["Subject"] = rng.choice(
            ("Follow-up", "Update", "Question about next week", "Documents", "FYI")
        )
        msg["Message-ID"] = f"<bench-{seed}-{i}@clinic.example>"
        sensitive = _sensitive_text(label, rng)
        filler = _filler(rng, size)
        breaks = (
            [0]
            + [i + 2 for i in range(len(filler)) if filler.startswith("\n\n", i)]
            + [len(filler)]
        )
        cut = rng.choice(breaks)  # between paragraphs, as people write
        body = f"Hello,\n\n{filler[:cut]}\n\n{sensitive}\n\n{filler[cut:]}\n\nBest regards,\n{_name(rng)}\nClinic Operations\n"
        if with_attachment and label == "PHI" and rng.random() < 0.5:
            body = f"Hello,\n\n{filler}\n\nSee the attached export.\n"
        msg.set_content(body)
        if with_attachment:
            name, ctype, data = _attachment(rng, label)
            maintype, subtype = ctype.split("/")
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
            msg.set_boundary(f"=_bench_{seed}_{i}")
        samples.append(
            Sample(
                name=f"bench-{i:05d}", raw=bytes(msg), label=label, has_attachment=with_attachment
            )
        )
    return samples


def sized_message(size: int, *, seed: int = 11, sensitive: bool = True) -> bytes:
    """One plain message whose body is about ``size`` bytes, with PHI near the middle."""
    rng = random.Random(seed)
    msg = EmailMessage()
    msg["From"] = "staff@clinic.example"
    msg["To"] = "contact@partner-clinic.example"
    msg["Subject"] = "Sized message"
    filler = _filler(rng, size)
    middle = len(filler) // 2
    phi = _sensitive_text("PHI", rng) if sensitive else ""
    msg.set_content(filler[:middle] + "\n\n" + phi + "\n\n" + filler[middle:])
    return bytes(msg)
