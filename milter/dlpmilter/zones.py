"""Whose data it is: structural regions of a part's text.

:func:`find_zones` marks the regions of an e-mail body that carry the *correspondents'* data, not a
patient's: the sender's signature block (after ``-- `` or a valediction such as ``Regards,``),
greetings (``Dear Dr. Smith,``), the header lines of quoted replies and forwards (``On <date>,
<name> wrote:``, ``From: / Sent: / To:`` blocks; the quoted ``Subject:`` line is left out because
it may carry PHI), legal disclaimers, clinicians named by title, credential or role (``Dr. Lena Park``, ``Anna Lee,
RN``), lines that list attendees or speakers (``roster``), organisations' names (``Cedar Valley
Cardiology``: ``organisation``), the words right after "your" (``addressed``: what a message says about its reader); and,
for information, quoted text and forward markers. Rule
packs exclude findings in some zones with ``zone_exclude``; PHI in the *body* of a quoted or
forwarded message still counts.

Pure and linear: every line is looked at once, and the anchored patterns only run on short lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from dlpmilter.blockscan import BlockScanner, hyperscan
from dlpmilter.message import Zone

#: Zone kinds this module produces.
ZONE_KINDS = (
    "signature", "greeting", "reply_header", "quoted", "forwarded", "disclaimer", "provider", "addressed",
    "roster", "organisation",
)  # fmt: skip

#: Lines longer than this are prose, never a signature, greeting or header line.
_SHORT = 120
_SIG_MAX_LINES = 12

_DASHES = re.compile(r"^--\s?$")
_VALEDICTION = re.compile(
    r"^(?:(?:best|kind|warm|warmest|kindest|many thanks and)?\s*regards|best(?: wishes)?|all the best"
    r"|sincerely(?: yours)?|yours (?:truly|sincerely|faithfully)|respectfully|cordially|cheers"
    r"|thanks?(?: (?:again|so much|you|in advance))*|many thanks|thank you(?: very much)?|take care"
    r"|with (?:gratitude|thanks|appreciation|best wishes)|gratefully|warmly|warm wishes|be well|stay well)"
    r"\s*[,.!]?$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:dear|hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening)|morning)\b[^,:!\n]{0,60}[,:!]",
    re.IGNORECASE,
)
#: A bare opener on its own line: ``Anna -``, ``Maria,``.
_BARE_GREETING = re.compile(r"^[A-Z][\w'.-]{1,30}(?: [A-Z][\w'.-]{1,30})?\s?[-,\u2013]$")
#: A dash sign-off: ``-Anna``, ``- Dr. Lee``.
_DASH_SIGNOFF = re.compile(r"^[-\u2013\u2014]\s?[A-Z][\w'.-]{1,30}(?: [A-Z][\w'.-]{1,30}){0,2}$")
_WROTE = re.compile(r"^on\b.{0,240}\bwrote:$", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\**(?:from|sent|date|to|cc|bcc|reply-to)\**:", re.IGNORECASE)
_SUBJECT_LINE = re.compile(r"^\**subject\**:", re.IGNORECASE)
_FORWARD = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|begin forwarded message:"
    r"|-{2,}\s*forwarded by\b.*)$",
    re.IGNORECASE,
)
_CAP = r"[A-Z][\w'\u2019-]+"
#: A clinician named by title (``Dr. Lena Park``) or by credential or role (``Anna Lee, RN``,
#: ``Tomasz Washington, Medical Assistant``): staff, not patients.
_PROVIDER = re.compile(
    rf"\b(?:Dr|Doctor|Prof|Professor)\.?[ \t]+(?:[A-Z]\.[ \t]*)?{_CAP}(?:[ \t]+{_CAP}){{0,2}}"
    rf"|\b{_CAP}(?:[ \t]+[A-Z]\.)?(?:[ \t]+{_CAP}){{0,2}},?[ \t]+"
    r"(?:M\.?D|D\.?O|RN|LPN|NP|PA-C|PhD|DNP|FNP(?:-BC)?|APRN|PharmD|RPh|FAC[A-Z]{1,2}|LCSW|LICSW|MSW"
    r"|DDS|DMD|DPM|CNM|CRNA|MPH|MBA|BSN|MSN)\b\.?"
    r"|\b{_CAP}(?:[ \t]+{_CAP}){0,2},[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}(?:Assistant|Nurse|Practitioner|Physician"
    r"|Pharmacist|Dietitian|Nutritionist|Worker|Manager|Coordinator|Navigator|Therapist|Counselor"
    r"|Psychologist|Psychiatrist|Surgeon|Director|Attending|Resident|Fellow|Specialist|Educator"
    r"|Technician|Technologist|Administrator|Officer|Chair|Supervisor|Liaison|Midwife|Chaplain"
    r"|Hygienist|Radiologist|Oncologist|Cardiologist|Pediatrician|Internist)\b".replace(
        "{_CAP}", _CAP
    )
)
#: The words right after "your": what the text says about its reader (``your diabetes``,
#: ``your next colonoscopy``), for mail to an individual about their own health.
_ADDRESSED = re.compile(
    r"\byour[ \t]+((?:[^\W\d_][\w'-]*[ \t]+){0,2}[^\W\d_][\w'-]*)", re.IGNORECASE
)
#: A line that lists staff or business contacts: meeting attendees, speakers, a committee
#: (``Present: A, B, C``), the people of an order or a form (``Ship-to contact:``, ``Approved by:``).
_ROSTER = re.compile(
    r"^[ \t]*(?:present|attendees|attendance|in attendance|members present|absent|excused|guests"
    r"|participants|panel(?:ists)?|speakers|faculty|presenters|committee(?: members)?|board members"
    r"|invitees|organi[sz]ers?|moderators?|staff present|ship[- ]to contact|contact person|attn|attention"
    r"|prepared by|approved by|requested by|submitted by|ordered by|sales rep(?:resentative)?"
    r"|account manager|buyer|vendor contact)[ \t]*:[ \t]*(\S[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
#: An organisation's name: capitalised words ending in a word that names a business or a care
#: provider (``Cedar Valley Cardiology``, ``Brightline Logistics``, ``Riverbend Health``). A model
#: often tags the first words of such a name as a person.
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'&.\u2019-]*[ \t]+){1,4}(?:(?:&|and)[ \t]+[A-Z][\w'-]*[ \t]+)?"
    r"(?:Cardiology|Health(?:care)?|Hospitals?|Clinics?|Medical[ \t]+(?:Center|Centre|Group|Associates)"
    r"|Family[ \t]+Medicine|Medicine|Cent(?:er|re)|Foundation|Associates|Pharmacy|Group|Inc|LLC|Ltd"
    r"|Laborator(?:y|ies)|Labs?|Logistics|Diagnostics|University|College|School|Institute|Partners"
    r"|Orthopa?edics?|Pediatrics|Oncology|Dermatology|Radiology|Imaging|Surgical|Dental|Rehabilitation"
    r"|Services|Systems|Solutions|Suppl(?:y|ies)|Corp(?:oration)?|Company|Bank|Trust|Society"
    r"|Association|Council|Network|Alliance|Collaborative|Church|YMCA|YWCA)\b"
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'-]*")
#: Words that may stand beside the sender's name on a signature line.
_NAME_FILLERS = frozenset(
    {"dr", "md", "rn", "np", "do", "phd", "pa", "mr", "ms", "mrs", "jr", "sr"}
)
_QUOTE_PREFIX = re.compile(r"^(?:\s*>)+\s?")
_DISCLAIMER_MARKERS = (
    "intended recipient", "confidential", "privileged", "received this", "in error",
    "notify the sender", "prohibited", "disclosure", "unauthorized", "unauthorised",
    "delete this", "destroy", "legally protected",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped, quote prefix removed, only for short lines
    quoted: bool
    blank: bool
    lead: int = 0  # characters before ``text`` on the line


def _lines(text: str) -> Iterator[_Line]:
    pos = 0
    for raw in text.splitlines(keepends=True):
        end = pos + len(raw.rstrip("\r\n"))
        quoted = raw.lstrip().startswith(">")
        body = raw if len(raw) <= _SHORT * 2 else ""
        prefix = _QUOTE_PREFIX.match(body) if quoted else None
        rest = body[prefix.end() :] if prefix is not None else body
        lead = (prefix.end() if prefix is not None else 0) + len(rest) - len(rest.lstrip())
        yield _Line(
            start=pos, end=end, text=rest.strip(), quoted=quoted, blank=not raw.strip(), lead=lead
        )
        pos += len(raw)


@dataclass(slots=True)
class _Scanner:
    """One pass over the lines; collects zones."""

    lines: list[_Line]
    zones: list[Zone] = field(default_factory=list)

    def add(self, kind: str, start: int, end: int) -> None:
        if end > start:
            self.zones.append(Zone(kind=kind, start=start, end=end))

    def is_header(self, i: int) -> bool:
        text = self.lines[i].text
        return bool(_FORWARD.match(text) or _WROTE.match(text) or self._header_block_at(i))

    def _header_block_at(self, i: int) -> bool:
        text = self.lines[i].text
        if not _HEADER_LINE.match(text):
            return False
        nxt = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
        prev = self.lines[i - 1].text if i > 0 else ""
        pattern = (_HEADER_LINE, _SUBJECT_LINE)
        return any(p.match(nxt) or p.match(prev) for p in pattern)

    def signature(self, i: int, *, dashes: bool) -> int:
        """Mark a signature starting at line ``i``; return the index of the line after it.

        After ``-- `` everything up to a quoted header (at most :data:`_SIG_MAX_LINES` lines) is
        the signature. After a closing (``Regards,``) only the next block of short lines is: one
        blank line may follow the closing, and the first blank line after the name ends it, so
        text after a sign-off (a P.S., a pasted record) stays inspected.
        """
        start = self.lines[i].start
        end = self.lines[i].end
        j = i + 1
        content = 0
        while j < len(self.lines) and j - i <= _SIG_MAX_LINES:
            line = self.lines[j]
            if not line.blank and (
                not line.text or self.is_header(j) or line.quoted != self.lines[i].quoted
            ):
                break
            if line.blank:
                if not dashes and (content or j - i > 2):
                    break
            elif not dashes and (len(line.text) > 80 or _sentence(line.text)):
                break
            else:
                content += 1
                end = line.end
            j += 1
        self.add("signature", start, end)
        return j

    def header_block(self, i: int) -> int:
        """Mark the quoted header lines starting at ``i``; the Subject line stays out."""
        j = i
        while j < len(self.lines) and (
            _HEADER_LINE.match(self.lines[j].text) or _SUBJECT_LINE.match(self.lines[j].text)
        ):
            if not _SUBJECT_LINE.match(self.lines[j].text):
                self.add("reply_header", self.lines[j].start, self.lines[j].end)
            j += 1
        return j


def _sentence(text: str) -> bool:
    """A line of prose (seven or more words ending in a full stop, ! or ?): no signature has
    one, so it ends a signature that a closing started (``Thanks again`` over a paragraph)."""
    stripped = text.rstrip()
    return stripped[-1:] in {".", "!", "?"} and len(stripped.split()) >= 7


def _greeting(scanner: _Scanner, line: _Line) -> None:
    match = _GREETING.match(line.text) or _BARE_GREETING.match(line.text)
    if match is not None:
        offset = line.start + line.lead
        scanner.add("greeting", offset, offset + match.end())


def _disclaimers(scanner: _Scanner) -> None:
    para: list[_Line] = []
    for line in [*scanner.lines, _Line(start=0, end=0, text="", quoted=False, blank=True)]:
        if not line.blank:
            para.append(line)
            continue
        if para:
            words = " ".join(p.text.lower() for p in para[:40])
            if sum(marker in words for marker in _DISCLAIMER_MARKERS) >= 3:
                scanner.add("disclaimer", para[0].start, para[-1].end)
        para = []


def _quoted(scanner: _Scanner) -> None:
    start = None
    end = 0
    for line in scanner.lines:
        if line.quoted:
            start = line.start if start is None else start
            end = line.end
        elif start is not None and not line.blank:
            scanner.add("quoted", start, end)
            start = None
    if start is not None:
        scanner.add("quoted", start, end)


def _names_line(line: _Line, names: frozenset[str]) -> bool:
    """A short line made only of the sender's name words (``Elena Chen``, ``Chen, Elena``)."""
    if not names or len(line.text) > 60 or line.text[-1] in ",-:;!?":
        return False
    words = [w.lower() for w in _NAME_WORD.findall(line.text)]
    return (
        0 < len(words) <= 4
        and all(w in names or w in _NAME_FILLERS for w in words)
        and any(w in names for w in words)
    )


