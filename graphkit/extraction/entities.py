"""Entity mentions, their types and document-level consolidation.

Steps (each a small function below, each with the reason for its rule):

1. named mentions from spaCy NER and the gazetteer ruler, trimmed of "the", "'s"
   and titles ("retired Gen.") which are kept as evidence;
2. names NER misses or mistypes: acronym definitions ("Afghan national army
   (ANA)"), "X province", "places like X", datelines, capitalised names coordinated
   with a person;
3. type votes from context: titles, appositions ("a local lawmaker"), possessed
   kinship nouns ("Bakhtawar's son"), locative prepositions;
4. clusters: one per real-world thing, joined by gazetteer identity, equal names,
   surname <-> full name and acronym <-> expansion; the type is the vote across all
   mentions, so one "Bakhtawar" tagged ORG cannot outvote "Gen. Abdul Jalil Bakhtawar";
5. collective actors ("Afghan soldiers", "local elders") as Group entities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from graphkit.extraction.document import Cluster, DocState, MentionDraft
from graphkit.extraction.lexicon import (
    CORPORATE_NOUNS,
    EVENT_SUFFIXES,
    GEO_FIRST_WORDS,
    GEO_LAST_WORDS,
    NOT_NAMES,
    ORG_NOUNS,
    ORG_SUFFIXES,
    PERSON_TITLES,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    PRODUCT_SUFFIXES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_MODIFIERS,
    UNIT_NAMES,
)
from graphkit.extraction.link import Entry, fold, gazetteer
from graphkit.resources import gazetteer_file, read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
}
_STRIP_LEFT = {"the", "a", "an", "this", "that", "these", "those"}
_ACADEMIC = {
    "lecturer",
    "professor",
    "teacher",
    "student",
    "researcher",
    "scholar",
    "expert",
    "doctor",
    "degree",
}
_POSSESSIVE = {"'s", "’s", "'", "’"}
# verbs that put a person in an office: "made X president", "elected X speaker"
_INSTALL_VERBS = frozenset({"make", "name", "appoint", "elect", "nominate", "declare", "crown", "proclaim"})


# The rules that re-type, split, drop or extend a named span, by name. Each can be switched off (for
# one process, with :func:`rules_disabled`) so the NER benchmark (``benchmarks/ner_vs_spacy.py
# --ablate NAME``) can say which rule costs or earns what against raw spaCy NER.
RULES: dict[str, str] = {
    "dateline": "a capitalised place before the dateline dash is a Location",
    "credit-split": "a credit line 'A / B' is two names",
    "titles": "titles inside or before a name are cut off it and vote Person ('retired Gen. X')",
    "place-noun": "'Farah province': the place noun is cut off and says the kind of place",
    "demonym-drop": "a one-word nationality adjective NER tagged is not an entity of its own",
    "org-names": "a run of proper nouns ending in an organisation word is one organisation",
    "acronyms": "'Afghan national army (ANA)': expansion and acronym are one organisation",
    "place-cues": "'X province', 'places like X' make places",
    "place-preps": "a place preposition before a name the gazetteer knows as a place votes Location",
    "geo-names": "'X National Forest', 'Lake X', 'Mount X': a natural or open place's name is a place",
    "missed-names": "names NER missed, kept when coordinated with a person or given a role apposition",
    "context-votes": "appositions, descriptors, suffixes, prepositions, ages, births and offices vote a type",
    "acronym-type": "an upper-case abbreviation NER read as a person is an organisation ('IBM', 'RCMP')",
    "products": "product, event and stock-index names are dropped; a maker before a model code is no mention",
    "gazetteer": "a gazetteer entry votes its type and links the cluster",
    "short-names": "a surname joins the one full name it ends or starts",
    "propagation": "a later exact repeat of a settled name NER missed is its mention",
    "demonyms": "a nationality adjective modifying a noun is a mention of its country",
}
_DISABLED: set[str] = set()


def rule_on(name: str) -> bool:
    """Is the named rule switched on (see :data:`RULES`)?"""
    return name not in _DISABLED


@contextmanager
def rules_disabled(*names: str) -> Iterator[None]:
    """Switch named rules off for this process while the block runs (ablation only).

    >>> with rules_disabled("titles"):
    ...     rule_on("titles")
    False
    """
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ValueError(f"unknown rule(s) {unknown}: use one of {sorted(RULES)}")
    before = set(_DISABLED)
    _DISABLED.update(names)
    try:
        yield
    finally:
        _DISABLED.clear()
        _DISABLED.update(before)


def find_entities(state: DocState) -> None:
    steps = (
        ("dateline", _dateline),
        (None, _ner_mentions),
        ("org-names", _org_names),
        ("acronyms", _acronyms),
        ("place-cues", _place_cues),
        ("missed-names", _missed_names),
        ("context-votes", _context_votes),
        ("products", _products),
        (None, _link_and_merge),
        ("propagation", _propagate_names),
        (None, _governments),
        (None, _described_organisations),
        (None, _groups),
        ("demonyms", _demonyms),
        (None, _drop_untyped),
    )
    for name, step in steps:
        if name is None or rule_on(name):
            step(state)


# --------------------------------------------------------------------------- 1. NER


_CAPTION_LABELS = {"FILE", "PHOTO", "VIDEO", "UPDATE", "WATCH", "BREAKING", "EXCLUSIVE"}


def _trim(
    span: Span, label: str = "PERSON", person_words: frozenset[str] = frozenset()
) -> tuple[int, int, list[str]]:
    """Token bounds of a name without determiners, possessive marks and titles; titles returned.

    ``label`` is the NER label of the span and ``person_words`` the words of the article's PERSON
    spans: a title word is cut off only where it is a title (see :func:`_is_title_here`)."""
    start, end = span.start, span.end
    doc = span.doc
    titles: list[str] = []
    while start < end and (doc[start].lower_ in _STRIP_LEFT or doc[start].is_punct):
        start += 1
    # "FILE - Salman Abedi": a photo caption's label is not part of the name
    if end - start > 2 and doc[start].text in _CAPTION_LABELS and doc[start + 1].is_punct:
        start += 2
    while end > start and (
        doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].lower_ in _CONNECTORS
    ):
        end -= 1
    # titles inside the span: "President Joe Biden", "retired Gen. Dawlat Waziri"; a modifier ("retired",
    # "former", but also "New") goes only with a title after it: "New York" keeps its "New"
    while rule_on("titles") and end - start > 1:
        i = start
        while i < end - 1 and doc[i].lower_ in TITLE_MODIFIERS:
            i += 1
        if i >= end - 1 or not _is_title_here(doc, i, end, label, person_words):
            break
        if PERSON_TITLES[doc[i].lower_]:
            titles.append(PERSON_TITLES[doc[i].lower_])
        start = i + 1
    return start, end, titles


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame"})
# Written-out titles that are also ordinary adjectives or brand words, and so the first word of many
# organisations' names ("General Motors", "General Electric", "Major League Baseball", "Prime Computer",
# "Chief Executive", "Justice League", "Lord & Taylor", "Captain Morgan"): cut off a span NER did not
# read as a person only with evidence of one. A noun title ("President", "Senator", "King") before a
# name NER read as an organisation is a title ("President Lincoln").
NAME_TITLES = frozenset({"general", "major", "prime", "chief", "justice", "lord", "lady", "captain",
                         "admiral", "marshal", "father", "grand"})  # fmt: skip
# Legal-form abbreviations among the organisation suffixes count only as a company writes them ("SA",
# "S.A.", "AG", "Co."): "Sa" in "Qabus Bin-Sa'id" or "Ag" in a name is no company's legal form.
_LEGAL_FORMS = {"sa": ("SA", "S.A."), "s.a.": ("S.A.",), "ag": ("AG",), "nv": ("NV",), "n.v.": ("N.V.",),
                "co": ("Co", "CO"), "co.": ("Co.", "CO."), "llc": ("LLC",), "plc": ("PLC", "plc", "Plc"),
                "gmbh": ("GmbH",)}  # fmt: skip


def _org_suffix(tok: Token) -> bool:
    """Is this last word of a name an organisation word ("Inc.", "Airlines", "Motors", "S.A.")?"""
    low = tok.lower_
    if low not in ORG_SUFFIXES:
        return False
    forms = _LEGAL_FORMS.get(low)
    if forms is not None and (tok.text not in forms or (tok.i > 0 and tok.nbor(-1).text in "-‐")):
        return False
    return True


def _is_title_here(doc, i: int, end: int, label: str, person_words: frozenset[str]) -> bool:
    """Is ``doc[i]``, a title word at the start of a name ending at ``end``, a person's title here?

    Only where the name is a person's. Title words begin many other names: "General Motors",
    "General Electric", "Major League Baseball", "President's Choice", "Prince Edward Island",
    "Justice Department". So a title is never cut off when the title is possessed ("President's
    Choice") or the rest holds an organisation word ("General Motors", "Justice Department"); else
    it is cut off a span NER reads as a person; off another span when it is abbreviated or an
    honorific ("Gen. Bakhtawar", "Dr. Waziri"), when it is a noun title before a name read as an
    organisation ("Spokeswoman Sandy Angers", "President Lincoln"), or when the rest of the name is a
    person's elsewhere in the article or in the gazetteer ("General Waziri" after "Dawlat Waziri");
    a place's name keeps its title word otherwise ("Prince Edward Island", "King County")."""
    tok = doc[i]
    low = tok.lower_
    if low not in PERSON_TITLES:
        return False
    if i + 1 < end and doc[i + 1].text in _POSSESSIVE:
        return False  # "President's Choice", "Queen's University": a name, not a title
    if _org_suffix(doc[end - 1]) or any(t.lower_ in ORG_NOUNS for t in doc[i + 1 : end]):
        return False  # "General Motors", "Major League Baseball", "Justice Department" (even if read PERSON)
    if label == "PERSON" or tok.text.endswith(".") or low in _HONORIFICS:
        return True
    if label == "ORG" and low not in NAME_TITLES:
        return True  # "Spokeswoman Sandy Angers" read as ORG: no organisation's name starts so
    rest = [t.lower_ for t in doc[i + 1 : end] if t.is_alpha]
    if rest and all(w in person_words for w in rest):
        return True
    if label != "ORG" and low not in NAME_TITLES and any(w in person_words for w in rest):
        return True  # "Prince Norodom Ranariddh" read as a place, after "Prince Norodom Sihanouk"
    return any(e.type == "Person" for e in gazetteer().lookup(doc[i + 1 : end].text))


def _titles_before(
    doc, start: int, label: str = "PERSON", end: int | None = None, person_words: frozenset[str] = frozenset()
) -> list[str]:
    """Titles written right before a name: "retired Gen." Bakhtawar, "US President" Biden.

    Before a span NER does not read as a person, a written-out title counts only when the name is no
    organisation's ("General" before "Motors" is part of the company's name) and, written with a
    capital right before it, only with the evidence :func:`_is_title_here` asks for."""
    titles: list[str] = []
    if label not in ("PERSON", "ORG"):
        return titles  # "Prince" before "Edward Island", "King" before "County"
    if end is not None and (_org_suffix(doc[end - 1]) or any(t.lower_ in ORG_NOUNS for t in doc[start:end])):
        return titles
    i = start - 1
    while i >= 0 and i >= start - 4:
        low = doc[i].lower_
        if low in PERSON_TITLES:
            abbreviated = doc[i].text.endswith(".") or low in _HONORIFICS
            if (
                label == "ORG"
                and not abbreviated
                and low in NAME_TITLES
                and doc[i].is_title
                and i == start - 1
            ):
                rest = [t.lower_ for t in doc[start:end] if t.is_alpha] if end is not None else []
                known = end is not None and any(
                    e.type == "Person" for e in gazetteer().lookup(doc[start:end].text)
                )
                if not (known or (rest and all(w in person_words for w in rest))):
                    break  # "General" + "Electric" (ORG): the capitalised word is the name's first word
            if PERSON_TITLES[low]:
                titles.append(PERSON_TITLES[low])
        elif low in TITLE_MODIFIERS or doc[i].ent_type_ in ("NORP", "GPE"):
            pass
        else:
            break
        i -= 1
    return titles


def _ner_mentions(state: DocState) -> None:
    doc = state.doc
    gaz = gazetteer()
    person_words = frozenset(
        t.lower_
        for e in doc.ents
        if e.label_ == "PERSON"
        for t in e
        if t.is_alpha and t.lower_ not in PERSON_TITLES
    )
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        # "Rahmat Gul / AP Archive": a credit line joins two names with a slash
        parts, begin = [], ent.start
        for i in range(ent.start, ent.end):
            if doc[i].text in ("/", "|") and rule_on("credit-split"):
                parts.append((begin, i))
                begin = i + 1
        parts.append((begin, ent.end))
        for a, b in parts:
            if a < b:
                _ner_mention(
                    state, doc[a:b], ent.label_, bool(ent.ent_id_), ent.start == a, gaz, person_words
                )


def _ner_mention(
    state: DocState,
    span,
    label: str,
    from_ruler: bool,
    at_ent_start: bool,
    gaz,
    person_words: frozenset[str] = frozenset(),
) -> None:
    doc = state.doc
    etype = NER_TYPES[label]
    start, end, titles = _trim(span, label, person_words)
    subtype = None
    # "Farah province", "Nangarhar Province": the place noun says what kind of place it is
    if (
        rule_on("place-noun")
        and end - start >= 2
        and doc[end - 1].lower_ in PLACE_NOUNS
        and etype == "Location"
        and doc[end - 2].pos_ == "PROPN"
        and doc[end - 1].text != "City"  # "Oklahoma City", "Mexico City": part of the name
    ):
        if PLACE_NOUNS[doc[end - 1].lower_] not in ("facility",):
            subtype = PLACE_NOUNS[doc[end - 1].lower_]
            end -= 1
    if start >= end:
        return
    name = doc[start:end].text
    if not any(ch.isalpha() for ch in name) or name.lower() in NOT_NAMES:
        return
    if not any(ch.isupper() for ch in name) and label != "ORG":
        return  # "province", "city" alone: not a name (but "U.S." is one)
    if end - start == 1 and _group_head(doc[start]) and etype != "Location":
        return  # "Mujahideen": a collective actor, handled by _groups
    if (
        rule_on("demonym-drop")
        and end - start == 1
        and gaz.demonym_country(name) is not None
        and not gaz.lookup(name)
    ):
        return  # "Tajik", "Afghan": a nationality adjective, not an entity
    c = state.new_cluster()
    source = "gazetteer" if from_ruler else "ner"
    if not state.add_mention(c, MentionDraft(start, end, "NAM", source, name)):
        state.clusters.pop()
        return
    if from_ruler:
        c.votes[etype] += 3.0
    else:
        c.form_votes.setdefault(fold(name), Counter())[etype] += 1
    if at_ent_start and rule_on("titles"):  # from the span's own start: a title inside is counted once
        titles += _titles_before(doc, span.start, label, end, person_words)
    if titles:
        c.titles.extend(titles)
        c.votes["Person"] += 3.0
    if (
        subtype is None
        and rule_on("place-noun")
        and end < len(doc)
        and doc[end].lower_ in PLACE_NOUNS
        and etype == "Location"
    ):
        subtype = PLACE_NOUNS[doc[end].lower_]
    if subtype:
        c.subtype = subtype
        c.votes["Location"] += 2.0


def _dateline(state: DocState) -> None:
    """``ISLAMABAD – A retired ...``: the capitalised place before the dash is a Location."""
    doc = state.doc
    head = doc[: min(len(doc), 30)].text  # the dateline is at the very start (Doc.text joins every token)
    m = re.match(r"\s*([A-Z][A-Z .'-]{2,40}?)\s*(?:,\s*[A-Za-z .]+)?\s*[–—-]\s", head)
    if not m:
        return
    span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
    if span is None or len(span) == 0:
        return
    name = span.text.title()
    gaz = gazetteer()
    if not (gaz.lookup(name) or gaz.city(name, min_population=50_000)):
        return
    c = state.new_cluster()
    if state.add_mention(c, MentionDraft(span.start, span.end, "NAM", "dateline", name)):
        c.votes["Location"] += 4.0
        c.subtype = "city"
    else:
        state.clusters.pop()


_RUN_SUFFIXES = ORG_SUFFIXES | {"force", "forces", "guard", "guards"}


def _org_names(state: DocState) -> None:
    """``Singapore Airlines``, ``Air Canada``, ``China Eastern Airlines``, ``Royal Air Force``: a run of
    capitalised proper nouns that ends in an organisation word (or starts with "Air") is one
    organisation's name, even when NER saw only the place inside it."""
    doc = state.doc
    i = 0
    while i < len(doc):
        if not _name_token(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and _name_token(doc[j]) and (j == i or not doc[j].is_sent_start):
            j += 1
        start, end = i, j
        i = j
        place = state.cluster_at(start + 1) if doc[start].text == "Air" and start + 1 < end else None
        if place is not None and place.scores().get("Location", 0) > 0:
            # "Air Canada", "Air France": "Air" and a place's name (only that: "Air Force James Roche" is not one)
            end = (
                max(m.end for m in place.mentions if m.start == start + 1)
                if any(m.start == start + 1 for m in place.mentions)
                else start
            )
        else:
            while end - start >= 2 and doc[end - 1].lower_ not in _RUN_SUFFIXES:
                end -= 1  # "Qatar Airways Chief": cut back to the organisation word
        if end - start < 2:
            continue
        inside = {state.cluster_at(k) for k in range(start, end)} - {None}
        if any(c.scores().get("Person", 0) > 0 for c in inside):
            continue  # "President George W. Bush Texas Air National Guard": a person is never swallowed
        # every mention touched must lie inside the run ("Qatar" in "Qatar Airways"), and the run
        # must hold one (a lone "Air Force" with nothing recognised stays as it was)
        mentions = [m for c in inside for m in c.mentions if m.start < end and start < m.end]
        if not mentions or any(m.start < start or m.end > end for m in mentions):
            continue
        if len(mentions) == 1 and (mentions[0].start, mentions[0].end) == (start, end):
            continue
        for c in inside:
            for m in [m for m in c.mentions if m.start < end and start < m.end]:
                _drop_mention(state, c, m)
        c = state.new_cluster()
        state.add_mention(c, MentionDraft(start, end, "NAM", "org-name", doc[start:end].text))
        c.votes["Organisation"] += 3.0


def _name_token(t: Token) -> bool:
    return t.pos_ == "PROPN" and (t.is_title or t.is_upper) and t.text[:1].isalpha()


# --------------------------------------------------------------------------- 2. missed names

_CONNECTORS = {"of", "and", "for", "the", "&", "de", "on", "in"}


def _acronyms(state: DocState) -> None:
    """``Afghan national army (ANA)``: the words whose initials spell the acronym are its expansion."""
    doc = state.doc
    for t in state.tokens:
        if not (
            re.fullmatch(r"[A-Z][A-Z&]{1,7}", t.text)
            and t.i > 1
            and doc[t.i - 1].text == "("
            and t.i + 1 < len(doc)
            and doc[t.i + 1].text == ")"
        ):
            continue
        letters = t.text.replace("&", "")
        words: list[int] = []
        i = t.i - 2
        while i >= 0 and len(words) < len(letters) + 4 and not doc[i].is_punct:
            words.insert(0, i)
            initials = "".join(doc[j].text[0].upper() for j in words if doc[j].lower_ not in _CONNECTORS)
            if initials == letters and doc[words[0]].lower_ not in _CONNECTORS:
                # a name starts with a capital: "members of European Parliament (MEP)" names people
                if doc[words[0]].text[:1].isupper():
                    _add_acronym(state, words[0], t.i - 1, t)
                break
            i -= 1


def _add_acronym(state: DocState, start: int, end: int, acr: Token) -> None:
    doc = state.doc
    expansion = doc[start:end]
    exp_cluster = None
    for i in range(start, end):  # an existing mention inside the expansion: extend nothing, reuse it
        c = state.cluster_at(i)
        if c is not None and c.scores().get("Location", 0) <= 0:
            exp_cluster = c
    if exp_cluster is not None:
        covered = sum(1 for i in range(start, end) if state.cluster_at(i) is exp_cluster)
        if covered * 2 < end - start:
            return  # "Member of the European Parliament (MEP)": the name inside is not what the letters spell
    acr_cluster = state.cluster_at(acr.i)
    if exp_cluster is None:
        exp_cluster = state.new_cluster()
        # a demonym inside the expansion ("Afghan") was never a mention, so this cannot clash
        for i in range(start, end):
            state.tok2cluster.pop(i, None)
        state.add_mention(exp_cluster, MentionDraft(start, end, "NAM", "acronym", expansion.text))
    exp_cluster.votes["Organisation"] += 2.0
    if acr_cluster is None:
        state.add_mention(exp_cluster, MentionDraft(acr.i, acr.i + 1, "NAM", "acronym", acr.text))
    else:
        state.merge(exp_cluster, acr_cluster)


def _place_cues(state: DocState) -> None:
    """``X province`` / ``places like X``: capitalised names in these frames are places."""
    doc = state.doc
    for t in state.tokens:
        low = t.lower_
        # "Farah province", "Paktia Province", "Bagram air base"
        if low in PLACE_NOUNS and PLACE_NOUNS[low] not in ("area", "country", "border") and t.i > 0:
            j = t.i
            while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].is_title:
                j -= 1
            if j < t.i:
                end = t.i + 1 if t.text == "City" else t.i  # "Junction City" is the town's whole name
                _place_mention(state, j, end, PLACE_NOUNS[low], 3.0)
        # "Custer National Forest", "the Golan Heights", "Lake Constance", "Mount Sefton": a natural or
        # open place, unless the word sits inside a longer name ("Lake Forest College", "Ocean Spray")
        if t.is_title and t.pos_ == "PROPN" and rule_on("geo-names"):
            own = state.cluster_at(t)
            if low in GEO_LAST_WORDS and t.i > 0 and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title:
                nxt = state.cluster_at(t.i + 1) if t.i + 1 < len(doc) else None
                if own is None or nxt is not own:
                    j = t.i
                    while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].is_title:
                        j -= 1
                    if own is None or all(m.end <= t.i + 1 for m in own.mentions if m.start <= t.i < m.end):
                        _place_mention(state, j, t.i + 1, None, 3.0)
            elif low in GEO_FIRST_WORDS and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN":
                k = t.i + 1
                while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title:
                    k += 1
                prev = state.cluster_at(t.i - 1) if t.i > 0 else None
                if (
                    t.i + 1
                    < k
                    <= t.i + 3  # "Lake Tahoe", "Mount St Helens", not "Mount Sinai Hospital Center"
                    and doc[k - 1].lower_ not in ORG_SUFFIXES | _BUILDING_WORDS
                    and (own is None or prev is not own)
                    and (
                        own is None
                        or all(m.start >= t.i and m.end <= k for m in own.mentions if m.start <= t.i < m.end)
                    )
                ):
                    _place_mention(state, t.i, k, None, 3.0)
        # "places like Dawlat Abad", "provinces such as Kunduz and Takhar"
        if low in ("like", "as", "including") and t.i > 0:
            prev = doc[t.i - 1]
            if low == "as" and prev.lower_ == "such" and t.i > 1:
                prev = doc[t.i - 2]
            if prev.lemma_.lower() in PLACE_NOUNS or prev.lemma_.lower() in ("place", "area", "location"):
                j = t.i + 1
                while j < len(doc):
                    k = j
                    while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title:
                        k += 1
                    if k == j:
                        break
                    _place_mention(state, j, k, None, 4.0)
                    if k < len(doc) and doc[k].lower_ in (",", "and", "or"):
                        j = k + 1
                    else:
                        break


