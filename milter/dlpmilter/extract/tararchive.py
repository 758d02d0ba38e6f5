"""TAR archives (ustar, pax, GNU; uncompressed: a ``.tar.gz`` is a gzip stream whose child is
the tar). Members are read in chunks within the budget; a member's declared size is checked
first, and sparse members (whose declared size can dwarf their stored bytes) are refused
beyond the ratio like any compressed member. Only regular files become children; links,
devices and directories are names only.
"""

from __future__ import annotations

import io
import tarfile
from typing import Any

from dlpmilter.extract.allowance import Allowance, OverBudget
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.message import Fact

_BLOCK = 512


def _checksum_ok(block: bytes) -> bool:
    """The header checksum of a tar block (works for pre-POSIX tars without ``ustar``)."""
    try:
        stored = int(block[148:156].split(b"\x00", 1)[0].strip() or b"-1", 8)
    except ValueError:
        return False
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:_BLOCK])
    return stored == unsigned


def is_tar(data: bytes) -> bool:
    """True when the first block is a tar header (``ustar`` magic, or a valid checksum)."""
    if len(data) < _BLOCK:
        return False
    if data[257:262] == b"ustar":
        return True
    return data[0] != 0 and _checksum_ok(data[:_BLOCK])


class TarExtractor(Extractor):
    """Tape archives."""

    name = "tar"
    priority = 35

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for a tar header in the first block."""
        return is_tar(data)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Regular-file members as children; member names as text."""
        allowance = Allowance(budget)
        facts: list[Fact] = []
        children: list[Child] = []
        names: list[str] = []
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
                for member in archive:
                    names.append(member.name)
                    if not member.isfile():
                        continue
                    if not self._member(
                        archive, member, allowance, location, facts=facts, children=children
                    ):
                        break
        except tarfile.TarError as exc:
            facts.append(
                Fact(kind="corrupt", location=location, detail=f"tar: {type(exc).__name__}")
            )
        return Extracted(
            text="\n".join(names)[: budget.max_text_chars],
            content_type="application/x-tar",
            children=tuple(children),
            facts=tuple(facts),
            expanded_bytes=allowance.expanded,
        )

    @staticmethod
    def _member(
        archive: tarfile.TarFile,
        member: tarfile.TarInfo,
        allowance: Allowance,
        location: str,
        *,
        facts: list[Fact],
        children: list[Child],
    ) -> bool:
        """Read one member; ``False`` when the archive should not be read further."""
        where = f"{location}/{member.name}"
        refused = allowance.take_member(location)
        if refused is not None:
            facts.append(refused)
            return False
        sparse: Any = getattr(member, "sparse", None)
        stored = max(1, sum(int(s[1]) for s in sparse)) if sparse else None
        try:
            fact = allowance.precheck(location=where, declared=member.size, stored=stored)
            if fact is not None:
                raise OverBudget(fact)
            stream = archive.extractfile(member)
            if stream is not None:
                children.append(
                    Child(
                        name=member.name, data=allowance.read(stream, location=where, stored=stored)
                    )
                )
        except OverBudget as stop:
            facts.append(stop.fact)
            return stop.fact.kind != "time_budget"
        except (tarfile.TarError, OSError, EOFError) as exc:
            facts.append(
                Fact(kind="corrupt", location=where, detail=f"tar member: {type(exc).__name__}")
            )
        return True
