"""The N-Quads fast path (``article_rdf``) writes exactly what the rdflib path says, byte for byte.

``article_rdf`` builds N-Triples text without rdflib objects (``article_ntriples``); graphs in memory
come from ``article_triples``. Both run the same triple-building code through a different term
factory. Here hostile hand-built extractions (quotes, backslashes, newlines, NUL, lone surrogates,
RTL marks, emoji, odd dates and numbers) go through both; the rdflib side is written with the
serialiser graphkit used before the fast path (``_reference_term``), so the bytes must be identical,
and Oxigraph and rdflib must both parse them.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graphkit.rdf.build import (
    IRIs,
    NTriplesTerms,
    RDFTerms,
    add_extraction,
    article_ntriples,
    article_triples,
    new_dataset,
)
from graphkit.rdf.namespaces import GK, Terms
from graphkit.rdf.nquads import literal, nquads, term
from graphkit.rdf.store import article_rdf
from graphkit.types import (
    Argument,
    Article,
    Claim,
    Entity,
    Event,
    Extraction,
    Link,
    Mention,
    Relation,
    Sentence,
    Span,
    TimeExpression,
    TimeValue,
)
from tests.factories import sample_extraction

_REF_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _reference_term(t) -> str:
    """graphkit's N-Triples term writer as it was before the fast path (rdflib terms in)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        lexical = str(t).translate(_REF_ESCAPE)
        if t.language:
            return f'"{lexical}"@{t.language}'
        if t.datatype and str(t.datatype) != str(XSD.string):
            return f'"{lexical}"^^<{t.datatype}>'
        return f'"{lexical}"'
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(t)


def reference_nquads(x: Extraction, iris: IRIs) -> tuple[bytes, int]:
    """``article_rdf``'s N-Quads as the rdflib path made them before: rdflib triples, deduplicated."""
    triples = list(dict.fromkeys(article_triples(x, iris)))
    graph = iris.graph(x.article.id)
    lines = []
    for s, p, o in triples:
        body = f"{_reference_term(s)} {_reference_term(p)} {_reference_term(o)}"
        lines.append(f"{body} <{graph}> .\n")
        lines.append(f"{body} .\n")
    return "".join(lines).encode("utf-8"), len(triples)


NASTY = [
    'say "hi"',
    "back\\slash \\u0041 \\n",
    "new\nline\r\nand\rcr",
    "nul\x00byte",
    "lone \ud800 high and \udfff low",
    "\ud83d",  # half an emoji
    "RTL \u202eevil\u202c \u200f עברית العربية",
    "emoji 😀 🇺🇦 👩\u200d💻",
    "tab\t form\x0c vt\x0b del\x7f \u2028 \u2029",
    'triple """quotes""" and \'single\'',
    "e\u0301 combining, \ufeff bom, \ufffd replacement",
    "",
]