# last words of a building's or institution's name, which a place word may begin ("Mount Sinai Hospital")
_BUILDING_WORDS = frozenset({
    "hospital", "hotel", "school", "church", "centre", "center", "resort", "club", "station", "academy",
    "cathedral", "clinic", "museum", "stadium", "theatre", "theater", "temple", "mosque", "prison", "library",
})  # fmt: skip


def _place_mention(state: DocState, start: int, end: int, subtype: str | None, weight: float) -> None:
    existing = {state.cluster_at(i) for i in range(start, end)} - {None}
    if existing:
        for c in existing:
            c.votes["Location"] += weight
            if subtype and not c.subtype:
                c.subtype = subtype
        return
    c = state.new_cluster()
    state.add_mention(c, MentionDraft(start, end, "NAM", "place-cue", state.doc[start:end].text))
    c.votes["Location"] += weight
    c.subtype = subtype


def _missed_names(state: DocState) -> None:
    """Capitalised proper-noun runs NER skipped: kept when context says what they are.

    "Sharif Hassan in Kabul and Haq Nawaz Khan in Peshawar": a name coordinated
    with a person (across a place phrase) is a person.
    """
    doc = state.doc
    gaz = gazetteer()
    i = 0
    while i < len(doc):
        t = doc[i]
        if t.pos_ == "PROPN" and t.is_title and i not in state.tok2cluster and t.lower_ not in NOT_NAMES:
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in state.tok2cluster:
                j += 1
            # "Mongolian Prime (Minister)", "Deputy Foreign": a run holding a title word or a nationality
            # adjective is a description before a name, not a name
            words = [w.lower_ for w in doc[i:j]]
            described = any(w in PERSON_TITLES for w in words) or any(gaz.demonym_country(w) for w in words)
            if j - i >= 2 and not described:
                head = doc[i:j].root
                if not doc[i].is_sent_start and _coordinated_person(state, i) is not None:
                    c = state.new_cluster()
                    state.add_mention(c, MentionDraft(i, j, "NAM", "coordination", doc[i:j].text))
                    c.votes["Person"] += 2.0
                elif any(ch.dep_ == "appos" and ch.lemma_.lower() in ROLE_NOUNS for ch in head.children):
                    # "Enayat Najafizada, the founder and CEO of ...": a name with a role apposition
                    c = state.new_cluster()
                    state.add_mention(c, MentionDraft(i, j, "NAM", "apposition", doc[i:j].text))
                    c.votes["Person"] += 2.0
            i = max(j, i + 1)
        else:
            i += 1


