"""Built-in extract plugin: registers the attachment extractors shipped with dlpmilter."""

from __future__ import annotations

from collections.abc import Mapping

from dlpmilter.extract.base import Extractor
from dlpmilter.extract.compressed import CompressedExtractor
from dlpmilter.extract.delimited import DelimitedExtractor
from dlpmilter.extract.encoded import Base64TextExtractor
from dlpmilter.extract.html import HtmlExtractor
from dlpmilter.extract.odf import OdfExtractor
from dlpmilter.extract.ole import OleExtractor
from dlpmilter.extract.ooxml import DocxExtractor, PptxExtractor
from dlpmilter.extract.pdf import PdfExtractor
from dlpmilter.extract.rtf import RtfExtractor
from dlpmilter.extract.sevenzip import SevenZipExtractor
from dlpmilter.extract.tararchive import TarExtractor
from dlpmilter.extract.text import PlainTextExtractor
from dlpmilter.extract.tnef import TnefExtractor
from dlpmilter.extract.vcalendar import CalendarExtractor
from dlpmilter.extract.xlsx import XlsxExtractor
from dlpmilter.extract.ziparchive import ZipExtractor
from dlpmilter.hookspecs import hookimpl

#: Every built-in extractor type, in no particular order (``priority`` decides).
BUILTIN_EXTRACTORS: tuple[type[Extractor], ...] = (
    DocxExtractor,
    XlsxExtractor,
    PptxExtractor,
    OdfExtractor,
    PdfExtractor,
    RtfExtractor,
    OleExtractor,
    TnefExtractor,
    SevenZipExtractor,
    CompressedExtractor,
    TarExtractor,
    ZipExtractor,
    CalendarExtractor,
    HtmlExtractor,
    DelimitedExtractor,
    Base64TextExtractor,
    PlainTextExtractor,
)


@hookimpl
def dlp_register_extractors() -> Mapping[str, type[Extractor]]:
    """The built-in extractor types, keyed by name."""
    return {cls.name: cls for cls in BUILTIN_EXTRACTORS}


def build_extractors(registered: Mapping[str, type[Extractor]]) -> tuple[Extractor, ...]:
    """One instance of each registered extractor type, highest priority first (ties by name).

    :param registered: the registry's extractor classes keyed by name.
    """
    instances = [cls() for cls in registered.values()]
    return tuple(sorted(instances, key=lambda e: (-e.priority, e.name)))
