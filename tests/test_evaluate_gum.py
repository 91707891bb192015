"""GUM gold set: the CoNLL-U / CorefUD reader, the split list, and one run with the model.

The fixture (tests/data/eval/gum_fixture) is hand-made in GUM's format with sentences written for these
tests: ``GUM_news_harbor`` is listed under dev (tuned), ``GUM_news_mills`` under test (frozen); the
other listed documents are absent from the folder, as most of GUM is from the shared copy.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import graphkit.evaluate.gum as gum
from graphkit.evaluate.gum import read_gum, read_gum_file, read_splits

FIXTURE = Path(__file__).parent / "data" / "eval" / "gum_fixture"


def test_doctests():
    assert doctest.testmod(gum).failed == 0


def test_splits_and_only_present_documents():
    splits = read_splits(FIXTURE / "splits.md")
    assert splits["dev"] == ["GUM_news_harbor", "GUM_news_absent"]
    assert [d.id for d in read_gum(FIXTURE, "tuned")] == ["GUM_news_harbor"]
    assert [d.id for d in read_gum(FIXTURE, "frozen")] == ["GUM_news_mills"]


def test_text_rebuilt_from_tokens():
    path = FIXTURE / "GUM_news_harbor.conllu"
    doc = read_gum_file(path)
    comments = [
        line[len("# text = ") :] for line in path.read_text().splitlines() if line.startswith("# text = ")
    ]
    assert doc.text.split("\n") == comments  # SpaceAfter=No and the multi-word token "didn't"
    assert "didn't" in doc.text
    assert (doc.title, doc.date, doc.sentences) == ("Mayor visits the harbor", "2021-05-04", 3)


def test_mentions_types_and_names():
    doc = read_gum_file(FIXTURE / "GUM_news_harbor.conllu")
    got = [(doc.text[m.start : m.end], m.type, m.named) for m in doc.mentions]
    assert got == [
        ("Mayor Ana Lopez", "PER", True),  # MinSpan "2,3": proper nouns
        ("the harbor", "LOC", False),
        ("She", "PER", False),
        ("the Riverton council", "ORG", False),  # nested: the head "council" is a common noun
        ("Riverton", "LOC", True),  # a one-word mention with a Wikipedia identity
        ("the council", "ORG", False),
    ]  # "Monday" (time) is not scored
    assert {m.entity for m in doc.mentions if m.type == "PER"} == {"1"}


def test_named_uses_the_head_not_any_token():
    doc = read_gum_file(FIXTURE / "GUM_news_mills.conllu")
    got = [(doc.text[m.start : m.end], m.type, m.named) for m in doc.mentions]
    assert got == [
        ("Workers at Redbank Mills", "PER", False),  # holds proper nouns, but its head is "Workers"
        ("Redbank Mills", "ORG", True),
        ("They", "PER", False),  # no MinSpan field: the syntactic head decides
    ]  # "strike" (event) is not scored


def test_bad_line_says_what_is_wrong(tmp_path):
    bad = tmp_path / "GUM_x.conllu"
    bad.write_text("# newdoc id = GUM_x\n1\tword\n\n")
    with pytest.raises(Exception, match="10 tab-separated columns"):
        read_gum_file(bad)


@pytest.mark.model
def test_evaluate_gum_on_the_fixture():
    from graphkit.config import Settings
    from graphkit.evaluate.gum import evaluate_gum

    figs = evaluate_gum(FIXTURE, Settings(), ("tuned", "frozen"))
    by = {(f.split, f.measure): f for f in figs}
    assert by[("tuned", "mentions (every kind) overall")].n == 6
    assert by[("tuned", "named mentions overall")].n == 2
    assert by[("frozen", "mentions (every kind) overall")].n == 3
    assert by[("frozen", "named mentions overall")].n == 1
    assert by[("tuned", "named mentions overall")].bar_name == "spaCy NER"
    assert by[("tuned", "named mentions PER")].recall == 1.0  # "Mayor Ana Lopez" is found as a person
    for f in figs:
        assert 0.0 <= f.value <= 1.0, f
