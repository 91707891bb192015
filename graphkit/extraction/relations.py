"""Relations between entities, each with the sentence that states it.

Rule families (the predicate names are properties of ``ontologies/graphkit.ttl``):

* roles and affiliations from appositions, copulas, relative clauses and "serve as":
  "Dadullah Qani, a local lawmaker in Farah province" -> holdsPositionIn Farah
  ("local lawmaker"); "the founder and CEO of the Institute" -> founded + leads;
  "a nonresident senior fellow at the Atlantic Council" -> worksFor;
  "who previously served as spokesman for Afghanistan's ministry of defense" ->
  spokespersonFor (title "former spokesman");
* titles and employers before a name: "US President Joe Biden" -> leads United States,
  "The Washington Post's Sharif Hassan" -> worksFor, "a Taliban spokesman" ->
  spokespersonFor Taliban;
* kinship from coreference ("Bakhtawar's son Massoud" -> childOf);
* places of organisations: "a Kabul-based think-tank" -> basedIn, "the American
  University in Kabul" -> locatedIn;
* group membership: "Taliban fighters" -> memberOf Taliban;
* places of places: "Aiken, S.C." / "in Dayton, Ohio" -> locatedIn (a written "city, state" pair);
* where people live and were born: "Anna Kowalski, 42, of Dayton" / "who lives in Leeds" / "Denver
  lawyer Mark Stone" -> livesIn; "born in Salinas" / "a native of Mobile" -> bornIn;
* employers written as a preposition on a name: "Karen Wu at the Institute of Physics" -> worksFor;
* killings: "X's assassin Y", "Y, the assassin of X", "Y killed X", "X was murdered by Y", "the
  assassination of X by Y", a verdict ("Y was convicted of killing X", "Y is serving 99 years for the
  murder of X") -> X killedBy Y (Wikidata P157).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extraction.document import Cluster, DocState, MentionDraft
from graphkit.extraction.lexicon import (
    LEADER_ROLES,
    LEGAL_FORMS,
    MEMBER_ROLES,
    PERSON_TITLES,
    ROLE_NOUNS,
    SPOKESPERSON_ROLES,
    TITLE_MODIFIERS,
)
from graphkit.extraction.link import gazetteer
from graphkit.extraction.time import article_anchor, normalise
from graphkit.types import Relation, Span, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Token

_ACADEMIC = {"lecturer", "professor", "teacher", "researcher", "scholar", "student", "fellow"}
_COUNTRY_WORDS = {"us", "u.s.", "uk", "u.k."}
_FORMER = {
    "former",
    "formerly",
    "previously",
    "ex",
    "ex-",
    "once",
    "then",
    "retired",
    "late",
    "onetime",
    "one-time",
    "erstwhile",
    "outgoing",
}
_DROP_FROM_TITLE = {"a", "an", "the", "its", "his", "her", "their", "our", "this"}
# role nouns that say what happened to someone, not whom they belong to: "a victim of the attack"
_NOT_AFFILIATION = frozenset({"victim", "witness", "suspect", "survivor"})


def find_relations(state: DocState) -> list[Relation]:
    out: list[Relation] = []
    _appositions(state, out)
    _copulas(state, out)
    _titles_before_names(state, out)
    _kinship(state, out)
    _org_places(state, out)
    _group_membership(state, out)
    _described_owners(state, out)
    _named_owners(state, out)
    _verb_roles(state, out)
    _parts(state, out)
    _place_appositions(state, out)
    _place_pairs(state, out)
    _residence(state, out)
    _person_org_preps(state, out)
    _killings(state, out)
    return _dedupe(out)


# --------------------------------------------------------------------------- helpers


def _rel(
    state: DocState,
    subj: Cluster,
    pred: str,
    obj: Cluster | None,
    token: Token,
    title: str | None,
    conf: float,
    rule: str,
    when: Token | None = None,
    former: bool = False,
) -> Relation:
    """A relation; ``when`` is the token whose dates say when it held (a verb or a role noun)."""
    sent = state.sent_of(token)
    time = start = end = None
    if when is not None:
        time, start, end = _relation_time(state, when)
    return Relation(
        subject=str(subj.id),
        predicate=pred,
        object=str(obj.id) if obj is not None else None,
        sentence=state.sentence_of(token),
        evidence=Span(sent.start_char, sent.end_char, sent.text),
        title=title,
        confidence=conf,
        rule=rule,
        time=time,
        start=start,
        end=end,
        former=former or (title or "").startswith(("former ", "ex-", "retired ", "late ")) or end is not None,
    )


def _title_of(role: Token, former: bool = False) -> str:
    """The role noun with its modifiers: "local lawmaker", "nonresident senior fellow"."""
    words = [
        w
        for w in role.lefts
        if w.dep_ in ("amod", "compound", "nmod")
        and w.lower_ not in _DROP_FROM_TITLE
        and w.ent_type_ not in ("NORP", "GPE", "ORG")
        and not w.text[:1].isupper()
        and w.lower_ not in ("based", "-")
        and not any(x.text == "-" for x in w.doc[w.i : role.i])
    ]
    words = [w for w in words if w.i >= role.i - 3]
    title = " ".join([w.lower_ for w in words] + [role.lower_])
    if former and not title.startswith(("former", "retired")):
        title = "former " + title
    return title


def _role_key(role: Token) -> str:
    """The role a noun names, reading a compound title whole: "chief executive", "prime minister"."""
    lemma = role.lemma_.lower()
    prev = role.doc[role.i - 1] if role.i > 0 else None
    if prev is not None and prev.head.i == role.i and f"{prev.lower_} {lemma}" in LEADER_ROLES | ROLE_NOUNS:
        return f"{prev.lower_} {lemma}"
    if lemma == "executive" and any(c.lower_ == "chief" for c in role.lefts):
        return "chief executive"
    return lemma


def _predicate(role_lemma: str, obj: Cluster | None) -> str:
    if obj is None:
        return "hasTitle"
    if obj.type == "Location":
        return (
            "leads"
            if role_lemma in ("president", "king", "queen", "emir", "premier", "prime minister")
            else "holdsPositionIn"
        )
    if role_lemma in ("founder", "co-founder"):
        return "founded"
    if role_lemma in SPOKESPERSON_ROLES:
        return "spokespersonFor"
    if role_lemma in LEADER_ROLES:
        return "leads"
    if role_lemma in MEMBER_ROLES:
        return "memberOf"
    return "worksFor"


def _role_object(state: DocState, role: Token) -> Cluster | None:
    """The organisation (or else place) a role noun is of/at/for/in: first through its
    prepositions, then its compounds and possessor ("Afghanistan's Interior Ministry")."""
    best_loc: Cluster | None = None
    frontier = [role]
    seen = set()
    depth = 0
    while frontier and depth < 3:
        nxt = []
        for node in frontier:
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ == "of" and role.lemma_.lower() in _ACADEMIC:
                    continue  # "a lecturer of Transitional Justice": a subject, not an employer
                if child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "in", "with", "to", "from"):
                    for pobj in child.children:
                        if pobj.dep_ != "pobj" or pobj.i in seen:
                            continue
                        seen.add(pobj.i)
                        c = state.entity_of(pobj)
                        if c is not None and c.type == "Organisation":
                            return c
                        if c is not None and c.type == "Location" and best_loc is None:
                            best_loc = c
                        nxt.append(pobj)
        frontier = nxt
        depth += 1
    for child in role.lefts:
        if child.dep_ in ("compound", "nmod", "poss"):
            c = state.entity_of(child)
            if c is not None and c.type == "Organisation":
                return c
            if c is not None and c.type == "Location" and best_loc is None:
                best_loc = c
    return best_loc


def _roles_from(
    state: DocState,
    subj: Cluster,
    role: Token,
    out: list[Relation],
    rule: str,
    former: bool = False,
    when: Token | None = None,
) -> None:
    """One relation per coordinated role noun ("founder and CEO of X"); ``when`` is where its dates
    hang ("has been mayor since 2019": the verb), else the role noun itself."""
    roles = [role, *[c for c in role.conjuncts if c.pos_ in ("NOUN", "PROPN")]]
    shared = _role_object(state, role)
    for r in roles:
        lemma = r.lemma_.lower()
        if lemma not in ROLE_NOUNS:
            continue
        obj = _role_object(state, r) or shared
        if obj is not None and lemma in _NOT_AFFILIATION:
            obj = None  # "Kennedy was the victim of an FBI conspiracy": no tie to the FBI
        if obj is subj:
            obj = None
        title = _title_of(r, former)
        out.append(
            _rel(
                state,
                subj,
                _predicate(_role_key(r), obj),
                obj,
                r,
                title,
                0.8 if obj else 0.7,
                rule,
                when or r,
                former,
            )
        )


def _employer_noun(
    state: DocState,
    subj: Cluster,
    noun: Token,
    out: list[Relation],
    rule: str,
    former: bool = False,
    verb: Token | None = None,
) -> None:
    """A person described by a noun outside the role lexicon, with an organisation after "at",
    "with" or "for" in the noun's phrase: "acting comptroller at the American University", "vice
    president for new products at American Express", "an executive with Titan" -> worksFor (the
    noun is the title). "of" is not read here ("a critic of the FBI" is no employee). With ``verb`` (a
    copula) its own prepositions count too: the parser often hangs "at X" on "was" ("X was acting
    comptroller at Y")."""
    if noun.lemma_.lower() in _NOT_AFFILIATION or noun.ent_type_:
        return
    frontier, depth = [noun] + ([verb] if verb is not None else []), 0
    while frontier and depth < 3:
        nxt = []
        for node in frontier:
            for prep in node.children:
                if prep.dep_ != "prep":
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    org = state.entity_of(pobj)
                    if (
                        prep.lower_ in ("at", "with", "for")
                        and org is not None
                        and org.type == "Organisation"
                    ):
                        if org is not subj:
                            title = _title_of(noun, former)
                            out.append(
                                _rel(state, subj, "worksFor", org, noun, title, 0.65, rule, noun, former)
                            )
                        return
                    nxt.append(pobj)
        frontier, depth = nxt, depth + 1


def _clause_subject(t: Token, deps: tuple[str, ...]) -> Token | None:
    """A verb's subject; in a relative clause ("Smith, who was governor", "Smith, founded ...") the noun
    the clause describes."""
    subj = next((c for c in t.children if c.dep_ in deps), None)
    if t.dep_ == "relcl" and (subj is None or subj.lower_ in ("who", "that")):
        return t.head
    return subj


def _is_former(tokens) -> bool:
    return any(t.lower_ in _FORMER for t in tokens)


# --------------------------------------------------------------------------- families


def _appositions(state: DocState, out: list[Relation]) -> None:
    for c in state.live_clusters():
        if c.type != "Person":
            continue
        for m in c.mentions:
            head = state.doc[m.start : m.end].root
            for child in head.children:
                if child.dep_ == "appos" and child.lemma_.lower() in ROLE_NOUNS:
                    between = state.doc[head.i + 1 : child.i]
                    _roles_from(state, c, child, out, "apposition", _is_former([*child.lefts, *between]))
                elif child.dep_ == "appos" and child.pos_ == "NOUN":
                    _employer_noun(state, c, child, out, "apposition-at")
                # "Kamal Alam, a nonresident senior fellow" sometimes parses the role as a conj
            if head.dep_ == "appos" and head.head.lemma_.lower() in ROLE_NOUNS:
                _roles_from(state, c, head.head, out, "apposition")


def _copulas(state: DocState, out: list[Relation]) -> None:
    """ "X is the deputy governor of Farah", "who is ...", "who served as spokesman for ..."."""
    for t in state.tokens:
        if t.lemma_.lower() == "be" and t.dep_ in ("relcl", "ROOT", "ccomp", "conj"):
            attr = next((c for c in t.children if c.dep_ == "attr"), None)
            if attr is not None and attr.pos_ == "NOUN" and attr.lemma_.lower() not in ROLE_NOUNS:
                # "Joseph Cicippio was acting comptroller at the American University of Beirut"
                who = _clause_subject(t, ("nsubj",))
                subj = state.entity_of(who) if who is not None else None
                if subj is not None and subj.type == "Person":
                    _employer_noun(state, subj, attr, out, "copula-at", former=t.tag_ == "VBD", verb=t)
                continue
            if attr is None or attr.lemma_.lower() not in ROLE_NOUNS:
                continue
        elif t.lemma_.lower() in ("serve", "work", "act") and t.pos_ == "VERB":
            prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            attr = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
            if attr is None or attr.lemma_.lower() not in ROLE_NOUNS:
                continue
        else:
            continue
        subj_tok = _clause_subject(t, ("nsubj",))
        if subj_tok is None:
            continue
        subj = state.entity_of(subj_tok)
        if subj is None or subj.type != "Person":
            continue
        former = (
            _is_former(t.children) or _is_former(attr.lefts) or any(a.lower_ in ("was", "were") for a in [t])
        )
        _roles_from(state, subj, attr, out, "copula", former, when=t)


def _titles_before_names(state: DocState, out: list[Relation]) -> None:
    doc = state.doc
    for c in state.live_clusters():
        if c.type != "Person":
            continue
        for m in c.named():
            # "US President Joe Biden", "former President Donald Trump", "the US chief mediator"
            i = m.start - 1
            title_tokens: list[Token] = []
            while (
                i >= 0
                and (
                    doc[i].lower_ in PERSON_TITLES
                    or doc[i].lower_ in TITLE_MODIFIERS
                    or doc[i].lemma_.lower() in ROLE_NOUNS
                )
                and doc[i].lower_ not in _COUNTRY_WORDS
                and state.cluster_at(i) is None
                and m.start - i <= 4
            ):
                title_tokens.insert(0, doc[i])
                i -= 1
            role = next(
                (
                    t
                    for t in reversed(title_tokens)
                    if PERSON_TITLES.get(t.lower_) or t.lemma_.lower() in ROLE_NOUNS
                ),
                None,
            )
            if role is not None:
                lemma = PERSON_TITLES.get(role.lower_) or role.lemma_.lower()
                if i >= 1 and doc[i].text in ("'s", "’s", "'"):
                    i -= 1  # "China's Premier Li Peng", "Apple's CEO Tim Cook": the possessor
                obj = state.cluster_at(i) if i >= 0 else None
                if obj is not None and obj.type not in ("Organisation", "Location"):
                    obj = None
                title = " ".join(t.lower_ for t in title_tokens if t.lower_ not in ("us", "u.s.")).replace(
                    "gen.", "general"
                )
                if obj is c:
                    obj = None
                pred = _predicate(lemma, obj)
                out.append(_rel(state, c, pred, obj, doc[m.start], title, 0.75, "title"))
            # "The Washington Post's Sharif Hassan": employer in the possessive before the name
            if m.start >= 2 and doc[m.start - 1].text in ("'s", "’s"):
                org = state.cluster_at(m.start - 2)
                if org is not None and org.type == "Organisation":
                    out.append(
                        _rel(state, c, "worksFor", org, doc[m.start], None, 0.7, "possessive-employer")
                    )
    # unnamed people described by role and employer: "a Taliban spokesman", "a spokesman for X"
    for c in state.live_clusters():
        if not c.key_rule.startswith("unnamed:description"):
            continue
        for m in c.mentions:
            role = doc[m.start]
            obj = _role_object(state, role)
            if obj is not None and obj is not c:
                lemma = role.lemma_.lower()
                out.append(
                    _rel(state, c, _predicate(lemma, obj), obj, role, _title_of(role), 0.7, "description")
                )


def _kinship(state: DocState, out: list[Relation]) -> None:
    for subj_id, pred, obj_id, tok in state.kinship:
        subj, obj = state.clusters[subj_id], state.clusters[obj_id]
        if subj.mentions and obj.mentions and subj is not obj:
            noun = state.doc[tok].lemma_.lower()
            out.append(_rel(state, subj, pred, obj, state.doc[tok], noun, 0.85, "kinship"))


def _org_places(state: DocState, out: list[Relation]) -> None:
    for t in state.tokens:
        # "a Kabul-based think-tank" (apposition of an organisation) / "Kabul-based Institute"
        if t.lower_ == "based" and t.i > 0:
            place = None
            for j in (t.i - 1, t.i - 2):
                if j >= 0 and state.cluster_at(j) is not None and state.cluster_at(j).type == "Location":  # type: ignore[union-attr]
                    place = state.cluster_at(j)
                    break
            noun = t.head
            org = state.entity_of(noun)
            if org is None and noun.dep_ == "appos":
                org = state.entity_of(noun.head)
            if place is not None and org is not None and org.type in ("Organisation", "Person", "Group"):
                out.append(_rel(state, org, "basedIn", place, t, None, 0.8, "x-based"))
        # "an analyst based in Lahore", "the company, headquartered in Seattle"
        if t.lower_ in ("based", "headquartered") and t.tag_ == "VBN":
            prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "at")), None)
            place = None
            if prep is not None:
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                place = state.entity_of(pobj) if pobj is not None else None
            if place is not None and place.type == "Location":
                noun = t.head
                who = state.entity_of(noun) or (state.entity_of(noun.head) if noun.dep_ == "appos" else None)
                if who is not None and who is not place and who.type in ("Organisation", "Person", "Group"):
                    out.append(_rel(state, who, "basedIn", place, t, None, 0.8, "based-in"))
        # "the American University in Kabul", "the U.S. military command in Afghanistan"
        if t.dep_ == "prep" and t.lower_ in ("in", "of") and t.head.pos_ in ("PROPN", "NOUN"):
            org = state.entity_of(t.head)
            if org is None or org.type != "Organisation":
                continue
            if any(c.dep_ == "appos" and c.like_num for c in t.head.children):
                continue  # "Ann Kerr, 50, of Bethany": an age says the name is a person's, whatever NER said
            if t.head.pos_ == "NOUN" and (org.key_rule != "described" or t.lower_ != "in"):
                continue  # a common noun only when it is a described organisation's own head
            for pobj in t.children:
                place = state.entity_of(pobj) if pobj.dep_ == "pobj" else None
                if place is not None and place.type == "Location" and place is not org:
                    if t.lower_ == "of" and place.subtype != "country" and t.head.lower_ not in LEGAL_FORMS:
                        continue  # "the mayor's office of Kabul" no, "Pittsburgh-Corning Corp. of Pittsburgh" yes
                    out.append(_rel(state, org, "locatedIn", place, t, None, 0.7, "org-in-place"))


