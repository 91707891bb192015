"""Coreference a knowledge graph needs: who "he", "the group", "the retired general" and
"his father" are, so that their events and relations attach to the right node.

Rules, in order:

1. kinship bindings from appositions: "Bakhtawar's son Massoud" binds (Bakhtawar, child)
   to Massoud and (Massoud, parent) to Bakhtawar;
2. titles and roles of named people from their titles and appositions ("retired Gen.",
   "an Afghan political analyst");
3. one left-to-right pass resolving pronouns (he/his/she/her), possessed kinship nouns
   ("his father"), definite descriptions ("the retired general", "the group", "the
   analyst") and lede descriptions that a later name explains ("A retired Afghan
   general has defected ... retired Gen. Abdul Jalil Bakhtawar");
4. singular role nouns still unresolved ("a foreign diplomat in Kabul", "a Taliban
   spokesman") become unnamed Person entities of their article;
5. last, the trained mention typer (:mod:`graphkit.extraction.mentions`) adds the nominal people,
   organisations and places no rule made a mention of ("the climbers", "a ridge").

Resolution is by salience: the nearest compatible antecedent, subjects first, within a
few sentences. It is deliberately conservative: an unresolved pronoun is left alone
rather than guessed across a long distance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkit.extraction.document import Cluster, DocState, MentionDraft
from graphkit.extraction.lexicon import KINSHIP, PERSON_NOUNS, PERSON_TITLES, PLACE_DESCRIPTIONS, ROLE_NOUNS
from graphkit.extraction.mentions import add_nominal_mentions
from graphkit.extraction.quotes import Quote, attributing_verb, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_KIN_CLASS = {
    "son": "child", "daughter": "child", "child": "child", "father": "parent", "mother": "parent",
    "parent": "parent", "brother": "sibling", "sister": "sibling", "wife": "spouse", "husband": "spouse",
    "spouse": "spouse", "widow": "spouse",
}  # fmt: skip
_INVERSE = {"child": "parent", "parent": "child", "sibling": "sibling", "spouse": "spouse"}
_ORG_DESCRIPTIONS = {"group", "organisation", "organization", "movement", "militia", "insurgency", "network",
                     "party", "company", "firm", "alliance", "agency"}  # fmt: skip
_NEUTER = {"its", "itself"}
_PLURAL = {"they", "them", "their", "theirs", "themselves"}
MAX_SENTENCE_DISTANCE = 3


def resolve(state: DocState) -> None:
    kin: dict[tuple[int, str], int] = {}
    state_quotes = list(state.quotes)
    _kin_appositions(state, kin)
    _collect_titles(state)
    _left_to_right(state, kin, state_quotes)
    _quote_speakers(state, kin, state_quotes)
    _unnamed_people(state)
    _relative_pronouns(state)
    add_nominal_mentions(state)  # after every rule: the model only adds what the rules left


# --------------------------------------------------------------------------- helpers


def _person_clusters(state: DocState) -> list[Cluster]:
    return [c for c in state.live_clusters() if c.type == "Person"]


def _possessor(state: DocState, noun: Token) -> Cluster | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return state.cluster_at(child) or state.entity_of(child)
    return None


def _bind(kin: dict[tuple[int, str], int], owner: Cluster, noun: str, target: Cluster) -> None:
    cls = _KIN_CLASS.get(noun)
    if cls is None:
        return
    kin.setdefault((owner.id, cls), target.id)
    kin.setdefault((target.id, _INVERSE[cls]), owner.id)


def _attach(
    state: DocState, cluster: Cluster, token: Token, kind: str = "NOM", source: str = "coref"
) -> bool:
    return state.add_mention(cluster, MentionDraft(token.i, token.i + 1, kind, source, token.text))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 1. kinship


def _kin_appositions(state: DocState, kin: dict[tuple[int, str], int]) -> None:
    """``Bakhtawar's son Massoud`` / ``Massoud, Bakhtawar's son``."""
    doc = state.doc
    for t in state.tokens:
        noun = t.lemma_.lower()
        if noun not in KINSHIP or t.pos_ != "NOUN":
            continue
        owner = _possessor(state, t)
        if owner is None or owner.type != "Person":
            continue
        named = None
        for child in t.children:  # "son Massoud" (appos) or "son, Massoud"
            c = state.cluster_at(child)
            if child.dep_ in ("appos", "compound", "npadvmod") and c is not None and c.type == "Person":
                named = c
        if named is None and t.dep_ == "appos":
            c = state.cluster_at(t.head)
            if c is not None and c.type == "Person":
                named = c
        if named is None and t.i + 1 < len(doc):  # tagger often leaves it as a flat PROPN
            c = state.cluster_at(t.i + 1)
            if c is not None and c.type == "Person":
                named = c
        if named is not None and named is not owner:
            _bind(kin, owner, noun, named)
            _attach(state, named, t)
            state.kinship.append((named.id, KINSHIP[noun][0], owner.id, t.i))


# --------------------------------------------------------------------------- 2. titles


def _collect_titles(state: DocState) -> None:
    doc = state.doc
    for c in _person_clusters(state):
        for m in c.named():
            head = doc[m.start : m.end].root
            for child in head.children:
                if child.dep_ == "appos" and child.lemma_.lower() in ROLE_NOUNS:
                    c.titles.append(child.lemma_.lower())
                    for conj in child.conjuncts:
                        if conj.lemma_.lower() in ROLE_NOUNS:
                            c.titles.append(conj.lemma_.lower())
            if head.dep_ == "appos" and head.head.lemma_.lower() in ROLE_NOUNS:
                c.titles.append(head.head.lemma_.lower())


# --------------------------------------------------------------------------- 3. one pass


def _left_to_right(state: DocState, kin: dict[tuple[int, str], int], quotes: list[Quote]) -> None:
    for t in state.tokens:
        if t.i in state.tok2cluster:
            continue
        low = t.lower_
        if t.pos_ == "PRON" and (low in _MALE or low in _FEMALE):
            quoted = any(q.contains_char(t.idx) for q in quotes)
            c = _antecedent_person(state, t, quoted, quotes)
            if c is not None:
                _attach(state, c, t, "PRO")
            continue
        if t.pos_ == "PRON" and low == "it" and t.dep_ in ("nsubj", "nsubjpass"):
            # "the RUF announced it will return weapons", "Iraq said it would allow": the organisation
            # or country that says so speaks of itself
            c = _reporting_subject(state, t)
            if c is not None:
                _attach(state, c, t, "PRO")
            continue
        if t.pos_ == "PRON" and low in _NEUTER:
            # "its 1996 takeover": the organisation or country talked about just before
            c = _antecedent(state, t, lambda c: c.type == "Organisation", max_distance=1)
            if c is not None:
                _attach(state, c, t, "PRO")
            continue
        if t.pos_ == "PRON" and low in _PLURAL:
            # "despite their surrender" -> the soldiers; only groups, only close by (organisations were
            # tried: "they" is far more often people than the company named before)
            c = _antecedent(state, t, lambda c: c.type == "Group", max_distance=1)
            if c is not None:
                _attach(state, c, t, "PRO")
            continue
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = t.lemma_.lower()
        if lemma in KINSHIP:
            _resolve_kin(state, kin, t)
        elif _is_definite(t) and lemma in _ORG_DESCRIPTIONS and t.tag_ == "NN":
            c = _antecedent(
                state,
                t,
                lambda c: c.type == "Organisation" and c.entry is not None or c.type == "Organisation",
            )
            if c is not None:
                _attach(state, c, t)
        elif (lemma in ROLE_NOUNS or lemma in PERSON_NOUNS) and t.tag_ == "NN" and _is_description(t):
            _resolve_description(state, t)
        elif lemma in PLACE_DESCRIPTIONS and t.tag_ == "NN" and _is_definite_or_possessed(t):
            # "the city", "the country's main airport": the place of that kind named just before
            kinds = PLACE_DESCRIPTIONS[lemma]
            # "the US began talks to facilitate a withdrawal from the country": not the clause's own subject
            actors = _governing_subjects(state, t)
            c = _antecedent(
                state,
                t,
                lambda c, k=kinds, a=actors: c.type == "Location" and _place_kind(c) in k and c not in a,
            )
            if c is not None:
                _attach(state, c, t)


def _reporting_subject(state: DocState, t: Token) -> Cluster | None:
    """For "it" subject of a clause reported by a speech verb: that verb's subject when it is an
    organisation or a place (a country speaking), the clause being the verb's complement."""
    clause = t.head
    if clause.dep_ != "ccomp" or not _is_speech_verb(clause.head):
        return None
    subj = next((ch for ch in clause.head.children if ch.dep_ == "nsubj"), None)
    c = state.entity_of(subj) if subj is not None else None
    return c if c is not None and c.type in ("Organisation", "Location") else None


