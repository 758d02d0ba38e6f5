"""Hard negatives from ordinary business: invoices, orders, shipping, scheduling, IT, marketing."""

from __future__ import annotations

import random

from generator import documents, mime, people
from generator import identifiers as ids
from generator.sample import body, closing, draft, external_contact, greet, labelled, letter, pick

CLEAN: tuple[str, ...] = ()
SUPPLIES = ("Nitrile exam gloves, M, 100/bx", "Insulin syringes 0.5 mL 31G, 100/bx", "Toner cartridge HP 58X",
            "Copy paper 8.5x11, 10 ream case", "Alcohol prep pads, 200/bx", "Blood pressure cuff, adult",
            "Sharps container 2 gal", "Ergonomic chair, mesh", "Pulse oximeter, fingertip", "Surgical masks, level 3, 50/bx")  # fmt: skip


def _biz_contact(rng: random.Random) -> tuple[people.Person, str]:
    return external_contact(
        rng, tuple((b.name, b.domain) for b in people.BUSINESSES) + people.HEALTH_PARTNERS[:3]
    )


@labelled(CLEAN, "invoice: invoice, PO and account numbers, amounts")
def invoice(rng: random.Random) -> mime.Draft:
    """A vendor invoice with invoice, PO and account numbers, sometimes as a PDF."""
    sender = people.office_staff(
        rng, rng.choice(people.BUSINESSES), "Accounts Receivable Specialist"
    )
    to, addr = _biz_contact(rng)
    inv = pick(
        rng,
        f"INV-{people.EPOCH.year}-{ids.digits(rng, 6)}",
        f"{ids.digits(rng, 8)}",
        f"NW{ids.digits(rng, 7)}",
    )
    po = pick(
        rng,
        f"PO {ids.digits(rng, 10)}",
        f"PO# {ids.digits(rng, 6)}",
        f"Purchase order 45{ids.digits(rng, 8)}",
    )
    lines = [
        [
            rng.choice(SUPPLIES),
            str(rng.randint(1, 40)),
            f"${rng.randint(5, 400)}.{rng.randint(0, 99):02d}",
        ]
        for _ in range(rng.randint(1, 5))
    ]
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please find invoice {inv} for {po}, due {people.fmt_date(rng, people.future_date(rng))}.",
        mime.text_table(lines, ["Item", "Qty", "Unit"]),
        f"Customer account {ids.digits(rng, 7)}. Questions: {sender.org.phone}.",
    )
    d = draft(rng, sender, [(to.full, addr)], f"Invoice {inv}", text)
    if rng.random() < 0.5:
        d.attachments.append(
            mime.Attachment(
                f"{inv}.pdf",
                "application/pdf",
                documents.pdf(
                    [sender.org.name, f"INVOICE {inv}", po, *[" ".join(r) for r in lines]],
                    "Invoice",
                ),
            )
        )
    return d


