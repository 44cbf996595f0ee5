"""The composed site over HTTP: health, the one API, the CMS and the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_cache_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


def test_readyz_is_503_and_names_the_cache_when_it_is_down(client):
    with override_settings(CACHES=BROKEN_CACHE):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error: ConnectionError")


def test_the_api_mounts_every_packages_router(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Lewis API"
    assert {
        "/api/v1/works",
        "/api/v1/axes",
        "/api/v1/passages/{passage_id}/related",
        "/api/v1/me",
    } <= set(schema["paths"])


def test_the_interactive_docs_load_their_assets_locally(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui" in response.content
    assert b"cdn.jsdelivr.net" not in response.content


def test_api_errors_share_one_json_shape(client):
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "code": "not_found",
        "message": "No API endpoint at /api/v1/no-such-thing.",
        "details": None,
    }
    wrong_method = client.post("/api/v1/passages")
    assert (wrong_method.status_code, wrong_method["Allow"]) == (405, "GET, HEAD, OPTIONS")
    assert wrong_method.json()["code"] == "method_not_allowed"
    guest = client.get("/api/v1/me")
    assert guest.status_code == 401
    assert guest.json()["code"] == "not_authenticated"


def test_the_schema_declares_the_error_shape_each_read_can_answer_with(client):
    schema = client.get("/api/v1/openapi.json").json()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) == {"code", "message"}
    detail = schema["paths"]["/api/v1/passages/{passage_id}"]["get"]["responses"]
    assert {"200", "304", "404", "422", "default"} <= set(detail)
    assert detail["404"]["content"] == detail["default"]["content"] == error
    assert "404" in schema["paths"]["/api/v1/passages"]["get"]["responses"]  # an unknown work
    assert "401" in schema["paths"]["/api/v1/me"]["get"]["responses"]
    assert "304" not in schema["paths"]["/api/v1/axes"]["get"]["responses"]  # not cached


def test_the_seeded_taxonomy_axes_are_served(client):
    assert [a["slug"] for a in client.get("/api/v1/axes").json()] == [
        "motif",
        "theme",
        "life-stage",
    ]


@pytest.mark.parametrize("path", ["/cms/", "/admin/"])
def test_the_cms_and_admin_ask_guests_to_sign_in(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(f"{path}login/")
    assert b'name="password"' in response.content


def test_an_editor_signs_in_to_the_cms_and_sees_the_works_menu(client):
    get_user_model().objects.create_superuser("ed", "ed@example.org", "a-long-passphrase")
    login = client.post(
        "/cms/login/", {"username": "ed", "password": "a-long-passphrase"}, follow=True
    )
    assert login.status_code == 200
    assert b"/cms/snippets/lewis_content/work/" in login.content


ODD_PATHS = ["/api/", "/api/v1/", "/api/v1/nope", "/api/v1/passages/abc", "/api/v1/passages/1/x"]


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_every_error_under_the_api_is_in_the_one_shape(method):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)  # a browser-like client: CSRF refusals too
    for path in [*ODD_PATHS, "/api/v1/passages", "/api/v1/me"]:
        response = getattr(strict, method)(path)
        if response.status_code < 400:
            continue
        assert response["Content-Type"].startswith("application/json"), (method, path)
        assert {"code", "message"} <= set(response.json()), (method, path)
    refused = strict.get("/api/v1/passages", HTTP_HOST="evil.example")
    assert (refused.status_code, refused.json()["code"]) == (400, "bad_request")


@override_settings(DEBUG=True)  # the embedded default: Django's debug pages stay off /api/
def test_errors_under_the_api_are_in_the_one_shape_with_debug_on_too(client):
    for path in ODD_PATHS:
        response = client.get(path)
        assert response.status_code in (404, 422), path
        assert response["Content-Type"].startswith("application/json"), path
    refused = client.get("/api/v1/passages", HTTP_HOST="evil.example")
    assert (refused.status_code, refused.json()["code"]) == (400, "bad_request")
    assert client.get("/cms/nope/", HTTP_HOST="evil.example")["Content-Type"].startswith(
        "text/html"
    )


def test_a_crash_outside_the_api_handlers_answers_500_in_the_one_shape(rf):
    from lewis_site import views

    crashed = views.server_error(rf.get("/api/v1/passages"))
    assert (crashed.status_code, crashed["Content-Type"]) == (
        500,
        "application/json; charset=utf-8",
    )
    assert views.server_error(rf.get("/cms/")).status_code == 500  # Django's page there


def test_a_guest_is_told_how_to_sign_in(client):
    assert client.get("/api/v1/me")["WWW-Authenticate"] == 'Bearer realm="api"'


def test_head_answers_like_get_without_a_body_and_options_lists_the_methods(client, passage):
    url = f"/api/v1/passages/{passage.pk}"
    got, head = client.get(url), client.head(url)
    assert (head.status_code, head.content) == (200, b"")
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))
    options = client.options(url)
    assert (options.status_code, options["Allow"]) == (204, "GET, HEAD, OPTIONS")
    wrong = client.post(url)
    assert (wrong.status_code, wrong["Allow"]) == (405, "GET, HEAD, OPTIONS")


@override_settings(ROOT_URLCONF="tests.body_urls")
def test_a_body_in_another_media_type_is_refused_with_415_before_parsing(client):
    sent = client.post("/api/v1/notes", {"text": "hi"}, content_type="application/json")
    assert (sent.status_code, sent.json()) == (200, {"text": "hi"})
    for media_type, body in [("text/plain", '{"text": "hi"}'), ("application/xml", "<a/>")]:
        refused = client.post("/api/v1/notes", body, content_type=media_type)
        assert refused.status_code == 415, media_type
        assert refused.json()["code"] == "unsupported_media_type"
    form = client.post("/api/v1/notes", {"text": "hi"})  # multipart, as a browser form sends
    assert form.status_code == 415


@override_settings(ROOT_URLCONF="tests.body_urls")
def test_a_body_over_the_apis_limit_is_refused_with_413_before_parsing(client):
    from lewis_site.views import API_MAX_BODY_BYTES

    under = "x" * (API_MAX_BODY_BYTES - 20)
    assert client.post("/api/v1/notes", {"text": under}, "application/json").status_code == 200
    over = client.post("/api/v1/notes", {"text": "x" * API_MAX_BODY_BYTES}, "application/json")
    assert over.status_code == 413
    assert over.json()["code"] == "payload_too_large"
    elsewhere = client.post("/elsewhere/", {"text": "x" * API_MAX_BODY_BYTES}, "application/json")
    assert elsewhere.status_code == 404  # the CMS keeps Django's own limit


def test_the_schema_reads_well_in_a_generated_client(client, settings):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"listPassages", "getPassage", "listRelatedPassages", "getToday", "getMe"} <= operations
    assert schema["servers"] == [{"url": settings.PUBLIC_URL}]
    components = schema["components"]["schemas"]
    # Fixed sets are named enums, defined once.
    assert components["Provenance"]["enum"] == ["lewis", "editorial"]
    card = components["PassageCard"]["properties"]
    assert card["provenance"] == {"$ref": "#/components/schemas/Provenance"}
    # One type per concept.
    assert card["register"] == components["PassageDetail"]["properties"]["register"]
    assert (
        components["AudioOut"]["properties"]["duration_seconds"]
        == (components["EpisodeOut"]["properties"]["duration_seconds"])
    )
    # Unions of blocks and portal items stay open to types added later, the fallback last.
    blocks = components["PassageDetail"]["properties"]["body"]["items"]["anyOf"]
    assert blocks[-1] == {"$ref": "#/components/schemas/UnknownBlock"}
    items = components["PortalDetail"]["properties"]["items"]["items"]["anyOf"]
    assert items[-1] == {"$ref": "#/components/schemas/UnknownPortalItem"}
    # Only what an operation refers to: the filter models ninja flattens into parameters go.
    assert not {"PassageFilters", "RelatedFilters", "ConnectionFilters"} & set(components)
    # The caching headers of conditional reads.
    detail = schema["paths"]["/api/v1/passages/{passage_id}"]["get"]["responses"]
    assert {"ETag", "Cache-Control"} <= set(detail["200"]["headers"]) & set(
        detail["304"]["headers"]
    )


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_probes_answer_whatever_host_a_load_balancer_names(client, probe):
    response = client.get(probe, HTTP_HOST="10.0.12.34:8000")  # a task's private address
    assert response.status_code == 200
    assert client.get("/api/v1/works", HTTP_HOST="10.0.12.34:8000").status_code == 400
