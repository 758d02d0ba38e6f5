"""Payment card data: card numbers with expiry and CVV, card lists, authorization forms."""

from __future__ import annotations

import random

from generator import documents, mime, people
from generator import identifiers as ids
from generator.sample import draft, external_contact, greet, labelled, letter, pick

PCI = ("PCI",)
MERCHANTS = (("Hilton Group Sales", "hilton-groupsales.com"), ("Staples Business Advantage", "staples-advantage.com"),
             ("Medline Customer Service", "medline-orders.com"), ("Delta Corporate Desk", "delta-corporate.com"),
             ("Zoom Billing", "zoom-billing.com"))  # fmt: skip


def _card(rng: random.Random) -> tuple[str, str, str, str]:
    network, number = ids.card(rng)
    style = rng.choice(("space", "dash", "plain", "space"))
    expiry = f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"
    cvv = ids.digits(rng, 4 if network == "American Express" else 3)
    return network, ids.format_card(number, style), expiry, cvv


@labelled(PCI, "card number with expiry and CVV to pay a supplier", ("CREDIT_CARD",))
def phone_order(rng: random.Random) -> mime.Draft:
    """Someone emails a card to a supplier to pay an order."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, MERCHANTS)
    network, card, expiry, cvv = _card(rng)
    detail = pick(
        rng,
        f"Please charge the order to our {network}: {card}, exp {expiry}, CVV {cvv}.",
        f"Card number: {card}\nExpiration: {expiry}\nSecurity code: {cvv}\nName on card: {sender.person.full}",
        f"Use {card} exp. {expiry} cvc {cvv} for the balance.",
        f"{network} {card} - {expiry} - {cvv}",
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(rng, f"Regarding order {ids.digits(rng, 7)}:", "As discussed on the phone,", ""),
        detail,
    )
    subject = pick(
        rng, "Payment for order", "Card for invoice", "Payment info", "Re: order confirmation"
    )
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PCI, "card authorization form in the body", ("CREDIT_CARD",))
def hotel_authorization(rng: random.Random) -> mime.Draft:
    """A credit card authorization form for a group booking, filled in the body."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, MERCHANTS[:1] + MERCHANTS[3:4])
    network, card, expiry, cvv = _card(rng)
    lines = [
        f"Cardholder: {sender.person.full}",
        f"Card type: {network}",
        f"Card number: {card}",
        f"Exp date: {expiry}",
        f"CVV: {cvv}",
        f"Billing address: {sender.org.street}, {sender.org.city}",
        f"Authorized amount: ${rng.randint(800, 12000):,}.00",
    ]
    text = letter(
        rng,
        sender,
        greet(rng, to),
        "Completed credit card authorization for the room block:",
        "\n".join(lines),
    )
    subject = pick(
        rng,
        "CC authorization form",
        "Room block - card authorization",
        "Credit card authorization",
    )
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PCI, "list of card numbers as CSV", ("CREDIT_CARD",))
def card_list_csv(rng: random.Random) -> mime.Draft:
    """A list of cards on file for recurring billing, as CSV (bulk PCI)."""
    sender = people.office_staff(rng)
    to, addr = external_contact(
        rng,
        (
            ("Stripe Migration Team", "stripe-migrations.com"),
            ("Authorize.Net Support", "authnet-partner.com"),
        ),
    )
    rows = []
    for _ in range(rng.randint(3, 20)):
        p = people.person(rng)
        _, number = ids.card(rng)
        rows.append(
            [p.full, number, f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}", people.address(rng)]
        )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            "Here is the export of stored cards for the migration.",
            "Attached: customers on autopay.",
        ),
    )
    subject = pick(rng, "Card export", "Autopay customers", "Migration file")
    d = draft(rng, sender, [(to.full, addr)], subject, text)
    d.attachments.append(
        mime.Attachment(
            "cards_on_file.csv",
            "text/csv",
            documents.csv_text(["Name", "Card Number", "Exp", "Billing Address"], rows),
        )
    )
    return d


