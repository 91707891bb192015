"""Events counted as events: ``events.csv`` / ``events.jsonl``, one row per merged event, read from the graph.

One happening is the ``owl:sameAs`` closure of its event nodes (the event step,
:mod:`graphkit.rdf.event_merge`, links the reports of one happening within and across articles); this
module reads that closure back from the RDF (an rdflib ``Dataset`` or a
:class:`graphkit.rdf.store.GraphStore`: never the extraction objects) and writes one row per happening,
in the manner of an event dataset (GDELT, ACLED, PLOVER):

* ``id``: the first report's event node without the ``{base}event/`` prefix (``article/start-end``;
  stable when later reports join), ``event`` its IRI (query the graph with it);
* ``date``, ``date_precision``, ``date_basis``: the best date of its reports (from the text before one
  resolved relative to the publication, before the publication date; finer before coarser; earliest);
* ``type`` (the most specific of its reports' types in the scheme) with its ``cameo``, ``plover`` and
  ``acled`` codes read from the graph's scheme graph (``approximate`` names the codes that are only
  approximate);
* ``agents``, ``patients``, ``recipients``, ``others``: the union of its reports' participants by role
  (entities joined over the entity step's ``owl:sameAs``; in the JSONL each with the reports that name
  it, whose sentences are in ``mentions_list``), with ``*_ids``: each one's Wikidata id, else
  its ISO 3166 code, else ``none``;
* ``place`` (the most specific of its places: one the others contain) with ``latitude``, ``longitude``,
  ``geonames_id``, ``place_wikidata``; ``places`` all of them;
* ``articles``, ``mentions``, ``first_report``, ``last_report`` (publication dates), ``sources``;
* ``factuality`` (the strongest of its reports': asserted before future, uncertain, hypothetical, denied)
  and ``factualities`` (all of them);
* ``sentences``: the source sentence of each mention, ``[article] sentence``, each once, joined by `` || ``
  (JSONL: ``mentions_list``, every mention with its event node, article, trigger, type, date and sentence).

Both files are written atomically (:mod:`graphkit.atomic`); CSV cells are guarded against spreadsheet
formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from graphkit.rdf.namespaces import GAF, GK, NIF, SEM

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SDO = "https://schema.org/"
_DCT = "http://purl.org/dc/terms/"
_ENTITY_CLASSES = ("Person", "Organisation", "Group", "Location")
_BASIS_RANK = {"text": 0, "relative": 1, "publication": 2}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
FACTUALITY_ORDER = ("Asserted", "Future", "Uncertain", "Hypothetical", "Denied")
_ACTOR_ROLES = ("agent", "patient", "recipient")
_SKIP = frozenset({str(GAF.denotedBy), str(NIF.isString), str(GK.canonicalKey), str(GK.keyRule)})

CSV_COLUMNS = [
    "id", "date", "date_precision", "date_basis", "type", "cameo", "plover", "acled", "approximate",
    "agents", "agent_ids", "patients", "patient_ids", "recipients", "recipient_ids", "others",
    "place", "latitude", "longitude", "geonames_id", "place_wikidata", "places",
    "articles", "mentions", "first_report", "last_report", "sources", "factuality", "factualities",
    "event", "sentences",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Actor:
    role: str  # agent, patient, recipient, instrument, other
    label: str
    iri: str  # the entity's representative node
    type: str | None  # Person, Organisation, Group, Location
    wikidata: str | None
    iso3166: str | None
    reports: tuple[str, ...] = ()  # the event nodes (reports) that name it in this role: its sources

    @property
    def ref(self) -> str:
        return self.wikidata or self.iso3166 or "none"


@dataclass(frozen=True, slots=True)
class Place:
    label: str
    iri: str
    latitude: float | None
    longitude: float | None
    geonames: str | None
    wikidata: str | None
    iso3166: str | None


@dataclass(frozen=True, slots=True)
class Mention:
    event: str  # the event node's IRI (one report)
    article: str  # the article's id
    published: str | None
    trigger: str
    type: str
    factuality: str
    date: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One happening: an owl:sameAs set of event nodes, as one row of an event dataset."""

    id: str
    event: str
    date: str | None
    date_precision: str | None
    date_basis: str | None
    type: str
    types: tuple[str, ...]
    cameo: str | None
    plover: str | None
    acled: str | None
    approximate: tuple[str, ...]  # which of cameo / plover / acled are approximate matches
    actors: tuple[Actor, ...]
    place: Place | None
    places: tuple[Place, ...]
    articles: int
    mentions: int
    first_report: str | None
    last_report: str | None
    sources: tuple[str, ...]
    factuality: str
    factualities: tuple[str, ...]
    members: tuple[Mention, ...]

    def row(self) -> dict[str, Any]:
        """The CSV row (lists joined with ``; ``)."""

        def of(role: str) -> list[Actor]:
            return [a for a in self.actors if a.role == role]

        p = self.place
        return {
            "id": self.id, "date": self.date, "date_precision": self.date_precision, "date_basis": self.date_basis,
            "type": self.type, "cameo": self.cameo, "plover": self.plover, "acled": self.acled,
            "approximate": "; ".join(self.approximate),
            **{f"{r}s": "; ".join(a.label for a in of(r)) for r in _ACTOR_ROLES},
            **{f"{r}_ids": "; ".join(a.ref for a in of(r)) for r in _ACTOR_ROLES},
            "others": "; ".join(f"{a.role}: {a.label}" for a in self.actors if a.role not in _ACTOR_ROLES),
            "place": p.label if p else None, "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None, "geonames_id": p.geonames if p else None,
            "place_wikidata": p.wikidata if p else None, "places": "; ".join(x.label for x in self.places),
            "articles": self.articles, "mentions": self.mentions, "first_report": self.first_report,
            "last_report": self.last_report, "sources": "; ".join(self.sources), "factuality": self.factuality,
            "factualities": "; ".join(self.factualities), "event": self.event,
            "sentences": " || ".join(
                dict.fromkeys(f"[{m.article}] {_one_line(m.sentence)}" for m in self.members if m.sentence)
            ),
        }  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions_list"] = d.pop("members")
        return d


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- reading the graph