def _governing_subjects(state: DocState, t: Token) -> list[Cluster]:
    """The actors of the clauses a noun phrase sits in, up to a reported-speech boundary: the subjects
    ("the US began negotiations to facilitate a withdrawal from the country" -> [US]) and the actors
    written before a governing noun ("the US-led withdrawal from the country"); in "Kenya said the
    country would ..." the clause stops at "said", so Kenya stays a possible antecedent."""
    out: list[Cluster] = []
    node = t
    for _ in range(8):
        if node.dep_ in ("ccomp", "parataxis", "csubj") or node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            for ch in node.children:
                if ch.dep_ in ("nsubj", "nsubjpass") and ch.i != t.i:
                    c = state.entity_of(ch)
                    if c is not None:
                        out.append(c)
        elif node.pos_ in ("NOUN", "PROPN"):
            # "the US-led withdrawal from the war-torn country": the noun's own actor, written before it
            for ch in node.lefts:
                if ch.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                    out.extend(c for c in (state.cluster_at(w) for w in ch.subtree) if c is not None)
    return out


def _is_definite_or_possessed(t: Token) -> bool:
    return _is_definite(t) or (t.dep_ == "poss" and any(ch.lower_ == "the" for ch in t.children))


def _place_kind(c: Cluster) -> str | None:
    if c.subtype:
        return c.subtype
    return c.entry.subtype if c.entry is not None else None


