"""When a statistical model's name is a name: corroboration of ``PERSON`` findings.

An NER model tags many capitalised words as people: a verb at the start of a line
("Register at ..."), a supply item ("Sharps container"), a phrase after a cue-looking word
("patient-level data"). A compliance officer would not call those patient names, and they are
what makes ordinary mail look like PHI. So a ``PERSON`` found by a model (its evidence holds a
``model:`` id) keeps its score only when something independent agrees that it is a name, and it is shaped like one (it ends in a
capitalised word: "Sharps container", "Purchase order" and "Job posting" are not, whatever
the name lists say of "Sharps", "Purchase" or "Job"):

- one of its words is a known **first name** (``gazetteer:first``); or
- it has two or more capitalised words and one is a known **last name** (``gazetteer:last``): a
  single capitalised word that is only a surname ("Register", "Reason") is too often an
  ordinary word;
- or a rule-based **cue** (``cue:dear``, ``cue:title``, ``cue:strong``, ``cue:weak``...)
  supports it: in its own evidence, or as a cued ``PERSON`` of a rule-based detector (the names
  detector) over the same characters ("Mrs. Xochitl Tlapa": the names agree). The model's own
  look-back (``cue:context``) is not enough on its own: it also fires after "patient-" in
  "patient-level data".

Anything else is capped at :data:`UNCORROBORATED_SCORE` (medium confidence), so rules that ask
for a person at high confidence ignore it while it still shows in explanations. Findings of
rule-based detectors (the names detector, patterns) carry their own scores and are left alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from dlpmilter.evidence import Spans
from dlpmilter.verdict import Finding

#: The score an uncorroborated model name is capped at: medium, below every "high" rule.
UNCORROBORATED_SCORE = 0.6
#: Evidence added to a capped finding, for explanations.
UNCORROBORATED = "uncorroborated"

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _is_model_name(finding: Finding) -> bool:
    return finding.entity == "PERSON" and any(e.startswith("model:") for e in finding.evidence)


def corroborated(finding: Finding, span: str) -> bool:
    """Whether a model's ``PERSON`` finding has independent support (see the module doc).

    :param finding: a finding of entity ``PERSON``.
    :param span: the text it covers.
    """
    words = _WORD.findall(span)
    if not words or not words[-1][0].isupper():
        return False
    evidence = set(finding.evidence)
    if "gazetteer:first" in evidence:
        return True
    if "gazetteer:last" in evidence and sum(w[0].isupper() for w in words) >= 2:
        return True
    return any(e.startswith("cue:") and e != "cue:context" for e in evidence)


def _rule_cue(finding: Finding) -> bool:
    """A name a rule-based detector found after a cue (not a model, not a bare name pair)."""
    return (
        finding.entity == "PERSON"
        and not _is_model_name(finding)
        and any(e.startswith("cue:") and e != "cue:context" for e in finding.evidence)
    )


def corroborate(findings: Sequence[Finding], texts: Mapping[str, str]) -> list[Finding]:
    """The findings with every uncorroborated model name capped at :data:`UNCORROBORATED_SCORE`.

    :param findings: findings of one message.
    :param texts: the text of each part, by location.
    """
    cued: dict[str, Spans] = {}
    by_location: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for finding in findings:
        if _rule_cue(finding):
            by_location[finding.location].append((finding.start, finding.end))
    for location, spans in by_location.items():
        cued[location] = Spans(spans)
    return [_capped(finding, texts, cued) for finding in findings]


def _capped(finding: Finding, texts: Mapping[str, str], cued: Mapping[str, Spans]) -> Finding:
    if not _is_model_name(finding) or finding.score <= UNCORROBORATED_SCORE:
        return finding
    if corroborated(finding, texts.get(finding.location, "")[finding.start : finding.end]):
        return finding
    spans = cued.get(finding.location)
    if spans is not None and spans.near(finding.start + 1, finding.end - 1, 0):
        return finding
    return dataclasses.replace(
        finding, score=UNCORROBORATED_SCORE, evidence=(*finding.evidence, UNCORROBORATED)
    )
