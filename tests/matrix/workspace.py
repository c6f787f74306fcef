# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the workspace's pages: the site's home and the dashboards."""

from tests.matrix.base import LOGIN, REDIRECT, KwargsBuilder, Status, at_la, at_setting, no_kwargs

_L, _R = LOGIN, REDIRECT  # short, so that the grid lines up

# fmt: off
ROWS: dict[str, tuple[KwargsBuilder, tuple[Status, ...]]] = {
    "home":                              (no_kwargs,     (_L, _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R)),
    "settings:overview":                 (at_setting,    (_L, 200, 403, 403, 403, 200, 404, 200, 200, 404, 404)),
    "settings:my_key_children":          (at_setting,    (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "la:my_settings":                    (at_la,         (_L, 404, 404, 404, 404, 200, 200, 200, 403, 404, 404)),
}
# fmt: on
