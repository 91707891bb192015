"""Run the real pipeline on the gold texts, read its RDF back, and score it.

For each MEANTIME topic all its articles are built into one graph, as ``graphkit build``
would build a folder of them (extraction per article, then the corpus-level merge
step), so the same graph gives the document-level scores and the cross-article
B-cubed. WikiEvents documents are built into one graph as well.

Which system mentions are scored (documented choices):

* MEANTIME gold holds named mentions only (``NAM`` and ``PRE.NAM``), so only ``gk:mentionKind``
  ``"NAM"`` and ``"PRE"`` (a nationality adjective: "the French government") mentions of
  ``gk:Person``/``gk:Organisation``/``gk:Location`` nodes are scored; ``gk:Group`` nodes
  ("Afghan soldiers") have nominal mentions and are left out.
* WikiEvents gold holds every mention (names, nominals, pronouns), so every mention
  kind is scored, and ``gk:Group`` counts as PER (a collective of people: "soldiers",
  "militants", "police" are PER in its annotation far more often than ORG).
* Which events are scored: every system event, of any type, in both gold sets (the eval
  README's definition: triggers match type-agnostically, and its plain-spaCy bar counts
  every verb). WikiEvents annotates only the events of the KAIROS ontology (attacks,
  deaths, arrests, broadcasts, meetings, transport, ...), so a correct event of another
  kind counts against precision there; as a second, clearly labelled pair of rows (no
  target), WikiEvents is also scored on the system events whose type has a KAIROS
  counterpart in the ``kairos`` column of ``ontologies/event-types.tsv`` (the scheme's own
  mapping, written with the CAMEO/PLOVER/ACLED columns): e.g. statement ->
  Contact.Contact.Broadcast and election -> Personnel.Elect are in; generic events
  (``other``), decisions, delays, sanctions, ceasefires are out. See ``scored_event_types``.
* Argument roles: ``gk:AgentRole`` -> agent, ``gk:PatientRole`` -> patient,
  ``gk:PlaceRole`` -> place, any other role -> other; time arguments are not
  participants (neither gold set has them) and are left out.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import GraphkitError
from graphkit.evaluate.gold import GoldDoc, read_meantime, read_wikievents
from graphkit.evaluate.protocol import SPLITS, Figure, Split
from graphkit.evaluate.score import (
    PRF,
    Arg,
    Ev,
    Mention,
    bcubed,
    match_events,
    match_mentions,
    score_events,
    score_mentions,
    time_accuracy,
)
from graphkit.evaluate.system import SysDoc, read_system
from graphkit.types import Article

DEFAULT_EVAL_DIR = Path("../shared/eval")
TYPE_MAP = {
    "meantime": {"Person": "PER", "Organisation": "ORG", "Location": "LOC"},
    "wikievents": {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Group": "PER"},
}
KINDS = {"meantime": frozenset({"NAM", "PRE"}), "wikievents": frozenset({"NAM", "NOM", "PRO", "PRE"})}


def scored_event_types(corpus: str) -> frozenset[str] | None:
    """The system event types a gold set's ontology covers (None: every type), for the
    secondary "KAIROS-typed" rows; the headline figures score every event.

    MEANTIME annotates events of every kind. WikiEvents (KAIROS) annotates only the types of
    its ontology: the graphkit types with a KAIROS counterpart in the scheme (its ``kairos``
    column; approximate matches marked "~" count as counterparts).

    >>> types = scored_event_types("wikievents")
    >>> "statement" in types, "attack" in types, "other" in types, "decision" in types
    (True, True, False, False)
    >>> scored_event_types("meantime") is None
    True
    """
    if corpus != "wikievents":
        return None
    from graphkit.rdf.scheme import event_types

    return frozenset(t.id for t in event_types().values() if t.kairos)


# The plain-spaCy bar and the targets (../shared/eval/README.md and issue 3), printed beside the figures.
BAR = {
    ("meantime", "entities"): 0.76, ("meantime", "triggers"): 0.36, ("meantime", "args_any"): 0.42,
    ("meantime", "args_coarse"): 0.39, ("wikievents", "entities"): 0.19, ("wikievents", "triggers"): 0.08,
    ("wikievents", "args_any"): 0.06, ("wikievents", "args_coarse"): 0.04,
}  # fmt: skip
TARGET = {
    ("meantime", "entities"): 0.85, ("meantime", "triggers"): 0.65, ("meantime", "args_coarse"): 0.50,
    ("wikievents", "entities"): 0.45, ("wikievents", "triggers"): 0.50, ("wikievents", "args_coarse"): 0.30,
    ("meantime", "time"): 0.60, ("meantime", "bcubed"): 0.80,
}  # fmt: skip


@dataclass(frozen=True)
class CorpusScores:
    name: str
    documents: int
    entities: dict[str, PRF]
    triggers: PRF
    args_any: PRF
    args_coarse: PRF
    time: tuple[int, int] | None = None  # (correct, gold) MEANTIME only
    # WikiEvents only: triggers and coarse arguments over the system events of KAIROS-mappable types
    typed: tuple[PRF, PRF] | None = None
    bcubed: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)  # topic -> P, R, F1, n
    coref: tuple[float, float, float, int] | None = None  # within-document B-cubed of matched mentions
    # MEANTIME: within-document event coreference (MUC, B-cubed, CEAF-e, CoNLL F1), split "tuned"
    event_coref: tuple[Figure, ...] = ()

    def as_dict(self) -> dict:
        out: dict = {
            "documents": self.documents,
            "entities": {k: v.as_dict() for k, v in self.entities.items()},
            "event_triggers": self.triggers.as_dict(),
            "arguments_any_role": self.args_any.as_dict(),
            "arguments_coarse_role": self.args_coarse.as_dict(),
        }
        if self.typed is not None:
            out["event_triggers_kairos_typed"] = self.typed[0].as_dict()
            out["arguments_coarse_role_kairos_typed"] = self.typed[1].as_dict()
        if self.time is not None:
            c, n = self.time
            out["event_time_accuracy"] = {"accuracy": round(c / n, 4) if n else 0.0, "correct": c, "gold": n}
        if self.coref is not None:
            p, r, f, n = self.coref
            out["coreference_bcubed"] = {
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "mentions": n
            }  # fmt: skip
        if self.bcubed:
            out["cross_doc_bcubed"] = {
                k: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "mentions": n}
                for k, (p, r, f, n) in self.bcubed.items()
            }
        return out


@dataclass(frozen=True)
class EvalReport:
    corpora: tuple[CorpusScores, ...]
    seconds: float
    # the generalisation sets (ECB+, GUM, CoNLL04, PLOVER), each figure on its tuned and frozen split
    figures: tuple[Figure, ...] = ()
    set_seconds: tuple[tuple[str, float], ...] = ()

    def as_dict(self) -> dict:
        out: dict = {"seconds": round(self.seconds, 1), **{c.name: c.as_dict() for c in self.corpora}}
        if self.figures:
            out["figures"] = [f.as_dict() for f in self.figures]
            out["set_seconds"] = {k: round(v, 1) for k, v in self.set_seconds}
        return out

    def split_table(self) -> str:
        """Tuned and frozen side by side, one row per (set, measure), with the gap and the peer."""
        return split_table(self.figures)

    def to_table(self) -> str:
        """A Markdown table: every figure with the plain-spaCy bar and the target beside it."""
        rows = ["| set | measure | P | R | F1 | bar F1 | target |", "|---|---|---|---|---|---|---|"]

        def prf(name: str, what: str, label: str, x: PRF) -> None:
            bar, target = BAR.get((name, what)), TARGET.get((name, what))
            rows.append(
                f"| {name} | {label} | {x.precision:.3f} | {x.recall:.3f} | **{x.f1:.3f}** | "
                f"{_fmt(bar)} | {_fmt(target, '≥ ')} |"
            )

        for c in self.corpora:
            for t in ("PER", "ORG", "LOC"):
                prf(c.name, "", f"entities {t} ({c.entities[t].gold} gold)", c.entities[t])
            prf(c.name, "entities", "**entities overall**", c.entities["overall"])
            prf(c.name, "triggers", f"event triggers ({c.triggers.gold} gold)", c.triggers)
            prf(c.name, "args_any", f"arguments, any role ({c.args_any.gold} gold)", c.args_any)
            prf(c.name, "args_coarse", "arguments, coarse role", c.args_coarse)
            if c.typed is not None:
                prf(
                    c.name,
                    "",
                    f"event triggers, KAIROS-typed system events only ({c.typed[0].gold} gold)",
                    c.typed[0],
                )
                prf(c.name, "", "arguments, coarse role, KAIROS-typed system events only", c.typed[1])
            if c.time is not None:
                n_ok, n = c.time
                acc = n_ok / n if n else 0.0
                rows.append(
                    f"| {c.name} | event time accuracy ({n_ok}/{n}) | | | **{acc:.3f}** | — | "
                    f"{_fmt(TARGET[(c.name, 'time')], '≥ ')} |"
                )
            if c.coref is not None:
                p, r, f, n = c.coref
                rows.append(
                    f"| {c.name} | coreference B-cubed, within documents ({n} mentions) | {p:.3f} | {r:.3f} | "
                    f"**{f:.3f}** | — | — |"
                )
            for topic, (p, r, f, n) in c.bcubed.items():
                target = TARGET[(c.name, "bcubed")] if topic == "overall" else None
                label = f"cross-doc B-cubed {topic} ({n} mentions)"
                rows.append(
                    f"| {c.name} | {label} | {p:.3f} | {r:.3f} | **{f:.3f}** | — | {_fmt(target, '≥ ')} |"
                )
        docs = ", ".join(f"{c.name} {c.documents} docs" for c in self.corpora)
        table = "\n".join(rows) + f"\n\n{docs}; {self.seconds:.0f} s.\n" if self.corpora else ""
        if self.figures:
            took = ", ".join(f"{k} {v:.0f} s" for k, v in self.set_seconds)
            table += ("\n" if table else "") + self.split_table() + f"\n{took}.\n"
        return table


def split_table(figures: Sequence[Figure]) -> str:
    """A Markdown table: tuned and frozen figures of each (set, measure) in one row, the gap (frozen minus
    tuned) and the peer's figure on each split. A split that was not run shows a dash."""
    rows = [
        "| set | measure | tuned P / R / F1 | frozen P / R / F1 | gap | peer (tuned / frozen) | target |",
        "|---|---|---|---|---|---|---|",
    ]
    keys: dict[tuple[str, str], dict[str, Figure]] = {}
    for f in figures:
        keys.setdefault((f.set, f.measure), {})[f.split] = f

    def cell(f: Figure | None) -> str:
        if f is None:
            return "—"
        if f.precision is None:
            return f"**{f.value:.3f}** (n={f.n})"
        return f"{f.precision:.3f} / {f.recall:.3f} / **{f.value:.3f}** (n={f.n})"

    for (set_name, measure), by_split in keys.items():
        tuned, frozen = by_split.get("tuned") or by_split.get("all"), by_split.get("frozen")
        gap = f"{frozen.value - tuned.value:+.3f}" if tuned and frozen else "—"
        any_f = tuned or frozen
        assert any_f is not None
        peer = "—"
        if any_f.bar_name:
            peer = f"{any_f.bar_name}: {_fmt(tuned.bar if tuned else None)} / {_fmt(frozen.bar if frozen else None)}"
        rows.append(
            f"| {set_name} | {measure} | {cell(tuned)} | {cell(frozen)} | {gap} | {peer} | "
            f"{_fmt(any_f.target, '≥ ')} |"
        )
    return "\n".join(rows) + "\n"


