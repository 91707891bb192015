"""report.md: a :class:`~graphkit.analysis.rows.Report` as Markdown, every cell escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.analysis.rows import Report


def _md_cell(value: Any) -> str:
    """A table cell: ``|`` and line breaks would break the table; ``<``, ``>``, ``&`` are escaped
    so article text is never read as HTML by a Markdown viewer; control characters (ANSI escapes)
    become visible escapes."""
    from graphkit.ingest import printable

    text = printable(" ".join(str(value).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "_none_\n"
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        out.append("| " + " | ".join(_md_cell(r.get(c, "")) for c in columns) + " |")
    return "\n".join(out) + "\n"


def _quote(sentence: str, article: str) -> str:
    if not sentence:
        return ""
    return f"  > {_md_cell(sentence)} — _{_md_cell(article)}_"


MD_TIMELINE_ROWS = 60
MD_MERGE_ROWS = 100  # owl:sameAs links listed under "Merged entities" (report.json has them all)


def _markdown(r: Report) -> str:
    c = r.counts
    net = c["network"]
    lines = ["# graphkit report", ""]
    lines.append(
        f"{c['articles']} articles, {c['triples']:,} triples; entities: "
        + ", ".join(f"{k} {v}" for k, v in c["entities"].items())
        + f"; {c['events']} events ({c.get('event_mentions', c['events'])} event mentions); {c['claims']} claims. Entity network: {net['nodes']} nodes, "
        f"{net['edges']} links, {net['communities']} communities, {net.get('isolated', 0)} isolated nodes; "
        f"event network: {c['event_network']['nodes']} nodes, {c['event_network']['edges']} links."
    )
    merges = c.get("merges", {})
    if merges.get("nodes"):
        lines[-1] += (
            f" {merges['iris']} entity IRIs joined by owl:sameAs are counted as {merges['nodes']} "
            "(see Merged entities)."
        )
    lines.append("")
    for note in r.notes:
        lines += [f"> {note}", ""]
    lines += [
        "## Most central actors",
        "",
        "Actors are people, organisations, groups and countries. PageRank and strength weigh a stated "
        "relation 2 and a shared event 1; degree counts neighbours; betweenness is the share of shortest "
        "paths that pass through the actor.",
        "",
        _table(
            [a.to_dict() for a in r.top_actors],
            ["label", "type", "pagerank", "degree", "strength", "betweenness", "mentions", "articles"],
        ),  # fmt: skip
        "Top by each measure:",
        "",
        _table(
            [
                {"rank": i + 1, **{m: (v[i] if i < len(v) else "") for m, v in r.rankings.items()}}
                for i in range(min(10, max((len(v) for v in r.rankings.values()), default=0)))
            ],
            ["rank", "pagerank", "degree", "betweenness"],
        ),  # fmt: skip
    ]
    brokers = [{**b.to_dict(), "bridges": ", ".join(b.bridges)} for b in r.brokers]
    lines += [
        "## Brokers between communities",
        "",
        "Actors on many shortest paths whose neighbours sit in two or more communities.",
        "",
        _table(brokers, ["label", "type", "betweenness", "communities_bridged", "bridges"]),
    ]
    comm = [
        {"community": x.name, "size": x.size, "members": ", ".join(x.members),
         "events that bind them": "; ".join(
             f"{e.type} “{e.trigger}” ({', '.join(p.split(': ', 1)[1] for p in e.participants)})"
             + ("" if e.factuality == "asserted" else f" [{e.factuality}]") for e in x.binding_events[:3])}
        for x in r.communities
    ]  # fmt: skip
    lines += ["## Communities", "", _table(comm, ["community", "size", "members", "events that bind them"])]
    ev = [
        {"type": x.type, "participants": "; ".join(x.participants), "trigger": ", ".join(x.triggers),
         "sources": f"{x.reports} in {len(x.articles)} article(s)",
         "factuality": ", ".join(f"{k} {v}" for k, v in x.factuality.items()), "sentence": x.sentence}
        for x in r.key_events
    ]  # fmt: skip
    lines += [
        "## Key events",
        "",
        "Reports of the same event type with the same participants are one row; ranked by participants, "
        "then articles and reports.",
        "",
        _table(ev, ["type", "trigger", "participants", "sources", "factuality", "sentence"]),
    ]
    for p in r.paths:
        lines += [f"## How {_md_cell(p.source)} is connected to {_md_cell(p.target)}", ""]
        if p.error:
            lines += [_md_cell(p.error), ""]
            continue
        if not p.paths:
            lines += ["No path: they are in different parts of the graph.", ""]
            continue
        lines += [f"Shortest: {p.length} step(s). {len(p.paths)} route(s):", ""]
        for i, route in enumerate(p.paths, 1):
            lines.append(f"{i}. " + " → ".join(_md_cell(x) for x in route.labels))
            for step in route.steps:
                lines.append(f"   - **{_md_cell(step.from_)} — {_md_cell(step.to)}**")
                for f in step.facts[:4]:
                    lines.append(f"     - {_md_cell(f.text)}")
                    if f.sentence:
                        lines.append(f"       > {_md_cell(f.sentence)} — _{_md_cell(f.article)}_")
                if len(step.facts) > 4:
                    lines.append(f"     - … {len(step.facts) - 4} more")
        lines.append("")
    for e in r.egos:
        lines += [f"## Around {_md_cell(e.center)} ({e.hops} hop(s))", ""]
        if e.error:
            lines += [_md_cell(e.error), ""]
            continue
        rows = [{"neighbour": n.label, "type": n.type, "distance": n.distance, "via": n.via_label,
                 "what links them": "; ".join(f.text for f in n.facts[:3])} for n in e.nodes]  # fmt: skip
        lines += [f"{len(e.nodes)} nodes, {e.edges} links among them.", "",
                  _table(rows, ["neighbour", "type", "distance", "via", "what links them"])]  # fmt: skip
    lines += _merged_markdown(r)
    lines += [
        "## Events by type",
        "",
        _table([{"type": k, "count": v} for k, v in c["events_by_type"].items()], ["type", "count"]),
        "## Relations by type",
        "",
        _table([{"relation": k, "count": v} for k, v in c["relations"].items()], ["relation", "count"]),
    ]
    dated = [x for x in r.timeline if x.date and (x.date_source == "event" or x.participants)]
    tl = [
        {**x.to_dict(), "participants": "; ".join(x.participants),
         "date": (x.date or "") + (" (reported)" if x.date_source == "article" else "")}
        for x in dated[:MD_TIMELINE_ROWS]
    ]  # fmt: skip
    own = sum(1 for x in r.timeline if x.date_source == "event")
    reported = sum(1 for x in r.timeline if x.date_source == "article")
    undated = len(r.timeline) - own - reported
    lines += [
        "## Timeline",
        "",
        f"{own} events carry their own date; {reported} more are placed at their article's publication "
        f"date (“reported”); {undated} have neither. Listed: the dated events, and the reported ones "
        f"with a named participant"
        + (f" (the first {MD_TIMELINE_ROWS})" if len(dated) > MD_TIMELINE_ROWS else "")
        + ". report.json and the map's Timeline view have them all.",
        "",
        _table(tl, ["date", "type", "trigger", "participants", "factuality", "article"]),
    ]
    lines += [
        "## Claims",
        "",
        ", ".join(f"{k} {v}" for k, v in c.get("claims_by_factuality", {}).items()) or "_none_",
        "",
        "Denied claims:",
        "",
        _table(
            [{**d.to_dict(), "about": ", ".join(d.about)} for d in r.denied_claims],
            ["speaker", "cue", "content", "about", "article"],
        ),
    ]
    return "\n".join(lines)


def _merged_markdown(r: Report) -> list[str]:
    merges = r.counts.get("merges", {})
    lines = ["## Merged entities", ""]
    if r.merged:
        lines += [
            f"{len(r.merged)} node(s) each stand for several entity IRIs joined by owl:sameAs: the build's "
            "cross-article merges (in the graph `…/corpus/merges`, each with its rule, confidence and reason) "
            "or links given with the graph (rule `owl:sameAs`). Every count, measure, link and event in this "
            "report treats each as one node, under its fullest name.",
            "",
        ]
        rows = []
        for m in r.merged:
            conflict = len(m.types) > 1
            typed = {x.iri: f"{x.label} ({x.type})" if conflict else x.label for x in m.members}
            for k in m.links:
                rows.append({
                    "node": m.label, "type": m.type, "merged": f"{typed[k.a_iri]} = {typed[k.b_iri]}",
                    "rule": k.rule, "confidence": "" if k.confidence is None else f"{k.confidence:.2f}",
                    "why": k.why,
                })  # fmt: skip
        lines.append(_table(rows[:MD_MERGE_ROWS], ["node", "type", "merged", "rule", "confidence", "why"]))
        if len(rows) > MD_MERGE_ROWS:
            lines += [f"The first {MD_MERGE_ROWS} of {len(rows):,} links; report.json lists them all.", ""]
    else:
        lines += ["No entities were merged (no owl:sameAs between two entity nodes).", ""]
    if merges.get("candidates"):
        lines += [
            f"{merges['candidates']} uncertain pair(s) (`gk:mergeCandidate`) were not applied: "
            "`graphkit build` lists them with the reason in merge-candidates.csv, for review.",
            "",
        ]
    return lines
