"""Easy negatives: ordinary short mail with nothing sensitive in it."""

from __future__ import annotations

import random

from generator import documents, mime, people
from generator.sample import Sample, body, closing, draft, external_contact, greet, pick, sample

CLEAN: tuple[str, ...] = ()


def short_note(rng: random.Random) -> Sample:
    """A short thank-you or status note."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, tuple((b.name, b.domain) for b in people.BUSINESSES))
    line = pick(
        rng,
        "Thanks for the quick turnaround on the proposal. We'll review it internally and get back to you next week.",
        "Great meeting you at the conference. Let's keep in touch about the pilot.",
        "Just checking in on the status of the contract draft.",
        "The slides look good to me. One small typo on page 3.",
        "Lunch on Friday works. Noon at the usual place?",
        "We received the shipment this morning, everything looks fine.",
    )
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        pick(rng, "Thanks!", "Following up", "Re: proposal", "Lunch", "Received"),
        body(greet(rng, to), line, closing(rng), sender.person.first),
    )
    return sample(rng, d, CLEAN, "short everyday note")


def project_update(rng: random.Random) -> Sample:
    """A weekly project status update with a PDF agenda."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, tuple((b.name, b.domain) for b in people.BUSINESSES))
    items = [
        pick(rng, "Migration to the new file server is 80% done.", "Website refresh is on track."),
        pick(rng, "Budget approval expected Thursday.", "Two open risks, both low."),
        "Next steps: finalize the vendor shortlist.",
    ]
    d = draft(
        rng,
        sender,
        [(to.full, addr)],
        "Weekly status",
        body(
            greet(rng, to), "\n".join(f"- {i}" for i in items), closing(rng), sender.signature(rng)
        ),
    )
    if rng.random() < 0.5:
        d.attachments.append(
            mime.Attachment(
                "agenda.pdf", "application/pdf", documents.pdf(["Agenda", *items], "Agenda")
            )
        )
    return sample(rng, d, CLEAN, "project status update")


TEMPLATES = {
    "note": (short_note, 12),
    "status": (project_update, 8),
}
