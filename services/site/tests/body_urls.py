"""A URLconf with one operation that reads a JSON body, on the site's own API class: the API
has no such operation yet (reader accounts will), but its media-type rule is in place."""

from django.urls import path
from ninja import Router, Schema

from lewis_site.api import LewisAPI

router = Router()


class Note(Schema):
    text: str


@router.post("/notes", response=Note)
def create_note(request, note: Note):
    return note


api = LewisAPI(urls_namespace="body-test")
api.add_router("", router)
urlpatterns = [path("api/v1/", api.urls)]