def _fmt(x: float | None, prefix: str = "") -> str:
    return "—" if x is None else f"{prefix}{x:.2f}"


# --------------------------------------------------------------------------- running


# Every gold set the benchmark knows. MEANTIME and WikiEvents are scored whole (tuned only: earlier
# sessions tuned on all of them); the others on the splits of graphkit.evaluate.protocol.
ALL_SETS = ("meantime", "wikievents", "ecbplus", "conll04", "plover", "gum")
DEFAULT_SETS = ALL_SETS


def evaluate(
    eval_dir: str | Path = DEFAULT_EVAL_DIR,
    *,
    limit: int | None = None,
    sets: Sequence[str] = DEFAULT_SETS,
    splits: Sequence[Split] = SPLITS,
    train_dir: str | Path | None = None,
    settings: Settings | None = None,
) -> EvalReport:
    """Build the gold texts with the real pipeline and score the graph against the gold.

    ``limit`` caps the documents per set (MEANTIME: taken in turn from each topic, so both
    topics stay in the cross-document score). ``splits`` chooses which parts of the split sets
    are scored: ``("tuned",)`` while tuning, both for the record (see ``protocol``). GUM is read
    from ``train_dir`` (default: ``train/`` beside ``eval_dir``, as in ``../shared``). A set
    whose folder is missing is skipped, so a folder holding some of the sets scores those.
    """
    root = Path(eval_dir)
    if not root.is_dir():
        raise GraphkitError(f"{root}: gold data folder not found (pass --eval-dir, e.g. ../shared/eval)")
    unknown = [n for n in sets if n not in ALL_SETS]
    if unknown:
        raise GraphkitError(f"unknown gold set {unknown[0]!r}: use any of {', '.join(ALL_SETS)}")
    bad = [s for s in splits if s not in SPLITS]
    if bad:
        raise GraphkitError(f"unknown split {bad[0]!r}: use tuned or frozen")
    train = Path(train_dir) if train_dir is not None else root.parent / "train"
    settings = settings or Settings()
    t0 = time.perf_counter()
    out = []
    figures: list[Figure] = []
    took: list[tuple[str, float]] = []
    for name in sets:
        t1 = time.perf_counter()
        if name == "meantime" and (root / name).is_dir():
            out.append(_meantime(root / "meantime", limit, settings))
            figures += out[-1].event_coref
        elif name == "wikievents" and (root / name).is_dir():
            out.append(_wikievents(root / "wikievents", limit, settings))
        elif name in _SPLIT_SETS:
            found = _SPLIT_SETS[name](root, train)
            if found is None:
                continue
            figures += found(settings, tuple(splits), limit)
        else:
            continue
        took.append((name, time.perf_counter() - t1))
    if not out and not figures:
        raise GraphkitError(
            f"{root}: no gold set found (expected meantime/, wikievents/, ecbplus/, conll04/ or plover/ in it)"
        )
    return EvalReport(tuple(out), time.perf_counter() - t0, tuple(figures), tuple(took))


