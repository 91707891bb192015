"""Scoring: one-to-one span matching, precision/recall/F1, event time accuracy, B-cubed.

Pure functions over plain tuples (no spaCy, no RDF), so the scoring itself is unit-tested
on hand-built inputs. The definitions are those of ``../shared/eval/README.md``:

* a system mention matches a gold mention when their character spans overlap and their
  coarse types agree; matching is one-to-one (a maximum matching, preferring the pair
  with the larger overlap);
* a system event matches a gold event when the trigger spans overlap (type-agnostic);
* an argument is an (event, argument, role) triple: the events must be matched to each
  other, and the system argument must overlap the gold argument or any mention
  coreferent with it; roles are ignored ("any role") or compared coarsely (agent,
  patient, place, other);
* event time: a gold event anchored to a calendar value is correct when a system event
  with an overlapping trigger carries that value at the value's granularity;
* cross-document merging: B-cubed over the gold mentions, where a gold mention's system
  cluster is the entity node of the system mention matched to it (unmatched gold
  mentions are singletons).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

G = TypeVar("G")
S = TypeVar("S")
SpanT = tuple[int, int]


def overlap(a: SpanT, b: SpanT) -> int:
    """Characters two half-open spans share (0 when they do not overlap).

    >>> overlap((0, 5), (3, 9)), overlap((0, 3), (3, 6))
    (2, 0)
    """
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts behind precision, recall and F1 (``correct`` pairs are one-to-one)."""

    correct: int = 0
    system: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.correct + other.correct, self.system + other.system, self.gold + other.gold)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "system": self.system,
            "gold": self.gold,
        }


