"""Registers graphkit's mention typer for ``spacy train --code training/code_mentions.py``."""

import graphkit.extraction.mentions  # noqa: F401
