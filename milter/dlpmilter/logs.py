"""Logging for every dlpmilter process, with the text of other libraries' records withheld.

dlpmilter's own records never hold message content (ids, counts, offsets, reasons). The
libraries that read messages do not promise that: a PDF reader that warns about a font
encoding quotes the encoding's name, which a crafted PDF can make any text at all, an
identifier included. So a record from any logger outside ``dlpmilter`` keeps its logger name
and level but loses its text, arguments and traceback (:class:`ForeignRecordFilter`), and
Python warnings are routed through logging so that the same holds for them. :func:`configure`
installs this in the command-line process and in every inspection worker.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

#: The format of every line.
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: What a withheld record says instead of its text.
WITHHELD = "text withheld (a library's log record may quote message content)"

_OWN = "dlpmilter"


class ForeignRecordFilter(logging.Filter):
    """Keeps dlpmilter's records whole and strips the text from everyone else's."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite a foreign record in place; never drop one (the admin sees that it came)."""
        if record.name != _OWN and not record.name.startswith(_OWN + "."):
            record.msg = WITHHELD
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def configure(level: int, stream: TextIO | None = None) -> logging.Handler:
    """Log to ``stream`` (standard error by default) at ``level``, foreign text withheld.

    Replaces the root logger's handlers, so calling it again (a worker started from a
    process that configured logging) does not log twice. Returns the handler.
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(ForeignRecordFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return handler