def _is_definite(t: Token) -> bool:
    return any(ch.dep_ == "det" and ch.lower_ in ("the", "this", "that") for ch in t.children)


def _is_description(t: Token) -> bool:
    """A stand-alone noun phrase headed by a role noun, not a title inside a name phrase."""
    if t.dep_ in ("compound", "appos", "attr", "amod", "conj"):
        return False
    return any(ch.dep_ == "det" or ch.dep_ == "poss" for ch in t.children) or t.dep_ in ("nsubj", "nsubjpass")


def _antecedent(
    state: DocState,
    t: Token,
    ok,
    max_distance: int = MAX_SENTENCE_DISTANCE,
    quoted: bool = False,
    quotes: list[Quote] = (),
) -> Cluster | None:
    """Nearest preceding mention within a few sentences whose cluster satisfies ``ok``.

    Salience, in order: fewer sentences back; for earlier sentences, the main clause's
    subject over an embedded subject over anything else; a speaker continues as the
    speaker ("..., he said" after "X insisted ..."); then the later mention.
    """
    here = state.sentence_of(t)
    pron_speaks = t.dep_ == "nsubj" and _is_speech_verb(t.head)
    best: tuple[tuple[int, int, int, int], Cluster] | None = None
    for c in state.live_clusters():
        if not ok(c):
            continue
        for m in c.mentions:
            if m.end > t.i:
                continue
            if pron_speaks and not quoted and any(q.contains_char(state.doc[m.start].idx) for q in quotes):
                continue  # ', he said': the speaker is not someone named inside the quote
            dist = here - state.sentence_of(m.start)
            if dist > max_distance:
                continue
            head = state.doc[m.start : m.end].root
            if head.dep_ in ("nsubj", "nsubjpass"):
                role = 2 if head.head.dep_ == "ROOT" or head.head.head.i == head.head.i else 1
            else:
                role = 0
            is_speaker = head.dep_ == "nsubj" and _is_speech_verb(head.head)
            # "..., he said" continues the last speaker; "he" *inside* a quote is someone else
            speaker = (1 if pron_speaks and is_speaker else 0) - (1 if quoted and is_speaker else 0)
            score = (-dist, speaker, role if dist > 0 else 0, m.start)
            if best is None or score > best[0]:
                best = (score, c)
    return best[1] if best else None


def _is_speech_verb(t: Token) -> bool:
    from graphkit.extraction.lexicon import SPEECH_VERBS

    return t.lemma_.lower() in SPEECH_VERBS or t.lemma_.lower() in ("insist", "deny")


