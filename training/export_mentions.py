"""Copy the trained mention typer (only its own weights) out of a ``spacy train`` output into the package.

Writes ``graphkit/models/mentions/``: ``head.cfg`` (the head's model section of the training config),
``model.bin`` (its weights; the frozen tok2vec, tagger and parser are the pinned model's) and
``meta.json`` (threshold, tensor width, training data and licences).

    python training/export_mentions.py training/output_mentions/model-best --threshold 0.5
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graphkit" / "models" / "mentions"
COMPONENT = "graphkit_mentions"
CREDITS = (
    "Trained on GUM train documents (Zeldes, 'The GUM corpus', LRE 2017; annotations CC BY 4.0, texts of "
    "Wikinews CC BY 2.5, academic/court CC BY 4.0, Wikipedia/Wikivoyage CC BY-SA 3.0) and ECB+ topics 1-22 "
    "(Cybulska and Vossen, LREC 2014), CC BY 3.0; features from the pinned en_core_web_sm model (MIT)."
)


def export(pipeline: Path, out: Path, threshold: float) -> Path:
    import spacy
    from spacy.util import get_package_version
    from thinc.api import Config

    import graphkit.extraction.mentions  # noqa: F401  (registers the factory and architecture)

    nlp = spacy.load(pipeline)
    pipe = nlp.get_pipe(COMPONENT)
    source = nlp.config["paths"]["source"]
    out.mkdir(parents=True, exist_ok=True)
    Config({"model": nlp.config["components"][COMPONENT]["model"]}).to_disk(out / "head.cfg")
    (out / "model.bin").write_bytes(pipe.model.to_bytes())
    meta = {
        "threshold": threshold,
        "tensor_width": nlp.get_pipe("tok2vec").model.get_dim("nO"),
        "features_from": f"{source} {get_package_version(source) or '?'} (tok2vec, tagger, parser; frozen)",
        "trained_on": "GUM train documents and ECB+ topics 1-22 (train); threshold chosen on GUM dev and "
        "ECB+ topics 23-25 (tuned)",
        "licence": CREDITS,
        "dev_scores": {
            k: v for k, v in (nlp.meta.get("performance") or {}).items() if k.startswith("mention")
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "pipeline", type=Path, help="a spacy train output, e.g. training/output_mentions/model-best"
    )
    ap.add_argument("--threshold", type=float, default=0.5, help="type probability cut (default 0.5)")
    ap.add_argument("--out", type=Path, default=OUT, help="where the head goes (default: %(default)s)")
    args = ap.parse_args(argv)
    out = export(args.pipeline, args.out, args.threshold)
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"wrote {out} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
