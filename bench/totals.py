"""How far the estimated totals are from the truth, on the benchmark's database.

    .venv/bin/python bench/totals.py [--million]

Every query of bench/search.py's mix whose total is estimated (the sampled plan) is run
twice in the same process: as the search runs it, and with the limits of the exact plan
raised so that every match is read and counted (the truth: stories, as the page counts
them). Prints both, the error in per cent, and the largest error (the target: ±5 %).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")


def main():
    import django

    django.setup()
    import search as bench  # bench/search.py, beside this script
    from django.db import connection
    from django.http import QueryDict

    from articles.search import engine, parse_filters

    connection.settings_dict["NAME"] = bench.MILLION if "--million" in sys.argv else bench.DATABASE
    values = bench.placeholders(connection)
    worst = 0.0
    print(f"{'query':<46} {'estimated':>10} {'exact':>10} {'error':>8}")
    for _, query, extra in bench.MIX:
        params = QueryDict(mutable=True)
        params.update({k: values.get(v, v) for k, v in extra.items() if k != "page"})
        filters = parse_filters(params)
        estimated = engine.search(query, filters)
        if not estimated.estimated:
            continue
        limits = engine.EXACT_LIMIT, engine.CHECKED_EXACT_LIMIT
        engine.EXACT_LIMIT = engine.CHECKED_EXACT_LIMIT = 10**9
        try:
            exact = engine.search(query, filters).total
        finally:
            engine.EXACT_LIMIT, engine.CHECKED_EXACT_LIMIT = limits
        error = (estimated.total - exact) / exact * 100
        worst = max(worst, abs(error))
        label = f"{query} {' '.join(f'{k}={v}' for k, v in params.items())}"
        print(f"{label:<46} {estimated.total:>10,} {exact:>10,} {error:>+7.1f}%")
    print(f"largest error: {worst:.1f} % (target: within 5 %)")


if __name__ == "__main__":
    main()
