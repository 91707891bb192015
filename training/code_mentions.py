"""Registers graphkit's mention typer for ``spacy train --code training/code_mentions.py``."""

import graphkit.extract.mentions  # noqa: F401