def find_zones(text: str, *, names: frozenset[str] = frozenset()) -> tuple[Zone, ...]:
    """The zones of one part's text, sorted by start.

    :param text: the part's decoded, normalized text.
    :param names: the sender's name words, lower case: a line of only those words starts a
        signature even without a closing (``Elena Chen`` over a title and phone lines).
    """
    scanner = _Scanner(lines=list(_lines(text)))
    lines = scanner.lines
    segment_start = True  # the next content line opens a message (top, or after quoted headers)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank or not line.text:
            i += 1
            continue
        if _FORWARD.match(line.text):
            scanner.add("forwarded", line.start, line.end)
            segment_start, i = True, i + 1
        elif _WROTE.match(line.text):
            scanner.add("reply_header", line.start, line.end)
            segment_start, i = True, i + 1
        elif scanner._header_block_at(i):
            segment_start, i = True, scanner.header_block(i)
        elif (
            _DASHES.match(line.text)
            or _VALEDICTION.match(line.text)
            or _DASH_SIGNOFF.match(line.text)
            or (not segment_start and _names_line(line, names))
        ):
            i = scanner.signature(i, dashes=bool(_DASHES.match(line.text)))
        else:
            if segment_start:
                _greeting(scanner, line)
            segment_start = False
            i += 1
    _disclaimers(scanner)
    _quoted(scanner)
    _pattern_zones(scanner, text)
    return tuple(sorted(scanner.zones, key=lambda z: (z.start, z.end)))