def _group_membership(state: DocState, out: list[Relation]) -> None:
    """ "Taliban fighters" -> member of the Taliban; "Afghan soldiers" -> of Afghanistan (affiliatedWith)."""
    doc = state.doc
    countries = {
        x.entry.country: x
        for x in state.live_clusters()
        if x.entry is not None and x.entry.subtype == "country"
    }
    for c in state.live_clusters():
        if c.type != "Group":
            continue
        if c.country in countries:
            first = min(c.mentions, key=lambda m: m.start)
            out.append(
                _rel(
                    state,
                    c,
                    "affiliatedWith",
                    countries[c.country],
                    doc[first.end - 1],
                    None,
                    0.7,
                    "group-country",
                )
            )
        for m in c.mentions:
            head = doc[m.end - 1]
            for child in state.written_modifiers(head):
                org = state.cluster_at(child)
                if org is not None and org is not c and org.type == "Organisation":
                    out.append(_rel(state, c, "memberOf", org, head, None, 0.75, "group-modifier"))
                elif org is not None and org is not c and org.type == "Location" and org.subtype == "country":
                    out.append(_rel(state, c, "affiliatedWith", org, head, None, 0.7, "group-modifier"))


def _described_owners(state: DocState, out: list[Relation]) -> None:
    """ "the U.S. military command" -> affiliatedWith United States; "the Taliban's political office" ->
    partOf Taliban: a described organisation belongs to the country or organisation written with it."""
    doc = state.doc
    countries = {
        x.entry.country: x
        for x in state.live_clusters()
        if x.entry is not None and x.entry.subtype == "country" and x.type == "Location"
    }
    for c in state.live_clusters():
        if c.key_rule != "described" or c.type != "Organisation":
            continue
        owner = state.clusters[c.owner] if c.owner is not None else None
        if owner is not None and not owner.mentions:
            owner = None
        if owner is None and c.country in countries:
            owner = countries[c.country]
        if owner is None or owner is c:
            continue
        first = min(c.mentions, key=lambda m: m.start)
        pred = "partOf" if owner.type == "Organisation" else "affiliatedWith"
        out.append(_rel(state, c, pred, owner, doc[first.end - 1], None, 0.75, "described-owner"))


