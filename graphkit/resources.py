"""Where the shipped data lives: the repository's ``ontologies/`` and ``data/gazetteers/``.

In a source checkout (``pip install -e .``) they are read from the repository; in an
installed wheel they are packaged under ``graphkit/_resources/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Folder for ``"ontologies"`` or ``"gazetteers"``; raises if neither place has it."""
    candidates = [_PACKAGE / "_resources" / name]
    if name == "gazetteers":
        candidates.append(_PACKAGE.parent / "data" / "gazetteers")
    else:
        candidates.append(_PACKAGE.parent / name)
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(
        f"graphkit's {name} folder is missing (looked in {', '.join(map(str, candidates))}); reinstall graphkit"
    )


def ontology_file(name: str = "graphkit.ttl") -> Path:
    return resource_dir("ontologies") / name


def gazetteer_file(name: str) -> Path:
    return resource_dir("gazetteers") / name


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with ``#`` comment lines and a header row."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (c.strip() for c in cells), strict=False)))
    return rows
