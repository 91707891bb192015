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
* group membership: "Taliban fighters" -> memberOf Taliban.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkit.extract.document import Cluster, DocState
from graphkit.extract.lexicon import (
    LEADER_ROLES,
    MEMBER_ROLES,
    PERSON_TITLES,
    ROLE_NOUNS,
    SPOKESPERSON_ROLES,
    TITLE_MODIFIERS,
)
from graphkit.types import Relation, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_ACADEMIC = {"lecturer", "professor", "teacher", "researcher", "scholar", "student", "fellow"}
_COUNTRY_WORDS = {"us", "u.s.", "uk", "u.k."}
_FORMER = {"former", "previously", "ex", "ex-", "once", "then", "retired", "late"}
_DROP_FROM_TITLE = {"a", "an", "the", "its", "his", "her", "their", "our", "this"}


def find_relations(state: DocState) -> list[Relation]:
    out: list[Relation] = []
    _appositions(state, out)
    _copulas(state, out)
    _titles_before_names(state, out)
    _kinship(state, out)
    _org_places(state, out)
    _group_membership(state, out)
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
) -> Relation:
    sent = token.sent
    return Relation(
        subject=str(subj.id),
        predicate=pred,
        object=str(obj.id) if obj is not None else None,
        sentence=state.sentence_of(token),
        evidence=Span(sent.start_char, sent.end_char, sent.text),
        title=title,
        confidence=conf,
        rule=rule,
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
    state: DocState, subj: Cluster, role: Token, out: list[Relation], rule: str, former: bool = False
) -> None:
    """One relation per coordinated role noun ("founder and CEO of X")."""
    roles = [role, *[c for c in role.conjuncts if c.pos_ in ("NOUN", "PROPN")]]
    shared = _role_object(state, role)
    for r in roles:
        lemma = r.lemma_.lower()
        if lemma not in ROLE_NOUNS:
            continue
        obj = _role_object(state, r) or shared
        if obj is subj:
            obj = None
        title = _title_of(r, former)
        out.append(_rel(state, subj, _predicate(lemma, obj), obj, r, title, 0.8 if obj else 0.7, rule))


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
                    _roles_from(state, c, child, out, "apposition", _is_former(child.lefts))
                # "Kamal Alam, a nonresident senior fellow" sometimes parses the role as a conj
            if head.dep_ == "appos" and head.head.lemma_.lower() in ROLE_NOUNS:
                _roles_from(state, c, head.head, out, "apposition")


def _copulas(state: DocState, out: list[Relation]) -> None:
    """ "X is the deputy governor of Farah", "who is ...", "who served as spokesman for ..."."""
    for t in state.doc:
        if t.lemma_.lower() == "be" and t.dep_ in ("relcl", "ROOT", "ccomp", "conj"):
            attr = next((c for c in t.children if c.dep_ == "attr"), None)
            if attr is None or attr.lemma_.lower() not in ROLE_NOUNS:
                continue
        elif t.lemma_.lower() in ("serve", "work", "act") and t.pos_ == "VERB":
            prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            attr = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
            if attr is None or attr.lemma_.lower() not in ROLE_NOUNS:
                continue
        else:
            continue
        subj_tok = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if (
            subj_tok is not None
            and subj_tok.lower_ in ("who", "that")
            and t.dep_ == "relcl"
            or subj_tok is None
            and t.dep_ == "relcl"
        ):
            subj_tok = t.head
        if subj_tok is None:
            continue
        subj = state.entity_of(subj_tok)
        if subj is None or subj.type != "Person":
            continue
        former = (
            _is_former(t.children) or _is_former(attr.lefts) or any(a.lower_ in ("was", "were") for a in [t])
        )
        _roles_from(state, subj, attr, out, "copula", former)


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
    doc = state.doc
    for t in doc:
        # "a Kabul-based think-tank" (apposition of an organisation) / "Kabul-based Institute"
        if t.lower_ == "based" and t.i > 0:
            place = None
            for j in (t.i - 1, t.i - 2):
                if j >= 0 and state.cluster_at(j) is not None and state.cluster_at(j).type == "Location":  # type: ignore[union-attr]
                    place = state.cluster_at(j)
                    break
            if place is None:
                continue
            noun = t.head
            org = state.entity_of(noun)
            if org is None and noun.dep_ == "appos":
                org = state.entity_of(noun.head)
            if org is not None and org.type == "Organisation":
                out.append(_rel(state, org, "basedIn", place, t, None, 0.8, "x-based"))
        # "the American University in Kabul"
        if t.dep_ == "prep" and t.lower_ in ("in", "of") and t.head.pos_ == "PROPN":
            org = state.entity_of(t.head)
            if org is None or org.type != "Organisation":
                continue
            for pobj in t.children:
                place = state.entity_of(pobj) if pobj.dep_ == "pobj" else None
                if place is not None and place.type == "Location" and place is not org:
                    if t.lower_ == "of" and place.subtype != "country":
                        continue
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


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen: dict[tuple[str, str, str | None], Relation] = {}
    for r in rels:
        key = (r.subject, r.predicate, r.object if r.object is not None else (r.title or ""))
        if key not in seen or r.confidence > seen[key].confidence:
            seen[key] = r
    # a bare title is redundant when the same title came with an object
    titled = {(r.subject, r.title) for r in seen.values() if r.object is not None}
    return [r for r in seen.values() if not (r.object is None and (r.subject, r.title) in titled)]
