"""Cross-article merging that explains itself.

Extraction is per article: an entity's node is keyed by its type and canonical name
(:func:`graphkit.ids.entity_key`), so the same name in two articles is already one node.
This corpus-level step, run on the built graph, finds nodes that name the same thing in
different ways and records each decision with the rule that made it:

applied (``a owl:sameAs b`` in the named graph ``{base}corpus/merges``, with a reified
``rdf:Statement`` carrying ``gk:mergeRule``, ``gk:confidence``, ``rdfs:comment`` (why) and
``prov:wasDerivedFrom`` the articles that gave the evidence):

* ``alias``: a node's name is an alias that some article gave exactly one other node of the
  same type ("SIA" after "Singapore Airlines (SIA)"), never a generic word ("Commission");
* ``alias`` / ``surname`` for one-word person names ("Jobs", "Cheney"): the full name it is an
  alias or the surname of, when their articles share at least one other entity (among several
  full names, the one sharing clearly the most);
* ``name-variant``: the same name once country abbreviations are spelt out ("U.S. Air Force",
  "US Air Force", "United States Air Force");
* ``type-conflict``: one name with two types, when the majority reading outvotes the other clearly
  (three times the mentions, in more articles, the minority node not gazetteer-linked): "RCMP" read
  as a person in one article and an organisation in three. The merged entity is read with the type
  most of its mentions have (``graphkit.analyse``), so one name gets one type across the corpus;
* ``acronym`` for organisations: an upper-case name spelling the initials of exactly one other
  organisation's name, no article defining it, when their articles share at least two other
  entities ("GM" / "General Motors" in car-industry news);
* ``part-of-name`` for organisations: a name that is the first words of exactly one other, the
  rest only company words ("Ford" / "Ford Motor Co.", "Daimler" / "Daimler AG"), when their
  articles share at least one other entity.

candidates, not applied (``a gk:mergeCandidate b`` with the same statement, and a row in
``merge-candidates.csv``): the same rules when more than one node fits; an acronym matching
one name's initials with no article defining it; a name that is the first or last words of
another ("Northrop" / "Northrop Grumman", "Apple" / "Apple Corps"); one name with two types that no
clear majority decides; the two organisation rules above without the shared entities.

Nodes that are local to one article (unnamed people, bare groups, described organisations such as
"the U.S. military command") are never merged, nor are
two nodes linked to different Wikidata ids, nor two people with different full names.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from graphkit.config import DEFAULT_BASE_IRI
from graphkit.rdf.build import decimal_literal
from graphkit.rdf.namespaces import GAF, GK, NIF

ENTITY_CLASSES = {
    GK.Person: "Person",
    GK.Organisation: "Organisation",
    GK.Location: "Location",
    GK.Group: "Group",
}
CSV_COLUMNS = [
    "status",
    "rule",
    "confidence",
    "node_a",
    "label_a",
    "type_a",
    "node_b",
    "label_b",
    "type_b",
    "why",
]
_CONNECTORS = {"of", "and", "for", "the", "&", "de", "on", "in", "du", "la"}
_MAX_CANDIDATES = 3  # a short name fitting more long names than this is too vague to list
# words that name a kind of organisation: an article calling one "the Commission" says nothing about another
_GENERIC_WORDS = frozenset({
    "commission", "council", "committee", "ministry", "department", "party", "government", "court", "agency",
    "office", "army", "police", "parliament", "assembly", "senate", "congress", "union", "group", "company",
    "bank", "university", "institute", "authority", "administration", "coalition", "alliance", "front",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Node:
    iri: URIRef
    type: str
    labels: tuple[str, ...]  # sorted: the order decisions are made (and explained) in never depends on hashing
    aliases: tuple[str, ...]
    mentions: int
    articles: frozenset[URIRef]
    wikidata: str | None
    mergeable: bool  # False for nodes local to one article


@dataclass(frozen=True, slots=True)
class Merge:
    """One decision about two nodes: ``applied`` (owl:sameAs) or a candidate for review."""

    a: Node
    b: Node
    rule: str
    why: str
    confidence: float
    applied: bool

    def row(self) -> dict[str, str]:
        return {
            "status": "applied" if self.applied else "candidate",
            "rule": self.rule,
            "confidence": f"{self.confidence:.2f}",
            "node_a": str(self.a.iri),
            "label_a": _label(self.a),
            "type_a": self.a.type,
            "node_b": str(self.b.iri),
            "label_b": _label(self.b),
            "type_b": self.b.type,
            "why": self.why,
        }


def merges_graph_iri(base: str = DEFAULT_BASE_IRI) -> URIRef:
    base = base if base.endswith(("/", "#")) else base + "/"
    return URIRef(f"{base}corpus/merges")


def merge_corpus(ds: Dataset, base: str = DEFAULT_BASE_IRI, events: list | None = None) -> list[Merge]:
    """Find the merges of the whole dataset and (re)write them into its merges graph, then link the
    events that report one happening (:mod:`graphkit.rdf.event_merge`, its own graph; its decisions are
    appended to ``events`` when a list is given, for event-merge-candidates.csv)."""
    decisions = find_merges(read_nodes(ds))
    write_merges(ds, decisions, base)
    from graphkit.rdf.event_merge import merge_events

    found = merge_events(ds, base)
    if events is not None:
        events.extend(found)
    return decisions


# --------------------------------------------------------------------------- reading


@dataclass
class EntityFacts:
    """What the merge step reads about one entity node (filled from rdflib or from Oxigraph)."""

    types: set[str] = field(default_factory=set)  # class names of ENTITY_CLASSES
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    mentions: int = 0
    articles: set = field(default_factory=set)  # article IRIs (URIRef) of its mentions

    _SETS = ("types", "labels", "aliases", "rules", "wikidata", "articles")

    def update(self, other: EntityFacts) -> None:
        """Add what another article graph states about the same entity (its mentions are new IRIs)."""
        for name in self._SETS:
            getattr(self, name).update(getattr(other, name))
        self.mentions += other.mentions

    def to_json(self) -> list:
        return [*(sorted(map(str, getattr(self, name))) for name in self._SETS), self.mentions]

    @classmethod
    def from_json(cls, row: list) -> EntityFacts:
        *sets, mentions = row
        return cls(*map(set, sets[:5]), int(mentions), {URIRef(a) for a in sets[5]})


def read_nodes(ds: Dataset) -> list[Node]:
    """Every entity node with its names, mention count and the articles that state it."""
    facts: dict[URIRef, EntityFacts] = {}
    for cls, name in ENTITY_CLASSES.items():
        for iri in ds.subjects(RDF.type, cls):
            if isinstance(iri, URIRef):
                facts.setdefault(iri, EntityFacts()).types.add(name)
    for iri, f in facts.items():
        mentions = set(ds.objects(iri, GAF.denotedBy))
        f.mentions = len(mentions)
        f.articles.update(a for m in mentions for a in ds.objects(m, NIF.referenceContext))
        f.rules.update(str(r) for r in ds.objects(iri, GK.keyRule))
        f.wikidata.update(str(w) for w in ds.objects(iri, GK.wikidataId))
        f.labels.update(str(x) for x in ds.objects(iri, RDFS.label))
        f.aliases.update(str(x) for x in ds.objects(iri, SKOS.altLabel))
    return nodes_from_facts(facts)


def nodes_from_facts(facts: dict[URIRef, EntityFacts]) -> list[Node]:
    """The merge step's nodes, in a stable order (by class, then IRI). A node typed twice counts
    under its first type name in alphabetical order; a node with no mention (a containing country
    known only from the gazetteer) is left out."""
    nodes = []
    for name in ENTITY_CLASSES.values():
        for iri in sorted(i for i, f in facts.items() if name in f.types):
            f = facts[iri]
            if (len(f.types) > 1 and name != min(f.types)) or not f.mentions:
                continue
            nodes.append(
                Node(
                    iri=iri,
                    type=name,
                    labels=tuple(sorted(f.labels)),
                    aliases=tuple(sorted(f.aliases)),
                    mentions=f.mentions,
                    articles=frozenset(f.articles),
                    wikidata=min(f.wikidata) if f.wikidata else None,
                    mergeable=name != "Group" and not any(_local(r) for r in f.rules),
                )
            )
    return nodes


def _local(rule: str) -> bool:
    return rule in ("article", "described") or rule.startswith(("unnamed", "group:article"))


# --------------------------------------------------------------------------- deciding


def find_merges(nodes: Iterable[Node]) -> list[Merge]:
    """Every merge decision for these nodes, applied ones first (see the module docstring)."""
    nodes = [n for n in nodes if n.mergeable and n.labels]
    found: dict[tuple[URIRef, URIRef], Merge] = {}

    def propose(a: Node, b: Node, rule: str, why: str, confidence: float, applied: bool) -> None:
        if a.iri == b.iri:
            return
        key = (min(a.iri, b.iri), max(a.iri, b.iri))
        old = found.get(key)
        if (
            old is None
            or (applied and not old.applied)
            or (applied == old.applied and confidence > old.confidence)
        ):
            found[key] = Merge(a, b, rule, why, confidence, applied)

    by_type: dict[str, list[Node]] = {}
    for n in nodes:
        by_type.setdefault(n.type, []).append(n)

    for typed in by_type.values():
        # alias: a node's name is an alias some article gave one other node
        alias_of: dict[str, list[Node]] = {}
        for n in typed:
            for alias in n.aliases:
                alias_of.setdefault(_fold(alias), []).append(n)
        # a one-word person name that is part of several full names ("Steve") is not evidence enough
        in_full_names: dict[str, set[URIRef]] = {}
        for n in typed:
            for label in n.labels:
                toks = _fold(label).split()
                if n.type == "Person" and len(toks) >= 2:
                    for t in toks:
                        in_full_names.setdefault(t, set()).add(n.iri)
        for n in typed:
            for label in n.labels:
                if n.type == "Person" and len(_fold(label).split()) == 1:
                    continue  # one-word person names: decided below, with the context they share
                owners = [o for o in alias_of.get(_fold(label), []) if o.iri != n.iri]
                if len(owners) == 1 and _fold(label) in _GENERIC_WORDS:
                    why = f"'{label}' is an alias of '{_label(owners[0])}' but it is a generic word"
                    propose(n, owners[0], "alias", why, 0.4, False)
                elif len(owners) == 1 and len(in_full_names.get(_fold(label), set()) - {owners[0].iri}) > 0:
                    why = f"'{label}' is an alias of '{_label(owners[0])}' but also part of other people's names"
                    propose(n, owners[0], "alias", why, 0.5, False)
                elif len(owners) == 1:
                    propose(
                        n, owners[0], "alias", f"'{label}' is an alias of '{_label(owners[0])}'", 0.9, True
                    )
                elif 1 < len(owners) <= _MAX_CANDIDATES:
                    for o in owners:
                        propose(n, o, "alias", f"'{label}' is an alias of {len(owners)} nodes", 0.5, False)

        # name variants: the same name once country abbreviations are spelt out
        variant: dict[str, list[Node]] = {}
        for n in typed:
            for label in n.labels:
                variant.setdefault(_spelt_out(label), []).append(n)
        for group in variant.values():
            distinct = {n.iri: n for n in group}
            if len(distinct) > 1:
                first, *rest = sorted(distinct.values(), key=lambda n: (-n.mentions, str(n.iri)))
                for n in rest:
                    why = f"'{_label(n)}' and '{_label(first)}' are one name with the country spelt out"
                    propose(n, first, "name-variant", why, 0.9, True)

    # one-word person names ("Jobs", "Cheney"): the full name they are an alias or the surname of, when
    # the two share the company they keep (other entities named in their articles)
    people = by_type.get("Person", [])
    people_alias: dict[str, dict[URIRef, Node]] = {}
    by_surname: dict[str, dict[URIRef, Node]] = {}
    for p in people:
        for alias in p.aliases:
            people_alias.setdefault(_fold(alias), {})[p.iri] = p
        for label in p.labels:
            toks = _fold(label).split()
            if len(toks) >= 2:
                by_surname.setdefault(toks[-1], {})[p.iri] = p
    context = _context(nodes)
    for p in people:
        words = {_fold(label) for label in p.labels}
        if any(len(w.split()) != 1 for w in words):
            continue
        aliased = {k: o for w in words for k, o in people_alias.get(w, {}).items() if k != p.iri}
        surnamed = {k: o for w in words for k, o in by_surname.get(w, {}).items() if k != p.iri}
        hits = {**surnamed, **aliased}
        if not hits or len(hits) > 2 * _MAX_CANDIDATES:
            continue
        shared = {k: len(context.get(p.iri, set()) & context.get(k, set()) - {p.iri, k}) for k in hits}
        ranked = sorted(hits, key=lambda k: (-shared[k], str(k)))
        best = ranked[0]
        unique = len(hits) == 1 and shared[best] >= 1
        clear = len(hits) > 1 and shared[best] >= 2 and shared[best] > shared[ranked[1]]
        how = "an alias" if best in aliased else "the surname"
        if unique or clear:
            why = (
                f"'{_label(p)}' is {how} of '{_label(hits[best])}' and their articles share "
                f"{shared[best]} other entit{'y' if shared[best] == 1 else 'ies'}"
                + (f" (more than the other {len(hits) - 1} candidates)" if clear else "")
            )
            propose(p, hits[best], "alias" if best in aliased else "surname", why, 0.85, True)
        else:
            for k in ranked[:_MAX_CANDIDATES]:
                why = (
                    f"'{_label(p)}' is {'an alias' if k in aliased else 'the surname'} of '{_label(hits[k])}'"
                )
                why += f" ({len(hits)} candidates; {shared[k]} entities shared)"
                propose(p, hits[k], "alias" if k in aliased else "surname", why, 0.4, False)

    for typed in by_type.values():
        # indexes, so a corpus of thousands of names is not compared pair by pair
        by_initials: dict[str, dict[URIRef, Node]] = {}
        by_edge: dict[str, list[tuple[Node, list[str]]]] = {}
        for o in typed:
            for label in o.labels:
                toks = _fold(label).split()
                if len(toks) >= 2:
                    initials = "".join(t[0] for t in toks if t not in _CONNECTORS)
                    by_initials.setdefault(initials, {})[o.iri] = o
                if toks:
                    by_edge.setdefault(toks[0], []).append((o, toks))
                    if toks[-1] != toks[0]:
                        by_edge.setdefault(toks[-1], []).append((o, toks))
        for n in typed:
            for label in n.labels:
                # an acronym spelling out the initials of a name, never defined by an article
                if label.isupper() and 2 <= len(label) <= 6 and label.isalpha():
                    hits = {k: o for k, o in by_initials.get(label.lower(), {}).items() if k != n.iri}
                    if 1 <= len(hits) <= _MAX_CANDIDATES:
                        for o in hits.values():
                            why = f"'{label}' spells the initials of '{_label(o)}'"
                            shared = _shared(context, n, o)
                            # one name it spells, and articles that keep the same company: the same one
                            if len(hits) == 1 and n.type == "Organisation" and shared >= ACRONYM_SHARED:
                                why += f" and their articles share {shared} other entities"
                                propose(n, o, "acronym", why, 0.75, True)
                            else:
                                propose(n, o, "acronym", why, 0.6, False)
                # the first or last words of a longer name: a parent, a division, or the same
                mine = _fold(label).split()
                if not mine:
                    continue
                hits = {}
                for o, toks in by_edge.get(mine[0], []) + by_edge.get(mine[-1], []):
                    if o.iri != n.iri and len(toks) > len(mine):
                        if toks[: len(mine)] == mine or toks[-len(mine) :] == mine:
                            hits[o.iri] = o
                if 1 <= len(hits) <= _MAX_CANDIDATES:
                    for o in hits.values():
                        why = f"'{label}' is part of the name '{_label(o)}'"
                        # "Ford" / "Ford Motor Co.": the rest of the longer name only says it is a company
                        rest = _rest_of_name(mine, o)
                        shared = _shared(context, n, o)
                        if len(hits) == 1 and n.type == "Organisation" and rest and shared >= 1:
                            why += f" with only '{' '.join(rest)}' after it, and their articles share {shared}"
                            why += f" other entit{'y' if shared == 1 else 'ies'}"
                            propose(n, o, "part-of-name", why, 0.8, True)
                        else:
                            propose(n, o, "part-of-name", why, 0.4 if len(hits) == 1 else 0.3, False)

    # one name, two types: most likely one of them is a typing error
    by_label: dict[str, dict[str, Node]] = {}
    for n in nodes:
        for label in n.labels:
            by_label.setdefault(_fold(label), {}).setdefault(n.type, n)
    for typed_nodes in by_label.values():
        if len(typed_nodes) > 1:
            ranked = sorted(typed_nodes.values(), key=lambda n: (-n.mentions, n.type))
            for n in ranked[1:]:
                why = f"'{_label(n)}' is a {n.type} here and a {ranked[0].type} ({ranked[0].mentions} mentions) there"
                if _outvoted(n, ranked[0]):
                    why += (
                        f"; {len(ranked[0].articles)} articles against {len(n.articles)}: one entity, typed as"
                        " most say"
                    )
                    propose(n, ranked[0], "type-conflict", why, 0.7, True)
                else:
                    propose(n, ranked[0], "type-conflict", why, 0.3, False)

    return _consistent(
        sorted(found.values(), key=lambda m: (not m.applied, -m.confidence, str(m.a.iri), str(m.b.iri)))
    )


# one name typed two ways: the minority type is taken for a typing error (and the two nodes merged, the
# analysis reading the merged entity with the type most of its mentions have) only when the majority
# says so clearly: three times the mentions, in more articles, and no gazetteer link of
# its own on the minority node (a linked "Washington" the state is not the outvoted reading of a person)
TYPE_VOTE_RATIO = 3.0
TYPE_VOTE_ARTICLES = 1


def _outvoted(minor: Node, major: Node) -> bool:
    """Is ``minor`` (one name, another type) a typing error that ``major``'s articles outvote?"""
    if minor.wikidata is not None or "Group" in (minor.type, major.type):
        return False
    return (
        major.mentions >= TYPE_VOTE_RATIO * minor.mentions
        and len(major.articles) >= len(minor.articles) + TYPE_VOTE_ARTICLES
    )