# the organisation's own place is elsewhere, whatever nation it represents: "the Chinese embassy in Kabul"
_REPRESENTATION_NOUNS = frozenset({"embassy", "consulate", "mission", "delegation", "legation", "office"})
_PLACE_SUBTYPES = frozenset({"country", "city", "region", "state", "province", "subdivision"})


def _named_owners(state: DocState, out: list[Relation]) -> None:
    """ "the Haitian Parliament", "Algeria's Ettahadi party", "the U.S. 6th Fleet", "the Chilean copper
    company Codelco", "Giessen's Bezirksparkasse bank": a named organisation written with a place (a
    possessor, a compound, a nationality adjective before it or as its first word) belongs to that place
    (affiliatedWith, as ``_described_owners`` says of unnamed ones). Only a place the article names as an
    entity of its own is used, so no place is invented from an adjective; an embassy or mission of a
    country is not of the place it stands in, so those nouns are left out."""
    doc = state.doc
    places: dict[str, Cluster] = {}
    for x in state.live_clusters():
        if x.type == "Location" and x.entry is not None:
            places.setdefault(x.entry.name, x)
    for c in state.live_clusters():
        if c.type != "Organisation" or c.key_rule == "described":
            continue
        for m in c.mentions:
            root = doc[m.start : m.end].root
            if m.kind != "NAM" or root.lemma_.lower() in _REPRESENTATION_NOUNS:
                continue
            found = _written_place(state, m, root, c, places)
            if found is not None:
                out.append(_rel(state, c, "affiliatedWith", found, root, None, 0.7, "named-owner"))
                break


