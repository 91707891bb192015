"""Claims on hand-written sentences: who said what to whom, with the speaker's stance, and
the factuality carried by the events inside what was said."""

import pytest

pytestmark = pytest.mark.model


def claims(x):
    names = {e.key: e.name for e in x.entities}
    return [
        (
            c.cue.text,
            names.get(c.speaker) if c.speaker else (c.speaker_span.text if c.speaker_span else None),
            c.factuality,
            c.content.text,
        )
        for c in x.claims
    ]


def one(x):
    found = claims(x)
    assert len(found) == 1, found
    return found[0]


def event(x, trigger):
    [e] = [e for e in x.events if e.trigger.text == trigger]
    return e


@pytest.mark.parametrize(
    "text,cue,speaker,factuality,content",
    [
        (
            "Massoud insisted Monday that his father had not joined the Taliban.",
            "insisted", "Massoud", "asserted", "that his father had not joined the Taliban",
        ),
        (
            "Bakhtawar's son Massoud disputes his father's defection.",
            "disputes", "Massoud", "denied", "his father's defection",
        ),
        (
            "The Pentagon denied reports that troops had been sent to Syria.",
            "denied", "United States Department of Defense", "denied", "reports that troops had been sent to Syria",
        ),
        (
            "He claimed that the election was rigged.",
            "claimed", "He", "uncertain", "that the election was rigged",
        ),
        (
            "Police did not confirm that the suspects had been released.",
            "confirm", "police (t)", "denied", "that the suspects had been released",
        ),
        (
            "According to the Interior Ministry, 12 soldiers were killed in the attack.",
            "According to", "Interior Ministry", "asserted", "12 soldiers were killed in the attack",
        ),
        (
            "Twelve soldiers were killed, according to officials.",
            "according to", "officials (t)", "asserted", "Twelve soldiers were killed",
        ),
    ],
)  # fmt: skip
def test_reported_speech(extract_text, text, cue, speaker, factuality, content):
    assert one(extract_text(text)) == (cue, speaker, factuality, content)


def test_told_someone_the_speaker_is_the_subject_and_the_listener_the_addressee(extract_text):
    x = extract_text("“The Taliban has used these tactics in some provinces,” Najafizada tells TRT World.")
    [c] = x.claims
    names = {e.key: e.name for e in x.entities}
    assert names[c.speaker] == "Najafizada" and c.direct_quote
    assert c.addressee_span is not None and c.addressee_span.text == "TRT World"
    x = extract_text("The spokesman told reporters that the army would withdraw by June.")
    [c] = x.claims
    assert c.speaker_span.text == "The spokesman" and c.addressee_span.text == "reporters"
    told = event(x, "told")
    assert ("recipient", "reporters") in {(a.role, a.span.text) for a in told.arguments}


def test_events_inside_a_claim_keep_their_own_factuality(extract_text):
    x = extract_text("Officials said the talks could resume if the Taliban agreed to a ceasefire.")
    [c] = x.claims
    assert c.factuality == "asserted"
    assert event(x, "agreed").factuality == "hypothetical"
    assert event(x, "talks").factuality == "uncertain"
    assert {event(x, "agreed").local_id, event(x, "talks").local_id} <= set(c.events)
    x = extract_text("The Pentagon denied reports that troops had been sent to Syria.")
    assert event(x, "sent").factuality == "denied"


def test_a_quote_that_follows_continues_the_same_speaker(extract_text):
    x = extract_text("“It was a mistake,” Qani said. “We will fix it.”")
    found = claims(x)
    assert [c[3] for c in found] == ["It was a mistake,", "We will fix it."]
    assert found[0][1] == found[1][1] == "Qani"


def test_a_new_paragraph_does_not_continue_the_speaker(extract_text):
    x = extract_text("“It was a mistake,” Qani said.\n\n“We will fix it.”")
    assert [c[3] for c in claims(x)] == ["It was a mistake,"]


def test_an_indirect_question_is_not_a_claim(extract_text):
    assert claims(extract_text("The minister did not say whether the plan would go ahead.")) == []


def test_scare_quotes_are_not_statements(extract_text):
    assert claims(extract_text("The Taliban still “massacred” soldiers in Dawlat Abad.")) == []