# cross-article acronyms no article defines ("GM" / "General Motors") are applied when the two nodes'
# articles name at least this many of the same other entities; fewer, they stay candidates
ACRONYM_SHARED = 2
# words after a company's short name that only say it is a company: "Ford Motor Co.", "Apple Inc."
_COMPANY_WORDS = frozenset({
    "co", "co.", "corp", "corp.", "corporation", "inc", "inc.", "incorporated", "company", "ltd", "ltd.",
    "limited", "plc", "llc", "ag", "sa", "s.a.", "nv", "n.v.", "se", "gmbh", "group", "holdings", "motor",
    "motors", "&",
})  # fmt: skip


def _rest_of_name(short: list[str], long: Node) -> list[str]:
    """The words one of ``long``'s names adds after ``short`` when they are all company words, else []."""
    for label in long.labels:
        toks = _fold(label).split()
        if len(toks) > len(short) and toks[: len(short)] == short:
            rest = toks[len(short) :]
            if all(t in _COMPANY_WORDS for t in rest):
                return rest
    return []


def _shared(context: dict[URIRef, set[URIRef]], a: Node, b: Node) -> int:
    """How many other entities the articles of ``a`` and those of ``b`` both name."""
    return len(context.get(a.iri, set()) & context.get(b.iri, set()) - {a.iri, b.iri})


