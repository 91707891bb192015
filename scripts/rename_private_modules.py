"""Rewrite references to the old module paths ``graphkit.extract`` (a subpackage) and ``graphkit.analyse`` (a
module), renamed ``graphkit.extraction`` and ``graphkit.analysis`` so that ``graphkit.extract`` and
``graphkit.analyse`` are only ever the public functions (issue 11: a subpackage's import used to rebind them).

Only module references change: ``graphkit.extract.x``, ``graphkit/extract/``, ``from graphkit.extract import``,
``import graphkit.extract``, ``"graphkit.extract"`` (a logger or module name) and the same for ``analyse``; calls
of the functions (``graphkit.extract(articles)``, ``graphkit.analyse(ds)``) are left alone. Idempotent.

    python3 scripts/rename_private_modules.py            # rewrite the tracked files of this checkout
    python3 scripts/rename_private_modules.py --check    # list what would change (exit 1 if anything)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

RULES = [
    (re.compile(r"graphkit\.extract\."), "graphkit.extraction."),
    (re.compile(r"graphkit/extract/"), "graphkit/extraction/"),
    (re.compile(r"\b(from|import) graphkit\.extract\b(?![.(])"), r"\1 graphkit.extraction"),
    (re.compile(r"([\"'])graphkit\.extract\1"), r"\1graphkit.extraction\1"),
    (re.compile(r"graphkit\.analyse\.(?=[a-z_])"), "graphkit.analysis."),
    (re.compile(r"graphkit/analyse\.py"), "graphkit/analysis.py"),
    (re.compile(r"\b(from|import) graphkit\.analyse\b(?![.(])"), r"\1 graphkit.analysis"),
    (re.compile(r"([\"'])graphkit\.analyse\1"), r"\1graphkit.analysis\1"),
]
SKIP = {"benchmarks/RESULTS.md", "scripts/rename_private_modules.py"}  # measured records keep their words
SUFFIXES = {".py", ".ipynb", ".md", ".toml", ".cfg", ".txt", ".rst"}


def rewrite(text: str) -> str:
    for pattern, repl in RULES:
        text = pattern.sub(repl, text)
    return text


def main(argv: list[str]) -> int:
    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                               check=True).stdout.strip())  # fmt: skip
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    changed = []
    for name in files.splitlines():
        path = root / name
        if name in SKIP or path.suffix not in SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            changed.append(name)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    for name in changed:
        print(name)
    return 1 if changed and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
