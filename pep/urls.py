"""PEP pages of a setting's looked-after children, under /settings/<setting_slug>/pep/."""

from pep.board import urls as board_urls
from pep.clock import urls as clock_urls
from pep.meetings import urls as meetings_urls
from pep.pack import urls as pack_urls
from pep.paperwork import urls as paperwork_urls
from pep.qa import urls as qa_urls

app_name = "pep"

urlpatterns = [
    *clock_urls.urlpatterns,
    *meetings_urls.urlpatterns,
    *paperwork_urls.urlpatterns,
    *qa_urls.urlpatterns,
    *pack_urls.urlpatterns,
    *board_urls.urlpatterns,
]