def _antecedent_person(
    state: DocState, t: Token, quoted: bool = False, quotes: list[Quote] = ()
) -> Cluster | None:
    """A person who can be "he" (or "she"): one whose earlier pronouns and kinship words do not say
    the other ("Yanelis Banco ... she ... her" is not a later "he")."""
    want = "m" if t.lower_ in _MALE else "f"
    return _antecedent(
        state,
        t,
        lambda c: c.type == "Person" and _gender(state, c) in (None, want),
        quoted=quoted,
        quotes=quotes,
    )


_MALE_NOUNS = {
    "son",
    "father",
    "brother",
    "husband",
    "man",
    "boy",
    "uncle",
    "nephew",
    "grandson",
    "grandfather",
}
_FEMALE_NOUNS = {"daughter", "mother", "sister", "wife", "widow", "woman", "girl", "aunt", "niece", "granddaughter",
                 "grandmother"}  # fmt: skip


def _gender(state: DocState, c: Cluster) -> str | None:
    """ "m", "f" or None, from what the article has already called the person."""
    male = female = 0
    for m in c.mentions:
        if m.end - m.start != 1:
            continue
        tok = state.doc[m.start]
        low = tok.lower_
        if low in _MALE or (m.kind == "NOM" and tok.lemma_.lower() in _MALE_NOUNS):
            male += 1
        elif low in _FEMALE or (m.kind == "NOM" and tok.lemma_.lower() in _FEMALE_NOUNS):
            female += 1
    if male > female:
        return "m"
    if female > male:
        return "f"
    return None


def _resolve_kin(state: DocState, kin: dict[tuple[int, str], int], t: Token) -> None:
    owner = _possessor(state, t)
    if owner is None or owner.type != "Person":
        return
    cls = _KIN_CLASS.get(t.lemma_.lower())
    target_id = kin.get((owner.id, cls)) if cls else None
    noun = t.lemma_.lower()
    if target_id is not None and state.clusters[target_id].mentions:
        _attach(state, state.clusters[target_id], t)
        state.kinship.append((target_id, KINSHIP[noun][0], owner.id, t.i))
        return
    # an unnamed relative: "his brother" becomes a person of this article, related to the owner
    c = state.new_cluster()
    c.votes["Person"] += 2.0
    c.scope_local = True
    c.key_rule = "unnamed:kinship"
    c.canonical = f"{owner.name()}'s {t.lemma_.lower()}"
    _attach(state, c, t)
    state.kinship.append((c.id, KINSHIP[noun][0], owner.id, t.i))
    if cls:
        _bind(kin, owner, noun, c)


def _resolve_description(state: DocState, t: Token) -> None:
    """ "the retired general" / "the analyst": a person already named with that title, or the
    one a lede describes before naming ("A retired Afghan general ... Gen. Abdul Jalil Bakhtawar")."""
    lemma = t.lemma_.lower()
    people = _person_clusters(state)
    titled = [c for c in people if lemma in c.titles or lemma in {PERSON_TITLES.get(x, x) for x in c.titles}]
    indefinite = any(ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in t.children)
    here = state.sentence_of(t)
    if indefinite:
        # cataphora: a lede description in the first sentences, named soon after
        if here <= 1:
            ahead = [
                c
                for c in titled
                if c.named() and min(state.sentence_of(m.start) for m in c.mentions) <= here + 2
            ]  # a name to come, not another unnamed person ("A spokesman for X said ... A Taliban spokesman")
            if len(ahead) == 1:
                _attach(state, ahead[0], t)
                return
        # "a man ... the man": someone the article does not name, who later descriptions can refer to
        _new_unnamed(state, t)
        return
    before = [c for c in titled if any(m.end <= t.i for m in c.mentions)]
    if len(before) >= 1:
        c = _antecedent(state, t, lambda c: c in before)
        if c is not None:
            _attach(state, c, t)
            return
    if lemma in ("analyst", "expert", "official", "source") and _speaker_verb(t):
        c = _antecedent(state, t, lambda c: c.type == "Person" and c.named() != [])
        if c is not None:
            _attach(state, c, t)
            return
    if lemma in PERSON_NOUNS and _is_definite(t):
        # "the bomber", "the man": an actor of the article even unnamed
        _new_unnamed(state, t)


