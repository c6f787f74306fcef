"""PEP tests read the paperwork as the PEP app alone keeps it.

The EYPP app plugs its plans into the PEP (``pep.paperwork.eypp``) at start-up; these tests
set their own provider where they need one, and otherwise run without any. The EYPP app's
provider is tested with the EYPP app (tests/eypp/test_pep_seam.py).
"""

import pytest

from pep.paperwork import eypp


@pytest.fixture(autouse=True)
def no_eypp_provider():
    saved = list(eypp._PROVIDERS)
    eypp.unregister_eypp_plan()
    yield
    eypp._PROVIDERS[:] = saved