def _context(nodes: list[Node]) -> dict[URIRef, set[URIRef]]:
    """Node -> the other nodes named in the articles that name it."""
    in_article: dict[URIRef, set[URIRef]] = {}
    for n in nodes:
        for a in n.articles:
            in_article.setdefault(a, set()).add(n.iri)
    out: dict[URIRef, set[URIRef]] = {}
    for n in nodes:
        seen: set[URIRef] = set()
        for a in n.articles:
            seen |= in_article[a]
        seen.discard(n.iri)
        out[n.iri] = seen
    return out


def _consistent(decisions: list[Merge]) -> list[Merge]:
    """Apply merges in order of confidence unless one would join two different Wikidata ids or
    two people with different full names; such a merge is kept as a candidate instead."""
    parent: dict[URIRef, URIRef] = {}
    wikidata: dict[URIRef, set[str]] = {}
    fullnames: dict[URIRef, set[str]] = {}

    def find(x: URIRef) -> URIRef:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def init(n: Node) -> None:
        if n.iri not in parent:
            parent[n.iri] = n.iri
            wikidata[n.iri] = {n.wikidata} if n.wikidata else set()
            fullnames[n.iri] = (
                {_fold(x) for x in n.labels if len(x.split()) >= 2} if n.type == "Person" else set()
            )

    out = []
    for m in decisions:
        if not m.applied:
            out.append(m)
            continue
        init(m.a)
        init(m.b)
        ra, rb = find(m.a.iri), find(m.b.iri)
        if ra == rb:
            out.append(m)
            continue
        clash = (wikidata[ra] and wikidata[rb] and wikidata[ra] != wikidata[rb]) or (
            fullnames[ra] and fullnames[rb] and not fullnames[ra] & fullnames[rb]
        )
        if clash:
            out.append(
                Merge(
                    m.a,
                    m.b,
                    m.rule,
                    m.why + " (not applied: it would join two different entities)",
                    0.3,
                    False,
                )
            )
            continue
        parent[rb] = ra
        wikidata[ra] |= wikidata[rb]
        fullnames[ra] |= fullnames[rb]
        out.append(m)
    return out


