"""Train, evaluate and document the ``dlp_ner`` spaCy pipeline (``make model``).

Steps, all seeded and CPU-only:

1. write the name gazetteers ``rules/vocab/names_first.txt.gz`` and ``names_last.txt.gz``;
2. generate the synthetic corpus (:mod:`corpus`): a training and a development set from the
   training names and templates, and a test set from the disjoint test names and templates;
3. ``spacy init config --pipeline ner --optimize efficiency`` and ``spacy train`` with a bound
   on the number of steps;
4. evaluate the best model on the disjoint test set, measure its speed on one core and its size;
5. copy it to ``models/dlp_ner`` and write ``models/scores.json`` and ``models/README.md``.

Needs the ``model`` extra (``pip install -e '.[model]'``): the ``names`` and ``faker``
packages. Run ``python models/train.py --help`` for the knobs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

#: Model labels and the entity names the detector reports for them.
LABEL_TO_ENTITY = {"PERSON": "PERSON", "DATE": "DATE_TIME", "LOC": "LOCATION"}


def to_docbin(nlp: object, docs: list[tuple[str, list[tuple[int, int, str]]]]) -> object:
    """Spans to a spaCy DocBin; spans that do not fall on token boundaries are dropped."""
    from spacy.tokens import DocBin

    db = DocBin()
    dropped = 0
    for text, spans in docs:
        doc = nlp.make_doc(text)  # type: ignore[attr-defined]
        ents, missing = [], []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:  # "Oak Dr." where the tokenizer keeps the period: unknown, not O
                dropped += 1
                missing.append(doc.char_span(start, end, alignment_mode="expand"))
            else:
                ents.append(span)
        taken = {i for span in ents for i in range(span.start, span.end)}
        unknown = []
        for span in missing:  # two names in one token ("Ana;Tom"): one unknown span
            if span is not None and taken.isdisjoint(range(span.start, span.end)):
                unknown.append(span)
                taken.update(range(span.start, span.end))
        doc.set_ents(ents, missing=unknown, default="outside")
        db.add(doc)
    if dropped:
        print(f"  {dropped} spans not on token boundaries were marked unknown")
    return db


def build_corpus(out: Path, n_train: int, n_dev: int, n_test: int, seed: int) -> list:
    """Write train/dev/test DocBins; return the test documents."""
    import spacy

    import corpus

    nlp = spacy.blank("en")
    train_pools = corpus.make_split_pools("train")
    sets = {
        "train": list(corpus.generate("train", n_train, seed, train_pools)),
        "dev": list(corpus.generate("train", n_dev, seed + 1, train_pools)),
        "test": list(corpus.generate("test", n_test, seed)),
    }
    for name, docs in sets.items():
        words = sum(len(t.split()) for t, _ in docs)
        print(f"{name}: {len(docs)} documents, {words} words")
        to_docbin(nlp, docs).to_disk(out / f"{name}.spacy")  # type: ignore[attr-defined]
    return sets["test"]


def train(
    work: Path,
    *,
    steps: int,
    seed: int,
    rows: list[int],
    width: int,
    attrs: list[str],
    dropout: float = 0.15,
) -> Path:
    """Run ``spacy train``; return the path of the best model. ``rows`` sizes the hash
    embedding table of each of ``attrs`` (token attributes), ``width`` the token vectors."""
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train as spacy_train

    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    config_path = work / "config.cfg"
    config.to_disk(config_path)
    overrides = {
        "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
        "system.seed": seed, "training.max_steps": steps, "training.eval_frequency": 500,
        "training.patience": steps, "training.dropout": dropout,
        "components.tok2vec.model.embed.attrs": attrs,
        "components.tok2vec.model.embed.rows": rows,
        "components.tok2vec.model.encode.width": width,
    }
    spacy_train(config_path, work / "out", overrides=overrides, use_gpu=-1)
    return work / "out" / "model-best"


def _per_entity(scores: dict[str, Any]) -> dict[str, dict[str, float]]:
    out = {LABEL_TO_ENTITY[k]: {m: round(v[m], 4) for m in "prf"}
           for k, v in sorted(scores["ents_per_type"].items())}
    out["ALL"] = {"p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4),
                  "f": round(scores["ents_f"], 4)}
    return out


def evaluate(model: Path, test_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """P/R/F per entity (and overall) on the test DocBin: of the model's own spans, and of
    the spans the ``ner`` detector keeps (``dlpmilter.detectors.personspan``: no PERSON of
    function words only, or with a digit or ``@``)."""
    import spacy
    from spacy.scorer import Scorer
    from spacy.tokens import DocBin
    from spacy.training import Example

    from dlpmilter.detectors.personspan import kept_person

    nlp = spacy.load(model)
    gold = list(DocBin().from_disk(test_path).get_docs(nlp.vocab))
    predicted = list(nlp.pipe((d.text for d in gold), batch_size=64))
    scorer = Scorer(nlp)
    raw = scorer.score([Example(p, g) for p, g in zip(predicted, gold, strict=True)])
    for doc in predicted:
        doc.ents = [e for e in doc.ents if e.label_ != "PERSON" or kept_person(e.text)]
    kept = scorer.score([Example(p, g) for p, g in zip(predicted, gold, strict=True)])
    return _per_entity(raw), _per_entity(kept)


def speed(model: Path, texts: list[str]) -> float:
    """Words per second of the pipeline on one core over ``texts`` (best of three passes)."""
    import spacy

    nlp = spacy.load(model)
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.perf_counter() - started)
    return words / best


def _dev_f(model: Path) -> float:
    """The development-set F of the selected checkpoint (model selection; training split)."""
    return float(json.loads((model / "meta.json").read_text())["performance"]["ents_f"])


def size_mb(path: Path) -> float:
    """Size of a directory tree in MB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def drop_training_strings(pipeline: Path) -> None:
    """Empty the pipeline's string store. It holds every token text the training run saw (4 MB
    on disk, about 100 MiB in a worker once loaded); a hash-embedding pipeline needs none of
    them: features are hashes of each token's own text, and the labels live in the components.
    Predictions are the same with and without them (tests/models/test_model.py)."""
    (pipeline / "vocab" / "strings.json").write_text("[]\n")


