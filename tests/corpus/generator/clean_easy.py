"""Easy negatives: ordinary short mail with nothing sensitive in it."""

from __future__ import annotations

import random

from generator import documents, mime, people
from generator.sample import draft, external_contact, greet, labelled, letter, pick

CLEAN: tuple[str, ...] = ()


@labelled(CLEAN, "short everyday note")
def short_note(rng: random.Random) -> mime.Draft:
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
    subject = pick(rng, "Thanks!", "Following up", "Re: proposal", "Lunch", "Received")
    return draft(
        rng,
        sender,
        [(to.full, addr)],
        subject,
        letter(rng, sender.person.first, greet(rng, to), line),
    )


@labelled(CLEAN, "project status update")
def project_update(rng: random.Random) -> mime.Draft:
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
        letter(rng, sender, greet(rng, to), "\n".join(f"- {i}" for i in items)),
    )
    if rng.random() < 0.5:
        d.attachments.append(
            mime.Attachment(
                "agenda.pdf", "application/pdf", documents.pdf(["Agenda", *items], "Agenda")
            )
        )
    return d


TEMPLATES = {
    "note": (short_note, 12),
    "status": (project_update, 8),
}
