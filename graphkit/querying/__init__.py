"""Reading and querying graphkit graphs: one policy, one result type, engines chosen in one place.

* :mod:`graphkit.querying.policy` — :func:`check` classifies a SPARQL text and enforces the policy
  (read-only, nothing fetched, time limit); the one copy of those rules and their messages.
* :mod:`graphkit.querying.engines` — :func:`run`: which engine answers (rdflib in memory, embedded
  Oxigraph, a remote endpoint), chosen once from what the user gave.
* :class:`QueryOutcome` (from :mod:`graphkit.sparql`) — what every engine returns.
* :mod:`graphkit.querying.worker` — the worker process ``graphkit serve`` runs every request in.
* :mod:`graphkit.querying.sandbox` — takes the network away from a worker (seccomp).

(Not ``graphkit.query``: that name is the public function :func:`graphkit.query`.)
"""

from __future__ import annotations

from typing import Any

from graphkit.querying.policy import Checked, Policy, check, first_keyword, is_update, sparql_keywords


def __getattr__(name: str) -> Any:  # lazily: the server's workers import the policy without rdflib
    if name == "QueryOutcome":
        from graphkit.sparql import QueryOutcome

        return QueryOutcome
    if name == "run":
        from graphkit.querying.engines import run

        return run
    raise AttributeError(f"module 'graphkit.querying' has no attribute {name!r}")


__all__ = [
    "Checked",
    "Policy",
    "QueryOutcome",
    "check",
    "first_keyword",
    "is_update",
    "run",
    "sparql_keywords",
]
