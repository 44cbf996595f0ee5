"""The router as the site mounts it, minus the site: its domain errors get their statuses here
(the site does the same in its one error shape), and no response cache sits in front."""

from django.urls import include, path
from ninja import NinjaAPI
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lewis_content import services
from lewis_content.api import router

STATUSES = {services.NotFound: 404, services.InvalidRequest: 422}

api = NinjaAPI(urls_namespace="content-tests")
api.add_router("", router)


@api.exception_handler(services.ContentError)
def content_error(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=STATUSES[type(exc)])


urlpatterns = [
    path("api/v1/", api.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
