"""Run the benchmarks and print one table: figure, baseline measured in the same run, ratio,
target. ``--json PATH`` also writes the rows as JSON.

    .venv/bin/python bench/run.py [--json PATH] [--only NAME ...] [--rows N] [--contestants N]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/jiangxin_bench) and,
for the page benchmark, wrk on the PATH (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django

BENCHMARKS = ["import", "roster_page", "ranking", "matching", "assign", "load"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the rows as JSON to this file")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, help="run only these")
    parser.add_argument("--rows", type=int, default=100_000, help="roster size (default 100,000)")
    parser.add_argument(
        "--contestants", type=int, default=10_000, help="ranking: contestants (default 10,000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median counts")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI: small sizes and a short load, to show every benchmark still runs; targets not enforced",
    )
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.repeat, args.contestants = 3000, 1, 300
        from bench import bench_roster_page

        bench_roster_page.WRK[2] = "-d2s"
    setup_django()
    results: list[dict] = []
    for name in args.only or BENCHMARKS:
        if name == "import":
            from bench import bench_import

            results += bench_import.run(rows=args.rows, repeat=args.repeat)
        elif name == "roster_page":
            from bench import bench_roster_page

            results += bench_roster_page.run(rows=args.rows, repeat=args.repeat)
        elif name == "ranking":
            from bench import bench_ranking

            results += bench_ranking.run(contestants=args.contestants, repeat=args.repeat)
        elif name == "matching":
            from bench import bench_matching

            size = (200, 500, 8) if args.smoke else (2000, 5000, 40)
            results += bench_matching.run(*size, repeat=args.repeat)
        elif name == "assign":
            from bench import bench_assign

            size = (2000, 60) if args.smoke else (20_000, 600)
            results += bench_assign.run(*size, repeat=args.repeat)
        elif name == "load":
            from bench import bench_load

            results += bench_load.run(rows=args.rows, seconds=5 if args.smoke else 60)
    print_table(results)
    if args.smoke:
        print(
            "(smoke run: small sizes and a 2 s load show that every benchmark runs; its ratios are not the targets')"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if args.smoke or all(r["met"] for r in results) else 1


def print_table(rows: list[dict]) -> None:
    header = f"{'benchmark':<26} {'value':>12} {'baseline':>12} {'unit':<7} {'ratio':>7} {'target':>8}  met  baseline is"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['name']:<26} {r['value']:>12,} {r['baseline']:>12,} {r['unit']:<7} {r['ratio']:>7.3f} "
            f"{r.get('target_op', '≥') + format(r['target'], 'g'):>8}  {'yes' if r['met'] else 'NO ':<4} {r['baseline_name']}"
        )
        details = r.get("details")
        if details:
            print("    " + ", ".join(f"{k} {v}" for k, v in details.items()))


if __name__ == "__main__":
    raise SystemExit(main())
