"""Reading and querying graphkit graphs: one policy, one result type, engines behind one interface.

* :mod:`graphkit.querying.policy` — :func:`check` classifies a SPARQL text and enforces the policy
  (read-only, nothing fetched, time limit); the one copy of those rules and their messages.
* :mod:`graphkit.querying.worker` — the worker process ``graphkit serve`` runs every request in.
* :mod:`graphkit.querying.sandbox` — takes the network away from a worker (seccomp).
"""

from __future__ import annotations

from graphkit.querying.policy import Checked, Policy, check, first_keyword, is_update, sparql_keywords

__all__ = ["Checked", "Policy", "check", "first_keyword", "is_update", "sparql_keywords"]