def _new_unnamed(state: DocState, t: Token) -> None:
    words = [w for w in state.doc[t.left_edge.i : t.i + 1] if w.dep_ != "det" and not w.is_punct]
    c = state.new_cluster()
    c.votes["Person"] += 2.0
    c.scope_local = True
    c.key_rule = "unnamed:description"
    c.canonical = " ".join(w.text for w in words)
    c.titles.append(t.lemma_.lower())
    _attach(state, c, t)


def _speaker_verb(t: Token) -> bool:
    from graphkit.extraction.lexicon import SPEECH_VERBS

    return t.dep_ in ("nsubj",) and t.head.lemma_.lower() in SPEECH_VERBS


# --------------------------------------------------------------------------- quotes

_FIRST_PERSON = {"i", "me", "my", "mine", "myself"}


def _quote_speakers(state: DocState, kin: dict[tuple[int, str], int], quotes: list[Quote]) -> None:
    """Inside a quote, "I"/"my" is the speaker: “My father has not surrendered,” he said."""
    doc = state.doc
    for q in quotes:
        verb = attributing_verb(doc, q)
        subj = subject_of(verb) if verb is not None else None
        speaker = state.entity_of(subj) if subj is not None else None
        if speaker is None or speaker.type != "Person":
            continue
        toks = [t for t in doc[q.first_token : q.last_token + 1] if q.contains_char(t.idx)]
        for t in toks:
            if t.lower_ in _FIRST_PERSON and t.pos_ == "PRON" and t.i not in state.tok2cluster:
                _attach(state, speaker, t, "PRO")
        for t in toks:
            if t.lemma_.lower() in KINSHIP and t.pos_ == "NOUN" and t.i not in state.tok2cluster:
                _resolve_kin(state, kin, t)


# --------------------------------------------------------------------------- relative pronouns

_RELATIVE = {"who", "whom", "whose", "which", "that"}


def _relative_pronouns(state: DocState) -> None:
    """ "militants who had crossed", "the Taliban, which controls Farah": the relative pronoun is
    the noun its clause modifies (read from the parse)."""
    for t in state.tokens:
        if t.lower_ not in _RELATIVE or t.i in state.tok2cluster or t.tag_ not in ("WP", "WP$", "WDT"):
            continue
        clause = t.head  # "who had crossed": the clause's verb; "whose leader said": one step more
        if clause.dep_ != "relcl" and clause.head.dep_ == "relcl":
            clause = clause.head
        if clause.dep_ != "relcl" or clause.head.i > t.i:
            continue
        c = state.entity_of(clause.head)
        # "who" is a person or a group of people; "which" is not a person
        fits = {"who": ("Person", "Group", "Organisation"), "whom": ("Person", "Group", "Organisation"),
                "whose": ("Person", "Group", "Organisation"), "which": ("Organisation", "Location", "Group")}  # fmt: skip
        if c is not None and c.type is not None and c.type in fits.get(t.lower_, (c.type,)):
            _attach(state, c, t, "PRO")


# --------------------------------------------------------------------------- 4. unnamed


def _unnamed_people(state: DocState) -> None:
    """ "a foreign diplomat in Kabul": a person the article does not name is still an actor."""
    doc = state.doc
    for t in state.tokens:
        if t.i in state.tok2cluster or t.pos_ != "NOUN" or t.tag_ != "NN":
            continue
        lemma = t.lemma_.lower()
        if lemma not in ROLE_NOUNS or not _is_description(t):
            continue
        if not any(ch.dep_ == "det" and ch.lower_ in ("a", "an") for ch in t.children):
            if not any(ch.dep_ == "compound" and state.cluster_at(ch) for ch in t.children):
                continue  # "the official" that nothing resolved: too vague to be a node
        words = [w for w in doc[t.left_edge.i : t.i + 1] if w.dep_ != "det" and not w.is_punct]
        name = " ".join(w.text for w in words)
        c = state.new_cluster()
        c.votes["Person"] += 2.0
        c.scope_local = True
        c.key_rule = "unnamed:description"
        c.canonical = name
        c.titles.append(lemma)
        _attach(state, c, t)