def _written_place(
    state: DocState, m: MentionDraft, root: Token, org: Cluster, places: dict[str, Cluster]
) -> Cluster | None:
    """The place written with one name of ``org``: its first word ("Haitian Parliament"), else a possessor,
    compound or adjective before the name's head or before a describing noun ("the Chilean copper company
    Codelco", "Codelco, the Chilean copper company")."""
    if m.end - m.start >= 2:
        first = _place_word(state, state.doc[m.start], org, places)
        if first is not None:
            return first
    heads = [root]
    if root.dep_ == "appos" and root.head.i < root.i:
        heads.append(root.head)
    heads += [
        ch for ch in root.children if ch.i < m.start and ch.dep_ in ("compound", "nmod") and ch.pos_ == "NOUN"
    ]
    for h in heads:
        if h.lemma_.lower() in _REPRESENTATION_NOUNS:
            return None
        for ch in h.children:
            if ch.i < h.i and ch.dep_ in ("poss", "compound", "amod", "nmod") and not m.start <= ch.i < m.end:
                found = _place_word(state, ch, org, places)
                if found is not None:
                    return found
    return None


def _place_word(state: DocState, tok: Token, org: Cluster, places: dict[str, Cluster]) -> Cluster | None:
    """The place a word stands for: its own place entity, or the named place of a nationality adjective."""
    c = state.cluster_at(tok)
    if c is not None and c is not org:
        if c.type != "Location":
            return None
        return c if (c.subtype or "") in _PLACE_SUBTYPES or c.entry is not None else None
    entry = gazetteer().demonym_entry(tok.text) if tok.text[:1].isupper() else None
    return places.get(entry.name) if entry is not None else None


# --------------------------------------------------------------------------- time of a relation

_START_PREPS = frozenset({"since", "from", "starting"})
_END_PREPS = frozenset({"until", "till", "to", "through", "thru"})
_YEAR_RE = re.compile(r"1[89]\d\d|20\d\d")
_RANGE_RE = re.compile(r"^(?:from |between )?(.+?)\s*(?:-|–|—|to|until|till|and)\s*(.+)$", re.IGNORECASE)


def _relation_time(
    state: DocState, head: Token
) -> tuple[TimeValue | None, TimeValue | None, TimeValue | None]:
    """(time, start, end) from the DATE phrases hanging on ``head`` in its own clause:
    "since 2019" -> start; "until 2010" -> end; "from 1995 to 2000" -> both; "in 1976" -> time."""
    doc = state.doc
    anchor = article_anchor(state.article)
    time = start = end = None
    lo, hi = head.left_edge.i, head.right_edge.i
    # DATE phrases, and bare years the model did not tag ("from 1995 to 2000": "2000" often is not)
    spans = [e for e in doc.ents if e.label_ == "DATE" and lo <= e.start <= hi]
    dated = {i for e in spans for i in range(e.start, e.end)}
    spans += [
        doc[i : i + 1]
        for i in range(lo, hi + 1)
        if i not in dated and doc[i].like_num and _YEAR_RE.fullmatch(doc[i].text) and doc[i].dep_ == "pobj"
    ]
    for ent in spans:
        node, ok = ent.root, True
        while node.i != head.i:
            if (
                node.dep_ in ("ccomp", "advcl", "relcl", "xcomp", "csubj", "parataxis")
                or node.head.i == node.i
            ):
                ok = False
                break
            node = node.head
        if not ok:
            continue
        prep = ent.root.head if ent.root.dep_ == "pobj" else None
        word = prep.lower_ if prep is not None else ""
        text = ent.text
        m = (
            _RANGE_RE.match(text)
            if re.search(r"\d{4}.*\b(?:to|until|till|and)\b|\d{4}\s*[-–—]\s*\d", text)
            else None
        )
        if m is not None:
            a, b = normalise(m.group(1), anchor), normalise(m.group(2), anchor)
            if a.value and b.value:
                start, end = a, b
                continue
        value = normalise(text, anchor)
        if not value.value:
            continue
        if word in _START_PREPS:
            start = value
        elif word in _END_PREPS:
            end = value
        else:
            time = value
    return time, start, end


# --------------------------------------------------------------------------- verbs of office

# verb lemma -> (predicate, what the verb does to the relation); the object is an organisation
# (or, for "elect"/"appoint" with a title, a place): "co-founded Apple in 1976", "joined Google
# in 2010 as a senior engineer", "left the company", "resigned as CEO", "was appointed governor".
_FOUNDING = frozenset({"found", "co-found", "cofound", "establish", "create", "launch", "start", "form"})
_JOINING = frozenset({"join", "rejoin"})
_LEAVING = frozenset({"leave", "quit", "resign", "retire", "depart", "exit"})
_APPOINTING = frozenset({"appoint", "name", "elect", "re-elect", "reelect", "promote", "nominate", "hire",
                         "install", "choose", "select"})  # fmt: skip
_WORKING = frozenset({"work", "serve", "teach", "lecture", "report"})
_LEADING = frozenset({"head", "lead", "run", "chair", "command", "direct", "manage", "own", "operate"})
_PARTY_WORDS = frozenset({"party", "group", "militia", "movement", "front", "alliance", "coalition", "union",
                          "army", "brigade", "faction", "taliban", "organisation", "organization"})  # fmt: skip


