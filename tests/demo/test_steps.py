"""The demo's steps: one per app, each in its own app's demo module, accounts first."""

from demo.steps import STEPS


def test_each_step_lives_in_the_demo_module_of_the_app_it_is_named_after():
    for name, step in STEPS:
        assert step.__module__ == f"{name}.demo", name


def test_the_accounts_step_comes_first_and_the_roll_before_the_apps_that_use_it():
    names = [name for name, _ in STEPS]

    assert names[:3] == ["accounts", "children", "keypersons"]
    assert len(set(names)) == len(names)
