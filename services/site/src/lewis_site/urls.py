from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from taggit.models import Tag as TaggitTag
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.models import Document
from wagtail.images.models import Image

from lewis_site import metrics, views
from lewis_site.api import API_ROOT, api

# The Django admin is for operators: users, groups and what the packages register for them. Not
# taggit's tags (unused: tags are lewis_tagging's) nor Wagtail's images and documents, whose own
# views apply collection permissions that the Django admin would bypass.
for model in (TaggitTag, Image, Document):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path(API_ROOT.lstrip("/"), api.urls),
    re_path(r"^api/", views.api_not_found),
    # Reader accounts (allauth headless, the app client): sign-up, sign-in, tokens, sessions;
    # its specification at /_allauth/openapi.json (docs/api.md).
    path("_allauth/", include("allauth.headless.urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url=f"{API_ROOT}docs", permanent=False)),
]

if settings.SERVE_MEDIA:  # local disk: the embedded default (S3 and CloudFront otherwise)
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Django's error views, answering in the API's error shape under /api/ (lewis_site.views).
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