def _ecbplus(root: Path, train: Path):
    folder = root / "ecbplus"
    if not folder.is_dir():
        return None
    from graphkit.evaluate.ecbplus import evaluate_ecbplus

    return lambda settings, splits, limit: evaluate_ecbplus(folder, settings, splits, limit)


def _conll04(root: Path, train: Path):
    path = root / "conll04" / "conll04_dev.json"
    if not path.is_file():
        return None
    from graphkit.evaluate.conll04 import evaluate_conll04

    return lambda settings, splits, limit: evaluate_conll04(path, settings, splits, limit)


def _plover(root: Path, train: Path):
    path = root / "plover" / "PLOVER_GSR_CAMEO_dev.json"
    if not path.is_file():
        return None
    from graphkit.evaluate.plover import evaluate_plover

    return lambda settings, splits, limit: evaluate_plover(path, settings, splits, limit)


def _gum(root: Path, train: Path):
    folder = train / "gum"
    if not folder.is_dir():
        return None
    from graphkit.evaluate.gum import evaluate_gum

    return lambda settings, splits, limit: evaluate_gum(folder, settings, splits, limit)


_SPLIT_SETS = {"ecbplus": _ecbplus, "conll04": _conll04, "plover": _plover, "gum": _gum}


def build_graph(articles: Iterable[Article], settings: Settings):
    """The graph ``graphkit build`` makes of these articles: extraction per article, one
    named graph each, then the corpus-level cross-article merge step."""
    from graphkit.extraction import extract
    from graphkit.rdf.build import IRIs, add_extraction, new_dataset
    from graphkit.rdf.merge import merge_corpus

    ds = new_dataset()
    iris = IRIs(settings.base_iri)
    for x in extract(articles, settings):
        add_extraction(ds, x, iris)
    merge_corpus(ds, settings.base_iri)
    return ds


