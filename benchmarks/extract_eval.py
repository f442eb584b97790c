"""Extraction quality on the Zyte/Scrapinghub article-extraction benchmark pages.

Scores like upstream `evaluate.py` (scrapinghub/article-extraction-benchmark, re-implemented):
Unicode `\\w+` tokens, 4-token shingles, TP/FP/FN over shingle multisets, each page's counts
normalized to sum 1, mean precision and recall over pages, F1 of those means. `--ngram 1`
scores plain token overlap instead.

    .venv/bin/python benchmarks/extract_eval.py [--corpus DIR] [--json] [--pages]

Rows: `extract_article` as shipped; the same pipeline with no rules and no lead/duplicate
dropping; and plain `trafilatura.extract` with the benchmark's own settings.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reader.errors import ExtractionFailed
from reader.extract import ExtractRules, extract_article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/articles/scrapinghub"
RUSSIAN_SITES = ("wday.ru", "gto-normativy.ru", "vse-diety.com")
_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    spans = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(span for span in spans if span)


def page_counts(true: str, predicted: str, n: int) -> Counts:
    """TP, FP, FN over shingles, normalized to sum 1 so long pages weigh as much as short."""
    expected, got = shingles(true, n), shingles(predicted, n)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(hit: float, miss: float, other_miss: float) -> float:
    if miss == other_miss == 0:
        return 1.0
    return hit / (hit + miss) if hit + miss else 0.0


def metrics(counts: list[Counts]) -> dict[str, float]:
    precisions = [_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def ours(rules: ExtractRules | None) -> Callable[[bytes, str], str]:
    def run(page: bytes, url: str) -> str:
        try:
            return extract_article(page, url, rules=rules).text
        except ExtractionFailed:
            return ""

    return run


def plain_trafilatura(page: bytes, url: str) -> str:
    # The benchmark's own run_trafilatura.py: decoded text, defaults, no comments.
    return trafilatura.extract(page.decode("utf-8"), include_comments=False) or ""


def precise_trafilatura(page: bytes, url: str) -> str:
    text = trafilatura.extract(page.decode("utf-8"), include_comments=False, favor_precision=True)
    return text or ""


def load_pages(corpus: Path) -> list[tuple[str, str, bytes, str]]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((corpus / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        pages.append((key, truth[key]["url"], gzip.decompress(path.read_bytes()),
                      truth[key]["articleBody"]))  # fmt: skip
    return pages


def evaluate(name: str, run: Callable[[bytes, str], str], pages: list[tuple[str, str, bytes, str]],
             n: int) -> dict[str, object]:  # fmt: skip
    counts: dict[str, Counts] = {}
    started = time.perf_counter()
    for key, url, page, truth in pages:
        counts[key] = page_counts(truth, run(page, url), n)
    seconds = time.perf_counter() - started
    russian = [counts[k] for k, url, _, _ in pages if any(s in url for s in RUSSIAN_SITES)]
    return {
        "name": name,
        "all": metrics(list(counts.values())),
        "russian": metrics(russian),
        "pages": len(pages),
        "russian_pages": len(russian),
        "pages_per_s": len(pages) / seconds,
        "per_page": {k: metrics([c])["f1"] for k, c in counts.items()},
    }


def print_table(results: list[dict[str, object]], n: int) -> None:
    scoring = "upstream scoring" if n == 4 else "upstream uses 4"
    print(f"Scrapinghub benchmark subset, {n}-token shingles ({scoring})")
    print(f"{'extractor':<38} {'P':>6} {'R':>6} {'F1':>6} | {'ru P':>6} {'ru R':>6} "
          f"{'ru F1':>6} | pages/s")  # fmt: skip
    for row in results:
        a, r = row["all"], row["russian"]
        assert isinstance(a, dict) and isinstance(r, dict)
        print(f"{row['name']:<38} {a['precision']:6.3f} {a['recall']:6.3f} {a['f1']:6.3f} | "
              f"{r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} | "
              f"{row['pages_per_s']:6.1f}")  # fmt: skip
    print(f"({results[0]['pages']} pages, {results[0]['russian_pages']} Russian)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ngram", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pages", action="store_true", help="print each page's F1")
    args = parser.parse_args()
    pages = load_pages(args.corpus)
    runs = [
        ("kabar extract_article", ours(None)),
        ("kabar, no rules / no post-process", ours(ExtractRules(drop_repeats=False))),
        ("trafilatura.extract defaults", plain_trafilatura),
        ("trafilatura.extract favor_precision", precise_trafilatura),
    ]
    results = [evaluate(name, run, pages, args.ngram) for name, run in runs]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print_table(results, args.ngram)
    if args.pages:
        urls = {key: url for key, url, _, _ in pages}
        for key, url in urls.items():
            scores = " ".join(f"{row['per_page'][key]:.3f}" for row in results)  # type: ignore[index]
            print(f"{key[:12]} {scores} {url[:60]}")


if __name__ == "__main__":
    main()
