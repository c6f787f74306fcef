"""The query budgets' one table: every pin belongs to a page the bench measures."""

from bench.budgets import MAX_STATEMENTS, PINNED, STATEMENTS, statements
from bench.targets import TARGETS


def test_every_pinned_page_is_one_the_bench_measures():
    measured = {target.url_name for target in TARGETS}

    assert set(PINNED) <= measured
    assert set(STATEMENTS) <= measured


def test_the_bench_reads_each_pages_pin_and_budget_from_the_table():
    for target in TARGETS:
        if target.method == "job":
            continue
        assert target.pinned == PINNED.get(target.url_name), target.label
        assert target.max_queries == statements(target.url_name), target.label
    assert statements("home") == MAX_STATEMENTS