def _coordinated_person(state: DocState, start: int) -> Cluster | None:
    doc = state.doc
    i = start - 1
    if i < 0 or doc[i].lower_ not in ("and", "or", ","):
        return None
    i -= 1
    # skip a place phrase: "in Kabul"
    c = state.cluster_at(i)
    if c is not None and c.scores().get("Location", 0) > 0:
        while i >= 0 and state.cluster_at(i) is c:
            i -= 1
        if i >= 0 and doc[i].lower_ in ("in", "at", "from"):
            i -= 1
    c = state.cluster_at(i)
    if c is not None and c.scores().get("Person", 0) > 0:
        return c
    return None


# --------------------------------------------------------------------------- 3. context


# Corporate nouns that people and places have as well: "Khrushchev's order", "Chicago's school board",
# "the Kabul spokesman", "Obama's spokesman", "the city's employees".
_SHARED_NOUNS = frozenset({"order", "board", "unit", "division", "plant", "factory", "employee", "customer",
                           "executive", "spokesman", "spokeswoman", "spokesperson",
                           "headquarters"})  # fmt: skip


def _ner_reads(c: Cluster, m: MentionDraft) -> set[str]:
    """The types NER gave this mention's form (empty when NER did not find it)."""
    return {t for t, n in c.form_votes.get(fold(m.name), {}).items() if n > 0}