def rescore(model: Path, report_dir: Path) -> int:
    """Score an already trained pipeline on its run's test set again (same seed and size, so
    the same documents), and rewrite that run's scores.json and README.md."""
    import readme
    import spacy

    import corpus

    result = json.loads((report_dir / "scores.json").read_text())
    with tempfile.TemporaryDirectory(prefix="dlp_ner-") as tmp:
        test_path = Path(tmp) / "test.spacy"
        docs = list(corpus.generate("test", result["test_docs"], result["seed"]))
        to_docbin(spacy.blank("en"), docs).to_disk(test_path)  # type: ignore[attr-defined]
        result["test_set"], result["test_set_detector"] = evaluate(model, test_path)
    result["size_mb"] = round(size_mb(model), 1)
    (report_dir / "scores.json").write_text(json.dumps(result, indent=2) + "\n")
    (report_dir / "README.md").write_text(readme.render(result))
    print(json.dumps(result["test_set_detector"], indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``make model``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # The recipe of the committed models/dlp_ner (round nine; about 30 minutes here).
    parser.add_argument("--train-docs", type=int, default=30000)
    parser.add_argument("--dev-docs", type=int, default=500)
    parser.add_argument("--test-docs", type=int, default=1500)
    parser.add_argument("--steps", type=int, default=8000)
    parser.add_argument("--embed-attrs", default="NORM,PREFIX,SUFFIX,SHAPE",
                        help="token attributes embedded (IS_STOP: spaCy's stop-word flag)")
    parser.add_argument("--embed-rows", default="20000,2000,5000,2500",
                        help="hash embedding rows of each attribute")
    parser.add_argument("--width", type=int, default=112, help="width of the token vectors")
    parser.add_argument("--dropout", type=float, default=0.15, help="training dropout")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the corpus")
    parser.add_argument("--train-seed", type=int, default=None,
                        help="seed of the training run (default: --seed); the corpus stays")
    parser.add_argument("--out", type=Path, default=HERE / "dlp_ner")
    parser.add_argument("--rescore", type=Path, default=None, metavar="MODEL",
                        help="do not train: score MODEL (a pipeline trained by this recipe, "
                        "whose run's scores.json is --report-dir's) on the test set again")
    parser.add_argument("--report-dir", type=Path, default=HERE,
                        help="where scores.json and README.md go (an experiment's own folder "
                        "keeps the committed ones)")
    args = parser.parse_args(argv)

    import namelists
    import readme

    if args.rescore is not None:
        return rescore(args.rescore, args.report_dir)
    counts = namelists.build_gazetteers(ROOT / "rules" / "vocab")
    print(f"gazetteers: {counts}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dlp_ner-") as tmp:
        work = Path(tmp)
        test_docs = build_corpus(work, args.train_docs, args.dev_docs, args.test_docs, args.seed)
        rows = [int(r) for r in args.embed_rows.split(",")]
        train_seed = args.seed if args.train_seed is None else args.train_seed
        attrs = args.embed_attrs.split(",")
        if len(attrs) != len(rows):
            parser.error("--embed-attrs and --embed-rows need one entry each")
        best = train(
            work, steps=args.steps, seed=train_seed, rows=rows, width=args.width, attrs=attrs,
            dropout=args.dropout,
        )
        scores, detector_scores = evaluate(best, work / "test.spacy")
        wps = speed(best, [t for t, _ in test_docs[:600]])
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(best, args.out)
    config_path = args.out / "config.cfg"
    # The training corpus paths pointed into a deleted temporary directory: drop them.
    config_path.write_text(
        re.sub(r'^(train|dev) = ".*"$', r"\1 = null", config_path.read_text(), flags=re.MULTILINE)
    )
    drop_training_strings(args.out)
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(name="dlp_ner", version="1.0.0", description="dlpmilter synthetic-corpus NER")
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    result = {
        "test_set": scores, "test_set_detector": detector_scores, "words_per_second": round(wps), "size_mb": round(size_mb(args.out), 1),
        "train_docs": args.train_docs, "test_docs": args.test_docs, "steps": args.steps,
        "width": args.width, "dropout": args.dropout,
        "embed_attrs": args.embed_attrs, "embed_rows": args.embed_rows,
        "dev_f": round(_dev_f(args.out), 4),
        "seed": args.seed, "train_seed": train_seed, "minutes": round((time.monotonic() - started) / 60, 1),
        "gazetteer_entries": counts,
    }
    args.report_dir.mkdir(parents=True, exist_ok=True)
    (args.report_dir / "scores.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.report_dir / "README.md").write_text(readme.render(result))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
