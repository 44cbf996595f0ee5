from django.core.exceptions import PermissionDenied
from django.urls import include, path
from ninja import NinjaAPI

from lewis_accounts.api import router
from lewis_content import services as content

api = NinjaAPI(urls_namespace="accounts-tests")
api.add_router("", router)


@api.exception_handler(content.NotFound)
def not_found(request, exc):  # the site answers these in its one error shape
    return api.create_response(request, {"message": str(exc)}, status=404)


@api.exception_handler(content.InvalidRequest)
def invalid(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=422)


urlpatterns = [
    path("api/v1/", api.urls),
    path("_allauth/", include("allauth.headless.urls")),
]


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):  # the site answers these in its one error shape
    return api.create_response(request, {"message": str(exc)}, status=403)