# --------------------------------------------------------------------------- writing


def write_merges(ds: Dataset, decisions: Iterable[Merge], base: str = DEFAULT_BASE_IRI) -> URIRef:
    """Replace the merges graph of ``ds`` with these decisions; returns the graph's IRI."""
    name = merges_graph_iri(base)
    ds.remove_graph(ds.graph(name))
    g = ds.graph(name)
    root = str(name).rsplit("corpus/merges", 1)[0]
    for m in decisions:
        predicate = OWL.sameAs if m.applied else GK.mergeCandidate
        digest = hashlib.sha1(f"{m.a.iri}|{predicate}|{m.b.iri}".encode()).hexdigest()[:16]
        st = URIRef(f"{root}merge/{digest}")
        g.add((m.a.iri, predicate, m.b.iri))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, m.a.iri))
        g.add((st, RDF.predicate, predicate))
        g.add((st, RDF.object, m.b.iri))
        g.add((st, GK.mergeRule, Literal(m.rule)))
        g.add((st, GK.confidence, decimal_literal(m.confidence)))
        g.add((st, RDFS.comment, Literal(m.why)))
        for art in sorted(m.a.articles | m.b.articles):
            g.add((st, PROV.wasDerivedFrom, art))
    return name


def merges_csv(decisions: Iterable[Merge]) -> str:
    """The review file: one row per decision, applied merges first."""
    return review_csv(decisions, CSV_COLUMNS)