class _Reader:
    """Triple lookups over an rdflib Dataset/Graph (every named graph) or an Oxigraph store, as strings."""

    def __init__(self, source: Any) -> None:
        inner = getattr(source, "oxigraph", None)  # graphkit.rdf.store.GraphStore
        # a GraphStore keeps the merge of its named graphs as its default graph: read that one copy
        self.default_only = inner is not None and not isinstance(inner, bool)
        if self.default_only:
            source = inner() if callable(inner) else inner
        self.g = source
        self.ox = type(source).__module__.split(".")[0] == "pyoxigraph"
        self._cache: dict[str, dict[str, list[str]]] = {}

    def _node(self, iri: str | None) -> Any:
        if iri is None:
            return None
        if self.ox:
            import pyoxigraph as ox

            return ox.NamedNode(iri)
        from rdflib import URIRef

        return URIRef(iri)

    @staticmethod
    def _str(term: Any) -> str:
        value = getattr(term, "value", None)
        return str(value) if value is not None and not isinstance(term, str) else str(term)

    def triples(self, s: str | None, p: str | None, o: str | None) -> set[tuple[str, str, str]]:
        st, pt, ot = self._node(s), self._node(p), self._node(o)
        if self.ox:
            import pyoxigraph as ox

            quads = self.g.quads_for_pattern(st, pt, ot, ox.DefaultGraph() if self.default_only else None)
            return {(self._str(q.subject), self._str(q.predicate), self._str(q.object)) for q in quads}
        if hasattr(self.g, "quads"):
            quads = self.g.quads((st, pt, ot, None))
            return {(self._str(a), self._str(b), self._str(c)) for a, b, c, _ in quads}
        return {(self._str(a), self._str(b), self._str(c)) for a, b, c in self.g.triples((st, pt, ot))}

    def props(self, s: str) -> dict[str, list[str]]:
        """predicate -> sorted objects of one subject (cached), without the predicates of ``_SKIP`` (an
        entity's hundreds of mentions, an article's text: read them with :meth:`triples`)."""
        got = self._cache.get(s)
        if got is None:
            out: dict[str, set[str]] = defaultdict(set)
            node = self._node(s)
            if self.ox:
                import pyoxigraph as ox

                graph = ox.DefaultGraph() if self.default_only else None
                pairs = ((q.predicate, q.object) for q in self.g.quads_for_pattern(node, None, None, graph))
            elif hasattr(self.g, "quads"):
                pairs = ((b, c) for _, b, c, _ in self.g.quads((node, None, None, None)))
            else:
                pairs = ((b, c) for _, b, c in self.g.triples((node, None, None)))
            for p, o in pairs:
                ps = self._str(p)
                if ps not in _SKIP:
                    out[ps].add(self._str(o))
            got = {p: sorted(v) for p, v in out.items()}
            self._cache[s] = got
        return got

    def one(self, s: str, p: str) -> str | None:
        v = self.props(s).get(p)
        return v[0] if v else None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _find(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """member -> the smallest member of its connected set (union-find), for members of some pair."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def event_groups(same_as: Iterable[tuple[str, str]], events: Iterable[str]) -> dict[str, str]:
    """Each event node -> the smallest IRI of its owl:sameAs set (itself when unmerged); only links
    between two event nodes count. The report counts merged events by it (``len(set(values))``).

    >>> sorted(event_groups([("e2", "e1"), ("e3", "e2"), ("x", "wd:Q1")], ["e1", "e2", "e3", "e4"]).items())
    [('e1', 'e1'), ('e2', 'e1'), ('e3', 'e1'), ('e4', 'e4')]
    """
    events = set(events)
    rep = _find((a, b) for a, b in same_as if a in events and b in events and a != b)
    return {e: rep.get(e, e) for e in sorted(events)}


def read_merged_events(source: Any) -> list[MergedEvent]:
    """One :class:`MergedEvent` per owl:sameAs set of ``gk:Event`` nodes of ``source`` (an rdflib
    Dataset or graph, a pyoxigraph Store or a GraphStore), in time order (undated last)."""
    r = _Reader(source)
    events = sorted({s for s, _, _ in r.triples(None, _RDF + "type", str(GK.Event))})
    same = [(s, o) for s, _, o in r.triples(None, _OWL + "sameAs", None)]
    group_of = event_groups(same, events)
    entities = {s for s in _entity_nodes(r)}
    entity_rep = _find((a, b) for a, b in same if a in entities and b in entities and a != b)
    groups: dict[str, list[str]] = defaultdict(list)
    for e, g in group_of.items():
        groups[g].append(e)
    members_of: dict[str, list[str]] = defaultdict(list)
    for m, x in sorted(entity_rep.items()):
        members_of[x].append(m)
    out = [_merged(r, members, entity_rep, members_of) for members in groups.values()]
    return sorted(out, key=lambda m: (m.date is None, m.date or "", m.first_report or "", m.id))


def _entity_nodes(r: _Reader) -> set[str]:
    out: set[str] = set()
    for cls in _ENTITY_CLASSES:
        out |= {s for s, _, _ in r.triples(None, _RDF + "type", str(GK) + cls)}
    return out


def _broader(r: _Reader, t: str) -> str | None:
    b = r.one(t, _SKOS + "broader")
    if b is None and not r.props(t):  # the graph has no scheme: the shipped one
        from graphkit.rdf.scheme import event_types

        et = event_types().get(_local(t))
        return t.rsplit("/", 1)[0] + "/" + et.broader if et and et.broader else None
    return b


def _depth(r: _Reader, t: str) -> int:
    n, seen = 0, {t}
    while (t := _broader(r, t)) is not None and t not in seen:
        seen.add(t)
        n += 1
    return n


def _codes(r: _Reader, t: str) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    props = {
        "cameo": str(GK.cameoCode), "plover": str(GK.ploverCategory), "acled": str(GK.acledSubEventType),
    }  # fmt: skip
    if r.props(t):
        approx = set(r.props(t).get(str(GK.approximateMatch), ()))
        vals = {k: r.one(t, p) for k, p in props.items()}
        return vals["cameo"], vals["plover"], vals["acled"], tuple(k for k, p in props.items() if p in approx)
    from graphkit.rdf.scheme import event_types  # a graph without the scheme graph: the shipped scheme

    et = event_types().get(_local(t))
    if et is None:
        return None, None, None, ()
    raw = {"cameo": et.cameo, "plover": et.plover, "acled": et.acled}
    approx = tuple(k for k, v in raw.items() if v and v.startswith("~"))
    clean = {k: v.lstrip("~") if v else None for k, v in raw.items()}
    return clean["cameo"], clean["plover"], clean["acled"], approx


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v is not None else None
    except ValueError:
        return None


def _entity(
    r: _Reader, iri: str, entity_rep: dict[str, str], members_of: dict[str, list[str]]
) -> dict[str, Any]:
    """Facts of an entity's representative node, from all its merged members."""
    rep = entity_rep.get(iri, iri)
    members = members_of.get(rep, [rep])
    facts: dict[str, Any] = {"iri": rep}
    labels: list[str] = []
    for m in members:
        p = r.props(m)
        labels += p.get(_SKOS + "prefLabel", []) or p.get(_RDFS + "label", [])
        for key, prop in (("wikidata", GK.wikidataId), ("iso3166", GK.iso3166Code), ("geonames", GK.geonamesId),
                          ("latitude", _SDO + "latitude"), ("longitude", _SDO + "longitude")):  # fmt: skip
            v = p.get(str(prop))
            if v and facts.get(key) is None:
                facts[key] = v[0]
        for t in p.get(_RDF + "type", []):
            if _local(t) in _ENTITY_CLASSES and facts.get("type") is None:
                facts["type"] = _local(t)
        facts.setdefault("up", set()).update(
            p.get(_SDO + "containedInPlace", []) + p.get(str(GK.locatedIn), [])
        )
    facts["label"] = sorted(set(labels), key=lambda s: (-len(s), s))[0] if labels else _local(rep)
    return facts


def _merged(
    r: _Reader, members: list[str], entity_rep: dict[str, str], members_of: dict[str, list[str]]
) -> MergedEvent:
    ments: list[tuple[Mention, dict]] = []
    for e in members:
        p = r.props(e)
        trig = r.one(e, str(GK.trigger)) or ""
        sent_iri = r.one(trig, str(GK.inSentence)) if trig else None
        art = r.one(trig, str(NIF.referenceContext)) if trig else None
        art = art or trig.partition("#")[0]
        published = r.one(art, _SDO + "datePublished") if art else None
        m = Mention(
            event=e,
            article=(r.one(art, _DCT + "identifier") or _local(art)) if art else "",
            published=published,
            trigger=r.one(e, str(GK.triggerText)) or "",
            type=_local(r.one(e, str(SEM.eventType)) or "other"),
            factuality=_local(r.one(e, str(GK.factuality)) or "Asserted"),
            date=r.one(e, str(GK.date)),
            sentence=(r.one(sent_iri, str(NIF.anchorOf)) or "") if sent_iri else "",
        )
        facts = {
            "precision": r.one(e, str(GK.datePrecision)),
            "basis": r.one(e, str(GK.dateBasis)),
            "type_iri": r.one(e, str(SEM.eventType)),
            "mentions": {o for _, _, o in r.triples(e, str(GAF.denotedBy), None)} or {trig},
            "parts": p.get(str(GK.hasParticipation), []),
            "start": int(m_.group(1)) if (m_ := re.search(r"char=(\d+)", trig)) else 0,
        }
        ments.append((m, facts))
    ments.sort(key=lambda x: (x[0].published or "9999", x[0].article, x[1]["start"], x[0].event))
    first = ments[0][0]
    # the date: text before relative before publication, finer before coarser, then the earliest
    dated = [(m, f) for m, f in ments if m.date]
    best = min(
        dated,
        key=lambda x: (
            _BASIS_RANK.get(x[1]["basis"] or "", 3),
            _PRECISION_RANK.get(x[1]["precision"] or "", 3),
            x[0].date,
        ),  # fmt: skip
        default=None,
    )
    # the type: the most specific of its reports' (the deepest in the scheme), then the most reported
    type_iris = [f["type_iri"] for _, f in ments if f["type_iri"]]
    counts = Counter(type_iris)
    type_iri = max(counts, key=lambda t: (_depth(r, t), counts[t], t), default=None)
    cameo, plover, acled, approx = _codes(r, type_iri) if type_iri else (None, None, None, ())
    # participants: the union of every report's, by role
    seen: dict[tuple[str, str], Actor] = {}
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    place_facts: dict[str, dict] = {}
    for mention, f in ments:
        for part in f["parts"]:
            who = r.one(part, str(GK.participant))
            role = _local(r.one(part, str(GK.role)) or "OtherRole").removesuffix("Role").lower()
            if who is None or role == "time":
                continue
            ent = _entity(r, who, entity_rep, members_of)
            if role == "place":
                place_facts.setdefault(ent["iri"], ent)
                continue
            key = (role, ent["iri"])
            via[key].add(mention.event)
            if key not in seen:
                seen[key] = Actor(role, ent["label"], ent["iri"], ent.get("type"), ent.get("wikidata"),
                                  ent.get("iso3166"))  # fmt: skip
    order = {k: i for i, k in enumerate((*_ACTOR_ROLES, "instrument", "other"))}
    actors = tuple(
        sorted(
            (replace(a, reports=tuple(sorted(via[k]))) for k, a in seen.items()),
            key=lambda a: (order.get(a.role, 9), a.label, a.iri),
        )
    )
    places = tuple(
        Place(f["label"], f["iri"], _float(f.get("latitude")), _float(f.get("longitude")), f.get("geonames"),
              f.get("wikidata"), f.get("iso3166"))
        for f in sorted(place_facts.values(), key=lambda f: (f["label"], f["iri"]))
    )  # fmt: skip
    place = _most_specific(r, places, place_facts, entity_rep)
    facts_seen = {m.factuality for m, _ in ments}
    ranked = sorted(facts_seen, key=lambda x: FACTUALITY_ORDER.index(x) if x in FACTUALITY_ORDER else 9)
    published = sorted(m.published for m, _ in ments if m.published)
    base_cut = first.event.split("/event/", 1)
    return MergedEvent(
        id=base_cut[1] if len(base_cut) == 2 else first.event,
        event=first.event,
        date=best[0].date if best else None,
        date_precision=best[1]["precision"] if best else None,
        date_basis=best[1]["basis"] if best else None,
        type=_local(type_iri) if type_iri else "other",
        types=tuple(sorted({_local(t) for t in type_iris})),
        cameo=cameo,
        plover=plover,
        acled=acled,
        approximate=approx,
        actors=actors,
        place=place,
        places=places,
        articles=len({m.article for m, _ in ments}),
        mentions=len(set().union(*(f["mentions"] for _, f in ments))),
        first_report=published[0] if published else None,
        last_report=published[-1] if published else None,
        sources=tuple(sorted({m.article for m, _ in ments})),
        factuality=ranked[0],
        factualities=tuple(ranked),
        members=tuple(m for m, _ in ments),
    )


def _most_specific(
    r: _Reader, places: tuple[Place, ...], facts: dict[str, dict], rep: dict[str, str]
) -> Place | None:
    """The place the others contain (a district before its province), ties: one with coordinates."""
    if not places:
        return None
    iris = {p.iri for p in places}

    def ancestors(iri: str) -> set[str]:
        # walk containment through the graph (each step's entity representative)
        seen: set[str] = set()
        todo = [rep.get(x, x) for x in (facts[iri]["up"] if iri in facts else ())]
        while todo:
            x = todo.pop()
            if x in seen or x == iri:
                continue
            seen.add(x)
            p = r.props(x)
            todo += [
                rep.get(y, y) for y in p.get(_SDO + "containedInPlace", []) + p.get(str(GK.locatedIn), [])
            ]
        return seen

    depth = {p.iri: len(ancestors(p.iri) & iris) for p in places}
    return max(places, key=lambda p: (depth[p.iri], p.latitude is not None, p.label))


# --------------------------------------------------------------------------- writing


def events_csv(rows: Iterable[MergedEvent]) -> str:
    from graphkit.analysis import csv_cell

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for m in rows:
        w.writerow({k: csv_cell(v) for k, v in m.row().items()})
    return buf.getvalue()


def events_jsonl(rows: Iterable[MergedEvent]) -> str:
    return "".join(json.dumps(m.to_json(), ensure_ascii=False) + "\n" for m in rows)


def write_events(source: Any, out: str | Path, rows: list[MergedEvent] | None = None) -> dict[str, Path]:
    """events.csv and events.jsonl of ``source``'s graph into folder ``out``, each written atomically;
    returns their paths by key (``events_csv``, ``events_jsonl``)."""
    from graphkit.atomic import write_text

    rows = read_merged_events(source) if rows is None else rows
    out = Path(out)
    paths = {"events_csv": out / "events.csv", "events_jsonl": out / "events.jsonl"}
    write_text(paths["events_csv"], events_csv(rows))
    write_text(paths["events_jsonl"], events_jsonl(rows))
    return paths