# not "at", "to", "from": "studied at Oxford", "sold to Boeing", "Smith, from Lehman Brothers"
_PLACE_PREPS = frozenset({"in", "near", "into", "outside", "toward", "towards", "via"})
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "north-east", "north-west", "south-east", "south-west"})  # fmt: skip


def _known_place(name: str) -> bool:
    """A name the gazetteer holds as a place: a country, a subdivision, or a city of 100,000 people."""
    gaz = gazetteer()
    return (
        any(e.type == "Location" for e in gaz.lookup(name))
        or gaz.city(name, min_population=100_000) is not None
    )


def _context_votes(state: DocState) -> None:
    doc = state.doc
    for c in state.clusters:
        for m in c.mentions:
            head = doc[m.start : m.end].root
            # "Dadullah Qani, a local lawmaker": apposition with a role noun
            for child in head.children:
                if child.dep_ == "appos":
                    lemma = child.lemma_.lower()
                    if lemma in ROLE_NOUNS:
                        c.votes["Person"] += 2.0
                    elif lemma in ORG_NOUNS:
                        c.votes["Organisation"] += 2.0
                    elif lemma in PLACE_NOUNS:
                        c.votes["Location"] += 2.0
            # "Bakhtawar's son": possessor of a kinship noun is a person
            nxt = m.end
            if nxt + 1 < len(doc) and doc[nxt].text in _POSSESSIVE:
                from graphkit.extraction.lexicon import KINSHIP

                if doc[nxt + 1].lemma_.lower() in KINSHIP:
                    c.votes["Person"] += 2.0
            # "aircraft manufacturer Boeing", "Spokeswoman Sandy Angers": a descriptor written before the name
            for child in head.lefts:
                if child.dep_ in ("compound", "nmod") and child.i < m.start:
                    lemma = child.lemma_.lower()
                    if lemma in ORG_NOUNS:
                        c.votes["Organisation"] += 2.0
                    elif lemma in ROLE_NOUNS:
                        c.votes["Person"] += 1.5
            # "Irish low cost airline, Ryanair": the name in apposition to a descriptor (after a comma; a
            # colon or a line break starts a list: "British Columbia Lottery Corporation: K. Michael Stevens")
            if (
                head.dep_ == "appos"
                and head.head.i < head.i
                and not any(
                    w.text in (":", "-", "–", "—") or w.is_space for w in doc[head.head.i + 1 : m.start]
                )
            ):
                lemma = head.head.lemma_.lower()
                if lemma in ORG_NOUNS:
                    c.votes["Organisation"] += 2.0
                elif lemma in ROLE_NOUNS:
                    c.votes["Person"] += 2.0
            # "Apple Inc.", "Singapore Airlines", "Apple Corps": the last word says it is an organisation
            if m.end - m.start >= 2 and _org_suffix(doc[m.end - 1]):
                c.votes["Organisation"] += 2.5
            # "the Beatles", "the Democrats": a plural proper name is a band, party or team, not a person
            # (not a name NER reads as a place: "Grants, N.M.", "the Philippines")
            place_or_person = _ner_reads(c, m) & {"Location", "Person"}
            # nor a person's name NER read as one, unless written with "the": "Lotte Wilms" is a person
            the_before = m.start > 0 and doc[m.start - 1].lower_ == "the"
            if (
                head.tag_ == "NNPS"
                and doc[m.end - 1].lower_.endswith("s")
                and m.kind == "NAM"
                and "Location" not in place_or_person
                and (the_before or "Person" not in place_or_person)
            ):
                c.votes["Organisation"] += 1.5
            # "the Ryanair CEO", "Boeing's shareholders": what a company has; what people and places have
            # too ("Khrushchev's order", "Chicago's school board") only against no NER reading of them
            if head.dep_ in ("compound", "poss"):
                lemma = head.head.lemma_.lower()
                if lemma in CORPORATE_NOUNS and (lemma not in _SHARED_NOUNS or not place_or_person):
                    c.votes["Organisation"] += 1.5
            # "Toulouse, France", "Seattle, Washington": a place followed by its country or state
            if m.end + 1 < len(doc) and doc[m.end].text == "," and m.kind == "NAM":
                nxt = state.cluster_at(m.end + 1)
                if nxt is not None and nxt is not c and nxt.scores().get("Location", 0) >= 3.0:
                    c.votes["Location"] += 1.5
            if head.dep_ == "pobj" and m.kind == "NAM":
                prep = head.head
                # "in Kabul", "near Dawlat Abad": a weak place signal
                if prep.lower_ in ("in", "near", "at"):
                    c.votes["Location"] += 0.5
                # "en route to Vladivostok", "70 miles northeast of Boise": a place preposition before a name
                # the gazetteer knows as a place (a city of 100,000 people, a country, a province) is stronger
                locative = (
                    prep.lower_ in _PLACE_PREPS
                    or (prep.lower_ == "of" and prep.head.lower_ in _COMPASS)
                    or (prep.lower_ == "to" and prep.head.lower_ == "route")
                )
                if locative and m.end - m.start <= 3 and rule_on("place-preps") and _known_place(m.name):
                    c.votes["Location"] += 1.5
            # "HP", "IBM", "RCMP" read as PERSON: an upper-case abbreviation is an organisation's name far
            # more often than a person's, unless a title or the gazetteer says person ("JFK")
            if (
                rule_on("acronym-type")
                and m.kind == "NAM"
                and m.end - m.start == 1
                and re.fullmatch(r"[A-Z]{2,5}", doc[m.start].text)
                and _ner_reads(c, m) == {"Person"}
                and not c.titles
                and not any(e.type == "Person" for e in gazetteer().lookup(m.name))
                and not (m.start == 0 or doc[m.start - 1].is_space)  # a heading or a dateline in capitals
            ):
                c.votes["Organisation"] += 1.5
            # "Marie Ferraro, 50, of Bethany", "Cheek, 53, is a former chief": an age written in commas after
            # a name is said of people ("Boeing, 1916," is a year, outside the range)
            if (
                m.kind == "NAM"
                and m.end + 2 < len(doc)
                and doc[m.end].text == ","
                and re.fullmatch(r"\d{1,3}", doc[m.end + 1].text)
                and 1 <= int(doc[m.end + 1].text) <= 110
                and doc[m.end + 2].text in (",", ".", ";", ")")
            ):
                c.votes["Person"] += 2.5
            # "Norton Simon was born in Portland": only people are born
            if head.dep_ == "nsubjpass" and head.head.lemma_.lower() == "bear" and head.head.tag_ == "VBN":
                c.votes["Person"] += 2.0
            # "Cheek is a former chief", "Acme is a small firm": the copula's predicate noun says the type
            if head.dep_ == "nsubj" and head.head.lemma_.lower() == "be":
                for attr in head.head.children:
                    if attr.dep_ == "attr" and attr.i > head.i:
                        lemma = attr.lemma_.lower()
                        if lemma in ROLE_NOUNS:
                            c.votes["Person"] += 2.0
                        elif lemma in ORG_NOUNS:
                            c.votes["Organisation"] += 2.0
            # "made Emile Jonassaint provisional president", "elected Jane Doe speaker": the name of whom an
            # office is made (the parse hangs it on the office noun)
            office = head.head
            if (
                head.dep_ in ("compound", "nmod")
                and office.lemma_.lower() in ROLE_NOUNS
                and office.dep_ in ("dobj", "oprd")
                and office.head.lemma_.lower() in _INSTALL_VERBS
            ):
                c.votes["Person"] += 2.0
            # "..., Najafizada says": people speak more often than organisations
            # (weak: companies and governments "say" things too)
            if head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_VERBS and head.head.pos_ == "VERB":
                c.votes["Person"] += 0.3
            if head.dep_ == "dobj" and head.head.lemma_.lower() in ("say", "says") and head.i > head.head.i:
                c.votes["Person"] += 0.3  # inverted: "says Kamal Alam"
            # "a lecturer of Transitional Justice": a field of study, not an employer
            if (
                head.dep_ == "pobj"
                and head.head.lower_ == "of"
                and head.head.head.lemma_.lower() in _ACADEMIC
            ):
                c.votes["Organisation"] -= 1.5


