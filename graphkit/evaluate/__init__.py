"""The quality benchmark: graphkit's graph scored against gold-annotated news.

``evaluate(eval_dir)`` runs the real pipeline (``graphkit.extraction`` + ``graphkit.rdf``)
on the gold texts of MEANTIME and WikiEvents (``../shared/eval`` by default), reads the
results back from the produced RDF, and scores them with the definitions of
``../shared/eval/README.md``. ``graphkit evaluate`` and ``benchmarks/quality.py`` both
call it.

Modules: ``gold`` (readers), ``system`` (what the graph says), ``score`` (matching and
metrics, pure functions), ``run`` (the orchestration and the printed table).
"""

from graphkit.evaluate.run import DEFAULT_EVAL_DIR, CorpusScores, EvalReport, evaluate

__all__ = ["DEFAULT_EVAL_DIR", "CorpusScores", "EvalReport", "evaluate"]
