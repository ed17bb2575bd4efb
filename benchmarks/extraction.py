"""Extraction quality and speed: `python benchmarks/extraction.py [--articles N] [--check]`.

Quality: recall, precision and period accuracy on the seed articles (against the curated
data/figures.csv), on the fictional corpus in tests/corpus/ (written with the extractor in
view), and on the parts of the corpus written blind in tests/corpus_unseen/: the development
parts (dev to dev13) with every miss listed, the test part as aggregate scores only (its
articles are never read while working on the extractor; `--skip-test-part` leaves it out). Speed: articles per second
on one core, over synthetic wire reports made from templates with a fixed random seed; and the
cost of importing the extractor and of one `crackdown extract` run. With --check, the exit code
is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Targets on the test part of the unseen corpus, and the throughput floor on one core.
TARGETS = {"recall": 0.90, "precision": 0.85, "period": 0.85, "articles_per_second": 20.0}
UNSEEN = ROOT / "tests" / "corpus_unseen"
#: The development parts, each written blind and committed before the extractor first read it.
DEV_PARTS = sorted((p.name for p in UNSEEN.glob("dev*") if p.is_dir()), key=lambda n: (len(n), n))

NATIONALITIES = (
    "Chinese",
    "Vietnamese",
    "Indonesian",
    "Thai",
    "Japanese",
    "South Korean",
    "Filipino",
    "Indian",
)
AUTHORITIES = (
    "Cambodian police",
    "The Ministry of Interior",
    "Immigration officials",
    "Provincial authorities",
)
PLACES = ("Phnom Penh", "Sihanoukville", "Kandal", "Bavet", "Poipet", "Kampot")
OUTLETS = ("Mekong Wire", "Coastline Daily", "Khmer Wire")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
FIGURE_SENTENCES = (
    "{authority} deported {n:,} {nat} nationals on {weekday}, officials said.",
    "Police arrested more than {n:,} people in raids on compounds in {place} last month.",
    "From {m1} {d1} to {m2} {d2}, a joint operation led to the arrest of {n:,} individuals.",
    "{authority} have rescued {n:,} workers, including {part} women, since {m1} {d1}.",
    "In {m1}, the country repatriated {n:,} {nat} citizens suspected of online fraud.",
    "Courts have brought {n:,} people to trial, the ministry said on {weekday}.",
    "The gang defrauded victims of about ${money} million, prosecutors said.",
    "About {n:,} {nat} nationals were detained in the first six months of the year.",
)
FILLER_SENTENCES = (
    "The suspects, aged {a1} to {a2}, were held at a {k}-storey building in {place}.",
    "Police searched {k} locations and seized {n:,} mobile phones and computers.",
    "Workers had been promised jobs paying ${k},000 a month, according to rights groups.",
    "The crackdown, now in its {k}th week, follows pressure from neighbouring countries.",
    "Officials said the compounds housed workers from at least {k} countries.",
)
PLAIN_SENTENCES = (
    "The crackdown follows months of pressure from neighbouring governments and rights groups.",
    "Rights groups say many of the workers were lured with promises of well-paid jobs.",
    "The authorities said the investigation was continuing and more arrests were possible.",
    "Officials did not say when the suspects would be brought before a court.",
    "The compounds, often behind high walls, are run by criminal networks based abroad.",
    "Families of the victims have called for stronger action against the networks.",
    "A spokesman for the ministry declined to comment on the nationalities of those held.",
    "Survivors described long hours, beatings and confiscated passports.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")


def _kind(draw: float) -> tuple[str, ...]:
    """Sentence templates in the mix of the seed articles: about a third state a figure."""
    if draw < 0.35:
        return FIGURE_SENTENCES
    return FILLER_SENTENCES if draw < 0.55 else PLAIN_SENTENCES


def synthetic_articles(count: int, seed: int = 6) -> list[tuple[str, date]]:
    """`count` wire-style articles with their publication dates, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        published = date(2024, 10, 1) + timedelta(days=rng.randrange(400))
        months = sorted(rng.sample(range(len(MONTHS)), 2))

        def fill(template: str, months: list[int] = months) -> str:
            """The template with random values."""
            return template.format(
                authority=rng.choice(AUTHORITIES),
                n=rng.randrange(12, 5000),
                nat=rng.choice(NATIONALITIES),
                weekday=rng.choice(WEEKDAYS),
                place=rng.choice(PLACES),
                m1=MONTHS[months[0]],
                m2=MONTHS[months[1]],
                d1=rng.randrange(1, 28),
                d2=rng.randrange(1, 28),
                part=rng.randrange(2, 12),
                money=rng.randrange(11, 99) / 10,
                a1=rng.randrange(18, 30),
                a2=rng.randrange(31, 60),
                k=rng.randrange(4, 40),
            )

        headline = fill(rng.choice(FIGURE_SENTENCES)).rstrip(".").split(",")[0]
        dateline = f"{rng.choice(PLACES).upper()}, {published:%B} {published.day} ({rng.choice(OUTLETS)}) \u2013 "
        paragraphs = []
        for i in range(rng.randrange(6, 11)):
            sentences = [fill(rng.choice(_kind(rng.random()))) for _ in range(rng.randrange(2, 4))]
            paragraphs.append((dateline if i == 0 else "") + " ".join(sentences))
        out.append((headline + "\n\n" + "\n\n".join(paragraphs) + "\n", published))
    return out