_MODEL_CODE = re.compile(r"(?:[A-Z]{1,3}-?\d{1,4}[A-Z]{0,2}|\d{3}(?:-\d{1,3})?[A-Z]?)s?")
_I_BRAND = re.compile(r"i[A-Z][a-z]+")


def _products(state: DocState) -> None:
    """Product names are not organisations or people: "Airbus A380", "Boeing 787", "iPod nano",
    "MacBook Pro", "an iPhone". A maker's name inside a product name is not a mention of the
    maker; a name with product cues votes "Product", and product clusters are dropped."""
    doc = state.doc
    for c in state.clusters:
        for m in list(c.mentions):
            if m.kind != "NAM":
                continue
            nxt = doc[m.end] if m.end < len(doc) else None
            last = doc[m.end - 1]
            # "Airbus A380", "Boeing 737-800": the maker's name before a model designation
            if nxt is not None and _MODEL_CODE.fullmatch(nxt.text):
                if m.end - m.start == 1 or not _MODEL_CODE.fullmatch(last.text):
                    _drop_mention(state, c, m)
                    continue
            cues = 0.0
            if _MODEL_CODE.fullmatch(last.text) and m.end - m.start >= 2:
                cues += 3.0  # "Rolls-Royce Trent 900" taken whole by NER
            if last.lower_ in PRODUCT_SUFFIXES or (nxt is not None and nxt.lower_ in PRODUCT_SUFFIXES):
                cues += 2.0  # "iPod nano", "MacBook Pro"
            if _I_BRAND.fullmatch(doc[m.start].text):
                cues += 1.5  # "iPod", "iTunes": Apple-style product names
            head = doc[m.start : m.end].root
            if head.dep_ != "compound" and any(
                ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in head.children
            ):
                cues += 1.0  # "an iPhone", "a Boeing": a thing, not an organisation
            # "web browser Safari", "Tiger, the newest version of ...": a product descriptor
            if any(
                ch.dep_ in ("compound", "appos") and ch.lemma_.lower() in PRODUCT_NOUNS
                for ch in head.children
            ):
                cues += 2.0
            if head.dep_ == "appos" and head.head.i < head.i and head.head.lemma_.lower() in PRODUCT_NOUNS:
                cues += 2.0
            if cues:
                c.votes["Product"] += cues
            # "Paris Air Show", "Worldwide Developers Conference": an event, not an organisation or place
            if m.end - m.start >= 2 and last.lower_ in EVENT_SUFFIXES and last.is_title:
                c.votes["Product"] += 4.0
            # "60 GB", "USD": a unit or a currency
            if m.end - m.start == 1 and last.text in UNIT_NAMES:
                c.votes["Product"] += 4.0
            if _stock_index(doc, m, head):
                c.votes["Product"] += 4.0


_INDEX_WORDS = frozenset({"index", "indices", "indexes", "average", "composite"})
_MOVE_VERBS = frozenset({"rise", "fall", "gain", "lose", "drop", "climb", "slip", "jump", "surge", "plunge",
                         "tumble", "close", "end", "finish", "add", "shed", "sink", "soar", "slide",
                         "edge"})  # fmt: skip


def _stock_index(doc, m: MentionDraft, head: Token) -> bool:
    """A stock index is no organisation, person or place (news gold types it as a financial entity):
    "the Nasdaq Composite Index", "the Nikkei index", "the Dow Jones industrial average", "the CAC 40",
    "the Dow lost 50 points". "Dow Jones & Co." (the company) and "Nasdaq said" are left as they are."""
    last = doc[m.end - 1]
    nxt = doc[m.end] if m.end < len(doc) else None
    if m.end - m.start >= 2 and last.lower_ in _INDEX_WORDS and last.is_title:
        return True  # "Nasdaq Composite", "Dow Jones Industrial Average"
    if nxt is not None and nxt.lower_ in _INDEX_WORDS:
        return True  # "the Nikkei index", "the Dow Jones average"
    if (
        nxt is not None
        and re.fullmatch(r"\d{1,4}", nxt.text)
        and (last.is_upper or "&" in doc[m.start : m.end].text)
        and (last.head.i == nxt.i or nxt.head.i == last.i)
    ):
        return True  # "CAC 40", "S&P 500", "FTSE 100" (but "the 1990 Act" has no upper-case name)
    # "the Dow lost 50 points": an index moves by points
    verb = head.head
    return (
        head.dep_ == "nsubj"
        and verb.lemma_.lower() in _MOVE_VERBS
        and any(w.lemma_.lower() == "point" for w in verb.subtree if w.i > head.i)
    )


def _drop_mention(state: DocState, c: Cluster, m: MentionDraft) -> None:
    c.mentions.remove(m)
    for i in range(m.start, m.end):
        if state.tok2cluster.get(i) == c.id:
            del state.tok2cluster[i]


# --------------------------------------------------------------------------- 4. link + merge


