"""The source layout keeps pymilter's own top-level modules importable."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_milter_source_root_is_not_a_package() -> None:
    """A ``milter/__init__.py`` would shadow pymilter's C module ``milter``."""
    assert not (ROOT / "milter" / "__init__.py").exists()


def test_pymilter_c_module_still_imports() -> None:
    import Milter
    import milter

    assert hasattr(milter, "ACCEPT")
    assert Milter.TEMPFAIL == milter.TEMPFAIL