#: What every match of a pattern zone contains, for one Hyperscan pass that tells which of the
#: patterns can match at all (most texts have no clinician and no organisation name). Each is a
#: necessary part of its pattern, so a text without it has no match of the pattern and skipping
#: that pattern changes nothing (tests check this against the patterns themselves).
_NECESSARY: tuple[tuple[re.Pattern[str], bytes, int], ...] = (
    (
        _PROVIDER,
        rb"(?:Dr|Doctor|Prof|Professor)\.?[ \t]|[ \t](?:M\.?D|D\.?O|RN|LPN|NP|PA-C|PhD|DNP|FNP"
        rb"|APRN|PharmD|RPh|FAC[A-Z]{1,2}|LCSW|LICSW|MSW|DDS|DMD|DPM|CNM|CRNA|MPH|MBA|BSN|MSN)"
        rb"|,[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}(?:Assistant|Nurse|Practitioner|Physician|Pharmacist"
        rb"|Dietitian|Nutritionist|Worker|Manager|Coordinator|Navigator|Therapist|Counselor"
        rb"|Psychologist|Psychiatrist|Surgeon|Director|Attending|Resident|Fellow|Specialist|Educator"
        rb"|Technician|Technologist|Administrator|Officer|Chair|Supervisor|Liaison|Midwife|Chaplain"
        rb"|Hygienist|Radiologist|Oncologist|Cardiologist|Pediatrician|Internist)",
        0,
    ),
    (_ADDRESSED, rb"your[ \t]", 1),  # IGNORECASE: no character but y, o, u, r folds to them
    (
        _ORGANISATION,
        rb"[ \t](?:Cardiology|Health|Hospital|Clinic|Medical[ \t]+(?:Center|Centre|Group|Associates)"
        rb"|Family[ \t]+Medicine|Medicine|Cent(?:er|re)|Foundation|Associates|Pharmacy|Group|Inc|LLC"
        rb"|Ltd|Laborator|Lab|Logistics|Diagnostics|University|College|School|Institute|Partners"
        rb"|Orthop|Pediatrics|Oncology|Dermatology|Radiology|Imaging|Surgical|Dental|Rehabilitation"
        rb"|Services|Systems|Solutions|Suppl|Corp|Company|Bank|Trust|Society|Association|Council"
        rb"|Network|Alliance|Collaborative|Church|YMCA|YWCA)",
        0,
    ),
)
_NECESSARY_SCANNER = (
    BlockScanner(
        [expression for _, expression, _ in _NECESSARY],
        flags=[
            hyperscan.HS_FLAG_SINGLEMATCH | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
            for _, _, caseless in _NECESSARY
        ],
    )
    if hyperscan is not None
    else None
)


