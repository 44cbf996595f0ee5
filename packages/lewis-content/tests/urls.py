from django.urls import include, path
from ninja import NinjaAPI
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lewis_content.api import router

api = NinjaAPI(urls_namespace="content-tests")
api.add_router("", router)

urlpatterns = [
    path("api/v1/", api.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
