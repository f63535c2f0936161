"""``python -m bench.ingest``: draft every evaluation article, score it against its gold, print the scores.

``--write`` also measures the drafting speed of a 1,000-word article (median
after warm-up, one core) and replaces the ingestion block of BENCHMARKS.md.
``--verbose`` lists every miss. Exit status 1 when there is a hard error.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.ingest.score import Score, score
from graph.ingest import Metadata, draft_article

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold"
BENCHMARKS = HERE.parent.parent / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:ingest -->", "<!-- /bench:ingest -->"
TARGETS = {"claim_recall": 90.0, "claim_precision": 85.0, "speaker_accuracy": 90.0, "figure_accuracy": 90.0}


def evaluate(articles: Path = ARTICLES, gold_dir: Path = GOLD, first_run: bool = False) -> tuple[Score, dict[str, Score]]:
    """Every article drafted (no store: entities are proposed, not linked) and scored.

    The newest held-out set (``NOT_YET_RUN``) is left out unless ``first_run``: it is committed before the
    round of fixes, and its first run must come after them, so nothing (not even the test suite) drafts it earlier.
    """
    total = Score()
    per: dict[str, Score] = {}
    for path in sorted(articles.glob("*.txt")):
        if not first_run and any(prefix in path.name for prefix in NOT_YET_RUN):
            continue
        gold = json.loads((gold_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        answer = draft_article(text, Metadata(**gold.get("metadata", {})), None)
        per[path.stem] = score(path.stem, text, gold, answer)
        total.add(per[path.stem])
    return total, per


def thousand_words() -> str:
    """A 1,000-word article: the evaluation articles' prose, repeated and cut at 1,000 words.

    Never from a held-out set not yet run (``NOT_YET_RUN``): the speed run drafts this text, and such a set must not
    pass through the drafter before its first run.
    """
    body = "\n".join(p.read_text(encoding="utf-8") for p in _speed_articles())
    words: list[str] = []
    while len(words) < 1000:
        words += body.split(" ")
    return " ".join(words[:1000]).rsplit(".", 1)[0] + "."


def _speed_articles(articles: Path = ARTICLES) -> list[Path]:
    """The articles the speed text is made of: all but interviews and the held-out sets not yet run."""
    return [p for p in sorted(articles.glob("*.txt"))
            if "interview" not in p.name and not any(prefix in p.name for prefix in NOT_YET_RUN)]


def speed(runs: int = 7) -> dict[str, Any]:
    text = thousand_words()
    meta = Metadata(title="Speed", published="2025-03-04")
    draft_article(text, meta, None)  # warm-up: rules, regexes, the TriG serialiser
    times = []
    for _ in range(runs):
        start = time.process_time()
        draft_article(text, meta, None)
        times.append(time.process_time() - start)
    return {"words": len(text.split()), "median_s": statistics.median(times), "runs": runs}


HELD_OUT = "heldout-"
HELD_OUT_2 = "heldout2-"
HELD_OUT_3 = "heldout3-"
HELD_OUT_4 = "heldout4-"
HELD_OUT_5 = "heldout5-"
HELD_OUT_6 = "heldout6-"
HELD_OUT_7 = "heldout7-"
HELD_OUT_8 = "heldout8-"
HELD_OUT_9 = "heldout9-"
HELD_OUT_10 = "heldout10-"
HELD_OUT_11 = "heldout11-"
HELD_OUT_12 = "heldout12-"
# Held-out sets written and committed but not yet drafted: skipped until their one first run (``--first-run``).
NOT_YET_RUN: tuple[str, ...] = ()


def _groups(per: dict[str, Score]) -> list[tuple[str, list[Score]]]:
    """Development articles, the first held-out set and the second one, scored apart: only the held-out sets estimate unseen text."""
    return [
        ("Development (01–13, the rules were written on these)", [s for n, s in per.items() if "heldout" not in n]),
        ("Held out (`*-heldout-*`, 14–17: written and annotated before the rules were run on them; the phenomena their errors showed were fixed in a second round, so this is no longer an unseen-text estimate)",
         [s for n, s in per.items() if HELD_OUT in n]),
        ("Held out 2 (`*-heldout2-*`, 18–24: committed before the drafter first ran on them; the phenomena their first-run errors showed were then fixed, so only the first-run line in BENCHMARKS.md is an unseen-text estimate)",
         [s for n, s in per.items() if HELD_OUT_2 in n]),
        ("Held out 3 (`*-heldout3-*`, 25–29: committed after the second round of fixes, before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a third round)", [s for n, s in per.items() if HELD_OUT_3 in n]),
        ("Held out 4 (`*-heldout4-*`, 30–34: committed after the third round, before the drafter ran on them; the phenomena "
         "their first-run errors showed were fixed in a fourth round)", [s for n, s in per.items() if HELD_OUT_4 in n]),
        ("Held out 5 (`*-heldout5-*`, 35–39: committed before the fourth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a fifth round)", [s for n, s in per.items() if HELD_OUT_5 in n]),
        ("Held out 6 (`*-heldout6-*`, 40–45: committed before the fifth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a sixth round)", [s for n, s in per.items() if HELD_OUT_6 in n]),
        ("Held out 7 (`*-heldout7-*`, 46–52: committed before the sixth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a seventh round)", [s for n, s in per.items() if HELD_OUT_7 in n]),
        ("Held out 8 (`*-heldout8-*`, 53–58: committed before the seventh round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in an eighth round)", [s for n, s in per.items() if HELD_OUT_8 in n]),
        ("Held out 9 (`*-heldout9-*`, 59–64: committed before the eighth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a ninth round)", [s for n, s in per.items() if HELD_OUT_9 in n]),
        ("Held out 10 (`*-heldout10-*`, 65–70: committed before the ninth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in a tenth round)", [s for n, s in per.items() if HELD_OUT_10 in n]),
        ("Held out 11 (`*-heldout11-*`, 71–77: committed before the tenth round of fixes and before the drafter ran on them; the "
         "phenomena their first-run errors showed were fixed in an eleventh round)", [s for n, s in per.items() if HELD_OUT_11 in n]),
        ("Held out 12 (`*-heldout12-*`, 78–84: committed before the eleventh round of fixes and before the drafter ran on them; "
         "its first run's two wrong relations (a negated noun, a retracted report) were fixed as general rules in a twelfth round; "
         "nothing else was tuned on it)", [s for n, s in per.items() if HELD_OUT_12 in n]),
    ]


def report(total: Score, per: dict[str, Score], timing: dict[str, Any] | None, page: dict[str, Any] | None = None) -> str:
    rates = total.rates()
    lines = [
        "## Ingestion assistant (`python -m bench.ingest --write`)",
        "",
        f"- **Date**: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {len(per)} articles "
        f"(`bench/ingest/articles/`, gold in `bench/ingest/gold/`) · {total.gold} gold claims, {total.drafted} drafted",
        "",
        "| Measure | Value | Target | Met |",
        "|---|---:|---|---|",
    ]
    for name, value in rates.items():
        target = TARGETS.get(name)
        met = "–" if target is None else ("**yes**" if value >= target else "**no**")
        lines.append(f"| {name.replace('_', ' ')} | {value:.1f}% | {f'≥ {target:.0f}%' if target else 'reported'} | {met} |")
    lines.append(f"| hard errors | {len(total.hard_errors)} | 0 | {'**yes**' if not total.hard_errors else '**no**'} |")
    if timing:
        ok = timing["median_s"] < 1.0
        lines.append(f"| draft a {timing['words']}-word article (CPU time, median of {timing['runs']} after warm-up) | "
                     f"{timing['median_s'] * 1000:.0f} ms | < 1 s | {'**yes**' if ok else '**no**'} |")
    if page:
        ok = page["median_ms"] < 100
        lines.append(f"| `/ingest` page: one edit (stance change, re-render included), median of {page['edits']} "
                     f"with {page['claims']} claims, headless Chromium | {page['median_ms']:.1f} ms | < 100 ms | "
                     f"{'**yes**' if ok else '**no**'} |")
    for label, members in _groups(per):
        group = Score()
        for sc in members:
            group.add(sc)
        if group.gold:
            lines += ["", f"{label} ({group.gold} gold claims): " + ", ".join(f"{k.replace('_', ' ')} {v:.1f}%" for k, v in group.rates().items())
                      + f", hard errors {len(group.hard_errors)}."]
    lines += ["", "The rules were developed on articles 01–13 and then corrected on the phenomena the held-out sets' "
              "errors showed (the last held-out set only on its two wrong relations), so those lines flatter the drafter; the estimate for articles "
              "it has not seen is the first run on each held-out set, recorded below this block. No entity linking here (no store): speakers "
              "and relation ends are scored by label. Timings were taken on the shared 2-CPU machine with other work "
              f"running (load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end)."]
    lines += ["", "Per article (found / gold claims, drafted):", ""]
    lines += [f"- `{name}`: {s.found}/{s.gold}, {s.drafted} drafted" for name, s in per.items()]
    return "\n".join(lines)


def write(text: str) -> None:
    block = f"{BEGIN}\n{text.rstrip()}\n{END}\n"
    old = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else ""
    if BEGIN in old and END in old:
        before, rest = old.split(BEGIN, 1)
        new = before + block + rest.split(END, 1)[1].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    BENCHMARKS.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="measure speed and update BENCHMARKS.md")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument("--first-run", action="store_true", help="also draft the held-out sets not run yet (once, after the round of fixes)")
    args = parser.parse_args()
    total, per = evaluate(first_run=args.first_run)
    timing = speed() if args.write else None
    page = None
    if args.write:
        from bench.ingest.page import edit_latency

        page = edit_latency(thousand_words())
    text = report(total, per, timing, page)
    print(text)
    if args.verbose:
        print("\n".join(total.misses))
    for error in total.hard_errors:
        print(f"HARD ERROR: {error}", file=sys.stderr)
    if args.write:
        write(text)
    sys.exit(1 if total.hard_errors else 0)


if __name__ == "__main__":
    main()