@labelled(CLEAN, "purchase order for medical supplies with item numbers")
def purchase_order(rng: random.Random) -> mime.Draft:
    """A clinic orders medical supplies (drug and device names as products)."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS))
    to, addr = external_contact(
        rng,
        (
            ("Medline Customer Service", "medline-orders.com"),
            ("Henry Schein Orders", "henryschein-orders.com"),
        ),
    )
    rows = [
        [f"{ids.digits(rng, 6)}", rng.choice(SUPPLIES), str(rng.randint(1, 50))]
        for _ in range(rng.randint(2, 6))
    ]
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Please process PO {ids.digits(rng, 8)} for delivery to {sender.org.street}, {sender.org.city}.",
        mime.text_table(rows, ["Item #", "Description", "Qty"]),
        f"Ship-to contact: {people.person(rng).full}, {ids.phone(rng)}.",
    )
    subject = pick(rng, "Purchase order", "Supply order", "PO for March")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "shipping notice: tracking and order numbers, business address")
def shipping_notice(rng: random.Random) -> mime.Draft:
    """A shipping confirmation with tracking and order numbers."""
    biz = rng.choice(people.BUSINESSES)
    sender = people.office_staff(rng, biz)
    to = people.office_staff(rng, rng.choice(people.HEALTH_ORGS + people.BUSINESSES))
    tracking = pick(
        rng,
        f"1Z{ids.digits(rng, 3)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{ids.digits(rng, 10)}",
        ids.digits(rng, 12),
        "9400" + ids.digits(rng, 18),
    )
    order = pick(
        rng,
        f"{ids.digits(rng, 3)}-{ids.digits(rng, 7)}-{ids.digits(rng, 7)}",
        f"SO-{ids.digits(rng, 6)}",
    )
    text = body(
        greet(rng, to.person),
        f"Your order {order} has shipped via {rng.choice(('UPS Ground', 'FedEx Express', 'USPS Priority'))}.",
        f"Tracking number: {tracking}\nEstimated delivery: {people.fmt_day(people.future_date(rng))}\nShip to: {to.org.street}, {to.org.city}",
        f"Questions? Call {biz.phone}.",
        biz.name,
    )
    return draft(
        rng, sender, [(to.person.full, to.address)], f"Your order {order} has shipped", text
    )


@labelled(CLEAN, "scheduling with names and dates, no health information")
def scheduling(rng: random.Random) -> mime.Draft:
    """Scheduling mail with names, dates and times, no health information."""
    sender = people.office_staff(rng)
    to, addr = _biz_contact(rng)
    other = people.person(rng)
    day = people.future_date(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"Can we move the 1:1 with {other.full} to {people.fmt_day(day)} at {people.clock(rng)}?",
            f"{other.first} is out until {people.fmt_date(rng, day)}; let's reschedule the vendor demo for the week after.",
            f"Confirming the site visit on {people.fmt_day(day)}. {other.full} will meet you in the lobby at {people.clock(rng)}.",
            f"Interview schedule for {other.full}: {people.fmt_day(day)}, {people.clock(rng)} with the hiring panel, then lunch.",
        ),
    )
    subject = pick(rng, "Reschedule", "Site visit", "Interview schedule", "Re: next week")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "IT ticket: IP addresses, hostnames, firewall logs")
def it_ticket(rng: random.Random) -> mime.Draft:
    """An IT ticket to an outside vendor with IP addresses, hostnames and logs."""
    sender = people.office_staff(
        rng, rng.choice(people.HEALTH_ORGS + people.BUSINESSES), "IT Service Desk Analyst"
    )
    to, addr = external_contact(
        rng, (("Copperleaf Support", "copperleaf.io"), ("Fortinet TAC", "fortinet-tac-partner.com"))
    )
    ip1, ip2 = ids.ip_address(rng, True), ids.ip_address(rng, False)
    log = "\n".join(
        f"{people.sent_at(rng):%Y-%m-%d %H:%M:%S} DENY tcp {ids.ip_address(rng)}:{rng.randint(1024, 65000)} -> {ip1}:443"
        for _ in range(rng.randint(2, 5))
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Ticket #{ids.digits(rng, 7)}: users on VLAN {rng.randint(10, 99)} cannot reach the EHR interface engine at {ip1} since the firmware upgrade. Our public egress is {ip2}.",
        log,
        f"Workstation: WS-{ids.digits(rng, 4)}, user jdoe{rng.randint(1, 99)}. Please call {ids.phone(rng)}.",
    )
    subject = pick(rng, "Support ticket", "Firewall issue", "URGENT: interface down")
    return draft(rng, sender, [(to.full, addr)], subject, text, html=False)


@labelled(CLEAN, "marketing with phone numbers and promo codes")
def marketing(rng: random.Random) -> mime.Draft:
    """Marketing mail with phone numbers, prices and URLs."""
    biz = rng.choice(people.BUSINESSES)
    sender = people.office_staff(rng, biz)
    who = people.person(rng)
    text = body(
        f"Hi {who.first},",
        pick(
            rng,
            f"Spring sale: 20% off all office furniture through {people.fmt_date(rng, people.future_date(rng))}.",
            "Our new logistics dashboard is live. Book a 15-minute demo today!",
            "Save the date for our customer summit.",
        ),
        f"Call {ids.phone(rng)} or {ids.phone(rng)} and mention code SPRING{rng.randint(10, 99)}.",
        f"https://www.{biz.domain}/offers",
        f"{biz.name}, {biz.street}, {biz.city}. Unsubscribe: https://www.{biz.domain}/unsubscribe",
    )
    return draft(
        rng,
        sender,
        [(who.full, who.email(rng.choice(people.FREEMAIL)))],
        pick(rng, "Spring sale ends soon", "See what's new", "You're invited"),
        text,
        html=True,
    )


@labelled(CLEAN, "expense report: only the last four digits of a card")
def expense_report(rng: random.Random) -> mime.Draft:
    """An expense report mentioning only the last four digits of a corporate card."""
    sender = people.office_staff(rng)
    to, addr = external_contact(
        rng,
        (("Concur Expense Desk", "concur-partner.com"), ("Harbor & Finch LLP", "harborfinch.com")),
    )
    text = letter(
        rng,
        sender,
        greet(rng, to),
        pick(
            rng,
            f"The charge of ${rng.randint(40, 900)}.{rng.randint(0, 99):02d} on the corporate Visa ending in {ids.digits(rng, 4)} was for the client dinner.",
            f"Card ending {ids.digits(rng, 4)}: please reconcile the {people.EPOCH:%B} statement.",
        ),
        f"Report ID {ids.digits(rng, 6)}, cost center {ids.digits(rng, 4)}.",
    )
    subject = pick(rng, "Expense report", "Card reconciliation")
    return draft(rng, sender, [(to.full, addr)], subject, text)


@labelled(CLEAN, "remittance advice: masked account, payment references")
def remittance(rng: random.Random) -> mime.Draft:
    """A remittance advice with a masked account and a payment reference."""
    sender = people.office_staff(rng, rng.choice(people.HEALTH_ORGS + people.BUSINESSES))
    to, addr = _biz_contact(rng)
    text = letter(
        rng,
        sender,
        greet(rng, to),
        f"Payment of ${rng.randint(1000, 90000):,}.00 was sent by ACH on {people.fmt_date(rng, people.sent_at(rng).date())} to your account ****{ids.digits(rng, 4)}.",
        f"Remittance reference: {ids.digits(rng, 12)}; invoices {', '.join(ids.digits(rng, 6) for _ in range(rng.randint(1, 4)))}.",
    )
    return draft(rng, sender, [(to.full, addr)], "Remittance advice", text)


@labelled(CLEAN, "sales report XLSX with names and figures")
def sales_report(rng: random.Random) -> mime.Draft:
    """A regional sales report as XLSX."""
    sender = people.office_staff(rng, rng.choice(people.BUSINESSES))
    to, addr = _biz_contact(rng)
    rows = [
        [
            rep.full,
            rng.choice(("West", "Central", "East")),
            f"{rng.randint(40000, 400000)}",
            f"{rng.uniform(-8, 22):.1f}%",
        ]
        for rep in (people.person(rng) for _ in range(rng.randint(4, 12)))
    ]
    text = letter(rng, sender, greet(rng, to), "Attached are the regional numbers for the quarter.")
    d = draft(rng, sender, [(to.full, addr)], "Quarterly sales report", text)
    d.attachments.append(
        mime.Attachment(
            "q_sales.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            documents.xlsx("Sales", ["Rep", "Region", "Revenue", "Growth"], rows),
        )
    )
    return d


@labelled(CLEAN, "reply with quoted message, greetings and signatures (names, phones)")
def reply_thread(rng: random.Random) -> mime.Draft:
    """A business reply quoting the previous message, with greetings and signatures on both."""
    a = people.office_staff(rng)
    b_person, b_addr = _biz_contact(rng)
    t = people.sent_at(rng)
    earlier = body(
        f"Hi {a.person.first},",
        pick(
            rng,
            "Do you have the signed contract back yet?",
            "Can you send the updated floor plan?",
            "Are we still on for the walkthrough?",
        ),
        f"Thanks,\n{b_person.full}\n{ids.phone(rng)}",
    )
    text = body(
        f"Hi {b_person.first},",
        pick(
            rng,
            "Yes, attached last night. Legal had one comment on section 4.",
            "Sending it this afternoon.",
            "Yes - 10 AM at the loading dock.",
        ),
        closing(rng),
        a.signature(rng),
        mime.reply_header(b_person.full, b_addr, t),
        mime.quote(earlier),
    )
    return draft(
        rng,
        a,
        [(b_person.full, b_addr)],
        "Re: " + pick(rng, "contract", "floor plan", "walkthrough"),
        text,
    )


TEMPLATES = {
    "invoice": (invoice, 9),
    "purchase-order": (purchase_order, 6),
    "shipping": (shipping_notice, 7),
    "scheduling": (scheduling, 8),
    "it-ticket": (it_ticket, 6),
    "marketing": (marketing, 6),
    "expense": (expense_report, 4),
    "remittance": (remittance, 4),
    "sales-xlsx": (sales_report, 3),
    "reply-thread": (reply_thread, 6),
}