def hostile_extraction(article_id: str, nasty: str, k: int = 0) -> Extraction:
    """One article whose every text field, id and key carries ``nasty``; offsets need not match the text."""
    text = f"Start {nasty} end. Second {nasty} sentence."
    n = len(text)
    sp = Span(6, 6 + len(nasty), nasty)
    key = f"person/{nasty}"
    place = f"place/{nasty}/x"
    art = Article(
        id=article_id,
        text=text,
        title=f"Title {nasty}",
        date=["2020-05-13", "2020-05", "2020", "0099", "2020-13-45", f"20{nasty}"][k % 6],
        source=f"Source {nasty}",
        url=["https://example.org/a?b=c#d", f"http://[bad{nasty}", "https://x/%zz", "not a url"][k % 4],
        sha256="0" * 64,
    )
    sentences = (Sentence(0, 0, n // 2, text[: n // 2]), Sentence(1, n // 2, n, text[n // 2 :]))
    person = Entity(
        key,
        "Person",
        f"Name {nasty}",
        (Mention(sp.start, sp.end, nasty, 0), Mention(0, 5, "Start", 7, "PRO", source=f"rule {nasty}")),
        aliases=(nasty, f"alias {nasty}", nasty),  # a repeated alias: one triple
        subtype=f"sub {nasty}" if nasty else None,
        links=(Link("wikidata", f"Q{k + 1}"), Link("geonames", str(1000 + k)), Link("iso3166", nasty)),
        key_rule=f"key {nasty}",
    )
    town = Entity(
        place,
        "Location",
        f"Town {nasty}",
        (Mention(0, 5, "Start", 0),),
        subtype="city",
        latitude=[0.0, -0.0, 1e-05, -33.123456789][k % 4],
        longitude=[-0.0, 180.0, 12.5, 1e-9][k % 4],
        part_of=f"place/country {nasty}",
        part_of_name=f"Country {nasty}",
    )
    tv = [
        TimeValue("2020-05", "month", True),
        TimeValue("1990s"[: 3 + k % 3] or "199", "decade"),
        TimeValue(f"2020-0{k % 9 + 1}-01", "day"),
        TimeValue("-0044", "year"),
        TimeValue(None, "day"),
        TimeValue(f"x{nasty}", "year"),
    ][k % 6]
    ev = Event(
        trigger=sp,
        type="defection",
        lemma=f"lemma {nasty}",
        sentence=k % 3 - 1,  # -1 and 2: no such sentence
        arguments=(
            Argument("agent", sp, key, confidence=[0.0, -0.0, 1, 0.33333][k % 4]),
            Argument("place", Span(0, 5, "Start"), place, confidence=0.7),
            Argument("other", Span(1, 2, nasty), None, confidence=1e-05),
            Argument("agent", sp, key, confidence=[0.0, -0.0, 1, 0.33333][k % 4]),  # a duplicate
        ),
        time=tv,
        factuality=["asserted", "denied", "uncertain", "future", "hypothetical"][k % 5],
        nominal=bool(k % 2),
        confidence=[0.8, 0.0, 0.9999, 1.0][k % 4],
    )
    rel = Relation(
        key,
        "memberOf",
        place if k % 2 else None,
        1,
        sp,
        title=f"title {nasty}" if k % 3 else None,
        confidence=0.8,
        time=tv,
        rule=f"rule {nasty}",
        start=TimeValue("2019", "year"),
        end=TimeValue(f"2021-0{k % 9 + 1}", "month"),
        former=bool(k % 2),
    )
    claim = Claim(
        cue=Span(0, 5, f"said {nasty}"),
        content=Span(6, n, text[6:]),
        sentence=1,
        factuality="denied",
        speaker=key,
        speaker_span=sp,
        events=(ev.local_id, "missing"),
        direct_quote=bool(k % 2),
        confidence=0.5,
        addressee=place if k % 2 else None,
        addressee_span=Span(0, 5, nasty) if k % 2 else None,
    )
    times = (TimeExpression(0, 5, f"May {nasty}", 0, tv),)
    return Extraction(art, sentences, (person, town), (rel,), (ev,), (claim,), times, f"graphkit {nasty}")


def hostile_extractions() -> list[Extraction]:
    xs = [hostile_extraction(f"id {nasty} / # % ?", nasty, k) for k, nasty in enumerate(NASTY)]
    xs += [hostile_extraction(f"a{k}", NASTY[k % len(NASTY)], k) for k in range(len(NASTY), 24)]
    return [
        sample_extraction("plain"),
        replace(sample_extraction("empty"), entities=(), events=(), claims=()),
    ] + xs


HOSTILE = hostile_extractions()


@pytest.mark.parametrize("x", HOSTILE, ids=range(len(HOSTILE)))
def test_fast_nquads_are_byte_identical_to_the_rdflib_path(x):
    iris = IRIs()
    expected, n = reference_nquads(x, iris)
    got = article_rdf(x, iris)
    assert got.nquads == expected
    assert got.triples == n and got.graph == str(iris.graph(x.article.id))


def test_fast_nquads_match_under_another_base():
    iris = IRIs("https://example.org/news")
    for x in HOSTILE[:6]:
        assert article_rdf(x, iris).nquads == reference_nquads(x, iris)[0]


def test_both_parsers_read_the_fast_nquads_as_the_graph_in_memory():
    iris = IRIs()
    for x in HOSTILE:
        data = article_rdf(x, iris).nquads
        quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
        ds = new_dataset()
        add_extraction(ds, x, iris)
        # the graph in memory, written by rdflib's own serialiser and read back by Oxigraph
        mem = set(ox.parse(ds.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS))
        assert {q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)} == mem
        assert {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)} == {
            q.triple for q in mem
        }
        parsed = rdflib.Dataset()
        parsed.parse(data=data, format="nquads")
        assert len(parsed) == len(ds)