@labelled(PCI, "customer card number in a refund request", ("CREDIT_CARD",))
def refund_request(rng: random.Random) -> mime.Draft:
    """A customer-service rep asks for a refund to a customer's card."""
    sender = people.office_staff(rng, rng.choice(people.BUSINESSES))
    customer = people.person(rng)
    to, addr = external_contact(rng, MERCHANTS)
    network, card, expiry, _ = _card(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Please refund ${rng.randint(20, 900)}.{rng.randint(0, 99):02d} to {customer.full}'s {network} {card} (exp {expiry}).",
            f"Customer {customer.full} was double charged. Card used: {card}, expires {expiry}. Please reverse one charge.",
        ),
    )
    subject = pick(rng, "Refund request", "Duplicate charge", "Chargeback follow-up")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PCI, "card payment for a statement balance (no clinical content)", ("CREDIT_CARD",))
def patient_payment(rng: random.Random) -> mime.Draft:
    """A billing office passes a patient's card to its payment processor (no clinical data)."""
    org = rng.choice(people.HEALTH_ORGS)
    sender = people.office_staff(rng, org)
    payer = people.person(rng)
    to, addr = external_contact(rng, (("InstaMed Payments", "instamed-partner.com"),))
    _, card, expiry, cvv = _card(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please process a payment of ${rng.randint(25, 600)}.00 on account {ids.digits(rng, 8)}.",
        f"Card: {card}\nExp: {expiry}\nCVV: {cvv}\nCardholder: {payer.full}",
    )
    subject = pick(rng, "Payment to process", "Card payment on account", "Balance payment")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(PCI, "card authorization form as a PDF attachment", ("CREDIT_CARD",))
def authorization_pdf(rng: random.Random) -> mime.Draft:
    """A scanned-style PDF authorization form with the card."""
    sender = people.office_staff(rng)
    to, addr = external_contact(rng, MERCHANTS)
    network, card, expiry, cvv = _card(rng)
    lines = [
        "CREDIT CARD AUTHORIZATION FORM",
        f"Cardholder name: {sender.person.full}",
        f"Card type: {network}",
        f"Card number: {card}",
        f"Expiration: {expiry}    CVV: {cvv}",
        "Signature: ______________________",
    ]
    text = letter(rng, sender, greet(rng, to), "Signed authorization form attached.")
    d = draft(rng, sender, [(to.full, addr)], "Signed authorization form", text)
    d.attachments.append(
        mime.Attachment(
            "cc_authorization.pdf", "application/pdf", documents.pdf(lines, "Authorization")
        )
    )
    return d


@labelled(PCI, "donor's card taken by phone, forwarded for processing", ("CREDIT_CARD",))
def donation_by_card(rng: random.Random) -> mime.Draft:
    """A foundation volunteer forwards a donor's card details taken over the phone."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS), "Foundation Coordinator")
    donor = people.person(rng)
    to, addr = external_contact(rng, (("Blackbaud Payment Services", "blackbaud-partner.com"),))
    _, card, expiry, cvv = _card(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Phone pledge from {donor.full} for ${rng.choice((50, 100, 250, 500))}, monthly:",
        pick(
            rng,
            f"{card} exp {expiry} sec code {cvv}",
            f"Card {card}, expiration {expiry}, CVV2 {cvv}",
        ),
    )
    subject = pick(rng, "Phone pledge to process", "Recurring gift setup")
    return draft(rng, sender, [(to.full, addr)], subject, text)


TEMPLATES = {
    "phone-order": (phone_order, 9),
    "hotel-auth": (hotel_authorization, 5),
    "card-list": (card_list_csv, 5),
    "refund": (refund_request, 6),
    "patient-payment": (patient_payment, 5),
    "auth-pdf": (authorization_pdf, 5),
    "donation": (donation_by_card, 4),
}
