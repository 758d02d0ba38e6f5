"""What a template returns, and the helpers every template shares."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import NamedTuple

from generator import medical, mime, people
from generator.medical import Condition
from generator.people import Person, Staff


@dataclass(frozen=True, slots=True)
class Sample:
    """One labelled message.

    :param labels: what the message really contains (``PHI``, ``PII``, ``PCI``).
    :param action: the expected action under the default policy; derived from the labels
        unless given (``quarantine`` for uninspectable content).
    :param entities: entities a good detector must find in it (for per-entity recall).
    """

    message: EmailMessage
    labels: tuple[str, ...]
    note: str
    entities: tuple[str, ...] = ()
    action: str = ""

    @property
    def expected_action(self) -> str:
        """The action the default policy should take."""
        if self.action:
            return self.action
        if "PCI" in self.labels:
            return "block"
        if "PHI" in self.labels or "PII" in self.labels:
            return "encrypt"
        return "deliver"


#: A template: a seeded generator in, one sample out.
Template = Callable[[random.Random], Sample]

#: What a :func:`labelled` template is written as: a seeded generator in, one draft out.
Writer = Callable[[random.Random], mime.Draft]


def pick(rng: random.Random, *options: str) -> str:
    """One of several phrasings."""
    return rng.choice(options)


def greet(rng: random.Random, who: Person | None) -> str:
    """An opening line."""
    if who is None:
        return pick(rng, "Hello,", "Hi all,", "Good morning,", "Hi team,")
    return pick(
        rng,
        f"Hi {who.first},",
        f"Hello {who.first},",
        f"Dear {who.full},",
        f"{who.first} -",
        f"Good afternoon {who.first},",
    )


def closing(rng: random.Random) -> str:
    """A closing line."""
    return pick(
        rng,
        "Thanks,",
        "Best regards,",
        "Thank you,",
        "Regards,",
        "Best,",
        "Many thanks,",
        "Sincerely,",
    )


def external_contact(
    rng: random.Random, domains: tuple[tuple[str, str], ...]
) -> tuple[Person, str]:
    """A person at one of the external organisations, and the organisation's name."""
    _, domain = rng.choice(domains)
    who = people.person(rng)
    return who, who.email(domain, rng.randrange(4))


class Case(NamedTuple):
    """A clinician, a patient with a condition, and the outside contact the clinician writes to."""

    clinician: Staff
    patient: Person
    condition: Condition
    to: Person
    address: str


def clinical_case(
    rng: random.Random, partners: tuple[tuple[str, str], ...] = people.HEALTH_PARTNERS
) -> Case:
    """Draw a case, in this order: a clinician, a patient, a condition, a contact at one of
    ``partners`` (see :func:`external_contact`)."""
    clinician = people.clinician(rng)
    patient = people.person(rng)
    condition = medical.condition(rng)
    to, address = external_contact(rng, partners)
    return Case(clinician, patient, condition, to, address)


def body(*blocks: str) -> str:
    """Join paragraphs with blank lines, dropping empty ones."""
    return "\n\n".join(b for b in blocks if b) + "\n"


def letter(rng: random.Random, signer: Staff | str, greeting: str, *blocks: str) -> str:
    """The text of a letter: the greeting and the blocks, then a closing line and a sign-off.

    The greeting is an argument, not drawn here: the blocks are drawn at the call, before this
    runs, and a greeting drawn here would come after them and change every message. So the draws
    happen in reading order: greeting, blocks, closing, signature.

    :param signer: a staff member, whose signature block is drawn, or a sign-off used as is (a
        first name, a full name).
    :param greeting: the opening line, usually ``greet(rng, to)``.
    :param blocks: the paragraphs in between; empty ones are dropped.
    """
    closing_line = closing(rng)
    sign_off = signer if isinstance(signer, str) else signer.signature(rng)
    return body(greeting, *blocks, closing_line, sign_off)


def draft(
    rng: random.Random, sender: Staff, to: list[tuple[str, str]], subject: str, text: str,
    *, html: bool | None = None, **kwargs: object,
) -> mime.Draft:  # fmt: skip
    """A draft from a staff member; an HTML alternative about half the time unless told."""
    want_html = rng.random() < 0.5 if html is None else html
    return mime.Draft(
        sender=(sender.person.full, sender.address),
        to=to,
        subject=subject,
        date=people.sent_at(rng),
        text=text,
        html=mime.html_of(text, rng) if want_html else None,
        **kwargs,  # type: ignore[arg-type]
    )


def sample(
    rng: random.Random, d: mime.Draft, labels: tuple[str, ...], note: str,
    entities: tuple[str, ...] = (), *, action: str = "",
) -> Sample:  # fmt: skip
    """Compose a draft into a labelled sample."""
    return Sample(mime.compose(d, rng), labels, note, entities, action)


def labelled(
    labels: tuple[str, ...], note: str, entities: tuple[str, ...] = (), *, action: str = ""
) -> Callable[[Writer], Template]:
    """Make a template of a function that writes a draft: the template composes the draft and
    labels it (see :class:`Sample` for the parameters).

    ::

        @labelled(PHI, "referral letter with DOB", ("DATE_OF_BIRTH",))
        def referral(rng: random.Random) -> mime.Draft: ...
    """

    def decorate(write: Writer) -> Template:
        @functools.wraps(write)
        def template(rng: random.Random) -> Sample:
            return sample(rng, write(rng), labels, note, entities, action=action)

        return template

    return decorate