def _entry_for(
    c: Cluster, doc_reading: dict[str, Counter[str]] | None = None, doc: Doc | None = None
) -> Entry | None:
    """The gazetteer entry of a cluster. ``doc_reading`` is NER's reading of each name form over the
    whole article: the weakest evidence, "some city of 15,000 people has this name", is used only for a
    name the article's NER reads as a place (one "Gloria" tagged GPE among four tagged PERSON is the
    child, not the town in Brazil)."""
    gaz = gazetteer()
    best: Entry | None = None
    for m in c.named():
        entries = gaz.lookup(m.name)
        if entries and doc is not None:
            other = _written_country(doc, m.start)
            # "the Peruvian Congress", "Kenya's parliament": not the United States Congress of the table
            entries = [
                e for e in entries if other is None or e.type == "Location" or e.country in (None, other)
            ]
        if not entries:
            continue
        vote = c.type
        if c.subtype in ("province", "state", "region", "district"):
            sub = [e for e in entries if e.subtype not in (None, "country", "city") and e.type == "Location"]
            entries = sub or entries
        same_type = [e for e in entries if e.type == vote] if vote else entries
        pick = (same_type or entries)[0]
        # a bare subdivision name that is also a big city ("Kabul") is the city unless cued
        if pick.subtype not in (None, "country") and pick.type == "Location" and c.subtype != pick.subtype:
            city = gaz.city(m.name, pick.country, min_population=100_000)
            if city is not None:
                pick = city
        if best is None or (pick.type == "Person" and best.type != "Person"):
            best = pick
        if m.source == "gazetteer":
            return pick
    if best is None and c.type == "Location":
        for m in c.named():
            reading = (doc_reading or {}).get(fold(m.name))
            if reading and max(sorted(reading), key=lambda t: reading[t]) != "Location":
                continue
            city = gaz.city(m.name, min_population=15_000)
            if city is not None:
                return city
    return best


def _written_country(doc: Doc, start: int) -> str | None:
    """The country a nationality adjective or a country's possessive right before a name says it is of
    ("Peruvian Congress", "Kenya's Parliament"), or None."""
    gaz = gazetteer()
    i = start - 1
    if i >= 1 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0 or not doc[i].text[:1].isupper():
        return None
    entry = gaz.demonym_country(doc[i].text)
    if entry is None and doc[start - 1].tag_ == "POS":
        entry = next((e for e in gaz.lookup(doc[i].text) if e.subtype == "country"), None)
    return entry.country if entry is not None else None


def _link_and_merge(state: DocState) -> None:
    gaz_weight = {"Person": 5.0, "Organisation": 5.0, "Location": 5.0, "Group": 5.0}
    doc_reading: dict[str, Counter[str]] = {}  # NER's labels per name form, over the whole article
    for c in state.clusters:
        for form, counts in c.form_votes.items():
            doc_reading.setdefault(form, Counter()).update(counts)
    for c in state.clusters:
        if not c.mentions:
            continue
        entry = _entry_for(c, doc_reading, state.doc) if rule_on("gazetteer") else None
        scores = c.scores()
        if entry is not None and (
            c.type in (None, entry.type) or scores[entry.type] + 5 > max(scores.values())
        ):
            c.entry = entry
            c.votes[entry.type] += gaz_weight[entry.type]
            c.subtype = c.subtype or entry.subtype
            c.key_rule = _key_rule(entry)
    # same gazetteer entry or same folded name -> one cluster
    by_key: dict[tuple[str, str], Cluster] = {}
    for c in state.clusters:
        if not c.mentions:
            continue
        keys = []
        if c.entry is not None:
            keys.append(("entry", f"{c.entry.name}|{c.entry.subtype}"))
        keys += [("name", fold(m.name)) for m in c.named()]
        target = next((by_key[k] for k in keys if k in by_key and by_key[k].mentions), None)
        if target is not None and _compatible(target, c):
            state.merge(target, c)
            c = target
        for k in keys:
            by_key.setdefault(k, c)
    if rule_on("short-names"):
        _merge_short_names(state)


def _compatible(a: Cluster, b: Cluster) -> bool:
    if a.entry is not None and b.entry is not None:
        return a.entry == b.entry
    ta, tb = a.type, b.type
    strong = 2.5
    if ta and tb and ta != tb and a.scores()[ta] >= strong and b.scores()[tb] >= strong:
        return False
    return True


def _merge_short_names(state: DocState) -> None:
    """ "Bakhtawar" -> "Abdul Jalil Bakhtawar" when exactly one longer person name ends (or starts) with it."""
    live = state.live_clusters()
    long_names: list[tuple[Cluster, list[str]]] = []
    for c in live:
        if c.scores().get("Person", 0) <= 0 and c.type != "Person":
            continue
        for m in c.named():
            toks = [fold(w) for w in m.name.split()]
            if len(toks) >= 2:
                long_names.append((c, toks))
    for c in live:
        # a product or stock index ("the Dow") is no surname of "Dow Jones & Co."
        if not c.mentions or (c.entry is not None and c.entry.type != "Person") or c.type == "Product":
            continue
        names = {fold(m.name) for m in c.named()}
        if not names or any(len(n.split()) > 1 for n in names):
            continue
        hits = {
            id(o): o
            for o, toks in long_names
            if o is not c and o.mentions and (toks[-1] in names or toks[0] in names)
        }
        if len(hits) == 1:
            target = next(iter(hits.values()))
            target.votes["Person"] += 1.0  # the short form agrees it is a person
            state.merge(target, c)


def _propagate_names(state: DocState) -> None:
    """One name, one entity per article: a later "Jobs" or "Lockheed" that NER missed is a mention
    of the person or organisation already named so (exact, capitalised, unclaimed tokens; a
    surname shared by two people is left alone)."""
    doc = state.doc
    forms: dict[tuple[str, ...], set[int]] = {}
    for c in state.live_clusters():
        if c.type not in ("Person", "Organisation", "Location"):
            continue
        # only names whose type is settled: one NER guess ("GB" as a person) is not spread around
        settled = c.scores()[c.type] >= 2.0 or len(c.mentions) >= 2
        for m in c.named():
            words = tuple(t.text for t in doc[m.start : m.end])
            if not settled or len("".join(words)) < 3:
                continue
            if len(words) == 1 and words[0].lower() in NOT_NAMES:
                continue  # "May" (Theresa May) is also a month
            if any(w[:1].isalpha() and not w[:1].isupper() for w in words):
                continue
            forms.setdefault(words, set()).add(c.id)
            if c.type == "Person" and len(words) >= 2 and words[-1][:1].isalpha():
                if words[-1].lower() not in NOT_NAMES:
                    forms.setdefault((words[-1],), set()).add(c.id)
    if not forms:
        return
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in forms:
        by_first.setdefault(words[0], []).append(words)
    for words_list in by_first.values():
        words_list.sort(key=len, reverse=True)
    i = 0
    while i < len(doc):
        t = doc[i]
        if i in state.tok2cluster or t.text not in by_first:
            i += 1
            continue
        for words in by_first[t.text]:
            end = i + len(words)
            if end > len(doc) or tuple(x.text for x in doc[i:end]) != words:
                continue
            if any(k in state.tok2cluster for k in range(i, end)) or len(forms[words]) != 1:
                continue
            if end < len(doc) and _name_token(doc[end]) and doc[end].i not in state.tok2cluster:
                continue  # "Jobs" in "Jobs Act": part of a longer name
            if end < len(doc) and _MODEL_CODE.fullmatch(doc[end].text):
                continue  # "Boeing 787": a product name
            if i > 0 and doc[i - 1].like_num:
                continue  # "60 GB": a unit
            c = state.clusters[next(iter(forms[words]))]
            state.add_mention(c, MentionDraft(i, end, "NAM", "propagation", " ".join(words)))
            i = end - 1
            break
        i += 1


def _key_rule(entry: Entry) -> str:
    for link in entry.links:
        if link.scheme == "wikidata":
            return f"gazetteer:wikidata:{link.value}"
    for link in entry.links:
        return f"gazetteer:{link.scheme}:{link.value}"
    return "gazetteer:name"


# --------------------------------------------------------------------------- governments

_GOVERNMENT_NOUNS = {"government", "administration", "regime", "cabinet"}


