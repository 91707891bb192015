"""Sample event-merge decisions of a build for a hand check (issue 15; the hand check in RESULTS.md used N=50, SEED=15 on a 300-article build).

python benchmarks/event_merge_sample.py OUT_DIR [N] [SEED] > sample.txt
Reads OUT_DIR/event-merge-candidates.csv and OUT_DIR/graph.trig (pyoxigraph); prints N applied
cross-article links and N candidate pairs (cross-article first), each with both sentences and articles.
"""

import csv
import random
import sys
from pathlib import Path

import pyoxigraph as ox

out = Path(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 15
rows = list(csv.DictReader((out / "event-merge-candidates.csv").open(encoding="utf-8")))
st = ox.Store()
st.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
Q = """PREFIX gk: <https://w3id.org/graphkit/ontology#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX schema: <https://schema.org/>
SELECT ?s ?title ?date WHERE { GRAPH ?g { <%s> gk:trigger ?t . ?t gk:inSentence/nif:anchorOf ?s ; nif:referenceContext ?a .
 OPTIONAL { ?a schema:headline ?title } OPTIONAL { ?a schema:datePublished ?date } } } LIMIT 1"""


def info(iri):
    r = list(st.query(Q % iri))
    if not r:
        return ("?", "?", "?")
    x = r[0]
    return tuple(x[k].value if x[k] is not None else "" for k in ("s", "title", "date"))


cross_applied = [r for r in rows if r["status"] == "applied" and r["article_a"] != r["article_b"]]
cand_cross = [r for r in rows if r["status"] == "candidate" and r["article_a"] != r["article_b"]]
cand_within = [r for r in rows if r["status"] == "candidate" and r["article_a"] == r["article_b"]]
print(f"# rows {len(rows)}: applied {sum(r['status'] == 'applied' for r in rows)} "
      f"(cross-article {len(cross_applied)}); candidates cross-article {len(cand_cross)}, within {len(cand_within)}")
rng = random.Random(seed)
picks = [("APPLIED", rng.sample(cross_applied, min(n, len(cross_applied))))]
cands = rng.sample(cand_cross, min(n, len(cand_cross)))
cands += rng.sample(cand_within, min(n - len(cands), len(cand_within)))
picks.append(("CANDIDATE", cands))
for name, sample in picks:
    for i, r in enumerate(sample, 1):
        a, b = info(r["event_a"]), info(r["event_b"])
        print(f"\n## {name} {i} [{r['rule']} {r['confidence']}] {r['label_a']} <> {r['label_b']}")
        print(f"why: {r['why']}")
        print(f"A {r['article_a'].rsplit('/', 1)[-1]} {a[2]} «{a[1]}»: {a[0]}")
        print(f"B {r['article_b'].rsplit('/', 1)[-1]} {b[2]} «{b[1]}»: {b[0]}")
