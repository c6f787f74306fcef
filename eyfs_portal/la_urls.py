"""Pages of one local authority, under /la/<la_slug>/, gathered from the apps."""

from accounts import la_urls as account_pages
from workspace import la_urls as workspace_pages

app_name = "la"

urlpatterns = [
    *workspace_pages.urlpatterns,
    *account_pages.urlpatterns,
]