def review_csv(decisions: Iterable, columns: list[str]) -> str:
    """A review file (``merge-candidates.csv``, ``event-merge-candidates.csv``): one row per decision's
    ``row()``, every cell guarded (labels come from articles: never a spreadsheet formula)."""
    from graphkit.analysis import csv_cell

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for m in decisions:
        w.writerow({k: csv_cell(v) for k, v in m.row().items()})
    return buf.getvalue()


def write_merges_csv(decisions: Iterable[Merge], path: str | Path) -> Path:
    from graphkit.atomic import write_text

    path = Path(path)
    write_text(path, merges_csv(decisions))
    return path


# --------------------------------------------------------------------------- names


def _label(n: Node) -> str:
    return max(sorted(n.labels), key=len) if n.labels else str(n.iri)


def _fold(name: str) -> str:
    s = name.casefold().replace("’", "'").replace(".", "").replace("-", " ").strip()
    if s.endswith("'s"):
        s = s[:-2]
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def _spelt_out(name: str) -> str:
    """The folded name with country abbreviations replaced by the country's name."""
    words = _fold(name).split()
    table = _country_names()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            key = " ".join(words[i : i + n])
            if len(words) - i >= n and key in table:
                out.append(table[key])
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


@cache
def _country_names() -> dict[str, str]:
    """Folded country abbreviation or short name -> folded canonical name (countries_extra.tsv)."""
    from graphkit.resources import gazetteer_file, read_tsv

    table: dict[str, str] = {}
    for row in read_tsv(gazetteer_file("countries_extra.tsv")):
        names = [a for a in row.get("aliases", "").split(";") if a]
        if not names:
            continue
        canonical = _fold(names[0])
        for alias in names:
            table.setdefault(_fold(alias), canonical)
    return table
