"""Deterministic identifiers: slugs for entity keys and IRIs (pure functions, no I/O)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_len: int = 80) -> str:
    """Lower-case ASCII slug; falls back to a short hash for text with no ASCII letters.

    >>> slug("Abdul Jalil Bakhtawar")
    'abdul-jalil-bakhtawar'
    >>> slug("Farāh")
    'farah'
    >>> slug("طالبان").startswith("x")
    True
    """
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace("&", " and ").replace("’", "").replace("'", "").replace(".", "")
    s = _SLUG_RE.sub("-", s).strip("-")
    if not s:
        return "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if len(s) > max_len:
        digest = hashlib.sha1(s.encode()).hexdigest()[:8]
        s = s[: max_len - 9].rstrip("-") + "-" + digest
    return s


TYPE_PREFIX = {"Person": "person", "Organisation": "org", "Location": "place", "Group": "group"}


_LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:inc|incorporated|corp|corporation|co|ltd|limited|llc|plc|ag|sa|s\.a|nv|n\.v|gmbh|pty|pte)\.?)+$",
    re.IGNORECASE,
)


def without_legal_form(name: str) -> str:
    """An organisation's name without its legal form: one company, however the article writes it.

    >>> without_legal_form("Apple Inc."), without_legal_form("Aer Lingus Group PLC"), without_legal_form("Corp.")
    ('Apple', 'Aer Lingus Group', 'Corp.')
    """
    stripped = _LEGAL_FORM.sub("", name).strip()
    return stripped or name


def entity_key(entity_type: str, name: str, *, scope: str | None = None) -> str:
    """Cross-article key ``person/donald-trump``; with ``scope`` (an article id) the key is
    local to that article: ``group/<article>/soldiers``, for descriptions like "soldiers"
    that name no particular group outside their article. An organisation's key leaves out
    its legal form, so "Apple Inc." and "Apple" are one node."""
    prefix = TYPE_PREFIX[entity_type]
    if entity_type == "Organisation":
        name = without_legal_form(name)
    if scope is None:
        return f"{prefix}/{slug(name)}"
    return f"{prefix}/{slug(scope, 60)}/{slug(name)}"
