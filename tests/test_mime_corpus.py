"""Every message of the shared MIME corpus parses within budget, without an exception.

The corpus (real-world and malformed messages from public MIME test suites) sits beside the
checkout, in ``shared/mime-corpus``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpmilter.message import Limits, Message, parse
from dlpmilter.plugins import load_registry
from dlpmilter.settings import load_settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "mime-corpus"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".json")

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"the shared MIME corpus is not beside the checkout ({CORPUS})"
)


@pytest.fixture(scope="module")
def limits() -> Limits:
    """The shipped budgets with every registered extractor."""
    return Limits.from_settings(load_settings(environ={}), load_registry())


@pytest.fixture(scope="module")
def parsed(limits: Limits) -> list[tuple[Path, Message]]:
    """Every corpus file, parsed once."""
    return [(path, parse(path.read_bytes(), limits)) for path in FILES]


@pytest.mark.timeout(120)
def test_every_file_parses(limits: Limits, parsed: list[tuple[Path, Message]]) -> None:
    """Each file gives a Message whose parts and facts are consistent, none over time."""
    assert len(parsed) >= 200
    for path, message in parsed:
        assert isinstance(message, Message), path.name
        assert not any(f.kind == "time_budget" for f in message.facts), path.name
        locations = [p.location for p in message.parts]
        assert len(locations) == len(set(locations)), path.name
        part_facts = {f for p in message.parts for f in p.facts}
        assert part_facts <= set(message.facts), path.name
        for part in message.parts:
            assert len(part.text) <= limits.max_part_text_chars, path.name
            if part.offsets is not None:
                assert len(part.offsets) == len(part.text), (path.name, part.location)


def test_corpus_is_mostly_readable(parsed: list[tuple[Path, Message]]) -> None:
    """Most real-world mail has a readable body: at least nine in ten files give text."""
    with_text = sum(any(p.text.strip() for p in message.parts) for _, message in parsed)
    assert with_text >= 0.9 * len(parsed)
