"""A trained event-trigger head on the pinned model's own token vectors.

What it is
    A per-token classifier (trigger / not a trigger) trained with spaCy's own machinery
    (``training/triggers.cfg``, ``spacy train``) on ECB+ topics 1-22. Its input is the pinned model's
    shared ``tok2vec`` output (``doc.tensor``, width 96, written during the normal parse; read through a
    frozen ``spacy.Tok2VecListener.v1``) concatenated with small hash embeddings of the lemma, POS,
    tag and dependency label the parse already made. One Maxout layer and a softmax follow. Only these
    head weights ship (``graphkit/models/triggers/``, under 1 MB); no second embedding runs, so the
    head costs a few matrix products per article.

How it is combined with the rules (``events.find_events``)
    1. The lexicon rules run first: they type the event through the SKOS scheme, find its arguments
       and explain themselves (a lexicon row).
    2. A token the rules did not make a trigger, that the head scores at or above the threshold
       (chosen on ECB+ topics 23-25 only, stored in ``meta.json``), that is a verb or a noun and not
       part of a named entity, and that is not the particle, object or compound of a trigger already
       found ("took place"), becomes a generic event (type ``other``): the lexicon decides types,
       the head whether something happened, so a lemma whose typed rows' conditions failed ("the
       plan was executed" is no killing) is still an untyped event. Not a copula or verb of state,
       nor a noun that cannot name a happening (a nominalisation or a lexicon verb: "collision",
       "raid", not "knee") unless the head's probability is 0.9 or more (``events.NOUN_SURE``: "the
       heist", "a vigil"). The event needs an agent or a patient, like the rules' generic events,
       unless the head's probability is 0.8 or more (``events.MODEL_SURE``); its arguments come
       from the same role rules; its confidence is the head's probability, capped at 0.6, below the
       rules' typed events.

    ``GRAPHKIT_TRIGGER_MODEL`` switches this for the ablation: ``both`` (the default: 1 then 2),
    ``off`` (rules only) and ``only`` (as ``both``, and rule events whose tokens the head scores
    below the threshold are dropped: the head decides which tokens are triggers, the rules still
    type them and find their arguments). The trade-off, measured in ``benchmarks/RESULTS.md``
    ("Trained trigger head"): ECB+ and MEANTIME, which annotate every eventuality, gain; WikiEvents,
    whose gold has only KAIROS event types, loses precision.

Data and credit: ECB+ (Cybulska and Vossen 2014), CC BY 3.0; see ``training/README.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from thinc.api import Maxout, Model, Softmax, chain, concatenate, with_array

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "triggers"
SPANS_KEY = "triggers"  # gold trigger tokens in the training data (training/prepare.py)
PROBS_KEY = "graphkit_trigger_probs"  # doc.user_data key of the head's probabilities (training only)
ENV = "GRAPHKIT_TRIGGER_MODEL"
Mode = Literal["off", "both", "only"]
MODES: tuple[Mode, ...] = ("off", "both", "only")
DEFAULT_MODE: Mode = "both"


# --------------------------------------------------------------------------- the model


@registry.architectures("graphkit.TriggerHead.v1")
def trigger_head(
    tok2vec: Model,
    lexical_attrs: list[str],
    lexical_rows: list[int],
    lexical_width: int,
    hidden_width: int,
    dropout: float = 0.1,
) -> Model:
    """Docs -> one (n_tokens, 2) softmax per doc: [not a trigger, trigger].

    ``tok2vec`` is a listener on the pinned model's frozen ``tok2vec`` (it reads ``doc.tensor`` at
    inference); the lexical embeddings hash attributes the parse already set (e.g. LEMMA, POS, DEP).
    """
    from spacy.ml.models.tok2vec import MultiHashEmbed

    features = tok2vec
    if lexical_attrs:
        lexical = MultiHashEmbed(
            width=lexical_width, attrs=lexical_attrs, rows=lexical_rows, include_static_vectors=False
        )
        features = concatenate(tok2vec, lexical)
    return chain(features, with_array(chain(Maxout(hidden_width, nP=2, dropout=dropout), Softmax(nO=2))))


@Language.factory("graphkit_triggers", default_config={"threshold": 0.5})
def make_trigger_detector(nlp: Language, name: str, model: Model, threshold: float) -> TriggerDetector:
    return TriggerDetector(nlp.vocab, model, name, threshold=threshold)


class TriggerDetector(TrainablePipe):
    """The training-time component: predicts a trigger probability per token into ``doc.user_data``."""

    def __init__(self, vocab, model: Model, name: str = "graphkit_triggers", *, threshold: float = 0.5):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"threshold": threshold}

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(d) for d in docs):
            return [self.model.ops.alloc2f(len(d), 2) for d in docs]
        return self.model.predict(docs)

    def set_annotations(self, docs: Iterable[Doc], scores) -> None:
        for doc, s in zip(docs, scores, strict=True):
            doc.user_data[PROBS_KEY] = self.model.ops.to_numpy(s)[:, 1].astype("float32")

    def get_loss(self, examples: Iterable[Example], scores):
        truths = [self.model.ops.asarray2f(_truth(eg)) for eg in examples]
        d_scores = [s - t for s, t in zip(scores, truths, strict=True)]
        loss = float(sum((d**2).sum() for d in d_scores))
        return loss, d_scores

    def initialize(self, get_examples, *, nlp=None) -> None:
        examples = list(get_examples())[:10]
        docs = [eg.predicted for eg in examples]
        truths = [self.model.ops.asarray2f(_truth(eg)) for eg in examples]
        self.model.initialize(X=docs, Y=truths)

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """Token-level precision / recall / F1 of trigger tokens at the component's threshold."""
        tp = fp = fn = 0
        for eg in examples:
            gold = _truth(eg)[:, 1] > 0.5
            probs = eg.predicted.user_data.get(PROBS_KEY)
            pred = numpy.zeros(len(eg.predicted), bool) if probs is None else probs >= self.cfg["threshold"]
            tp += int((gold & pred).sum())
            fp += int((~gold & pred).sum())
            fn += int((gold & ~pred).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"trigger_p": p, "trigger_r": r, "trigger_f": 2 * p * r / (p + r) if p + r else 0.0}