def _verb_roles(state: DocState, out: list[Relation]) -> None:
    for t in state.tokens:
        if t.pos_ != "VERB":
            continue
        lemma = t.lemma_.lower()
        if lemma not in _FOUNDING | _JOINING | _LEAVING | _APPOINTING | _WORKING | _LEADING:
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
        subj_tok = _clause_subject(t, ("nsubj", "nsubjpass"))
        if subj_tok is None and t.dep_ in ("conj", "xcomp") and t.head.pos_ == "VERB":
            subj_tok = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        obj_tok = next((c for c in t.children if c.dep_ == "dobj"), None)
        # "as TITLE (of ORG)", "TITLE of ORG" after appoint/elect, "for/at/with ORG" after work
        as_role = None
        orgs: list[Token] = []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                as_role = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ == "prep" and c.lower_ in ("for", "at", "with", "from", "of", "in", "on"):
                orgs.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ in ("oprd", "attr", "xcomp") and c.pos_ in ("NOUN", "PROPN"):
                as_role = c  # "was appointed governor", "elected him president"
        if lemma in _APPOINTING and not passive and obj_tok is not None:
            person_tok = obj_tok  # "the board appointed Smith (as) chief executive"
            if as_role is None:
                as_role = next((c for c in obj_tok.children if c.dep_ in ("appos", "oprd")), None)
        else:
            person_tok = subj_tok
        if person_tok is None:
            continue
        person = state.entity_of(person_tok)
        if person is None or person.type != "Person":
            continue
        target = None
        if lemma not in _APPOINTING and obj_tok is not None:
            target = state.entity_of(obj_tok)
        if target is None:
            for o in orgs:
                c = state.entity_of(o)
                if c is not None and c.type in ("Organisation", "Location"):
                    target = c
                    break
        role_obj = _role_object(state, as_role) if as_role is not None else None
        target = role_obj or target
        if target is person or (target is not None and target.type not in ("Organisation", "Location")):
            target = None
        title = _title_of(as_role) if as_role is not None and as_role.lemma_.lower() in ROLE_NOUNS else None
        role_lemma = _role_key(as_role) if title and as_role is not None else ""
        if lemma in _FOUNDING:
            if (
                target is None
                or target.type != "Organisation"
                or lemma in ("launch", "start", "form", "create")
                and (obj_tok is None or state.entity_of(obj_tok) is not target)
            ):
                continue
            out.append(_rel(state, person, "founded", target, t, "founder", 0.8, "verb-found", t))
        elif lemma in _JOINING:
            if target is None or target.type != "Organisation":
                continue
            pred = (
                _predicate(role_lemma, target)
                if title
                else (
                    "memberOf"
                    if (target.subtype or "") in ("party", "armed_group")
                    or any(w in _PARTY_WORDS for w in target.name().lower().split())
                    else "worksFor"  # fmt: skip
                )
            )
            rel = _rel(state, person, pred, target, t, title, 0.75, "verb-join", t)
            out.append(replace(rel, start=rel.start or rel.time))
        elif lemma in _LEAVING:
            if target is None and not title:
                continue
            if target is not None and target.type != "Organisation" and not title:
                continue
            pred = _predicate(role_lemma, target) if title else "worksFor"
            rel = _rel(
                state, person, pred, target, t, ("former " + title) if title else None, 0.7, "verb-leave", t
            )
            out.append(replace(rel, end=rel.end or rel.time, former=True))
        elif lemma in _APPOINTING:
            if not title:
                continue
            rel = _rel(
                state, person, _predicate(role_lemma, target), target, t, title, 0.75, "verb-appoint", t
            )
            out.append(replace(rel, start=rel.start or rel.time))
        elif lemma in _WORKING:
            if lemma == "serve" and as_role is not None:
                continue  # "served as spokesman": the copula family reads it
            if target is None or target.type != "Organisation" or not orgs:
                continue
            past = t.tag_ == "VBD" or any(c.lower_ in ("had",) for c in t.children if c.dep_ == "aux")
            pred = "memberOf" if lemma == "serve" else "worksFor"  # "served on the board of X"
            out.append(_rel(state, person, pred, target, t, title, 0.7, "verb-work", t, former=past))
        elif lemma in _LEADING:
            if target is None or obj_tok is None or state.entity_of(obj_tok) is not target:
                continue
            past = t.tag_ == "VBD"
            out.append(_rel(state, person, "leads", target, t, None, 0.7, "verb-lead", t, former=past))


# --------------------------------------------------------------------------- parts and places

_PART_NOUNS = frozenset({"subsidiary", "division", "unit", "branch", "wing", "arm", "affiliate", "department",
                         "agency", "faction", "offshoot", "part", "member"})  # fmt: skip
_PARENT_NOUNS = frozenset({"parent", "owner", "holding"})
_PART_OR_PARENT = _PART_NOUNS | _PARENT_NOUNS


def _parts(state: DocState, out: list[Relation]) -> None:
    """ "Airbus, a subsidiary of EADS", "EADS's subsidiary Airbus", "Airbus parent EADS",
    "X is part of Y": an organisation inside another."""
    doc = state.doc
    for t in state.tokens:
        if t.pos_ != "NOUN":
            continue
        lemma = t.lemma_.lower()
        if lemma not in _PART_OR_PARENT:
            continue
        if lemma in _PART_NOUNS:
            whole = next((state.entity_of(g) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"), None)  # fmt: skip
            if whole is None:  # "EADS's subsidiary Airbus"
                whole = next((state.entity_of(c) for c in t.children if c.dep_ == "poss"), None)
            part = None
            if t.dep_ == "appos":
                part = state.entity_of(t.head)
            elif t.dep_ == "attr":
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                part = state.entity_of(subj) if subj is not None else None
            else:
                part = next((state.entity_of(c) for c in t.children if c.dep_ == "appos"), None)
                if part is None:
                    part = state.entity_of(t)
            if lemma == "member" and (part is None or part.type != "Organisation"):
                continue  # a person's membership is the roles family's
        else:
            # "Airbus parent EADS", "Airbus' parent company EADS", "the parent of Airbus, EADS"
            whole = state.entity_of(t.head) if t.dep_ == "compound" else None
            whole = whole or next((state.entity_of(c) for c in t.children if c.dep_ == "appos"), None)
            whole = whole or next((state.cluster_at(i) for i in range(t.i + 1, min(len(doc), t.i + 3))
                                   if state.cluster_at(i) is not None), None)  # fmt: skip
            part = next((state.entity_of(c) for c in t.children if c.dep_ in ("poss", "compound", "nmod")
                         and c.i < t.i), None)  # fmt: skip
            if part is None:
                part = next((state.entity_of(g) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pobj"), None)  # fmt: skip
        if (
            part is not None
            and whole is not None
            and part is not whole
            and part.type == "Organisation"
            and whole.type == "Organisation"
        ):
            out.append(_rel(state, part, "partOf", whole, t, None, 0.75, "part-of"))


_AREA_NOUNS = frozenset({"part", "region", "area", "north", "south", "east", "west", "northeast", "northwest",
                         "southeast", "southwest", "centre", "center", "outskirts", "heart"})  # fmt: skip
_PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "province", "state", "region", "district",
                          "county", "port", "suburb", "island"})  # fmt: skip


_DIRECTIONS = frozenset({"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
                         "southeastern", "southwestern", "north", "south", "east", "west", "northeast", "northwest",
                         "southeast", "southwest", "upper", "lower", "rural", "coastal"})  # fmt: skip


def _place_in_words(state: DocState, i: int) -> Cluster | None:
    """The place named by the words from token ``i``: ", in (the) (southern) <Place>" or ", in the
    (southern) part/region/north of <Place>" (None when the words are not that)."""
    doc = state.doc
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].lower_ != "in":
        return None
    i += 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    while i < len(doc) and doc[i].lower_ in _DIRECTIONS and state.cluster_at(i) is None:
        i += 1
    if (
        i < len(doc)
        and doc[i].lemma_.lower() in _AREA_NOUNS
        and i + 1 < len(doc)
        and doc[i + 1].lower_ == "of"
    ):
        i += 2
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
    c = state.cluster_at(i) if i < len(doc) else None
    if c is None or c.type != "Location":
        return None
    return c if any(m.start == i for m in c.mentions) else None


def _place_appositions(state: DocState, out: list[Relation]) -> None:
    """ "Toulouse, in southern France", "Dawlat Abad, a district in Faryab province": a place in a place."""
    for c in state.live_clusters():
        if c.type != "Location":
            continue
        for m in c.mentions:
            head = state.doc[m.start : m.end].root
            heads = [head]
            if head.dep_ == "compound" and head.head.pos_ == "NOUN" and state.cluster_at(head.head) is None:
                heads.append(
                    head.head
                )  # "the Najd plateau in northern Saudi Arabia": the noun the name is on
            for child in (x for h in heads for x in h.children):
                target = None
                if child.dep_ == "prep" and child.lower_ in ("in", "of") and child.i > head.i:
                    target = child
                elif child.dep_ == "appos" and child.pos_ == "NOUN":
                    target = next(
                        (g for g in child.children if g.dep_ == "prep" and g.lower_ in ("in", "of")), None
                    )
                if target is None:
                    continue
                for pobj in target.children:
                    place = state.entity_of(pobj) if pobj.dep_ == "pobj" else None
                    if place is not None and place.type == "Location" and place is not c:
                        out.append(_rel(state, c, "locatedIn", place, child, None, 0.7, "place-in-place"))
            # "Tartu in the southern part of Estonia", "Kassala, in eastern Sudan": read off the words, since
            # the parser mostly hangs such an "in" on the verb
            place = _place_in_words(state, m.end)
            if place is not None and place is not c:
                out.append(
                    _rel(state, c, "locatedIn", place, state.doc[m.end - 1], None, 0.7, "place-in-words")
                )
            # "Bosnia's capital, Sarajevo", "Ohio's largest city, Columbus": a place noun owned by a place
            if head.dep_ == "appos" and head.head.lemma_.lower() in _PLACE_NOUNS:
                poss = next((w for w in head.head.children if w.dep_ == "poss"), None)
                owner = state.entity_of(poss) if poss is not None else None
                if owner is not None and owner.type == "Location" and owner is not c:
                    out.append(_rel(state, c, "locatedIn", owner, head.head, None, 0.75, "place-of-place"))


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen: dict[tuple[str, str, str | None], Relation] = {}
    for r in rels:
        key = (r.subject, r.predicate, r.object if r.object is not None else (r.title or ""))
        if key not in seen or r.confidence > seen[key].confidence:
            seen[key] = r
    # a bare title is redundant when the same title came with an object
    titled = {(r.subject, r.title) for r in seen.values() if r.object is not None}
    return [r for r in seen.values() if not (r.object is None and (r.subject, r.title) in titled)]


# --------------------------------------------------------------------------- places written as pairs

# a place the text names after another, separated by a comma, that is the wider one ("Aiken, S.C.",
# "Dayton, Ohio", "Paris, France"): a state, province or country, or an abbreviation ("Conn.", "N.M.")
_WIDE_SUBTYPES = frozenset({"country", "province", "state", "region", "administrative_area", "territory"})
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}\.|(?:[A-Z]\.){1,3}[A-Z]?\.?|[A-Z]{2})$")


