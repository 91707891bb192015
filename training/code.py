"""Registers graphkit's trigger head and component for ``spacy train --code training/code.py``."""

import graphkit.extraction.triggers  # noqa: F401
