"""Word (DOCX) and PowerPoint (PPTX) documents, read straight from their Office Open XML.

No third-party library: the parts are read with :mod:`zipfile` and the defused SAX reader, so
everything that carries text is covered, not only what a document model exposes.

* DOCX: the body, every header and footer, footnotes, endnotes, comments (and their
  extended/threaded forms), tracked deletions (``w:delText``), text boxes, field codes, the
  glossary, the alternative text of pictures, custom XML data (form fields bound to content
  controls), and the document properties (title, author, subject, custom properties).
* PPTX: every slide, speaker notes, comments (legacy and modern), charts, SmartArt data, slide
  masters and layouts (a footer shown on every slide lives there), custom XML and the document
  properties.

Embedded objects (``word/embeddings``, ``ppt/embeddings``) become children, so a workbook
pasted into a letter is read too. A password-protected document is not a ZIP at all (it is an
OLE2 container) and is handled by :mod:`dlpmilter.extract.ole`.
"""

from __future__ import annotations

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.officezip import OfficePackage, has_parts
from dlpmilter.extract.xmltext import EveryElement

#: Elements whose end (or start) is a line, cell or tab in WordprocessingML and DrawingML.
ON_END = {"p": "\n", "tc": " | ", "tr": "\n", "txbxContent": "\n"}
ON_START = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}

_PROPERTIES = r"docProps/(core|app|custom)\.xml"
#: Custom XML data parts (form data bound to content controls): any text in them is data.
CUSTOM_XML = r"customXml/item\d+\.xml"
_DOCX_MAIN = "word/document.xml"
_DOCX_PARTS = (
    r"word/(header|footer)\d*\.xml",
    r"word/(footnotes|endnotes)\.xml",
    r"word/comments\w*\.xml",
    r"word/glossary/document\.xml",
)
_PPTX_PARTS = (
    r"ppt/slides/slide\d+\.xml",
    r"ppt/notesSlides/notesSlide\d+\.xml",
    r"ppt/comments/\w+\.xml",
    r"ppt/charts/chart\d+\.xml",
    r"ppt/diagrams/data\d+\.xml",
    r"ppt/(slideMasters/slideMaster|slideLayouts/slideLayout)\d+\.xml",
    r"ppt/(notesMasters/notesMaster|handoutMasters/handoutMaster)\d+\.xml",
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def read_office(
    data: bytes,
    *,
    location: str,
    budget: Budget,
    main: list[str],
    parts: tuple[str, ...],
    embeddings: str,
    content_type: str,
) -> Extracted:
    """Read ``main`` parts, then each pattern of ``parts``, the properties and embeddings."""
    package = OfficePackage(data, location=location, budget=budget)
    package.read_text(main, on_start=ON_START, on_end=ON_END)
    for pattern in parts:
        package.read_text(package.names(pattern), on_start=ON_START, on_end=ON_END)
    package.read_text(package.names(_PROPERTIES), on_start={}, on_end=EveryElement("\n"))
    package.read_text(package.names(CUSTOM_XML), on_start={}, on_end=EveryElement("\n"))
    package.embed(package.names(embeddings))
    return package.result(content_type)


class DocxExtractor(Extractor):
    """Word documents (``.docx``, ``.docm``, ``.dotx``)."""

    name = "docx"
    priority = 60

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for a ZIP holding ``word/document.xml``."""
        return has_parts(data, b"word/", _DOCX_MAIN)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Body, headers, footers, notes, comments, deletions, properties; embeddings."""
        return read_office(
            data,
            location=location,
            budget=budget,
            main=[_DOCX_MAIN],
            parts=_DOCX_PARTS,
            embeddings=r"word/embeddings/.+",
            content_type=DOCX_TYPE,
        )


class PptxExtractor(Extractor):
    """PowerPoint presentations (``.pptx``, ``.pptm``, ``.ppsx``)."""

    name = "pptx"
    priority = 60

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for a ZIP holding ``ppt/presentation.xml``."""
        return has_parts(data, b"ppt/", "ppt/presentation.xml")

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Slides, speaker notes, comments, charts, SmartArt, properties; embeddings."""
        return read_office(
            data,
            location=location,
            budget=budget,
            main=[],
            parts=_PPTX_PARTS,
            embeddings=r"ppt/embeddings/.+",
            content_type=PPTX_TYPE,
        )