def gold_article(doc: GoldDoc) -> Article:
    """The article the pipeline reads for a gold document (text rebuilt from its tokens, its date)."""
    return Article(id=doc.id, text=doc.text, title=doc.title, date=doc.date)


def _round_robin(groups: dict[str, list[GoldDoc]], limit: int | None) -> dict[str, list[GoldDoc]]:
    if limit is None:
        return groups
    picked: dict[str, list[GoldDoc]] = {k: [] for k in groups}
    n = 0
    for i in range(max((len(v) for v in groups.values()), default=0)):
        for k, docs in groups.items():
            if i < len(docs) and n < limit:
                picked[k].append(docs[i])
                n += 1
    return {k: v for k, v in picked.items() if v}


def _meantime(folder: Path, limit: int | None, settings: Settings) -> CorpusScores:
    docs = read_meantime(folder / "doc")
    cross_dir = folder / "cross-doc"
    cross = {(d.topic, d.id): d for d in read_meantime(cross_dir)} if cross_dir.is_dir() else {}
    by_topic: dict[str, list[GoldDoc]] = {}
    for d in docs:
        by_topic.setdefault(d.topic, []).append(d)
    by_topic = _round_robin(by_topic, limit)
    from graphkit.evaluate.ecbplus import plain_nlp, read_event_nodes

    nlp = plain_nlp(settings.model)  # the same-lemma baseline's mentions (as on ECB+)
    acc = _Accumulator("meantime")
    items_gold: dict[str, dict] = {}
    items_sys: dict[str, dict] = {}
    event_items: dict[str, dict] = {k: {} for k in ("gold", *EVENT_COREF_SYSTEMS)}
    for topic, topic_docs in by_topic.items():
        ds = build_graph((gold_article(d) for d in topic_docs), settings)
        system, nodes = read_system(ds), read_event_nodes(ds)
        parsed = nlp.pipe((d.text for d in topic_docs), batch_size=settings.batch_size)
        g_items: dict = {}
        s_items: dict = {}
        for d, doc in zip(topic_docs, parsed, strict=True):
            sys_doc = system.get(d.id, SysDoc())
            acc.add(d, sys_doc)
            _event_coref_items(d, nodes.get(d.id, []), doc, event_items)
            c = cross.get((topic, d.id))
            if c is not None:
                if c.text != d.text:
                    raise GraphkitError(f"{d.id}: doc/ and cross-doc/ texts differ")
                _cross_items(c, sys_doc, g_items, s_items)
        items_gold[topic], items_sys[topic] = g_items, s_items
    scores = {}
    for topic in items_gold:
        if items_gold[topic]:
            p, r, f = bcubed(items_gold[topic], items_sys[topic])
            scores[topic] = (p, r, f, len(items_gold[topic]))
    if scores:
        all_gold = {k: v for t in items_gold.values() for k, v in t.items()}
        all_sys = {k: v for t in items_sys.values() for k, v in t.items()}
        p, r, f = bcubed(all_gold, all_sys)
        scores["overall"] = (p, r, f, len(all_gold))
    result = acc.result(sum(len(v) for v in by_topic.values()), bcubed_scores=scores)
    return replace(result, event_coref=_event_coref_figures(event_items))


