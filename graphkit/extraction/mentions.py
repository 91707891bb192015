"""A trained mention typer for nominal actors: which common nouns are people, organisations, places.

What it is
    A per-token classifier (none / person / organisation / place) trained with spaCy's own machinery
    (``training/mentions.cfg``, ``spacy train``) on GUM's train documents and ECB+ topics 1-22 (their
    annotated sentences): a token is labelled with the type of the PER/ORG/LOC mention it heads (names,
    nominals and pronouns alike). Its input is the pinned model's shared ``tok2vec`` output
    (``doc.tensor``, read through a frozen ``spacy.Tok2VecListener.v1``) concatenated with small hash
    embeddings of the lemma, the lowercase suffix, the POS and the dependency label the parse already
    made; one Maxout layer and a softmax follow. Only the head's weights ship
    (``graphkit/models/mentions/``); no second embedding runs.

How it is combined with the rules (one order, :func:`add_nominal_mentions`, called at the end of
``coref.resolve``)
    1. The rules run first and keep every mention they made: names (NER, gazetteer, titles,
       kinship, acronyms), groups ("Afghan soldiers"), described organisations, resolved pronouns and
       descriptions ("the retired general"), unnamed role nouns ("a foreign diplomat").
    2. Then a common noun that no rule made a mention of, that heads its noun phrase (subject,
       object, prepositional object, apposition, conjunct ...), is not inside a named entity and that
       the head scores at or above the threshold for person, organisation or place (chosen on the
       tuned split: GUM dev, ECB+ 23-25), becomes a nominal mention of that type: its span runs from
       the noun's left modifiers (not crossing another mention: "Australian" in "Australian climber"
       stays the country's; "the" trimmed as from names) to the noun. A plural person noun is a Group
       ("robbers"). Not candidates: a noun whose phrase already names an entity ("the novelist John
       Steinbeck"), a word with digits (product codes), "the government" (the governments rule's).
    3. A first- or second-person pronoun (I, me, we, us, you; not the possessives "my", "our") that no
       rule resolved and that the head types as a person becomes a PRO mention; third-person
       pronouns stay the rules' decision (coreference leaves an unclear "he" alone on purpose).
    Mentions of one article with the same head lemma (or the same pronoun person) and type are one
    unnamed entity of that article ("two climbers" ... "the climbers"), as the rules' unnamed people are.

    ``GRAPHKIT_MENTION_MODEL=off`` switches steps 2 and 3 off (the rules alone); the default is ``on``.

Data and credit: GUM (Zeldes 2017) annotations CC BY 4.0, texts CC BY / CC BY-SA (see
``../shared/train/README.md``); ECB+ (Cybulska and Vossen 2014), CC BY 3.0. See ``training/README.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from thinc.api import Maxout, Model, Softmax, chain, concatenate, with_array

if TYPE_CHECKING:
    from graphkit.extraction.document import DocState

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "mentions"
SPANS_KEY = "mention_heads"  # gold head tokens, labelled PER / ORG / LOC (training/prepare_mentions.py)
LABELS = ("O", "PER", "ORG", "LOC")
PROBS_KEY = "graphkit_mention_probs"  # doc.user_data key of the head's probabilities (training only)
ENV = "GRAPHKIT_MENTION_MODEL"
_TYPES = {"PER": "Person", "ORG": "Organisation", "LOC": "Location"}
# noun-phrase heads that can be a participant (not compounds, not modifiers of another noun)
_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "appos", "conj", "attr", "ROOT",
                        "dative", "agent", "oprd", "npadvmod"})  # fmt: skip
# first- and second-person pronouns the rules left (coreference resolves "I" only inside a quote with a
# speaker; third-person pronouns stay the rules' decision, which leaves an unclear one alone): one unnamed
# entity per person and number in an article. Possessive determiners ("our", "my") are left out.
_PRONOUN_GROUPS = {
    **dict.fromkeys(("i", "me", "mine", "myself"), "I"),
    **dict.fromkeys(("we", "us", "ours", "ourselves"), "we"),
    **dict.fromkeys(("you", "yours", "yourself", "yourselves"), "you"),
}


# --------------------------------------------------------------------------- the model


@registry.architectures("graphkit.MentionHead.v1")
def mention_head(
    tok2vec: Model,
    lexical_attrs: list[str],
    lexical_rows: list[int],
    lexical_width: int,
    hidden_width: int,
    dropout: float = 0.1,
) -> Model:
    """Docs -> one (n_tokens, 4) softmax per doc over :data:`LABELS`."""
    from spacy.ml.models.tok2vec import MultiHashEmbed

    features = tok2vec
    if lexical_attrs:
        lexical = MultiHashEmbed(
            width=lexical_width, attrs=lexical_attrs, rows=lexical_rows, include_static_vectors=False
        )
        features = concatenate(tok2vec, lexical)
    return chain(
        features, with_array(chain(Maxout(hidden_width, nP=2, dropout=dropout), Softmax(nO=len(LABELS))))
    )


@Language.factory("graphkit_mentions", default_config={"threshold": 0.5})
def make_mention_typer(nlp: Language, name: str, model: Model, threshold: float) -> MentionTyper:
    return MentionTyper(nlp.vocab, model, name, threshold=threshold)


class MentionTyper(TrainablePipe):
    """The training-time component: predicts the label probabilities per token into ``doc.user_data``."""

    def __init__(self, vocab, model: Model, name: str = "graphkit_mentions", *, threshold: float = 0.5):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {"threshold": threshold}

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(d) for d in docs):
            return [self.model.ops.alloc2f(len(d), len(LABELS)) for d in docs]
        return self.model.predict(docs)

    def set_annotations(self, docs: Iterable[Doc], scores) -> None:
        for doc, s in zip(docs, scores, strict=True):
            doc.user_data[PROBS_KEY] = self.model.ops.to_numpy(s).astype("float32")

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
        """Token-level P / R / F1 of typed head tokens (type must agree) over common nouns and pronouns."""
        tp = fp = fn = 0
        for eg in examples:
            gold = _truth(eg).argmax(axis=1)
            probs = eg.predicted.user_data.get(PROBS_KEY)
            if probs is None:
                pred = numpy.zeros(len(eg.predicted), int)
            else:
                best = probs[:, 1:].argmax(axis=1) + 1
                pred = numpy.where(probs[:, 1:].max(axis=1) >= self.cfg["threshold"], best, 0)
            nominal = numpy.array([t.pos_ in ("NOUN", "PRON") for t in eg.predicted], bool)
            tp += int(((gold == pred) & (gold > 0) & nominal).sum())
            fp += int(((pred > 0) & (gold != pred) & nominal).sum())
            fn += int(((gold > 0) & (gold != pred) & nominal).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"mention_p": p, "mention_r": r, "mention_f": 2 * p * r / (p + r) if p + r else 0.0}


def _truth(eg: Example) -> numpy.ndarray:
    """One-hot (n_predicted_tokens, 4): a token takes the label of an aligned gold head span over it."""
    truth = numpy.zeros((len(eg.predicted), len(LABELS)), dtype="float32")
    truth[:, 0] = 1.0
    spans = eg.reference.spans.get(SPANS_KEY, [])
    for span in eg.get_aligned_spans_y2x(spans, allow_overlap=True):
        if span.label_ in LABELS:
            truth[span.start : span.end, :] = 0.0
            truth[span.start : span.end, LABELS.index(span.label_)] = 1.0
    return truth


# --------------------------------------------------------------------------- run time


def enabled() -> bool:
    """The switch ``GRAPHKIT_MENTION_MODEL`` (on | off; default on)."""
    value = os.environ.get(ENV, "on").strip().lower() or "on"
    if value not in ("on", "off"):
        raise ValueError(f"{ENV}={value!r} is not 'on' or 'off'; unset it for the default (on)")
    return value == "on"


@cache
def head(folder: Path = MODEL_DIR) -> tuple[Model, dict]:
    """The shipped head (its thinc model and ``meta.json``), loaded once per process, offline."""
    from thinc.api import Config

    if not (folder / "model.bin").exists():
        raise FileNotFoundError(
            f"mention head weights not found in {folder}; retrain them with the command in training/README.md "
            f"or set {ENV}=off"
        )
    cfg = Config().from_disk(folder / "head.cfg")
    model = registry.resolve({"model": cfg["model"]})["model"]
    model.from_bytes((folder / "model.bin").read_bytes())
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return model, meta


def probabilities(doc: Doc) -> numpy.ndarray | None:
    """(n_tokens, 4) probabilities over :data:`LABELS` for a parsed ``doc``, or None when the doc has no
    token vectors of the pinned model's width (a ``spacy.blank`` doc)."""
    if len(doc) == 0 or doc.tensor is None or doc.tensor.size == 0 or doc.tensor.shape[0] != len(doc):
        return None
    model, meta = head()
    if doc.tensor.shape[1] != meta["tensor_width"]:
        return None
    return model.ops.to_numpy(model.predict([doc])[0])


