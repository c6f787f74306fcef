"""Run the benchmarks: ``python -m bench [--rebuild] [--requests N]``."""

from __future__ import annotations

import argparse
import os
import sys

import bench
from bench.database import (
    BASE_DIR,
    clear_leftovers,
    database_url,
    prepare_database,
    setup_django,
    store_marker,
)
from bench.datasets import build_dataset, dataset_sizes
from bench.measure import Result, measure
from bench.report import BUSY_LOAD, DOCS_PATH, diagnose, environment, table, write_docs
from bench.targets import TARGETS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=(bench.__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the dataset")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    options = parser.parse_args(argv)
    if options.requests < 1:
        parser.error("--requests must be at least 1")

    url = database_url()
    marker = prepare_database(url, rebuild=options.rebuild)
    setup_django(url)

    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    if marker is None:
        print("Building the dataset (one local authority)…", flush=True)
        marker = build_dataset()
        store_marker(marker)
        print(f"Built in {marker['build_seconds']} s")
    else:
        print(
            f"Reusing the dataset built {marker['built_at'][:16]} in {marker['build_seconds']} s"
        )
    clear_leftovers(marker)
    sizes = dataset_sizes()
    for name, count in sizes.items():
        print(f"  {count:>7,}  {name}")

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    load_before = os.getloadavg()[0]
    if load_before > BUSY_LOAD:
        print(
            f"Warning: load average {load_before:.2f} on {len(os.sched_getaffinity(0))} cores;"
            " other work competes for the CPU, so the times will be slower and noisier."
        )
    results: list[Result] = []
    with override_settings(STORAGES=plain_static):
        for target in TARGETS:
            result = measure(target, options.requests, marker)
            results.append(result)
            print(
                f"  {target.label:<46} {target.persona:<20} median {result.median_ms:7.1f} ms"
                f"  p95 {result.p95_ms:7.1f} ms  {result.statement_count:4d} statements"
                f"  {'PASS' if result.passed else 'FAIL'}",
                flush=True,
            )
        diagnoses: list[str] = []
        for result in results:
            if not result.passed:
                diagnoses += [*diagnose(result), ""]
    clear_leftovers(marker)

    print()
    print("\n".join(table(results)))
    if diagnoses:
        print("\nMissed targets:\n" + "\n".join(diagnoses))
    env = environment()
    env["Load average (1 min) before and after measuring"] = (
        f"{load_before:.2f}, {os.getloadavg()[0]:.2f}"
    )
    write_docs(results, sizes, marker, env, options.requests, diagnoses)
    print(f"\nWrote {DOCS_PATH.relative_to(BASE_DIR)}")
    return 0 if all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
