"""OpenDocument text, spreadsheets and presentations (``.odt``, ``.ods``, ``.odp``, ...).

Read straight from the package like Office Open XML: ``content.xml`` (body, tables, every
sheet, slides, speaker notes, annotations), ``styles.xml`` (page headers and footers),
``meta.xml`` (title, author, description) and the ``content.xml`` of embedded objects
(charts, embedded sheets); embedded foreign objects (an OLE file stored as ``Object 2``)
become children. A package whose manifest declares encryption gets an
``encrypted_attachment`` fact: its parts are ciphertext.
"""

from __future__ import annotations

from dlpmilter.extract.allowance import OverBudget
from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.officezip import OfficePackage, has_parts
from dlpmilter.extract.xmltext import EveryElement
from dlpmilter.extract.ziparchive import MEMBER_ERRORS, read_member
from dlpmilter.message import Fact

ON_END = {
    "p": "\n",
    "h": "\n",
    "table-cell": " | ",
    "table-row": "\n",
    "list-item": "\n",
    "annotation": "\n",
    "frame": "\n",
}
ON_START = {"tab": "\t", "line-break": "\n", "s": " ", "annotation": "\n"}
_PREFIX = b"application/vnd.oasis.opendocument."
_READ_ERRORS: tuple[type[Exception], ...] = (OverBudget, *MEMBER_ERRORS)


def _mimetype(data: bytes) -> str | None:
    """The ``mimetype`` member's content when it is first and stored, as the spec asks."""
    if data[30:38] == b"mimetype" and data[38 : 38 + len(_PREFIX)] == _PREFIX:
        end = data.find(b"PK", 38)
        return data[38:end].decode("ascii", errors="replace") if end > 0 else None
    return None


def _encrypted(package: OfficePackage) -> bool:
    info = package.infos.get("META-INF/manifest.xml")
    if info is None:
        return False
    try:
        manifest = read_member(
            package.zip, info, package.allowance, f"{package.location}/{info.filename}"
        )
    except _READ_ERRORS:
        return False
    return b"encryption-data" in manifest


class OdfExtractor(Extractor):
    """OpenDocument formats."""

    name = "odf"
    priority = 60

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for a ZIP whose first member is an OpenDocument ``mimetype``."""
        return _mimetype(data) is not None or has_parts(data, _PREFIX, "content.xml")

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Body, tables, slides, notes, annotations, headers, footers, metadata."""
        package = OfficePackage(data, location=location, budget=budget)
        kind = _mimetype(data) or "application/vnd.oasis.opendocument"
        if _encrypted(package):
            package.facts.append(
                Fact(
                    kind="encrypted_attachment", location=location, detail="odf: password protected"
                )
            )
            return package.result(kind)
        package.read_text(["content.xml", "styles.xml"], on_start=ON_START, on_end=ON_END)
        package.read_text(package.names(r"[^/]+/content\.xml"), on_start=ON_START, on_end=ON_END)
        package.read_text(["meta.xml"], on_start={}, on_end=EveryElement("\n"))
        package.embed(package.names(r"Object \d+"))
        return package.result(kind)