def _governments(state: DocState) -> None:
    """ "the Afghan government", "Afghanistan's government", "the Kabul government" -> Organisation
    "Government of Afghanistan"; a later bare "the government" joins the only one named."""
    doc = state.doc
    gaz = gazetteer()
    found: dict[str, Cluster] = {}
    bare: list[Token] = []
    for t in state.tokens:
        if t.lemma_.lower() not in _GOVERNMENT_NOUNS or t.pos_ != "NOUN" or t.i in state.tok2cluster:
            continue
        country = None
        start = t.i
        for child in t.children:
            if child.i > t.i or child.dep_ not in ("amod", "compound", "nmod", "poss", "npadvmod"):
                continue
            c = state.cluster_at(child)
            if c is not None and c.type == "Location" and c.entry is not None and c.entry.country:
                country = c.entry.country
            elif c is not None and c.type == "Person" and t.lemma_.lower() == "administration":
                country = "person:" + c.name()
            else:
                e = gaz.demonym_country(child.text)
                if e is not None:
                    country = e.country
                    start = min(start, child.i)
        for child in t.children:  # "the government of Afghanistan"
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    c = state.cluster_at(pobj)
                    if (
                        c is not None
                        and c.type == "Location"
                        and c.entry is not None
                        and c.subtype == "country"
                    ):
                        country = c.entry.country
        if country is None:
            if any(ch.dep_ == "det" and ch.lower_ == "the" for ch in t.children) and t.tag_ == "NN":
                bare.append(t)
            continue
        if country.startswith("person:"):
            name = f"{country[7:]} administration"
        else:
            entry = gaz.countries.get(country)
            if entry is None:
                continue
            name = f"Government of {entry.name}"
        c = found.get(name)
        if c is None:
            c = state.new_cluster()
            c.canonical = name
            c.votes["Organisation"] += 4.0
            c.subtype = "government"
            c.key_rule = "government:" + country
            found[name] = c
        if any(i in state.tok2cluster for i in range(start, t.i)):
            start = t.i
        state.add_mention(c, MentionDraft(start, t.i + 1, "NOM", "government", doc[start : t.i + 1].text))
    national = [c for name, c in found.items() if name.startswith("Government of")]
    if len(national) == 1:
        for t in bare:
            if t.i > min(m.start for m in national[0].mentions):
                state.add_mention(national[0], MentionDraft(t.i, t.i + 1, "NOM", "coref", t.text))
    elif not national and bare:
        # no government named: "the government" of an article about one country is that country's
        country = _dominant_country(state)
        entry = gaz.countries.get(country) if country else None
        if entry is not None:
            c = state.new_cluster()
            c.canonical = f"Government of {entry.name}"
            c.votes["Organisation"] += 4.0
            c.subtype = "government"
            c.key_rule = "government:" + country
            for t in bare:
                state.add_mention(c, MentionDraft(t.i, t.i + 1, "NOM", "coref", t.text))


def _dominant_country(state: DocState) -> str | None:
    """The country an article is about: named at least twice and twice as often as any other."""
    counts: Counter[str] = Counter()
    for c in state.live_clusters():
        if c.type == "Location" and c.entry is not None and c.entry.subtype == "country" and c.entry.country:
            counts[c.entry.country] += sum(1 for m in c.mentions if m.kind == "NAM")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


# --------------------------------------------------------------------------- described organisations

# Heads of a described organisation: "the U.S. military command", "Afghanistan's interior ministry",
# "the Taliban's political office", "Hezb-i Islami's military wing". Not "party", "company", "group":
# those are usually an apposition or a description of a named one ("Hezb-i Islami, an Afghan party").
_DESCRIBED_ORG_HEADS = {
    "command": "military", "headquarters": "military", "wing": "military", "unit": "military",
    "brigade": "military", "battalion": "military", "division": "military", "navy": "military",
    "ministry": "government", "department": "government", "embassy": "government", "consulate": "government",
    "agency": "government", "office": "government", "council": "government", "committee": "government",
    "commission": "government", "mission": "government", "directorate": "government", "bureau": "government",
    "authority": "government", "court": "government", "parliament": "government", "senate": "government",
    "legislature": "government", "delegation": "government", "service": "government",
}  # fmt: skip


# Heads that name a part of an organisation even after a bare name ("Taliban political office",
# "NATO mission"); other heads after a name are the named body itself ("Tass news agency").
_SUBUNIT_HEADS = frozenset({"office", "wing", "command", "unit", "brigade", "battalion", "division",
                            "headquarters", "mission", "delegation", "embassy", "consulate", "committee",
                            "council", "bureau", "directorate", "department"})  # fmt: skip


def _described_organisations(state: DocState) -> None:
    """ "The U.S. military command in Afghanistan dismissed reports": an organisation the text describes
    but does not name is an Organisation of its own, keyed within its article ("U.S. military command"),
    and belongs to the country or organisation written with it (an affiliation, see relations) --
    not a mention of the United States. Its owner keeps its own mention ("U.S." stays the country)."""
    doc = state.doc
    gaz = gazetteer()
    found: dict[str, Cluster] = {}
    for t in state.tokens:
        kind = _DESCRIBED_ORG_HEADS.get(t.lemma_.lower())
        if kind is None or t.pos_ != "NOUN" or t.tag_ != "NN" or not t.text.islower():
            continue
        if t.i in state.tok2cluster or t.dep_ in ("appos", "attr"):
            continue  # a name's apposition or predicate ("the Interior Ministry, the agency that ...")
        owner: Cluster | None = None
        country = None
        start = t.i
        named_itself = False
        for child in state.written_modifiers(t):
            c = state.cluster_at(child)
            if c is not None and c.type in ("Organisation", "Location") and c.mentions:
                if (
                    c.type == "Organisation"
                    and child.dep_ != "poss"
                    and t.lemma_.lower() not in _SUBUNIT_HEADS
                ):
                    named_itself = (
                        True  # "the Tass news agency", "the BBC World Service": the name is the body
                    )
                elif c.type == "Organisation" or (c.subtype == "country" and c.entry is not None):
                    owner = c
                    country = c.entry.country if c.type == "Location" and c.entry is not None else None
                    start = min(start, child.left_edge.i)
                continue
            e = gaz.demonym_country(child.text)
            if e is not None and child.dep_ in ("amod", "compound", "nmod"):
                country = e.country
                start = min(start, child.i)
            elif (
                child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "NOUN") and child.i >= start - 2
            ):
                start = min(start, child.i)  # "military command", "interior ministry"
        if named_itself or (owner is None and country is None):
            continue  # a bare "the ministry" is coreference's business, not a new node
        while start < t.i and doc[start].dep_ == "det":
            start += 1
        name = doc[start : t.i + 1].text  # as written: "the U.S. military command" -> "U.S. military command"
        c = found.get(name.lower())
        if c is None:
            c = state.new_cluster()
            c.canonical = name
            c.votes["Organisation"] += 3.0
            c.subtype = kind
            c.scope_local = True
            c.key_rule = "described"
            c.owner = owner.id if owner is not None else None
            c.country = country
            found[name.lower()] = c
        # the mention is the description around the head; the owner's tokens stay the owner's
        first = t.i
        while first > start and doc[first - 1].i not in state.tok2cluster and doc[first - 1].dep_ in (
            "amod", "compound") and not gaz.demonym_country(doc[first - 1].text):  # fmt: skip
            first -= 1
        state.add_mention(c, MentionDraft(first, t.i + 1, "NOM", "described", doc[first : t.i + 1].text))


# --------------------------------------------------------------------------- 5. groups

_GROUP_HEADS: dict[str, tuple[str, str]] | None = None
_GROUP_ADJECTIVES_DROPPED = {"security", "government", "national", "armed", "military", "state", "regular"}
_COLLECTIVE_SINGULAR = {"police", "army", "militia", "mujahideen", "military"}
# singular collective nouns that name an institution, not a crowd: "the police", "the army"
_INSTITUTIONS = {"police", "army", "military"}


def _group_table() -> dict[str, tuple[str, str]]:
    global _GROUP_HEADS
    if _GROUP_HEADS is None:
        _GROUP_HEADS = {
            r["head"]: (r["canonical"], r["kind"]) for r in read_tsv(gazetteer_file("groups.tsv"))
        }
    return _GROUP_HEADS


