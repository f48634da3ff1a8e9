"""Action plan import benchmark: time per 100 recommendations must stay flat as plans grow.

Imports generated plans of 100 to 1,600 recommendations (two actions each, with progress) through
``actionplans.services.plan_import`` — parse, validate, store, search index — into a throwaway
test database (SQLite in memory, or ``test_<name>`` on the PostgreSQL of DATABASE_URL), and prints
a table. Usage:

    .venv/bin/python bench/import_plan.py                 # --format xlsx, --sizes 100 200 400
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutiny_bench .venv/bin/python bench/import_plan.py
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

# Not this folder (a bench/http.py would hide the standard library's http), but the project's.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.insert(0, str(_here.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.test")

import django

django.setup()

from django.db import connection
from django.test.utils import setup_test_environment

from actionplans import services
from actionplans.spreadsheet import HEADERS


def plan_rows(recommendations: int, actions: int):
    yield HEADERS
    for r in range(1, recommendations + 1):
        if r % 50 == 1:
            yield [f"Theme {r // 50 + 1}"] + [""] * 9
        for a in range(1, actions + 1):
            first = a == 1
            yield [
                f"A{r} Priority & Immediate Action" if first else "",
                f"Ensure that every child in need is seen within timescales ({r})." if first else "",
                f"A{r}.{a}",
                f"Audit open cases in locality {r} and report weekly.",
                "Every child is seen.",
                "31/03/15",
                "Head of Safeguarding",
                "Audit started; first findings reported.",
                "A",
                "A" if first else "",
            ]


def make_file(recommendations: int, actions: int, fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(plan_rows(recommendations, actions))
        return out.getvalue().encode()
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in plan_rows(recommendations, actions):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800, 1600])
    parser.add_argument("--actions", type=int, default=2, help="actions per recommendation")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument(
        "--index-each-save",
        action="store_true",
        help="for comparison: index on every save, as imports did before (quadratic)",
    )
    args = parser.parse_args()
    if args.index_each_save:
        from django.db import transaction

        # Unwrap @transaction.atomic and @deferred_indexing(), then put the transaction back.
        services.plan_create_from_parsed = transaction.atomic(services.plan_create_from_parsed.__wrapped__.__wrapped__)

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"database: {connection.vendor}; format: {args.format}; {args.actions} actions per recommendation")
        print(
            f"{'recommendations':>15} {'actions':>8} {'file KB':>8} {'parse s':>8} {'import s':>9} "
            f"{'s per 100 recs':>15}"
        )
        for size in args.sizes:
            data = make_file(size, args.actions, args.format)
            started = time.perf_counter()
            services.plan_import(data=data, filename=f"plan.{args.format}", title=f"Plan {size}", dry_run=True)
            parsed = time.perf_counter() - started
            started = time.perf_counter()
            services.plan_import(data=data, filename=f"plan.{args.format}", title=f"Plan {size}")
            took = time.perf_counter() - started
            print(
                f"{size:>15} {size * args.actions:>8} {len(data) // 1024:>8} {parsed:>8.2f} {took:>9.2f} "
                f"{took / size * 100:>15.3f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
