"""Body-extraction benchmark: our `parse_article` against trafilatura's plain `extract()`.

Scores both on the devset's 80 pages (gzip HTML + ground_truth.json): paragraphs joined by blank
lines, lower-cased, split into \\w+ words; word 4-gram sets compared per page (precision, recall,
F1), then the mean over pages. Usage:

    python -m bench.body_extraction [BODIES_DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import trafilatura

from extract.article_parser import parse_article

DEFAULT_BODIES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "bodies"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def ngrams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def score(extracted: str, truth: str) -> Score:
    got, want = ngrams(extracted), ngrams(truth)
    if not got and not want:
        return Score(1.0, 1.0, 1.0)
    overlap = len(got & want)
    precision = overlap / len(got) if got else 0.0
    recall = overlap / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def evaluate(bodies_dir: Path) -> dict:
    truth = json.loads((bodies_dir / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        html = gzip.decompress((bodies_dir / "html" / name).read_bytes())
        url = truth[name].get("url") or f"https://example.org/{name}"
        gold = "\n\n".join(truth[name]["body"])
        ours = parse_article(html, url)
        baseline = trafilatura.extract(html, url=url) or ""
        pages.append(
            {
                "page": name,
                "publisher": name.rsplit("_", 1)[0],
                "ours": asdict(score(ours.body, gold)),
                "trafilatura": asdict(score(baseline, gold)),
                "body_source": ours.extra.get("body_source"),
            }
        )
    summary = {}
    for system in ("ours", "trafilatura"):
        summary[system] = {
            m: statistics.fmean(p[system][m] for p in pages) for m in ("precision", "recall", "f1")
        }
    by_publisher: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for page in pages:
        for system in ("ours", "trafilatura"):
            by_publisher[page["publisher"]][system].append(page[system]["f1"])
    publishers = {
        name: {system: statistics.fmean(values) for system, values in systems.items()}
        for name, systems in sorted(by_publisher.items())
    }
    return {"pages": pages, "summary": summary, "publishers": publishers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bodies_dir", nargs="?", type=Path, default=DEFAULT_BODIES_DIR)
    parser.add_argument("--json", type=Path, help="write per-page scores to this file")
    args = parser.parse_args(argv)
    if not (args.bodies_dir / "ground_truth.json").is_file():
        print(f"error: no ground_truth.json in {args.bodies_dir}", file=sys.stderr)
        return 2
    result = evaluate(args.bodies_dir)
    print(f"{'publisher':<20} {'ours F1':>8} {'trafilatura F1':>15}")
    for name, systems in result["publishers"].items():
        print(f"{name:<20} {systems['ours']:>8.3f} {systems['trafilatura']:>15.3f}")
    for system in ("ours", "trafilatura"):
        s = result["summary"][system]
        print(f"{system:<12} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
