from django.urls import include, path
from ninja import NinjaAPI

from lewis_accounts.api import router

api = NinjaAPI(urls_namespace="accounts-tests")
api.add_router("", router)

urlpatterns = [
    path("api/v1/", api.urls),
    path("_allauth/", include("allauth.headless.urls")),
]
