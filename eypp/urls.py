"""EYPP pages of a setting's children, under /settings/<setting_slug>/eypp/."""

from eypp.document import urls as document_urls
from eypp.eligibility import urls as eligibility_urls
from eypp.funding import urls as funding_urls
from eypp.impact import urls as impact_urls
from eypp.plans import urls as plans_urls
from eypp.review import urls as review_urls

app_name = "eypp"

urlpatterns = [
    *eligibility_urls.urlpatterns,
    *funding_urls.urlpatterns,
    *plans_urls.urlpatterns,
    *impact_urls.urlpatterns,
    *document_urls.urlpatterns,
    *review_urls.urlpatterns,
]
