"""ICD-10-CM validator: shape plus membership in the code list loaded at build time."""

import gzip
from pathlib import Path

import pytest

from dlpmilter.detectors.base import BuildContext
from dlpmilter.detectors.validators.icd10 import CodeListValidator, code_list_path, read_code_list
from dlpmilter.errors import ConfigError

CODES = ("E119", "E11", "I10", "B20", "Z3A20", "S72001A")


@pytest.fixture
def code_file(tmp_path: Path) -> Path:
    path = tmp_path / "codes.txt.gz"
    with gzip.open(path, "wt", encoding="ascii") as handle:
        handle.write("\n".join(CODES) + "\n\n")
    return path


@pytest.fixture
def validator(code_file: Path) -> CodeListValidator:
    v = CodeListValidator("icd10cm")
    v.prepare(BuildContext(base_dir=Path(), settings={"icd10_codes_file": str(code_file)}))
    return v


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("E119", True),
        ("E11.9", True),
        ("e11.9", True),
        ("I10", True),
        ("S72.001A", True),
        ("E118", False),  # right shape, not in the list
        ("E1", False),
        ("119E", False),
        ("E11.99999", False),
    ],
)
def test_vectors(validator: CodeListValidator, value: str, valid: bool) -> None:
    """Codes in the list pass with or without the dot; well-shaped unknown codes fail."""
    assert validator(value) is valid


def test_missing_list_fails_the_build(tmp_path: Path) -> None:
    """A missing list is a load error naming the file."""
    v = CodeListValidator("icd10cm")
    missing = tmp_path / "nope.txt.gz"
    with pytest.raises(ConfigError, match=r"nope\.txt\.gz"):
        v.prepare(BuildContext(base_dir=tmp_path, settings={"icd10_codes_file": str(missing)}))


def test_unprepared_validator_refuses() -> None:
    """Using the validator before its list is loaded is an error, not a silent False."""
    with pytest.raises(ConfigError, match="before"):
        CodeListValidator("icd10cm")("E119")


def test_empty_or_corrupt_list(tmp_path: Path) -> None:
    """An empty list or a file that is not gzip is refused."""
    empty = tmp_path / "empty.txt.gz"
    with gzip.open(empty, "wt") as handle:
        handle.write("\n")
    with pytest.raises(ConfigError, match="empty"):
        read_code_list(empty)
    bad = tmp_path / "bad.txt.gz"
    bad.write_text("not gzip")
    with pytest.raises(ConfigError, match="cannot read"):
        read_code_list(bad)


def test_default_path_is_under_rules_dir(tmp_path: Path) -> None:
    """Without the setting, the list is looked up under rules_dir/vocab."""
    ctx = BuildContext(base_dir=Path("/elsewhere"), settings={"rules_dir": str(tmp_path)})
    assert code_list_path(ctx) == tmp_path / "vocab" / "icd10cm_codes.txt.gz"
    assert (
        code_list_path(BuildContext(base_dir=tmp_path))
        == tmp_path / "vocab" / "icd10cm_codes.txt.gz"
    )


def test_shipped_list_has_real_codes() -> None:
    """The shipped list (when built) holds well-known codes and rejects made-up ones."""
    path = Path(__file__).resolve().parents[3] / "rules" / "vocab" / "icd10cm_codes.txt.gz"
    if not path.exists():
        pytest.skip("the ICD-10-CM list is built by the vocabulary script")
    codes = read_code_list(path)
    assert {"E119", "I10", "J449", "F329"} <= codes
    assert "E118X" not in codes
    assert len(codes) > 70_000


@pytest.mark.parametrize(
    ("value", "valid"),
    [("E11.91", True), ("S72.001AB", False), ("E1191", False), ("E11.9X", True), ("E12.91", False)],
)
def test_newer_subdivision_of_a_listed_code(
    validator: CodeListValidator, value: str, valid: bool
) -> None:
    """A dotted code one character below a listed code is accepted; undotted ones are not."""
    assert validator(value) is valid
