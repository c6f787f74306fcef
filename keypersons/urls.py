"""Key-person allocation and training pages, under /settings/<setting_slug>/key-persons/."""

app_name = "keypersons"

urlpatterns: list = []
