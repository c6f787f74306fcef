"""The LA's support pages, under /la/<la_slug>/quality/ (la_quality:*): the portfolio, the
strategy action plan and the children in care cohort report."""

from quality.parts import part_modules

app_name = "la_quality"

urlpatterns = [pattern for module in part_modules("la_urls") for pattern in module.urlpatterns]