EVENT_COREF_SYSTEMS = ("graphkit", "graphkit mentions + same-lemma clusters", "same-lemma baseline")


def _event_coref_items(gold: GoldDoc, nodes, parsed, items: dict[str, dict]) -> None:
    """Within one MEANTIME document, as on ECB+ (:mod:`graphkit.evaluate.ecbplus`): each gold event
    mention -> its EVENT instance (a mention with none: a singleton); for each system, the same mention
    -> the cluster of the system mention matched to it (trigger overlap, one-to-one; unmatched: a
    singleton): graphkit's event node joined over owl:sameAs, graphkit's mention clustered by its
    ``gk:lemma``, or the same-lemma baseline's own mention (every verb and event noun) by its lemma.
    Only mentions in the annotated part (before ``scored_end``) take part."""
    from graphkit.evaluate.ecbplus import lemma_mentions

    gk = [n for n in nodes if n.start < gold.scored_end]
    lemmas = [m for m in lemma_mentions(parsed) if m[0] < gold.scored_end]
    gold_ev = [Ev(e.start, e.end) for e in gold.events]
    gk_pairs = dict(match_events(gold_ev, [Ev(n.start, n.end) for n in gk]))
    lm_pairs = dict(match_events(gold_ev, [Ev(b, e) for b, e, _ in lemmas]))
    for i, e in enumerate(gold.events):
        item = (gold.id, i)
        single = ("singleton", item)
        items["gold"][item] = ("instance", gold.id, e.coref) if e.coref else single
        g, m = gk_pairs.get(i), lm_pairs.get(i)
        items["graphkit"][item] = (gold.id, gk[g].cluster) if g is not None else single
        items["graphkit mentions + same-lemma clusters"][item] = (
            (gold.id, "lemma", gk[g].lemma) if g is not None else single
        )
        items["same-lemma baseline"][item] = (gold.id, "lemma", lemmas[m][2]) if m is not None else single