def _truth(eg: Example) -> numpy.ndarray:
    """One-hot (n_predicted_tokens, 2): a token is a trigger when an aligned gold trigger covers it."""
    truth = numpy.zeros((len(eg.predicted), 2), dtype="float32")
    truth[:, 0] = 1.0
    spans = eg.reference.spans.get(SPANS_KEY, [])
    for span in eg.get_aligned_spans_y2x(spans, allow_overlap=True):
        truth[span.start : span.end, 0] = 0.0
        truth[span.start : span.end, 1] = 1.0
    return truth


# --------------------------------------------------------------------------- run time


def mode() -> Mode:
    """The switch ``GRAPHKIT_TRIGGER_MODEL`` (off | both | only; default both)."""
    value = os.environ.get(ENV, DEFAULT_MODE).strip().lower() or DEFAULT_MODE
    if value not in MODES:
        raise ValueError(
            f"{ENV}={value!r} is not one of {', '.join(MODES)}; unset it for the default ({DEFAULT_MODE})"
        )
    return value  # type: ignore[return-value]


@cache
def head(folder: Path = MODEL_DIR) -> tuple[Model, dict]:
    """The shipped head (its thinc model and ``meta.json``), loaded once per process, offline."""
    from thinc.api import Config

    if not (folder / "model.bin").exists():
        raise FileNotFoundError(
            f"trigger head weights not found in {folder}; retrain them with the command in training/README.md "
            f"or set {ENV}=off"
        )
    cfg = Config().from_disk(folder / "head.cfg")
    model = registry.resolve({"model": cfg["model"]})["model"]
    model.from_bytes((folder / "model.bin").read_bytes())
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return model, meta


def probabilities(doc: Doc) -> numpy.ndarray | None:
    """The head's trigger probability for every token of a parsed ``doc``, or None when the doc has no
    token vectors (a ``spacy.blank`` doc, a model without a shared ``tok2vec``)."""
    if len(doc) == 0 or doc.tensor is None or doc.tensor.size == 0 or doc.tensor.shape[0] != len(doc):
        return None
    model, meta = head()
    if doc.tensor.shape[1] != meta["tensor_width"]:
        return None
    return model.ops.to_numpy(model.predict([doc])[0])[:, 1]


def threshold() -> float:
    return float(head()[1]["threshold"])