def _heads_a_phrase(state: DocState, t) -> bool:
    """Does common noun ``t`` head a noun phrase of its own, one that names no entity already?"""
    root = t
    while root.dep_ == "conj" and root.head.i != root.i:  # "author" in "photographer, author and ..."
        root = root.head
    if root.dep_ not in _HEAD_DEPS:
        return False  # a compound or modifier of another noun ("composer Gordon Parks")
    for x in {t, root}:
        if state.entity_of(x) is not None:
            return False
        if x.dep_ == "appos" and state.entity_of(x.head) is not None:
            return False
        # "the town of Lowman", "the law firm of Skadden, Arps": the noun describes the name after "of"
        for prep in x.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                if any(
                    state.cluster_at(o) is not None and o.pos_ == "PROPN"
                    for o in prep.children
                    if o.dep_ == "pobj"
                ):
                    return False
    return True


def add_nominal_mentions(state: DocState) -> None:
    """Step 2 of the module docstring: typed nominal mentions the rules did not make."""
    from graphkit.extraction.document import MentionDraft
    from graphkit.extraction.entities import _GOVERNMENT_NOUNS

    if not enabled():
        return
    doc = state.doc
    # Not candidates: a noun whose phrase already names an entity is that entity ("the Tibesti
    # plateau", "the novelist John Steinbeck", "his wife, Susan Miller", "the town of Lowman",
    # "photographer, author and composer Gordon Parks": _heads_a_phrase); a word
    # with digits is a product code ("the A380", see the products rule); "the government" is the
    # governments rule's to resolve or to leave alone (an article naming several countries).
    candidates = [t for t in state.tokens if t.i not in state.tok2cluster and not t.ent_type_ and (
        (t.pos_ == "NOUN" and t.is_alpha and _heads_a_phrase(state, t) and t.lemma_.lower() not in _GOVERNMENT_NOUNS)
        or (t.lower_ in _PRONOUN_GROUPS and t.tag_ == "PRP"))]  # fmt: skip
    if not candidates:
        return
    probs = probabilities(doc)
    if probs is None:
        return
    cut = float(head()[1]["threshold"])
    chains: dict[tuple[str, str], object] = {}
    for t in candidates:
        p = probs[t.i]
        best = int(p[1:].argmax()) + 1
        if p[best] < cut:
            continue
        label = LABELS[best]
        etype = _TYPES[label]
        pronoun = _PRONOUN_GROUPS.get(t.lower_) if t.pos_ != "NOUN" else None
        if label == "PER" and (t.tag_ == "NNS" or pronoun == "we"):
            etype = "Group"
        if pronoun is not None:
            c = chains.get((pronoun, etype))
            if c is None:
                c = chains[(pronoun, etype)] = state.new_cluster()
                c.votes[etype] += 2.0
                c.scope_local = True
                c.key_rule = "unnamed:pronoun"
                c.canonical = pronoun
            state.add_mention(c, MentionDraft(t.i, t.i + 1, "PRO", "mention-model", t.text))
            continue
        start = t.i
        for child in t.lefts:  # "a 36-year-old climber", not across another mention or punctuation
            if (
                child.dep_ in ("det", "amod", "compound", "nummod", "nmod", "poss")
                and child.left_edge.i < start
            ):
                start = child.left_edge.i
        while start < t.i and (doc[start].is_punct or doc[start].dep_ == "det" or
                               any(i in state.tok2cluster for i in range(start, t.i))):  # fmt: skip
            start += 1  # trimmed of "the" as names are, and never across another mention
        key = (t.lemma_.lower(), etype)
        c = chains.get(key)
        if c is None:
            c = state.new_cluster()
            c.votes[etype] += 2.0
            c.scope_local = True
            c.key_rule = "unnamed:nominal"
            words = [w for w in doc[start : t.i + 1] if not w.is_punct and w.dep_ != "poss"]
            c.canonical = " ".join(w.text for w in words) or t.text
            chains[key] = c
        state.add_mention(c, MentionDraft(start, t.i + 1, "NOM", "mention-model", doc[start : t.i + 1].text))
