"""The public surface is small and pinned: changing it is a deliberate act."""

import graphkit


def test_public_api_is_pinned():
    assert sorted(graphkit.__all__) == sorted(
        [
            "Article",
            "Extraction",
            "GraphkitError",
            "Settings",
            "__version__",
            "build",
            "extract",
            "load_graph",
            "read_articles",
            "to_rdf",
        ]
    )
    for name in graphkit.__all__:
        assert getattr(graphkit, name) is not None


def test_import_is_light():
    """Importing graphkit must not load spaCy (work at import time is a trap kglab fell into)."""
    import subprocess
    import sys

    code = "import sys, graphkit; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]


def test_version_single_source():
    from importlib.metadata import version

    assert version("graphkit") == graphkit.__version__