def match(
    gold: Sequence[G],
    system: Sequence[S],
    weight: Callable[[G, S], float],
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching between ``gold`` and ``system`` items.

    ``weight(g, s)`` is > 0 when the pair may match (e.g. the overlap in characters);
    among the pairs, higher weights are tried first, so an exact span is preferred to a
    partial one, but an extra pair is never given up for a better one (Kuhn's augmenting
    paths). Returns (gold index, system index) pairs.

    >>> match([(0, 4)], [(0, 2), (1, 4)], lambda g, s: overlap(g, s))
    [(0, 1)]
    """
    options: list[list[int]] = []
    for g in gold:
        scored = [(weight(g, s), j) for j, s in enumerate(system)]
        options.append([j for w, j in sorted(scored, key=lambda x: (-x[0], x[1])) if w > 0])
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # gold items with the best pair first, so an exact span claims its partner before a partial one
    best = [max((weight(g, system[j]) for j in options[i]), default=0) for i, g in enumerate(gold)]
    for i in sorted(range(len(gold)), key=lambda i: (-best[i], i)):
        if options[i]:
            augment(i, set())
    return sorted((i, j) for j, i in owner.items())


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span (gold or system) in one document."""

    start: int
    end: int
    type: str  # PER / ORG / LOC
    cluster: Hashable = None  # gold entity / system entity node


def match_mentions(gold: Sequence[Mention], system: Sequence[Mention]) -> list[tuple[int, int]]:
    """Pairs that overlap and agree in type, one-to-one."""

    def weight(g: Mention, s: Mention) -> float:
        if g.type != s.type:
            return 0
        shared = overlap((g.start, g.end), (s.start, s.end))
        if not shared:
            return 0
        return shared / max(g.end - g.start, s.end - s.start)  # 1.0 for an exact span

    return match(gold, system, weight)


def score_mentions(
    gold: Sequence[Mention], system: Sequence[Mention], types: Iterable[str] = ("PER", "ORG", "LOC")
) -> dict[str, PRF]:
    """Per type and ``overall``; a type's precision counts system mentions of that type."""
    pairs = match_mentions(gold, system)
    out: dict[str, PRF] = {}
    for t in types:
        out[t] = PRF(
            correct=sum(1 for i, _ in pairs if gold[i].type == t),
            system=sum(1 for s in system if s.type == t),
            gold=sum(1 for g in gold if g.type == t),
        )
    total = PRF()
    for prf in out.values():
        total = total + prf
    out["overall"] = total
    return out


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Arg:
    """An argument: its role and the spans that may stand for it (gold: the argument and its
    coreferent mentions; system: one span)."""

    role: str  # coarse: agent / patient / place / other
    spans: tuple[SpanT, ...]


@dataclass(frozen=True, slots=True)
class Ev:
    start: int
    end: int
    arguments: tuple[Arg, ...] = ()
    times: tuple[str, ...] = ()  # gold: calendar values; system: its date at its precision


def match_events(gold: Sequence[Ev], system: Sequence[Ev]) -> list[tuple[int, int]]:
    def weight(g: Ev, s: Ev) -> float:
        shared = overlap((g.start, g.end), (s.start, s.end))
        return shared / max(g.end - g.start, s.end - s.start) if shared else 0

    return match(gold, system, weight)


def score_events(gold: Sequence[Ev], system: Sequence[Ev]) -> tuple[PRF, PRF, PRF]:
    """(triggers, arguments with any role, arguments with the coarse role)."""
    pairs = match_events(gold, system)
    triggers = PRF(len(pairs), len(system), len(gold))
    n_sys = sum(len(s.arguments) for s in system)
    n_gold = sum(len(g.arguments) for g in gold)
    any_role = coarse = 0
    for i, j in pairs:
        g_args, s_args = gold[i].arguments, system[j].arguments
        any_role += len(match(g_args, s_args, _arg_weight(same_role=False)))
        coarse += len(match(g_args, s_args, _arg_weight(same_role=True)))
    return triggers, PRF(any_role, n_sys, n_gold), PRF(coarse, n_sys, n_gold)


def _arg_weight(same_role: bool) -> Callable[[Arg, Arg], float]:
    def weight(g: Arg, s: Arg) -> float:
        if same_role and g.role != s.role:
            return 0
        best = 0.0
        for gs in g.spans:
            for ss in s.spans:
                shared = overlap(gs, ss)
                if shared:
                    best = max(best, shared / max(gs[1] - gs[0], ss[1] - ss[0]))
        return best

    return weight


def same_time(gold_value: str, system_value: str) -> bool:
    """Equal at the gold value's granularity: "2008-03" is matched by "2008-03-01" (a day in
    that month) but not by "2008" (the system does not know the month).

    >>> same_time("2008-03", "2008-03-01"), same_time("2008-03", "2008"), same_time("2008", "2008-05")
    (True, False, True)
    """
    return len(system_value) >= len(gold_value) and system_value[: len(gold_value)] == gold_value


def time_accuracy(gold: Sequence[Ev], system: Sequence[Ev]) -> tuple[int, int]:
    """(correct, gold events with a dated anchor). Any system event whose trigger overlaps
    the gold trigger may carry the time; an event anchored to several dates is correct
    when the system gives any of them."""
    dated = [g for g in gold if g.times]
    correct = 0
    for g in dated:
        found = False
        for s in system:
            if overlap((g.start, g.end), (s.start, s.end)) and any(
                same_time(gv, sv) for gv in g.times for sv in s.times
            ):
                found = True
                break
        correct += found
    return correct, len(dated)


# --------------------------------------------------------------------------- B-cubed


def bcubed(gold: dict[Hashable, Hashable], system: dict[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items of ``gold`` (item -> gold cluster).

    ``system`` maps items to system clusters; an item missing from it is a singleton.
    Only gold items are scored (system mentions with no gold counterpart are not part of
    the clustering being judged).

    >>> [round(x, 3) for x in bcubed({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"})]
    [0.556, 1.0, 0.714]
    """
    if not gold:
        return 0.0, 0.0, 0.0
    sys_of = {item: system.get(item, ("singleton", item)) for item in gold}
    gold_members: dict[Hashable, set[Hashable]] = {}
    sys_members: dict[Hashable, set[Hashable]] = {}
    for item, cluster in gold.items():
        gold_members.setdefault(cluster, set()).add(item)
        sys_members.setdefault(sys_of[item], set()).add(item)
    p = r = 0.0
    for item in gold:
        g = gold_members[gold[item]]
        s = sys_members[sys_of[item]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p /= len(gold)
    r /= len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