def _event_coref_figures(items: dict[str, dict]) -> tuple[Figure, ...]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 of each system, micro-averaged over the documents (one
    clustering whose clusters never cross a document), the same-lemma baseline as the bar. MEANTIME
    is tuned-only data (:mod:`graphkit.evaluate.protocol`), so the figures are on split "tuned"."""
    from graphkit.evaluate.coref_metrics import all_metrics

    key = items["gold"]
    if not key:
        return ()
    scores = {name: all_metrics(key, items[name]) for name in EVENT_COREF_SYSTEMS}
    peer = scores["same-lemma baseline"]
    out = []
    for name in EVENT_COREF_SYSTEMS:
        label = {"graphkit": "", "same-lemma baseline": "peer same-lemma: "}.get(name, f"{name}: ")
        for metric, value in scores[name].items():
            f1 = value if isinstance(value, float) else value.f1
            p, r = (None, None) if isinstance(value, float) else (value.precision, value.recall)
            bar = None
            if name != "same-lemma baseline":
                bar = peer[metric] if isinstance(peer[metric], float) else peer[metric].f1
            out.append(
                Figure(
                    "meantime", "tuned", f"{label}within-doc event coref {metric}", f1, p, r, len(key),
                    bar, "" if bar is None else "same-lemma",
                )
            )  # fmt: skip
    return tuple(out)


def _wikievents(folder: Path, limit: int | None, settings: Settings) -> CorpusScores:
    docs = read_wikievents(folder / "dev.jsonl", folder / "coref" / "dev.jsonlines")
    if limit is not None:
        docs = docs[:limit]
    ds = build_graph((gold_article(d) for d in docs), settings)
    system = read_system(ds)
    acc = _Accumulator("wikievents")
    g_items: dict = {}
    s_items: dict = {}
    for d in docs:
        sys_doc = system.get(d.id, SysDoc())
        acc.add(d, sys_doc)
        _coref_items(d, sys_doc, g_items, s_items)
    coref = (*bcubed(g_items, s_items), len(g_items)) if g_items else None
    return acc.result(len(docs), time_scores=False, coref=coref)


class _Accumulator:
    def __init__(self, corpus: str) -> None:
        self.corpus = corpus
        self.entities: dict[str, PRF] = {}
        self.triggers = self.args_any = self.args_coarse = PRF()
        self.time = (0, 0)
        self.event_types = scored_event_types(corpus)
        self.typed = (PRF(), PRF())

    def add(self, gold: GoldDoc, system: SysDoc) -> None:
        g_m, s_m = _mentions(gold, system, self.corpus)
        for k, v in score_mentions(g_m, s_m).items():
            self.entities[k] = self.entities.get(k, PRF()) + v
        g_e = [
            Ev(e.start, e.end, tuple(Arg(a.coarse, a.spans) for a in e.arguments), e.times)
            for e in gold.events
        ]
        s_e = [
            Ev(
                e.start,
                e.end,
                tuple(Arg(a.role if a.role in ("agent", "patient", "place") else "other", ((a.start, a.end),))
                      for a in e.arguments if a.role != "time"),
                (e.date,) if e.date else (),
            )
            for e in system.events
            if e.start < gold.scored_end
        ]  # fmt: skip
        trig, any_role, coarse = score_events(g_e, s_e)
        if self.event_types is not None:
            typed = [s for s, e in zip(s_e, (e for e in system.events if e.start < gold.scored_end), strict=True)
                     if e.type in self.event_types]  # fmt: skip
            t_trig, _, t_coarse = score_events(g_e, typed)
            self.typed = (self.typed[0] + t_trig, self.typed[1] + t_coarse)
        self.triggers += trig
        self.args_any += any_role
        self.args_coarse += coarse
        ok, n = time_accuracy(g_e, s_e)
        self.time = (self.time[0] + ok, self.time[1] + n)

    def result(
        self, documents: int, bcubed_scores=None, time_scores: bool = True, coref=None
    ) -> CorpusScores:
        return CorpusScores(
            name=self.corpus,
            documents=documents,
            entities=self.entities or score_mentions([], []),
            triggers=self.triggers,
            args_any=self.args_any,
            args_coarse=self.args_coarse,
            time=self.time if time_scores else None,
            typed=self.typed if self.event_types is not None else None,
            bcubed=bcubed_scores or {},
            coref=coref,
        )


def _mentions(gold: GoldDoc, system: SysDoc, corpus: str) -> tuple[list[Mention], list[Mention]]:
    types, kinds = TYPE_MAP[corpus], KINDS[corpus]
    g = [Mention(m.start, m.end, m.type, m.instance or m.entity) for m in gold.mentions]
    s = [
        Mention(m.start, m.end, types[m.type], m.node)
        for m in system.mentions
        if m.type in types and m.kind in kinds and m.start < gold.scored_end
    ]
    return g, s


def _cross_items(gold: GoldDoc, system: SysDoc, g_items: dict, s_items: dict) -> None:
    """Gold mention -> corpus-wide instance; the same mention -> the system node matched to it."""
    g, s = _mentions(gold, system, "meantime")
    pairs = dict(match_mentions(g, s))
    for i, m in enumerate(gold.mentions):
        key = (gold.id, i)
        g_items[key] = m.instance or f"{gold.id}#{m.entity}"
        if i in pairs:
            s_items[key] = s[pairs[i]].cluster


def _coref_items(gold: GoldDoc, system: SysDoc, g_items: dict, s_items: dict) -> None:
    """Within one document: gold mention -> its coreference cluster; the same mention -> the entity
    node of the system mention matched to it (overlap and type, one-to-one). Unmatched gold mentions
    are singletons, so missing a mention costs recall as a missed link would."""
    g, s = _mentions(gold, system, gold.corpus)
    pairs = dict(match_mentions(g, s))
    for i, m in enumerate(gold.mentions):
        key = (gold.id, i)
        g_items[key] = (gold.id, m.entity)
        if i in pairs:
            s_items[key] = (gold.id, s[pairs[i]].cluster)
