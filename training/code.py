"""Registers graphkit's trigger head and component for ``spacy train --code training/code.py``."""

import graphkit.extract.triggers  # noqa: F401