def _is_wider(c: Cluster, text: str) -> bool:
    subtype = (c.entry.subtype if c.entry is not None else None) or c.subtype or ""
    return subtype in _WIDE_SUBTYPES or bool(_ABBREVIATION.match(text.strip()))


def _place_pairs(state: DocState, out: list[Relation]) -> None:
    """ "Aiken, S.C.", "in Dayton, Ohio, ...", "GRAND RAPIDS, Mich.": a place, a comma and a wider place
    right after it is the place it lies in. A list of places ("Israel, Syria and Lebanon") is not a
    pair: the first place must not itself follow a place and a comma, the second must not be followed
    by "and"/"or", and the first must not be a country."""
    doc = state.doc
    for c in state.live_clusters():
        if c.type != "Location":
            continue
        for m in c.mentions:
            if m.kind != "NAM" or m.end + 1 >= len(doc) or doc[m.end].text != ",":
                continue
            wide = state.cluster_at(m.end + 1)
            if wide is None or wide is c or wide.type != "Location":
                continue
            w = next((x for x in wide.mentions if x.start == m.end + 1), None)
            if w is None or not _is_wider(wide, doc[w.start : w.end].text):
                continue
            if _is_wider(c, doc[m.start : m.end].text) and (c.entry is None or c.entry.subtype == "country"):
                continue  # "France, Germany": two countries, not one in the other
            after = doc[w.end] if w.end < len(doc) else None
            if after is not None and after.lower_ in ("and", "or", "&"):
                continue
            before = state.cluster_at(m.start - 2) if m.start >= 2 and doc[m.start - 1].text == "," else None
            if before is not None and before.type == "Location":
                continue
            out.append(_rel(state, c, "locatedIn", wide, doc[m.end], None, 0.75, "place-pair"))


def _places_of(state: DocState, tok: Token) -> list[Cluster]:
    """The place a token names and the wider place written with it: "Dayton, Ohio" -> [Dayton, Ohio];
    "Botoa in Badajoz" -> [Botoa, Badajoz]."""
    first = state.entity_of(tok)
    if first is None or first.type != "Location":
        return []
    found = [first]
    mention = next((m for m in first.mentions if m.start <= tok.i < m.end), None)
    if mention is not None and mention.end + 1 < len(state.doc) and state.doc[mention.end].text == ",":
        wide = state.cluster_at(mention.end + 1)
        if wide is not None and wide is not first and wide.type == "Location":
            w = next((x for x in wide.mentions if x.start == mention.end + 1), None)
            if w is not None and _is_wider(wide, state.doc[w.start : w.end].text):
                found.append(wide)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for g in child.children:
                c = state.entity_of(g) if g.dep_ == "pobj" else None
                if c is not None and c.type == "Location" and c not in found:
                    found.append(c)
    return found


# --------------------------------------------------------------------------- where people live, were born

_RESIDE_VERBS = frozenset({"live", "reside", "settle"})
_HOME_NOUNS = frozenset({"hometown", "home"})  # "their hometown of Grants", "Richardson's hometown"
_NATIVE_NOUNS = frozenset({"native"})  # "a native of Salisbury"
_RESIDENT_NOUNS = frozenset({"resident", "citizen", "villager", "inhabitant"})
_DWELLING_NOUNS = frozenset({"home", "house", "residence", "apartment", "farm", "ranch", "estate", "villa"})
_NOT_RESIDENCE_NOUNS = frozenset({"president", "king", "queen", "emir", "premier", "governor", "mayor",
                                   "minister", "senator", "ambassador", "envoy"})  # fmt: skip


def _person_of(state: DocState, noun: Token) -> Cluster | None:
    """The person a describing noun is about: its apposition head ("Peter Hall, a native of Leeds"),
    the subject of its copula ("Helen is a native of Mobile"), or its possessor ("his hometown")."""
    cands: list[Token] = []
    if noun.dep_ == "appos":
        cands.append(noun.head)
    if noun.dep_ == "attr":
        cands.extend(c for c in noun.head.children if c.dep_ == "nsubj")
    cands.extend(c for c in noun.children if c.dep_ == "appos" and c.i > noun.i)
    for tok in cands:
        c = state.entity_of(tok)
        if c is not None and c.type == "Person":
            return c
    return None


