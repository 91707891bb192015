"""The tuning protocol: which gold data is tuned on, which is frozen, and one figure type.

Every gold set is cut once, here, into the part a developer may look at while changing rules or
training models (``tuned``) and a ``frozen`` part that is only ever scored for the record, never
inspected while tuning. A rule or model is kept only if it helps the frozen figures. Models train on
a third part (``train``) where a set has one. The cuts are fixed by document or record identity, so
they never move when a set is re-read:

* ECB+ (topics 1-35 here): topics 1-22 ``train`` (the literature's training topics), 23-25 ``tuned``
  (its development topics), 26-35 ``frozen``.
* GUM (``../shared/train/gum``, its own ``splits.md``): ``train`` its train documents, ``tuned`` its
  dev documents, ``frozen`` its test documents.
* CoNLL04 dev (231 sentences) and PLOVER dev (161 records): interleaved by position, even positions
  ``tuned``, odd positions ``frozen`` (interleaving keeps both halves alike in topic and category,
  which a cut in the middle of these ordered files would not).
* MEANTIME (two topics) and WikiEvents dev: earlier sessions tuned rules on every document of both, so
  both are ``tuned`` only; no honest frozen part of them exists any more.

See ``benchmarks/README.md`` for the protocol in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Split = Literal["train", "tuned", "frozen"]
SPLITS: tuple[Split, ...] = ("tuned", "frozen")  # what the benchmark reports

ECBPLUS_TRAIN_TOPICS = frozenset(range(1, 23))
ECBPLUS_TUNED_TOPICS = frozenset({23, 24, 25})
ECBPLUS_FROZEN_TOPICS = frozenset(range(26, 36))


def ecbplus_split(topic: int) -> Split:
    """>>> ecbplus_split(3), ecbplus_split(24), ecbplus_split(30)
    ('train', 'tuned', 'frozen')
    """
    if topic in ECBPLUS_FROZEN_TOPICS:
        return "frozen"
    if topic in ECBPLUS_TUNED_TOPICS:
        return "tuned"
    return "train"


def parity_split(position: int) -> Split:
    """CoNLL04 and PLOVER records by their position in the file (0-based, after any header record).

    >>> parity_split(0), parity_split(1)
    ('tuned', 'frozen')
    """
    return "tuned" if position % 2 == 0 else "frozen"


GUM_SPLIT_NAMES: dict[str, Split] = {"train": "train", "dev": "tuned", "test": "frozen"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One printed figure: a set, a split, a measure, and precision / recall / F1 (or a single value).

    ``value`` is F1 for P/R/F1 measures and the accuracy (or other single number) otherwise; ``n`` is
    the size of what was scored (gold items). ``bar`` is the peer's figure on the same items (the plain
    spaCy script, the same-lemma baseline, the co-occurrence script), measured in the same run.
    """

    set: str
    split: Split | Literal["all"]
    measure: str
    value: float
    precision: float | None = None
    recall: float | None = None
    n: int = 0
    bar: float | None = None
    bar_name: str = ""
    target: float | None = None

    def as_dict(self) -> dict:
        out = {"set": self.set, "split": self.split, "measure": self.measure, "value": round(self.value, 4)}
        if self.precision is not None:
            out["precision"] = round(self.precision, 4)
        if self.recall is not None:
            out["recall"] = round(self.recall, 4)
        out["n"] = self.n
        if self.bar is not None:
            out["bar"] = round(self.bar, 4)
            out["bar_name"] = self.bar_name
        if self.target is not None:
            out["target"] = self.target
        return out