def test_no_surrogate_survives_and_texts_come_back_whole():
    iris = IRIs()
    x = HOSTILE[2 + NASTY.index("lone \ud800 high and \udfff low")]
    data = article_rdf(x, iris).nquads
    data.decode("utf-8")  # strict: no surrogate was written
    objects = {
        str(q.object.value) for q in ox.parse(data, ox.RdfFormat.N_QUADS) if isinstance(q.object, ox.Literal)
    }
    assert "Name lone \ufffd high and \ufffd low" in objects
    emoji = HOSTILE[2 + NASTY.index("emoji 😀 🇺🇦 👩\u200d💻")]
    objects = {q.object.value for q in ox.parse(article_rdf(emoji, iris).nquads, ox.RdfFormat.N_QUADS)}
    assert "Name emoji 😀 🇺🇦 👩\u200d💻" in objects and "nul\x00byte" in {
        q.object.value for q in ox.parse(article_rdf(HOSTILE[5], iris).nquads, ox.RdfFormat.N_QUADS)
    }


def test_both_factories_yield_the_same_triples_in_the_same_order():
    iris = IRIs()
    for x in HOSTILE:
        rdf = [tuple(_reference_term(t) for t in triple) for triple in article_triples(x, iris)]
        assert list(article_ntriples(x, iris)) == rdf


@pytest.mark.parametrize(
    "value",
    ["", "plain", 'q"', "a\\b", "\n\r", "\x00", "\ud800", True, False, 0, -7, 10**30, 1.5, 2.0e-7],
)
def test_literal_of_any_value_is_written_as_rdflib_would(value):
    fast, slow = NTriplesTerms(), RDFTerms()
    assert fast.lit(value) == _reference_term(slow.lit(value))
    if isinstance(value, int) and not isinstance(value, bool):
        assert fast.integer(value) == fast.integer(value) == _reference_term(slow.integer(value))


@pytest.mark.parametrize(
    "value", [0, 0.0, -0.0, -0.0, 1, 1.0, True, 1e-05, -1e-05, 0.8, 0.12345678, 1e20, 123.456]
)
@pytest.mark.parametrize("places", [3, 5])
def test_cached_decimals_keep_signed_zeros_and_places_apart(value, places):
    fast, slow = NTriplesTerms(), RDFTerms()
    for v in (0.0, -0.0, value, 1, value):  # warm the cache with neighbours first
        fast.decimal(v, places)
    assert fast.decimal(value, places) == _reference_term(slow.decimal(value, places))


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("2020-05-13", XSD.date),
        ("2020-5-1", XSD.date),
        ("0099", XSD.gYear),
        ("-0044", XSD.gYear),
        ("2020-05", XSD.gYearMonth),
        ("x\ud800", XSD.gYear),
    ],
)
def test_typed_literals_keep_rdflibs_lexical_form(lexical, datatype):
    fast, slow = NTriplesTerms(), RDFTerms()
    assert (
        fast.typed(lexical, datatype)
        == fast.typed(lexical, datatype)
        == _reference_term(slow.typed(lexical, datatype))
    )


def test_literal_writer_escapes_only_what_n_triples_requires():
    assert literal('a "b" \\ \n \r \t \x00 é') == '"a \\"b\\" \\\\ \\n \\r \t \x00 é"'
    assert literal("1", str(XSD.integer)) == f'"1"^^<{XSD.integer}>'
    assert literal("x", str(XSD.string)) == '"x"' and literal("x", None, "en") == '"x"@en'
    for text in NASTY:
        assert literal(text) == _reference_term(Literal(text)) == term(Literal(text))
    triples = [
        (URIRef("http://ex.org/s"), URIRef("http://ex.org/p"), Literal(t))
        for t in NASTY
        if not any("\ud800" <= c <= "\udfff" for c in t)
    ]
    ref = "".join(
        f"<http://ex.org/s> <http://ex.org/p> {_reference_term(o)} <http://ex.org/g> .\n" for *_, o in triples
    )
    assert nquads(triples, URIRef("http://ex.org/g")) == ref.encode()


def test_cached_namespace_terms_still_refuse_unknown_names():
    terms = Terms(GK, term)
    assert terms.confidence == terms.confidence == f"<{GK.confidence}>" and terms["Event"] == f"<{GK.Event}>"
    with pytest.raises(AttributeError, match="confidance"):
        _ = terms.confidance
    with pytest.raises(AttributeError, match="worksAt"):
        _ = terms["worksAt"]
    x = HOSTILE[0]
    bad = replace(x, relations=(replace(x.relations[0], predicate="worksAt"),))
    with pytest.raises(AttributeError, match="worksAt"):
        article_rdf(bad, IRIs())
