"""Loading a spaCy NER pipeline offline, and running it through Presidio or directly.

:func:`resolve_model` decides what a model name means *before* spaCy or Presidio see it: an
existing pipeline directory, or the name of an installed spaCy package. Anything else is a
:class:`~dlpmilter.errors.ConfigError`; nothing here ever calls ``spacy.cli.download`` (Presidio's
``SpacyNlpEngine.load`` would, for an unknown name, so :class:`_OfflineSpacyNlpEngine` replaces
that method).

Loaded backends are cached per (model, backend, entities), so that several detector instances
and policy reloads share one model in a worker process.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from dlpmilter.errors import ConfigError

#: The model labels each reported entity comes from (spaCy/OntoNotes and our own model).
LABELS = {
    "PERSON": ("PERSON", "PER"),
    "DATE_TIME": ("DATE", "TIME"),
    "LOCATION": ("LOC", "GPE"),
}
#: Pipeline components NER does not need; excluded to save time with the large models.
_UNNEEDED = ("parser", "tagger", "lemmatizer", "attribute_ruler", "morphologizer", "senter")

_INSTALL_HINT = (
    "install a spaCy pipeline from a wheel (for example `pip install en_core_web_lg-3.8.0-py3-none-any.whl`) "
    "or set `ner_model` to a pipeline directory such as the shipped `models/dlp_ner`"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelRef:
    """A resolved model: what to pass to ``spacy.load`` and a short id for findings."""

    target: str
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One entity span the model found, with offsets into the analysed text."""

    start: int
    end: int
    entity: str
    label: str


class Backend(Protocol):
    """Runs NER on a text."""

    def analyze(self, text: str) -> list[Hit]:
        """Entity spans in ``text``."""


def resolve_model(name: str, base_dir: Path | None = None) -> ModelRef:
    """Resolve a model setting to a directory or an installed package, without any download.

    :param name: a pipeline directory (absolute, or relative to ``base_dir``) or a package name.
    :raises ConfigError: neither exists, or spaCy is not installed.
    """
    try:
        import spacy.util
    except ImportError as exc:
        raise ConfigError(
            f"ner model {name!r}: spaCy is not installed (pip install 'dlpmilter[ner]')"
        ) from exc
    candidates = [Path(name).expanduser()]
    if base_dir is not None and not candidates[0].is_absolute():
        candidates.insert(0, base_dir / name)
    for path in candidates:
        if (path / "config.cfg").is_file() and (path / "meta.json").is_file():
            return ModelRef(target=str(path.resolve()), label=_label(path / "meta.json"))
        if path.exists() and any(sep in name for sep in "/\\"):
            raise ConfigError(
                f"ner model {name!r}: {path} is not a spaCy pipeline directory; " + _INSTALL_HINT
            )
    if "/" not in name and spacy.util.is_package(name):
        return ModelRef(target=name, label=name)
    raise ConfigError(
        f"ner model {name!r} is neither an installed spaCy package nor a pipeline directory; "
        + _INSTALL_HINT
    )


def _label(meta_path: Path) -> str:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{meta_path}: unreadable pipeline metadata: {exc}") from exc
    return f"{meta.get('name', 'model')}-{meta.get('version', '0')}"


def _load_spacy(target: str) -> Any:
    import spacy

    try:
        return spacy.load(target, exclude=list(_UNNEEDED))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"ner model {target!r} cannot be loaded: {exc}; " + _INSTALL_HINT
        ) from exc


def _label_map(entities: tuple[str, ...]) -> dict[str, str]:
    unknown = sorted(set(entities) - set(LABELS))
    if unknown:
        raise ConfigError(f"ner: unknown entities {unknown} (known: {sorted(LABELS)})")
    return {label: entity for entity in entities for label in LABELS[entity]}


class SpacyBackend:
    """Calls the spaCy pipeline directly."""

    def __init__(self, nlp: Any, entities: tuple[str, ...]) -> None:
        self.nlp = nlp
        self.labels = _label_map(entities)

    def analyze(self, text: str) -> list[Hit]:
        """Entity spans of the labels asked for."""
        doc = self.nlp(text)
        return [
            Hit(start=e.start_char, end=e.end_char, entity=self.labels[e.label_], label=e.label_)
            for e in doc.ents
            if e.label_ in self.labels
        ]


class PresidioBackend:
    """Presidio's ``AnalyzerEngine`` with only the spaCy recognizer registered."""

    def __init__(self, nlp: Any, entities: tuple[str, ...]) -> None:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NerModelConfiguration
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        mapping = _label_map(entities)
        ignore = sorted(set(nlp.get_pipe("ner").labels) - set(mapping))
        config = NerModelConfiguration(
            model_to_presidio_entity_mapping=mapping, labels_to_ignore=ignore
        )
        engine = _offline_engine_class()(nlp=nlp, ner_model_configuration=config)
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(
            SpacyRecognizer(supported_language="en", supported_entities=list(entities))
        )
        self.entities = list(entities)
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=engine, supported_languages=["en"]
        )

    def analyze(self, text: str) -> list[Hit]:
        """Entity spans from ``AnalyzerEngine.analyze`` (label = Presidio's recognizer)."""
        results = self.analyzer.analyze(text=text, language="en", entities=self.entities)
        return sorted(
            (
                Hit(start=r.start, end=r.end, entity=r.entity_type, label=r.entity_type)
                for r in results
            ),
            key=lambda h: (h.start, h.end),
        )


def _offline_engine_class() -> type[Any]:
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class _OfflineSpacyNlpEngine(SpacyNlpEngine):
        """A ``SpacyNlpEngine`` around an already loaded pipeline: ``load`` never downloads."""

        def __init__(self, *, nlp: Any, ner_model_configuration: Any) -> None:
            super().__init__(
                models=[{"lang_code": "en", "model_name": "<loaded>"}],
                ner_model_configuration=ner_model_configuration,
            )
            self.nlp: Any = {"en": nlp}

        def load(self) -> None:
            """Already loaded."""

    return _OfflineSpacyNlpEngine


@lru_cache(maxsize=8)
def load_backend(model: ModelRef, backend: str, entities: tuple[str, ...]) -> Backend:
    """The backend for a resolved model, loaded once per process.

    :raises ConfigError: the model cannot be loaded or has no ``ner`` component.
    """
    nlp = _load_spacy(model.target)
    if "ner" not in nlp.pipe_names:
        raise ConfigError(f"ner model {model.target!r} has no `ner` component; " + _INSTALL_HINT)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    if backend == "spacy":
        return SpacyBackend(nlp, entities)
    return PresidioBackend(nlp, entities)