def one_core() -> str:
    """Pin this process to one CPU, as the target is stated per core."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def throughput(count: int) -> tuple[float, float, float, int]:
    """Articles per CPU second (the process's own time, so that other work on the machine does
    not count against it), articles per wall-clock second, mean length, figures proposed."""
    from crackdown.extract import candidate_rows, extract

    articles = synthetic_articles(count)
    wall, cpu = time.perf_counter(), time.process_time()
    proposed = 0
    for text, published in articles:
        proposed += len(candidate_rows(extract(text, published), "synthetic", text))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return count / cpu, count / wall, sum(len(t) for t, _ in articles) / count, proposed


def startup() -> tuple[float, float]:
    """Seconds to import crackdown.extract in a fresh interpreter, and to run `crackdown extract`."""
    code = "import time; t = time.perf_counter(); import crackdown.extract; print(time.perf_counter() - t)"
    imported = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    output = ROOT / "data" / "candidates" / "bench-startup.csv"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crackdown.cli",
            "--root",
            str(ROOT),
            "extract",
            "asiae-2025-10-16",
            "--quiet",
            "--output",
            str(output),
        ],
        capture_output=True,
        check=True,
    )
    run = time.perf_counter() - start
    output.unlink(missing_ok=True)
    return imported, run


def main(argv: list[str] | None = None) -> int:
    """Print the quality and speed table; with --check, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=10_000, help="synthetic articles to time (default 10000)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--skip-test-part",
        action="store_true",
        help="do not score the test part of tests/corpus_unseen (while working on the extractor)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from crackdown.extract.scoring import score_corpus, score_seeds

    pinned = one_core()
    seeds = score_seeds(ROOT / "seeds", ROOT / "data" / "figures.csv")
    corpus = score_corpus(ROOT / "tests" / "corpus")
    dev = {part: score_corpus(UNSEEN / part) for part in DEV_PARTS}
    test = None if args.skip_test_part else score_corpus(UNSEEN / "test")
    rate, wall_rate, length, proposed = throughput(args.articles)
    imported, run = startup()

    print("extraction quality               figures  recall  precision  period  qualifier  parent")
    n_corpus = sum(1 for _ in (ROOT / "tests" / "corpus").glob("*.txt"))
    n_test = sum(1 for _ in (UNSEEN / "test").glob("*.txt"))
    lines = [
        ("seed articles (curated)", seeds),
        (f"old corpus ({n_corpus}, seen)", corpus),
        *(
            (f"unseen {part} part ({sum(1 for _ in (UNSEEN / part).glob('*.txt'))})", score)
            for part, score in dev.items()
        ),
    ]
    if test is not None:
        lines.append((f"unseen TEST part ({n_test})", test))
    for name, s in lines:
        print(
            f"{name:<32} {s.expected:>7}  {s.recall:>6.3f}  {s.precision:>9.3f}  {s.period_accuracy:>6.3f}"
            f"  {s.share('qualifier_right'):>9.3f}  {s.share('parent_right'):>6.3f}"
        )
    print(
        f"{'targets (test part)':<32} {'':>7}  {TARGETS['recall']:>6.2f}  {TARGETS['precision']:>9.2f}"
        f"  {TARGETS['period']:>6.2f}"
    )
    for title, score in (("old corpus", corpus), *((f"{p} part", s) for p, s in dev.items())):
        misses = score.missed + score.spurious + score.wrong_period
        if misses:
            print(f"{title}: missed, spurious, wrong period")
            for line in misses:
                print(f"  {line}")
    print()
    print(
        f"throughput: {rate:,.0f} articles per CPU second on one core, {wall_rate:,.0f} per wall-clock second "
        f"({pinned}; {args.articles:,} synthetic articles of {length:,.0f} characters on average, "
        f"{proposed:,} candidates); target {TARGETS['articles_per_second']:.0f}"
    )
    print(
        f"startup: import crackdown.extract {imported * 1000:.0f} ms; `crackdown extract` on a seed article {run:.2f} s"
    )

    missed = [
        name
        for name, ok in (
            ("seed figures", not seeds.missed and not seeds.wrong_period),
            ("recall", test is None or test.recall >= TARGETS["recall"]),
            ("precision", test is None or test.precision >= TARGETS["precision"]),
            ("period", test is None or test.period_accuracy >= TARGETS["period"]),
            ("throughput", rate >= TARGETS["articles_per_second"]),
        )
        if not ok
    ]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