def _group_head(t: Token) -> tuple[str, str] | None:
    lemma = t.lemma_.lower()
    table = _group_table()
    if lemma not in table and t.lower_ not in table:
        return None
    if t.pos_ not in ("NOUN", "PROPN"):
        return None  # "military" in "military forces" is an adjective
    if (
        t.tag_ not in ("NNS", "NNPS")
        and t.lower_ not in _COLLECTIVE_SINGULAR
        and lemma not in _COLLECTIVE_SINGULAR
    ):
        return None  # "a soldier" is one person, not a group
    return table.get(lemma) or table.get(t.lower_)


def _groups(state: DocState) -> None:
    """Plural actor nouns become Group entities: "Afghan soldiers", "the Taliban's fighters", "elders"."""
    doc = state.doc
    gaz = gazetteer()
    pending_bare: list[tuple[Cluster, str]] = []
    modified: dict[str, list[Cluster]] = {}
    for t in state.tokens:
        head = _group_head(t)
        if head is None or t.i in state.tok2cluster:
            continue
        canonical, kind = head
        country = None
        org: Cluster | None = None
        start = t.i
        words: list[str] = []
        for child in state.written_modifiers(t):
            span_start = child.left_edge.i
            c = state.cluster_at(child)
            if c is not None and c.type in ("Organisation", "Location") and c.mentions:
                if c.type == "Location" and c.subtype == "country" and c.entry is not None:
                    country = c.entry.country
                elif c.type == "Organisation":
                    org = c
                start = min(start, span_start)
                continue
            e = gaz.demonym_country(child.text)
            if e is not None:
                country = country or e.country
                start = min(start, child.i)
            elif child.lower_ in _GROUP_ADJECTIVES_DROPPED or child.dep_ == "amod" and child.pos_ == "ADJ":
                start = min(start, child.i) if child.i == t.i - 1 or start < t.i else start
                words.append(child.lower_)
        if any(i in state.tok2cluster for i in range(start, t.i)):
            start = t.i  # an entity inside the phrase keeps its own mention ("Taliban" in "Taliban fighters")
        c = state.new_cluster()
        # "the police arrested" is the institution; "two police were wounded" are people
        institution = (
            t.lower_ in _INSTITUTIONS
            and (t.tag_ not in ("NNS", "NNPS") or t.lower_ == "police")
            and not any(ch.dep_ == "nummod" for ch in t.children)
        )
        c.votes["Organisation" if institution else "Group"] += 3.0
        c.subtype = kind
        c.country = country
        text = doc[start : t.i + 1].text
        state.add_mention(c, MentionDraft(start, t.i + 1, "NOM", "group", text))
        if org is not None:
            c.canonical = f"{org.name()} {canonical}"
            modified.setdefault(canonical, []).append(c)
        elif country is not None:
            c.canonical = f"{gaz.adjective.get(country) or gaz.countries[country].name} {canonical}"
            modified.setdefault(canonical, []).append(c)
        else:
            c.canonical = canonical
            c.scope_local = True
            pending_bare.append((c, canonical))
        c.key_rule = "group:" + ("organisation" if org else "country" if country else "article")
    # same canonical name -> one group; a bare "soldiers" joins the only modified group of its kind
    by_name: dict[str, Cluster] = {}
    crowds: list[Cluster] = []
    for c in state.clusters:
        if c.mentions and c.key_rule.startswith("group:") and c.canonical:
            if c.subtype == "civil" and c.scope_local:
                # "three people were killed ... people protested": two crowds, not one actor; but "the
                # elders" / "these elders" point back to the crowd named just before
                c.key_rule = "unnamed:group"
                before = _anaphoric_crowd(state, c, crowds)
                if before is not None:
                    state.merge(before, c)
                else:
                    crowds.append(c)
                continue
            first = by_name.setdefault(c.canonical, c)
            if first is not c:
                state.merge(first, c)
    for c, canonical in pending_bare:
        if not c.mentions:
            continue
        targets = {id(x): x for x in modified.get(canonical, []) if x.mentions}
        if len(targets) == 1:
            state.merge(next(iter(targets.values())), c)


_ANAPHORIC_DETERMINERS = frozenset({"the", "these", "those"})
_GENERIC_CROWDS = frozenset({"people", "men", "women", "civilians", "residents", "villagers", "workers"})


def _anaphoric_crowd(state: DocState, c: Cluster, crowds: list[Cluster]) -> Cluster | None:
    """ "local elders ... these elders", "protesters ... the protesters": a crowd written with a definite or
    demonstrative determiner (and nothing of its own: no number, no adjective) is the nearest crowd of
    the same kind named in the two sentences before; "the people" of another sentence far away is not."""
    m = c.mentions[0]
    head = state.doc[m.end - 1]
    dets = [w for w in head.children if w.dep_ == "det"]
    if not dets or any(w.lower_ not in _ANAPHORIC_DETERMINERS for w in dets) or m.end - m.start > 1:
        return None
    if c.canonical in _GENERIC_CROWDS and any(w.lower_ == "the" for w in dets):
        return None  # "three people were killed ... the people protested": "the people" is the populace
    if any(w.dep_ in ("nummod", "amod", "compound") for w in head.lefts):
        return None
    here = state.sentence_of(m.start)
    for prev in reversed(crowds):
        if prev.canonical == c.canonical and prev.mentions:
            last = max(x.start for x in prev.mentions)
            if last < m.start and here - state.sentence_of(last) <= 2:
                return prev
    return None


def _inside_a_name(t: Token) -> bool:
    """Is this nationality adjective the first word of a proper name NER did not find ("the French
    Revolution", "the British Library", "American Airlines", "Bosnian Serbs", "in Spanish 0400 GMT")?
    Its head is then a capitalised proper noun that is no title or role ("French President Macron",
    "U.S. District Judge", "Spanish Police" keep the country)."""
    head = t.head
    if head.pos_ != "PROPN" or head.i < t.i or not head.text[:1].isupper():
        return False
    low = head.lower_
    if low in PERSON_TITLES or low in ROLE_NOUNS or head.lemma_.lower() in ROLE_NOUNS:
        return False
    return "-" not in t.text and head.text != "-"


def _demonyms(state: DocState) -> None:
    """ "German airline Lufthansa", "Afghan soldiers": a nationality adjective names its country
    (as gold news annotation does), so the country gets the mention and the group keeps the rest
    of its phrase ("soldiers" of the Afghanistan-modified group "Afghan soldiers")."""
    doc = state.doc
    gaz = gazetteer()
    countries: dict[str, Cluster] = {}
    for c in state.live_clusters():
        if c.entry is not None and c.entry.type == "Location" and c.type == "Location":
            countries.setdefault(c.entry.name, c)
    for t in state.tokens:
        if not t.text[:1].isupper() or t.dep_ not in ("amod", "compound", "nmod", "npadvmod"):
            continue
        entry = gaz.demonym_entry(t.text)
        if entry is None or t.head.i == t.i:
            continue
        if _inside_a_name(t) and not any(e.type == "Location" for e in gaz.lookup(t.text)):
            continue  # "French Revolution", "British Library", "Bosnian Serbs"; "U.S. Congress" keeps the US
        owner = state.cluster_at(t)
        if owner is not None:
            mention = next(m for m in owner.mentions if m.start <= t.i < m.end)
            # only a descriptive phrase gives the word up, never a name ("Afghan National Army")
            if mention.kind == "NAM" or mention.start != t.i or mention.end - mention.start < 2:
                continue
            mention.start += 1
            mention.name = doc[mention.start : mention.end].text
            del state.tok2cluster[t.i]
        c = countries.get(entry.name)
        if c is None:
            c = state.new_cluster()
            c.entry = entry
            c.subtype = entry.subtype
            c.key_rule = _key_rule(entry)
            c.votes["Location"] += 5.0
            countries[entry.name] = c
        # the mention's name is the place's ("German" names Germany; it is not an alias of it); its kind is
        # PRE, a premodifier (MEANTIME's PRE.NAM): it refers to the country without being its name, and
        # name-only gold (CoNLL, GUM names, ECB+ participants) does not count such words
        state.add_mention(c, MentionDraft(t.i, t.i + 1, "PRE", "demonym", entry.name))


def _drop_untyped(state: DocState) -> None:
    """Clusters with no type, or whose evidence says product, are not entities of the graph."""
    for c in state.clusters:
        if c.mentions and c.type in (None, "Product"):
            for m in c.mentions:
                for i in range(m.start, m.end):
                    state.tok2cluster.pop(i, None)
            c.mentions = []
