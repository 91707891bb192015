"""The README's table of what `graphkit build` writes stays true to the pipeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.pipeline import OUTPUT_FILES

README = Path(__file__).resolve().parent.parent / "README.md"


def table_files() -> set[str]:
    """File names in the first column of the table after "`graphkit build` prints"."""
    text = README.read_text(encoding="utf-8").split("`graphkit build` prints", 1)[1]
    rows = re.search(r"\n(\| file \|.*?)\n\n", text, re.S).group(1).splitlines()[2:]
    return {name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])}


def test_the_table_lists_every_output_file():
    assert table_files() == set(OUTPUT_FILES.values())


@pytest.mark.model
def test_a_build_writes_what_the_table_lists(sample_build):
    written = {p.name for p in sample_build.files.values()}
    assert written == table_files()
    assert {p.name for p in sample_build.out_dir.iterdir()} >= written
