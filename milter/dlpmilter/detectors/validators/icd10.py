"""ICD-10-CM codes: the shape, then membership in the real CMS code list.

The list is ``rules/vocab/icd10cm_codes.txt.gz`` (one code per line without the dot, e.g.
``E119``), built from the CMS/CDC ICD-10-CM release by the vocabulary build script. It is loaded
once, when a detector that names the ``icd10cm`` validator is built; a missing list stops the
load with an error naming the file.
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from dlpmilter.errors import ConfigError

if TYPE_CHECKING:
    from dlpmilter.detectors.base import BuildContext

#: Letter, digit, digit-or-letter, then up to four more characters (the dot removed).
SHAPE = regex.compile(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}")

#: Where the code list lives, relative to the shipped rules directory.
DEFAULT_RELATIVE_PATH = Path("vocab") / "icd10cm_codes.txt.gz"


def read_code_list(path: Path) -> frozenset[str]:
    """Read a gzip'd list of codes, one per line (dots removed, upper-cased).

    :raises ConfigError: naming the file when it is missing or unreadable.
    """
    try:
        with gzip.open(path, "rt", encoding="ascii") as handle:
            codes = {line.strip().replace(".", "").upper() for line in handle}
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: ICD-10-CM code list is missing (built by the vocabulary script, "
            "see rules/vocab/README.md)"
        ) from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the ICD-10-CM code list: {exc}") from exc
    codes.discard("")
    if not codes:
        raise ConfigError(f"{path}: the ICD-10-CM code list is empty")
    return frozenset(codes)


def code_list_path(context: BuildContext) -> Path:
    """The code list a build uses: the ``icd10_codes_file`` setting, else the default under
    the ``rules_dir`` setting, else under the pack's own directory."""
    explicit = str(context.settings.get("icd10_codes_file", "") or "")
    if explicit:
        return Path(explicit)
    rules_dir = str(context.settings.get("rules_dir", "") or "")
    return Path(rules_dir or context.base_dir) / DEFAULT_RELATIVE_PATH


class CodeListValidator:
    """A validator backed by a code list that is loaded once, when a detector is built.

    Call :meth:`prepare` (the pattern detector does, at build time) before using it.
    """

    def __init__(self, name: str) -> None:
        self.__name__ = name
        self._codes: frozenset[str] | None = None
        self._path: Path | None = None
        self._lock = threading.Lock()

    def prepare(self, context: BuildContext) -> None:
        """Load the code list named by ``context`` (once per path).

        :raises ConfigError: when the list is missing or unreadable.
        """
        path = code_list_path(context)
        with self._lock:
            if self._codes is None or self._path != path:
                self._codes = read_code_list(path)
                self._path = path

    def load(self, codes: frozenset[str]) -> None:
        """Use ``codes`` directly (tests and plugins that ship their own list)."""
        with self._lock:
            self._codes = frozenset(c.replace(".", "").upper() for c in codes)
            self._path = None

    def __call__(self, value: str) -> bool:
        """Whether ``value`` has the ICD-10-CM shape and is in the code list.

        A code written with its dot whose parent (the code without its last character) is in
        the list is accepted too: each yearly release adds such subdivisions (``N18.30`` under
        ``N18.3``), and the list may be an older edition.
        """
        codes = self._codes
        if codes is None:
            raise ConfigError(f"validator {self.__name__}: used before its code list was loaded")
        code = value.replace(".", "").upper()
        if SHAPE.fullmatch(code) is None:
            return False
        if code in codes:
            return True
        return "." in value and len(code) >= 5 and code[:-1] in codes


#: The shared ``icd10cm`` validator.
icd10cm = CodeListValidator("icd10cm")
