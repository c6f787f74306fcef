"""EYPP pages for an LA's people, under /la/<la_slug>/eypp/.

The same views as the setting's pages where both sides work on a plan (reading, review,
the PDF): the door decides. Funding rates, the plans awaiting review and the roll-up are
the LA's own.
"""

from eypp.document import la_urls as document_urls
from eypp.eligibility import la_urls as eligibility_urls
from eypp.funding import la_urls as funding_urls
from eypp.impact import la_urls as impact_urls
from eypp.plans import la_urls as plans_urls
from eypp.review import la_urls as review_urls

app_name = "la_eypp"

urlpatterns = [
    *eligibility_urls.urlpatterns,
    *funding_urls.urlpatterns,
    *plans_urls.urlpatterns,
    *impact_urls.urlpatterns,
    *document_urls.urlpatterns,
    *review_urls.urlpatterns,
]