def _residence(state: DocState, out: list[Relation]) -> None:
    doc = state.doc
    for c in state.live_clusters():
        if c.type != "Person":
            continue
        for m in c.named():
            # "Anna Kowalski, 42, of Dayton, Ohio" / "Mayor Tom Reilly of Boston": a place hung on the name
            # with "of" is where the person is from (a title before the name makes it the place of office)
            for child, pobj in _preps_after_name(doc, m, ("of",)):
                titled = m.start > 0 and (
                    doc[m.start - 1].lower_ in PERSON_TITLES or doc[m.start - 1].lemma_.lower() in ROLE_NOUNS
                )
                for place in _places_of(state, pobj)[:1]:
                    if place is not c:
                        pred = "holdsPositionIn" if titled else "livesIn"
                        out.append(_rel(state, c, pred, place, child, None, 0.7, "person-of-place"))
            # "Denver lawyer Mark Stone", "Atlanta businessman Neil Estes": place, then one to three
            # lower-case nouns written as compounds of the name (a role noun there is the title family's)
            i = m.start - 1
            nouns = []
            while i >= 0 and doc[i].pos_ == "NOUN" and doc[i].text.islower() and state.cluster_at(i) is None:
                nouns.append(doc[i])
                i -= 1
            place = state.cluster_at(i) if i >= 0 and 1 <= len(nouns) <= 3 else None
            if (
                place is not None
                and place.type == "Location"
                and doc[i].dep_ in ("compound", "nmod", "amod")
                and all(n.dep_ in ("compound", "nmod", "amod") for n in nouns)
                and not any(n.lemma_.lower() in ROLE_NOUNS | set(PERSON_TITLES) for n in nouns)
            ):
                out.append(_rel(state, c, "livesIn", place, nouns[-1], None, 0.65, "place-noun-name"))
    for t in state.tokens:
        lemma = t.lemma_.lower()
        # "X was born in Salinas, Calif.", "Born in Lyon, Girard moved ...", "Gordon Parks, born in Fort Scott"
        if lemma == "bear" and t.tag_ == "VBN":
            who = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            if who is None and t.dep_ in ("acl", "relcl"):
                who = t.head
            if who is None and t.dep_ == "advcl":
                who = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            person = state.entity_of(who) if who is not None else None
            if person is None and who is not None and who.dep_ in ("nsubjpass", "nsubj"):
                person = next((state.entity_of(a) for a in who.children if a.dep_ == "appos"), None)
            if person is None or person.type != "Person":
                continue
            # "Buddy Holly was born Charles Holley in Lubbock": the birth name, and its "in", hang on the verb
            birth_name = next((c for c in t.children if c.dep_ == "oprd"), None)
            also = state.entity_of(birth_name) if birth_name is not None else None
            people = [person] + (
                [also] if also is not None and also is not person and also.type == "Person" else []
            )
            preps = [c for h in (t, birth_name) if h is not None for c in h.children]
            for prep in preps:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    for pobj in prep.children:
                        for place in _places_of(state, pobj)[:1] if pobj.dep_ == "pobj" else ():
                            for who in people:
                                out.append(_rel(state, who, "bornIn", place, t, None, 0.8, "born-in", t))
        # "Peter Hall, who lives in Leeds", "a Jordanian residing in the United States"
        elif lemma in _RESIDE_VERBS and t.pos_ == "VERB":
            who = _clause_subject(t, ("nsubj",))
            if who is None and t.dep_ == "acl":
                who = t.head
            person = state.entity_of(who) if who is not None else None
            if person is None and who is not None and who.dep_ == "appos":
                person = state.entity_of(who.head)
            if person is None or person.type != "Person":
                continue
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for pobj in prep.children:
                        for place in _places_of(state, pobj)[:1] if pobj.dep_ == "pobj" else ():
                            out.append(_rel(state, person, "livesIn", place, t, None, 0.8, "lives-in", t))
        # "a native of Mobile", "a resident of Leeds", "their hometown of Grants", "Richardson's hometown"
        elif lemma in _NATIVE_NOUNS | _RESIDENT_NOUNS | _HOME_NOUNS and t.pos_ == "NOUN":
            pred = "bornIn" if lemma in _NATIVE_NOUNS else "livesIn"
            places: list[Cluster] = []
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            places.extend(_places_of(state, pobj)[:1])
            if lemma in _HOME_NOUNS and t.dep_ == "appos":
                places.extend(_places_of(state, t.head)[:1])  # "Beaumont, Texas, Richardson's hometown"
            person = _person_of(state, t)
            if person is None and lemma in _HOME_NOUNS:
                poss = next((c for c in t.children if c.dep_ == "poss"), None)
                person = state.entity_of(poss) if poss is not None else None
            if person is None or person.type != "Person":
                continue
            for place in places:
                out.append(_rel(state, person, pred, place, t, None, 0.75, f"{lemma}-of"))
    # "his native South Carolina": the place a possessor calls native; "Smith's Malibu home": where one lives
    for c in state.live_clusters():
        if c.type != "Location":
            continue
        for m in c.named():
            root = doc[m.start : m.end].root
            house = root.head
            if root.dep_ in ("compound", "nmod", "amod") and house.lemma_.lower() in _DWELLING_NOUNS:
                poss = next((w for w in house.children if w.dep_ == "poss"), None)
                owner = state.entity_of(poss) if poss is not None else None
                if owner is not None and owner.type == "Person":
                    out.append(_rel(state, owner, "livesIn", c, house, None, 0.7, "place-home"))
            native = any(w.lower_ == "native" and w.dep_ == "amod" for w in root.lefts)
            poss = next((w for w in root.lefts if w.dep_ == "poss"), None)
            person = state.entity_of(poss) if poss is not None and native else None
            if person is not None and person.type == "Person":
                out.append(_rel(state, person, "bornIn", c, root, None, 0.7, "native-place"))


# --------------------------------------------------------------------------- employers on a name

_NOT_EMPLOYER_PREPS = frozenset({"in"})  # "Smith in Google's lawsuit": too loose


def _person_org_preps(state: DocState, out: list[Relation]) -> None:
    """ "Karen Wu at the Institute of Physics", "Sam Kadet of the law firm Skadden", "Ann Lee, of the DEM's
    groundwater division", "John Doe with the Red Cross": an organisation hung on a person's name with
    at / of / with is the person's employer or institution (worksFor)."""
    doc = state.doc
    for c in state.live_clusters():
        if c.type != "Person":
            continue
        for m in c.named():
            for child, pobj in _preps_after_name(doc, m, ("at", "of", "with")):
                org = state.entity_of(pobj)
                if org is None and pobj.pos_ == "NOUN":
                    # "of the DEM's division", "of the law firm of Skadden": the unit's owner
                    org = next(
                        (state.entity_of(g) for g in pobj.children if g.dep_ in ("poss", "compound")), None
                    ) or next(
                        (state.entity_of(x) for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of"
                         for x in g.children if x.dep_ == "pobj"), None
                    )  # fmt: skip
                if org is not None and org is not c and org.type == "Organisation":
                    rule = f"person-{child.lower_}-org"
                    out.append(_rel(state, c, "worksFor", org, child, None, 0.7, rule))
                    # "of the DEM's groundwater division": working for a unit is working for its owner
                    owner = state.clusters[org.owner] if org.owner is not None else None
                    if (
                        owner is not None
                        and owner.mentions
                        and owner is not c
                        and owner.type == "Organisation"
                    ):
                        out.append(_rel(state, c, "worksFor", owner, child, None, 0.65, "person-of-unit"))


