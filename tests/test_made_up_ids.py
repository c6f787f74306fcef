"""A record id that names nothing the persona may reach answers 404, never 403.

The permission matrix asks every page with ids of real records at the home setting. Here each
id in the URL is swapped, one at a time, for an id that names no record at all: the page must
look the record up within its scope before it weighs the persona's grant, so the answer is
404 for everyone, and a 403 never confirms that an id exists. Pages that answer only POST
are posted to.
"""

from collections.abc import Iterator
from itertools import product
from typing import Any

import pytest
from django.urls import reverse

from tests.matrix.base import HOME_PERSONAS, Places, client_for
from tests.test_permission_matrix import MATRIX, URL_PARAMS

MADE_UP_ID = 987_654_321


def id_variants() -> Iterator[Any]:
    """Yield every URL with an id parameter, once per id parameter and home persona."""
    for url_name, params in sorted(URL_PARAMS.items()):
        for param, persona in product([p for p in params if p.endswith("_id")], HOME_PERSONAS):
            yield pytest.param(url_name, param, persona, id=f"{url_name}[{param}]-{persona}")


@pytest.mark.parametrize(("url_name", "param", "persona"), list(id_variants()))
def test_a_made_up_id_is_not_found_for_every_persona(
    request, url_name, param, persona, care_setting, home_la
):
    kwargs = MATRIX[url_name][0](
        Places(care_setting=care_setting, home_la=home_la, request=request)
    )
    kwargs[param] = MADE_UP_ID
    client = client_for(request, persona)
    # A page that answers GET with 405 is a button: ask it the way the button does.
    send = client.post if 405 in MATRIX[url_name][1].values() else client.get

    response = send(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 404
