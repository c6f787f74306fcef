"""PEP pages for an LA's children in care advisors, under /la/<la_slug>/pep/.

The same views as the setting's pages where both sides work on a PEP: the door decides,
including for the out-of-county children an LA is responsible for.
"""

from pep.board import la_urls as board_urls
from pep.clock import la_urls as clock_urls
from pep.meetings import la_urls as meetings_urls
from pep.pack import la_urls as pack_urls
from pep.paperwork import la_urls as paperwork_urls
from pep.qa import la_urls as qa_urls

app_name = "la_pep"

urlpatterns = [
    *clock_urls.urlpatterns,
    *meetings_urls.urlpatterns,
    *paperwork_urls.urlpatterns,
    *qa_urls.urlpatterns,
    *pack_urls.urlpatterns,
    *board_urls.urlpatterns,
]