def _preps_after_name(doc, m, words: tuple[str, ...]):
    """(preposition, its object) pairs hung on a person's name after it ("X of Boston", "X at the
    Institute"), for the prepositions in ``words``."""
    for child in doc[m.start : m.end].root.children:
        if child.dep_ == "prep" and child.lower_ in words and child.i >= m.end:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield child, pobj


# --------------------------------------------------------------------------- killings

_KILL_VERBS = frozenset({"kill", "assassinate", "murder", "slay"})
_DEATH_VERBS = frozenset({"shoot", "stab", "strangle", "beat", "hack", "bludgeon"})  # with "dead"/"to death"
_KILL_NOUNS = frozenset({"assassination", "murder", "killing", "slaying"})
_KILLER_NOUNS = frozenset({"assassin", "killer", "murderer", "slayer"})


def _person(state: DocState, tok: Token | None) -> Cluster | None:
    """The person a token stands for, looking through an apposition ("the man who ..., Oswald")."""
    if tok is None:
        return None
    c = state.entity_of(tok)
    if c is None and tok.dep_ == "appos":
        c = state.entity_of(tok.head)
    if c is None:
        c = next((state.entity_of(a) for a in tok.children if a.dep_ == "appos"), None)
    return c if c is not None and c.type == "Person" else None


def _killer_subject(t: Token) -> Token | None:
    """Who did it: the subject, the head of a relative clause ("the man who assassinated X"), the
    subject of the verb a gerund hangs on ("Oswald acted alone in killing Kennedy"), or of a verb it
    is coordinated or chained with."""
    subj = _clause_subject(t, ("nsubj",))
    node = t
    while subj is None and node.dep_ in ("pcomp", "xcomp", "conj", "advcl") and node.i != node.head.i:
        node = node.head.head if node.dep_ == "pcomp" else node.head
        if node.pos_ not in ("VERB", "AUX"):
            break
        subj = _clause_subject(node, ("nsubj",))
    return subj


def _killings(state: DocState, out: list[Relation]) -> None:
    """X gk:killedBy Y (the victim first, as Wikidata's "killed by"), from killing verbs, killing nouns
    and killer nouns. "shot"/"stabbed" count only with "dead" / "to death" (a shooting may wound)."""
    doc = state.doc
    for t in state.tokens:
        lemma = t.lemma_.lower()
        victim = killer = None
        if t.pos_ == "VERB" and (
            lemma in _KILL_VERBS
            or lemma in _DEATH_VERBS
            and any(c.lower_ in ("dead", "death") for c in t.subtree if c.i > t.i and c.i - t.i <= 4)
        ):
            if any(c.dep_ == "neg" for c in t.children):
                continue  # "did not kill"
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            if passive:
                # "Lincoln was assassinated by Booth"; "Booth, who was killed by soldiers"
                victim = _person(state, _clause_subject(t, ("nsubjpass",)))
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                killer = (
                    _person(state, next((g for g in agent.children if g.dep_ == "pobj"), None))
                    if agent
                    else None
                )
            else:
                # "Booth assassinated Lincoln", "the man who had assassinated Kennedy", "in killing Kennedy"
                killer = _person(state, _killer_subject(t))
                victim = _person(state, next((c for c in t.children if c.dep_ == "dobj"), None))
        elif t.pos_ == "NOUN" and lemma in _KILL_NOUNS:
            # "the assassination of Archduke Franz Ferdinand by Gavrilo Princip", "Kennedy's assassination"
            of = next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                       if g.dep_ == "pobj"), None)  # fmt: skip
            if of is None:  # "the assassination in 1914 of X": the parser hangs "of X" on the date
                of = next((g for c in t.children if c.dep_ == "prep" for d in c.children if d.ent_type_ == "DATE"
                           for p in d.children if p.dep_ == "prep" and p.lower_ == "of"
                           for g in p.children if g.dep_ == "pobj"), None)  # fmt: skip
            by = next((g for c in t.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                       for g in c.children if g.dep_ == "pobj"), None)  # fmt: skip
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            victim = _person(state, of) or (_person(state, poss) if of is None else None)
            killer = _person(state, by) or (_person(state, poss) if of is not None else None)
        elif t.pos_ == "NOUN" and lemma in _KILLER_NOUNS:
            # "McKinley's assassin Leon Czolgosz", "King assassin James Earl Ray", "Booth, assassin of Lincoln"
            of = next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                       if g.dep_ == "pobj"), None)  # fmt: skip
            poss = next((c for c in t.children if c.dep_ in ("poss", "compound") and c.i < t.i), None)
            victim = _person(state, of) or _person(state, poss)
            if victim is None and t.i >= 1:
                # a flat run of compounds: "Ruth Cole assassin Victor Hale" (the victim's name just before)
                j = t.i - 2 if doc[t.i - 1].text in ("'s", "’s", "'") and t.i >= 2 else t.i - 1
                before = state.cluster_at(j)
                victim = before if before is not None and before.type == "Person" else None
            killer = None
            if t.dep_ == "compound":
                killer = _person(state, t.head)
            if killer is None:
                killer = _person_of(state, t)
            if killer is None:
                nxt = state.cluster_at(t.i + 1) if t.i + 1 < len(doc) else None
                if nxt is None and t.i + 2 < len(doc) and doc[t.i + 1].text == ",":
                    nxt = state.cluster_at(t.i + 2)
                killer = nxt if nxt is not None and nxt.type == "Person" else None
        if victim is not None and killer is None and (t.pos_ == "VERB" or lemma in _KILL_NOUNS):
            killer = _person(state, _convicted_of(t))  # "Ray is serving 99 years for the murder of King"
        if victim is not None and killer is not None and victim is not killer:
            out.append(_rel(state, victim, "killedBy", killer, t, None, 0.75, f"killed-by:{lemma}", t))


# verbs of a court's verdict or its sentence: who is convicted of, sentenced or jailed for, serving time for,
# or pleads guilty to a killing did it
_VERDICT_VERBS = frozenset(
    {"convict", "sentence", "serve", "jail", "imprison", "execute", "hang", "plead", "find"}
)


def _convicted_of(t: Token) -> Token | None:
    """The person a verdict names for the killing ``t``: "Ray was convicted of killing King", "Smith was
    sentenced to life for the murder of Jones", "Ray is serving 99 years for the murder of King",
    "Smith pleaded guilty to the murder of Jones". Not "charged with" or "accused of": an accusation
    is not a finding (the claim rules keep those)."""
    prep = t.head
    if t.dep_ not in ("pobj", "pcomp") or prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "to"):
        return None
    gov = prep.head
    if gov.lemma_.lower() == "guilty" and gov.dep_ in ("oprd", "acomp", "xcomp"):
        gov = gov.head  # "pleaded guilty to", "was found guilty of"
    elif gov.lemma_.lower() in ("plead", "find"):
        return None  # "pleaded not ... ", "found for": only with "guilty"
    if gov.lemma_.lower() not in _VERDICT_VERBS or any(c.dep_ == "neg" for c in gov.children):
        return None
    return next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
