"""Hand-built extractions for tests that do not need the model."""

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
    TimeValue,
)

TEXT = "Bakhtawar defected to the Taliban in Farah. His son Massoud denies it."


def span(text: str, word: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), word)


def mention(text: str, word: str, sentence: int = 0, kind: str = "NAM", nth: int = 0) -> Mention:
    s = span(text, word, nth)
    return Mention(s.start, s.end, s.text, sentence, kind)


def sample_extraction(article_id: str = "a1", text: str = TEXT) -> Extraction:
    art = Article(id=article_id, text=text, title="A title", date="2020-05-13", source="Test Post")
    s0 = text.index(".") + 1
    sentences = (Sentence(0, 0, s0, text[:s0]), Sentence(1, s0 + 1, len(text), text[s0 + 1 :]))
    ents = (
        Entity("person/bakhtawar", "Person", "Bakhtawar", (mention(text, "Bakhtawar"),)),
        Entity(
            "org/taliban",
            "Organisation",
            "Taliban",
            (mention(text, "Taliban"),),
            links=(Link("wikidata", "Q42418"),),
        ),
        Entity(
            "place/farah",
            "Location",
            "Farah",
            (mention(text, "Farah"),),
            subtype="province",
            links=(Link("iso3166", "AF-FRA"),),
            part_of="place/afghanistan",
            part_of_name="Afghanistan",
        ),
        Entity(
            "person/massoud",
            "Person",
            "Massoud",
            (mention(text, "Massoud", 1), mention(text, "His", 1, "PRO")),
        ),
    )
    ev = Event(
        trigger=span(text, "defected"),
        type="defection",
        lemma="defect",
        sentence=0,
        arguments=(
            Argument("agent", span(text, "Bakhtawar"), "person/bakhtawar"),
            Argument("recipient", span(text, "Taliban"), "org/taliban"),
            Argument("place", span(text, "Farah"), "place/farah"),
        ),
        time=TimeValue("2020-05", "month", True),
    )
    rel = Relation(
        "person/massoud",
        "childOf",
        "person/bakhtawar",
        1,
        Span(s0 + 1, len(text), text[s0 + 1 :]),
        title="son",
    )
    claim = Claim(
        cue=span(text, "denies"),
        content=span(text, "it"),
        sentence=1,
        factuality="denied",
        speaker="person/massoud",
        events=(ev.local_id,),
    )
    return Extraction(art, sentences, ents, (rel,), (ev,), (claim,), (), "test")
