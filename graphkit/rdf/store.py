"""The on-disk store: an embedded Oxigraph database (RocksDB) that grows article by article.

Layout, in RDF terms (the same as ``graph.trig`` plus its merge)::

    GRAPH <{base}graph/ARTICLE-ID> { ...everything one article says... }   # one per article
    default graph                  = the set union of all article graphs    # what queries see

Each article graph carries ``<article> gk:contentHash "sha256"``, so a build can tell
new, changed and unchanged articles apart by asking the store itself; there is no
side file to get out of step. The default graph is maintained by graphkit on every
write (Oxigraph's own "union default graph" would repeat a triple once per article
that states it, so counts and joins would differ from rdflib's set semantics).

Writes are transactions: an article's graph and its default-graph triples are
loaded in one Oxigraph transaction; replacing or removing an article is one SPARQL
update that drops its graph and removes the default-graph triples no other article
states. A build killed at any moment leaves a readable store in which every article
is either its old version, absent, or its new version; rerunning the build completes
it.

One writer at a time: a build holds an exclusive lock (``graphkit.lock`` in the
store folder); readers (``graphkit query --store``, ``graphkit serve``) hold a shared
one, because Oxigraph's read-only mode must not run while another process writes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graphkit.errors import QueryError, StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset

    from graphkit.rdf.build import IRIs
    from graphkit.sparql import QueryOutcome
    from graphkit.types import Extraction

log = logging.getLogger(__name__)

LOCK_FILE = "graphkit.lock"
# what the merge step read, kept between builds (GraphStore.entity_nodes); derived data, safe to delete
ENTITY_INDEX = "graphkit-entities.json"
ENTITY_INDEX_VERSION = 2  # 2: EntityFacts.to_json's order (the mention count last)
FLUSH_BYTES = 64_000_000  # flush RocksDB's write buffers after this much N-Quads: without it they grew to
# 2.2 GB while loading a 2,000-article store (measured); with it memory stayed flat and loading was no slower
EXPORT_FORMATS = ("turtle", "nt", "trig", "nquads", "json-ld")


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the store knows about one article: its graph and the hash of the text it was built from."""

    id: str
    graph: str
    sha256: str
    extractor: str


@dataclass(frozen=True, slots=True)
class ArticleRDF:
    """One article's named graph, serialised and ready to load (what extraction workers hand back)."""

    article_id: str
    graph: str
    sha256: str
    nquads: bytes  # the graph's triples, each also in the default graph
    triples: int


def article_rdf(x: Extraction, iris: IRIs) -> ArticleRDF:
    """Serialise one extraction as N-Quads for :meth:`GraphStore.write` (runs in worker processes)."""
    from graphkit.rdf.build import article_ntriples
    from graphkit.rdf.nquads import iri, nquads_of_terms

    graph = iris.graph(x.article.id, str)
    # terms as N-Triples text (no rdflib objects); a set, in a stable order
    triples = list(dict.fromkeys(article_ntriples(x, iris)))
    return ArticleRDF(
        article_id=x.article.id,
        graph=graph,
        sha256=x.article.sha256,
        nquads=nquads_of_terms(triples, iri(graph), also_default=True),
        triples=len(triples),
    )