def _possible(text: str) -> frozenset[re.Pattern[str]]:
    """The zone patterns that may match ``text`` (all of them without Hyperscan)."""
    if _NECESSARY_SCANNER is None:
        return frozenset(pattern for pattern, _, _ in _NECESSARY)
    found = _NECESSARY_SCANNER.keys(text.encode("utf-8", "replace"))
    return frozenset(_NECESSARY[i][0] for i in found)


def _pattern_zones(scanner: _Scanner, text: str) -> None:
    """Zones found by one pattern pass each over the text: providers, rosters, organisations,
    "your ..."; a pattern whose necessary part is absent is not run."""
    possible = _possible(text)
    if _PROVIDER in possible:
        for match in _PROVIDER.finditer(text):
            scanner.add("provider", match.start(), match.end())
    if _ADDRESSED in possible:
        for match in _ADDRESSED.finditer(text):
            scanner.add("addressed", match.start(1), match.end(1))
    if ":" in text:  # every roster line has its label's colon
        for match in _ROSTER.finditer(text):
            scanner.add("roster", match.start(1), match.end(1))
    if _ORGANISATION in possible:
        for match in _ORGANISATION.finditer(text):
            scanner.add("organisation", match.start(), match.end())


def kinds_at(zones: Sequence[Zone], positions: Sequence[int]) -> list[frozenset[str]]:
    """For each position (sorted or not), the kinds of the zones that contain it.

    One sweep over the sorted zone boundaries and the sorted positions: O((z + n) log(z + n)).
    """
    events = sorted([(z.start, 1, z.kind) for z in zones] + [(z.end, -1, z.kind) for z in zones])
    order = sorted(range(len(positions)), key=positions.__getitem__)
    active: Counter[str] = Counter()
    out: list[frozenset[str]] = [frozenset()] * len(positions)
    e = 0
    current: frozenset[str] = frozenset()
    for index in order:
        pos = positions[index]
        changed = False
        while e < len(events) and events[e][0] <= pos:
            active[events[e][2]] += events[e][1]
            e += 1
            changed = True
        if changed:
            current = frozenset(k for k, n in active.items() if n > 0)
        out[index] = current
    return out