class GraphStore:
    """An Oxigraph store folder opened for reading (``writable=False``, the default) or writing.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, GraphStore(d + "/s", writable=True) as st:
    ...     len(st.articles())
    0
    """

    def __init__(self, path: str | os.PathLike[str] | None, *, writable: bool = False, index: bool = True) -> None:
        """``index=False``: do not keep ``ENTITY_INDEX`` (a scratch store that lives for one build)."""
        import pyoxigraph as ox

        self._lock = None
        self._unflushed = 0
        self._index = index
        if path is None:  # a scratch store in memory (see from_files)
            self.path = Path(":memory:")
            self.writable = True
            self._store = ox.Store()
            return
        self.path = Path(path)
        self.writable = writable
        if writable:
            _check_writable_location(self.path)
            self.path.mkdir(parents=True, exist_ok=True)
        elif not is_store(self.path):
            raise StoreError(
                f"{self.path}: no graphkit store here (create one with: graphkit build ARTICLES --store {self.path})"
            )
        self._lock = _acquire_lock(self.path, exclusive=writable)
        try:
            self._store: ox.Store = (
                ox.Store(str(self.path)) if writable else ox.Store.read_only(str(self.path))
            )
        except OSError as e:
            self._release()
            raise StoreError(f"{self.path}: cannot open the Oxigraph store: {_one_line(e)}") from e

    @classmethod
    def from_files(cls, *paths: str | os.PathLike[str]) -> GraphStore:
        """An in-memory store holding graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD), laid out
        like a built store: named graphs as in the files, the default graph their merge."""
        import pyoxigraph as ox

        from graphkit.errors import GraphFileError
        from graphkit.rdf.io import format_for

        formats = {
            "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
        }  # fmt: skip
        st = cls(None)
        for p in map(Path, paths):
            if not p.is_file():
                raise GraphFileError(
                    f"{p}: no such graph file (build one with: graphkit build ARTICLES --out DIR)"
                )
            fmt = format_for(p)
            if fmt not in formats:
                raise GraphFileError(
                    f"{p}: cannot read {fmt} here; use Turtle, TriG, N-Triples, N-Quads or JSON-LD"
                )
            try:
                st._store.load(path=str(p), format=formats[fmt])
            except (SyntaxError, OSError, ValueError) as e:
                raise GraphFileError(f"{p}: cannot parse as {fmt}: {_one_line(e)}") from e
        st._store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return st

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            compact = False
            if self.writable:
                with contextlib.suppress(OSError):
                    store.flush()
                    compact = self.path != Path(":memory:") and self._index  # not a scratch store
            del store, self._store  # the last references: Oxigraph closes the database
            if compact:
                self._drop_stale_logs()
        self._release()

    def _drop_stale_logs(self) -> None:
        """Leave the folder without stale logs (still holding the lock): RocksDB deletes the write-ahead
        logs its flushed tables made obsolete only when it opens a database (a 100-article build left a
        176 MB log beside 64 MB of tables), so the store is opened once more, and the info logs of
        earlier opens (``LOG.old.*``) are deleted."""
        import pyoxigraph as ox

        try:
            ox.Store(str(self.path)).flush()
        except OSError as e:  # the store stays valid; only the disk space is not given back yet
            log.warning("%s: could not compact the store's logs (%s)", self.path, _one_line(e))
            return
        for old in self.path.glob("LOG.old.*"):
            with contextlib.suppress(OSError):
                old.unlink()

    def _release(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.close()  # closing the descriptor releases the flock
            self._lock = None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for engines and tools that speak Oxigraph)."""
        return self._store

    # ------------------------------------------------------------------ reading

    def articles(self, iris: IRIs | None = None) -> dict[str, StoredArticle]:
        """Every article in the store, by id. With ``iris``, checks the store uses the same base IRI."""
        rows = self._store.query(
            "SELECT ?g ?id ?hash ?ext WHERE { GRAPH ?g { ?a gk:contentHash ?hash ; dcterms:identifier ?id ."
            " OPTIONAL { ?a gk:extractor ?ext } } }",
            prefixes=_prefixes(),
        )
        out: dict[str, StoredArticle] = {}
        for r in rows:
            g, aid = r["g"].value, r["id"].value
            if iris is not None and g != str(iris.graph(aid)):
                raise StoreError(
                    f"{self.path}: this store was built with another base IRI (article {aid!r} is in graph <{g}>); "
                    "pass the same --base-iri, or use another --store folder"
                )
            prev = out.get(aid)
            ext = r["ext"].value if r["ext"] is not None else ""
            # two hashes in one graph cannot come from a finished write: mark it stale so it is rebuilt
            sha = r["hash"].value if prev is None or prev.sha256 == r["hash"].value else "<inconsistent>"
            out[aid] = StoredArticle(aid, g, sha, ext)
        return out

    def __len__(self) -> int:
        """Triples in the merged graph (the default graph)."""
        r = next(iter(self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return int(r["n"].value)

    def stats(self, *, quads: bool = True) -> dict[str, int]:
        """Articles, triples in the merged graph, and (unless ``quads=False``: it scans every named
        graph, 1-2 s on a 2,000-article store) quads in the named graphs."""
        articles = next(
            iter(
                self._store.query(
                    "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a gk:contentHash ?h } }",
                    prefixes=_prefixes(),
                )
            )
        )
        out = {"articles": int(articles["n"].value), "triples": len(self)}
        if quads:
            q = next(iter(self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
            out["quads"] = int(q["n"].value)
        return out

    def query(
        self,
        query: str,
        *,
        allow_update: bool = False,
        allow_service: bool = False,
        bindings: dict[str, Any] | None = None,
    ) -> QueryOutcome:
        """Run SPARQL on the store with graphkit's rules: read-only and no ``SERVICE`` unless allowed.

        The default graph is the merge of all articles; ``GRAPH ?g`` ranges over the article graphs.
        Oxigraph parses the query itself (rdflib's parser would cost more than most answers).

        ``bindings`` (variable name -> rdflib term; a named query's parameters; each in the query's
        ``SELECT`` list) are written into the query as escaped terms by :func:`graphkit.queries.inline`,
        and their columns left out of the answer. Not as Oxigraph's ``substitutions``, which mean the
        same (SEP-0007) but are applied after the query is planned: the planner takes the parameter for
        a free variable and, measured on a 2,010-article store (pyoxigraph 0.5.13), ``actors-of-event-type``
        took 14 s instead of 0.7 s and ``paths-between-actors`` 8 s instead of 0.5 s
        (``benchmarks/scale_sparql.py``; the queries are written so that both mean the same, and
        ``tests/test_queries.py`` checks it).
        """
        import pyoxigraph as ox

        from graphkit.querying.policy import Policy, check
        from graphkit.sparql import QueryOutcome

        if bindings:  # before the policy: it judges the text that runs
            from graphkit.queries import inline

            query = inline(query, bindings)
        # the one policy (Oxigraph reads FROM graphs from the store: they fetch nothing)
        policy = Policy(allow_update=allow_update, allow_fetch=allow_service,
                        permit_update="pass --allow-update to change the store", use_parser=False)  # fmt: skip
        if check(query, policy).is_update:
            if not self.writable:
                raise QueryError("the store is open read-only; an update needs it opened for writing")
            try:
                self._store.update(query, prefixes=_prefixes())
            except SyntaxError as e:
                raise QueryError(_syntax_error(e)) from e
            except (OSError, ValueError) as e:
                raise QueryError(f"SPARQL update failed: {_one_line(e)}") from e
            return QueryOutcome(kind="UPDATE")
        try:
            result = self._store.query(query, prefixes=_prefixes())
            if isinstance(result, ox.QueryBoolean):
                return QueryOutcome(kind="ASK", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                variables = tuple(v.value for v in result.variables if v.value not in (bindings or {}))
                rows = tuple(tuple(to_rdflib(sol[v]) for v in variables) for sol in result)
                return QueryOutcome(kind="SELECT", variables=variables, rows=rows)
            from rdflib import Graph

            g = Graph(bind_namespaces="none")
            for t in result:
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            kind = "DESCRIBE" if _first_keyword(query) == "DESCRIBE" else "CONSTRUCT"
            return QueryOutcome(kind=kind, graph=g)
        except SyntaxError as e:
            raise QueryError(_syntax_error(e)) from e
        except (OSError, ValueError) as e:
            raise QueryError(f"SPARQL evaluation failed: {_one_line(e)}") from e

    def dataset(self) -> Dataset:
        """An rdflib :class:`~rdflib.Dataset` over this store (via oxrdflib): ``ds.query(...)`` runs in
        Oxigraph on the merged graph, so code written for rdflib (analysis, maps) works on big stores."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset, URIRef

        from graphkit.rdf.namespaces import PREFIXES

        store = OxigraphStore(store=self._store)
        for prefix, ns in PREFIXES.items():  # queries may use graphkit's prefixes without declaring them
            store.bind(prefix, URIRef(str(ns)))
        return Dataset(store=store)

    def entity_nodes(self) -> list:
        """The corpus-level merge step's entity nodes (:class:`graphkit.rdf.merge.Node`).

        The same nodes as :func:`graphkit.rdf.merge.read_nodes` on the store's dataset (both go
        through :func:`~graphkit.rdf.merge.nodes_from_facts`), read in two queries straight from
        Oxigraph (through rdflib it made one Oxigraph call per entity and mention: 6.5 minutes for a
        2,010-article store). A writable store also keeps what it read in ``ENTITY_INDEX``, keyed by
        the articles (graph, hash, extractor) it was read from: when the store has only gained articles
        since, only their graphs are read (an incremental build adding 10 articles to 2,010: 0.2 s
        instead of 2 s). Anything else (a replaced or removed article, a missing, unreadable or
        foreign index) reads everything again.
        """
        from rdflib import URIRef

        from graphkit.rdf.merge import nodes_from_facts

        state = self._article_state()
        facts, since = self._read_entity_index(state)
        if since is None:
            facts = self._entity_facts(None)
        elif since:
            for e, f in self._entity_facts(since).items():
                if e in facts:
                    facts[e].update(f)
                else:
                    facts[e] = f
        if self.writable and since != []:
            self._write_entity_index(state, facts)
        return nodes_from_facts({URIRef(e): f for e, f in facts.items() if f.types})

    def _article_state(self) -> dict[str, str]:
        """graph IRI -> "hash extractor" of every article graph (from :meth:`articles`)."""
        return {a.graph: f"{a.sha256} {a.extractor}" for a in self.articles().values()}

    def _entity_facts(self, graphs: list[str] | None) -> dict:
        """Entity IRI -> :class:`~graphkit.rdf.merge.EntityFacts`, from the merged graph (``None``) or
        from the named graphs ``graphs`` only."""
        from rdflib import URIRef

        from graphkit.rdf.merge import ENTITY_CLASSES, EntityFacts
        from graphkit.rdf.namespaces import GK

        classes = {str(c): name for c, name in ENTITY_CLASSES.items()}
        slot = {
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "types",
            "http://www.w3.org/2000/01/rdf-schema#label": "labels",
            "http://www.w3.org/2004/02/skos/core#altLabel": "aliases",
            str(GK.keyRule): "rules",
            str(GK.wikidataId): "wikidata",
        }
        if graphs is None:  # the merged graph is a set: no row twice
            select, scope = "SELECT", "{ %s }"
        else:  # an entity's facts are stated once in each article that names it
            select = "SELECT DISTINCT"
            scope = "{ VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } GRAPH ?g { %s } }"
        facts: dict[str, EntityFacts] = {}
        rows = self._store.query(
            f"{select} ?e ?p ?o WHERE " + scope % "?e gk:canonicalKey ?key ; ?p ?o . "
            "FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, gk:keyRule, gk:wikidataId))",
            prefixes=_prefixes(),
        )
        for r in rows:
            f = facts.get(e := r["e"].value) or facts.setdefault(e, EntityFacts())
            name, value = slot[r["p"].value], r["o"].value
            if name != "types":
                getattr(f, name).add(value)
            elif value in classes:
                f.types.add(classes[value])
        # a mention's IRI is its article's IRI with a "#char=start,end" fragment (IRIs.mention), the
        # article its nif:referenceContext names; reading that off the IRI saves a join (1.4 s -> 0.7 s)
        articles: dict[str, URIRef] = {}
        rows = self._store.query(
            f"{select} ?e ?m WHERE " + scope % "?e gk:canonicalKey ?key ; gaf:denotedBy ?m",
            prefixes=_prefixes(),
        )
        for r in rows:
            f = facts.get(r["e"].value)
            if f is None:
                continue
            f.mentions += 1
            a = r["m"].value.partition("#")[0]
            f.articles.add(articles.get(a) or articles.setdefault(a, URIRef(a)))
        return facts

    def _read_entity_index(self, state: dict[str, str]) -> tuple[dict, list[str] | None]:
        """The index's facts and the graphs added since it was written, or ({}, None) when it cannot
        be used: missing, unreadable, another version, or an article it was read from changed or went."""
        import json

        from graphkit.rdf.merge import EntityFacts

        if self.path == Path(":memory:"):
            return {}, None
        try:
            data = json.loads((self.path / ENTITY_INDEX).read_text(encoding="utf-8"))
            if data.get("version") != ENTITY_INDEX_VERSION:
                return {}, None
            was: dict[str, str] = data["articles"]
            if any(state.get(g) != v for g, v in was.items()):
                return {}, None
            facts = {e: EntityFacts.from_json(row) for e, row in data["facts"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return {}, None
        return facts, sorted(g for g in state if g not in was)

    def _write_entity_index(self, state: dict[str, str], facts: dict) -> None:
        import json

        from graphkit.atomic import write_text

        if self.path == Path(":memory:") or not self._index:
            return
        data = {
            "version": ENTITY_INDEX_VERSION,
            "articles": state,
            "facts": {e: f.to_json() for e, f in sorted(facts.items())},
        }
        try:
            write_text(self.path / ENTITY_INDEX, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError as e:  # only a cache: the next build reads everything
            log.warning("%s: could not write the entity index (%s)", self.path, e)

    def graph_nquads(self, graph: str) -> bytes:
        """One article graph as N-Triples (for pushing it to another store)."""
        import pyoxigraph as ox

        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))

    def graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            yield g.value

    def export(self, output: str | os.PathLike[str] | IO[bytes], fmt: str) -> None:
        """Stream the store to ``output`` without loading it into memory.

        ``turtle``/``nt``: the merged graph; ``trig``/``nquads``/``json-ld``: one named graph per article.
        A path is written atomically.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"cannot export a store as {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
        if isinstance(output, str | os.PathLike):
            from graphkit.atomic import atomic_open

            with atomic_open(output, "wb") as f:
                self._export(f, fmt)
        else:
            self._export(output, fmt)

    def _export(self, f: IO[bytes], fmt: str) -> None:
        import pyoxigraph as ox

        rdf_format = {
            "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
        }[fmt]  # fmt: skip
        prefixes = _prefixes() if fmt in ("turtle", "trig") else None
        if fmt in ("turtle", "nt"):
            self._store.dump(f, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
            return

        def named() -> Iterator[ox.Quad]:
            for g in sorted(self._store.named_graphs(), key=lambda n: n.value):
                yield from self._store.quads_for_pattern(None, None, None, g)

        ox.serialize(named(), f, rdf_format, prefixes=prefixes)

    # ------------------------------------------------------------------ writing

    def write(self, batch: Iterable[ArticleRDF], replace: Iterable[str] = ()) -> list[tuple[ArticleRDF, str]]:
        """Load articles' graphs; those whose ids are in ``replace`` have their old graph removed first.

        The batch is loaded in one transaction; if Oxigraph rejects it, each article is loaded on its
        own so one bad article does not lose the others. Returns the articles that failed, with why.
        """
        import pyoxigraph as ox

        self._need_writable()
        batch = list(batch)
        replace = set(replace)
        for a in batch:
            if a.article_id in replace:
                self.remove(a.graph)
        self._unflushed += sum(len(a.nquads) for a in batch)
        try:
            self._store.load(b"".join(a.nquads for a in batch), format=ox.RdfFormat.N_QUADS)
            return []
        except (SyntaxError, OSError, ValueError) as e:
            if len(batch) == 1:
                return [(batch[0], _one_line(e))]
        finally:
            self._flush_if_due()
        failed = []
        for a in batch:
            try:
                self._store.load(a.nquads, format=ox.RdfFormat.N_QUADS)
            except (SyntaxError, OSError, ValueError) as e:
                failed.append((a, _one_line(e)))
        return failed

    def _flush_if_due(self) -> None:
        if self._unflushed >= FLUSH_BYTES and self.path != Path(":memory:"):
            self._store.flush()
            self._unflushed = 0

    def put_graph(self, graph: str, triples: Iterable[tuple]) -> int:
        """Replace a named graph that is not an article's (e.g. the corpus-level merges) with ``triples``
        (rdflib terms), keeping the merged default graph right, in one transaction; returns by how many
        triples the merged graph grew (negative: shrank).

        Only the difference is written: the merges graph changes a little between incremental builds,
        and dropping and reloading all of it cost 2 s on a 2,000-article store.
        """
        import pyoxigraph as ox
        from rdflib import URIRef

        from graphkit.rdf.nquads import nquads

        self._need_writable()
        name = ox.NamedNode(graph)
        new = {q.triple for q in ox.parse(nquads(triples, URIRef(graph)), format=ox.RdfFormat.N_QUADS)}
        old = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
        gone, added = old - new, new - old
        if not gone and not added:
            return 0
        default = ox.DefaultGraph()
        grew = sum(1 for t in added if ox.Quad(t.subject, t.predicate, t.object, default) not in self._store)
        g = f"<{graph}>"
        ops = []
        if gone:
            rows = "\n".join(f"({t.subject} {t.predicate} {t.object})" for t in gone)
            ops.append(f"DELETE DATA {{ GRAPH {g} {{ {' '.join(f'{t} .' for t in gone)} }} }}")
            # the merged graph keeps a removed triple only while another graph still states it
            ops.append(
                f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} }} }}"
            )
        if added:
            body = " ".join(f"{t} ." for t in added)
            ops.append(f"INSERT DATA {{ GRAPH {g} {{ {body} }} {body} }}")
        self._store.update(" ;\n".join(ops))
        shrank = sum(1 for t in gone if ox.Quad(t.subject, t.predicate, t.object, default) not in self._store)
        return grew - shrank

    def has_graph(self, graph: str) -> bool:
        import pyoxigraph as ox

        return self._store.contains_named_graph(ox.NamedNode(graph))

    def remove(self, graph: str) -> None:
        """Remove one article graph and the merged-graph triples no other article states (one transaction)."""
        self._need_writable()
        g = f"<{graph}>"
        self._store.update(
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
            f"DROP SILENT GRAPH {g}"
        )

    def optimize(self) -> None:
        """Compact the database files (worth it after a large build; reads are faster afterwards)."""
        self._need_writable()
        self._store.optimize()

    def _need_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.path}: the store is open read-only")


# ---------------------------------------------------------------------- helpers


def is_store(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` holds an Oxigraph (RocksDB) database."""
    return (Path(path) / "CURRENT").is_file()


def to_rdflib(t: Any) -> Any:
    """A pyoxigraph term as the equal rdflib term (``None`` stays ``None``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        if dt == _XSD_STRING:
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(dt))
    return Literal(str(t))  # RDF-star triple terms: shown as text


def from_rdflib(t: Any) -> Any:
    """An rdflib term (URIRef, Literal, BNode) as the equal pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_POSITION_RE = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


def _syntax_error(e: SyntaxError) -> str:
    m = _POSITION_RE.search(str(e))
    if m:
        return f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {_one_line_text(m.group(3))}"
    return f"SPARQL syntax error: {_one_line(e)}"


def _one_line_text(text: str) -> str:
    return " ".join(text.split())[:300]


def _prefixes() -> dict[str, str]:
    from graphkit.rdf.namespaces import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()}


def _first_keyword(query: str) -> str:
    body = re.sub(r"#[^\n]*", " ", query)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    return m.group(1).upper() if m else ""


def _check_writable_location(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: exists and is not a folder; pick a folder for --store")
    if path.is_dir() and not is_store(path) and any(p.name != LOCK_FILE for p in path.iterdir()):
        raise StoreError(
            f"{path}: the folder is not empty and is not a graphkit store; pick a new or empty folder for --store"
        )


def _acquire_lock(path: Path, *, exclusive: bool) -> IO[str]:
    try:
        f = open(path / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115 (held open while the store is)
    except PermissionError:
        if exclusive:
            raise StoreError(f"{path}: no permission to write to this store") from None
        # a reader without write access to the folder cannot take part in locking; it can still read
        return open(os.devnull, encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(f, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError as e:
        f.close()
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            what = (
                "another graphkit process is using it (a build, a query or `graphkit serve`); "
                "wait for it to finish or stop it, then try again"
                if exclusive
                else "a build is writing it; query it when the build has finished"
            )
            raise StoreError(f"{path}: the store is busy: {what}") from None
        raise StoreError(f"{path}: cannot lock the store: {e}") from e
    return f


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:500] or type(e).__name__


__all__ = ["ArticleRDF", "GraphStore", "StoredArticle", "article_rdf", "is_store", "to_rdflib"]
