import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import override_settings
from ninja.testing import TestClient

from lewis_tagging import services
from lewis_tagging.api import router
from lewis_tagging.models import Axis, Tag

pytestmark = pytest.mark.django_db


def test_the_seeded_axes_are_listed_in_display_order_with_tag_counts():
    Tag.objects.create(axis=Axis.objects.get(slug="theme"), slug="grief", label="Grief")
    response = TestClient(router).get("/axes")
    assert response.status_code == 200
    assert [(a["slug"], a["ranking_weight"], a["tag_count"]) for a in response.json()] == [
        ("motif", 3, 0),
        ("theme", 2, 1),
        ("life-stage", 1, 0),
    ]


def test_a_tag_slug_is_unique_within_its_axis_only():
    theme, motif = Axis.objects.get(slug="theme"), Axis.objects.get(slug="motif")
    Tag.objects.create(axis=theme, slug="joy", label="Joy")
    Tag.objects.create(axis=motif, slug="joy", label="Joy (the longing)")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(axis=theme, slug="joy", label="Joy again")


def test_an_axis_that_still_has_tags_cannot_be_deleted():
    theme = Axis.objects.get(slug="theme")
    Tag.objects.create(axis=theme, slug="pride", label="Pride")
    with pytest.raises(ProtectedError):
        theme.delete()


def test_the_offline_drafter_suggests_taxonomy_tags_found_in_the_text():
    theme = Axis.objects.get(slug="theme")
    grief = Tag.objects.create(
        axis=theme, slug="grief", label="Grief", keywords="mourning, bereavement"
    )
    joy = Tag.objects.create(axis=theme, slug="joy", label="Joy", keywords="longing")
    Tag.objects.create(axis=theme, slug="pride", label="Pride")

    suggestions = services.draft_tags(
        "No one ever told me that grief felt so like fear. Mourning is a long road; "
        "and somewhere a longing for what was."
    )

    assert [s.tag_id for s in suggestions] == [grief.id, joy.id]
    assert "'mourning'" in suggestions[0].rationale
    assert services.draft_tags("Nothing in the taxonomy here.") == []


@pytest.mark.parametrize(
    ("drafter", "error_id"),
    [
        ("lewis_tagging.drafters.missing.Drafter", "lewis_tagging.E001"),
        ("lewis_tagging.models.Axis", "lewis_tagging.E002"),
    ],
)
def test_a_misconfigured_drafter_fails_the_system_check(drafter, error_id):
    with (
        override_settings(LEWIS_TAGGING={"DRAFTER": drafter}),
        pytest.raises(SystemCheckError, match=error_id),
    ):
        call_command("check")


def test_editors_browse_tags_filtered_by_axis_and_searched(client):
    from django.contrib.auth.models import User

    motif, theme = Axis.objects.get(slug="motif"), Axis.objects.get(slug="theme")
    Tag.objects.create(axis=motif, slug="the-lion", label="The Lion")
    Tag.objects.create(axis=theme, slug="grief", label="Grief", keywords="mourning")
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))

    by_axis = client.get("/cms/snippets/lewis_tagging/tag/", {"axis": theme.pk})
    assert by_axis.status_code == 200
    assert b"Grief" in by_axis.content
    assert b"The Lion" not in by_axis.content

    searched = client.get("/cms/snippets/lewis_tagging/tag/", {"q": "lion"})
    assert b"The Lion" in searched.content
    assert b"Grief" not in searched.content


def test_an_editor_adds_a_tag_without_a_deploy(client):
    from django.contrib.auth.models import User

    theme = Axis.objects.get(slug="theme")
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))
    response = client.post(
        "/cms/snippets/lewis_tagging/tag/add/",
        {
            "axis": theme.pk,
            "label": "Hope",
            "slug": "hope",
            "description": "",
            "keywords": "hoping",
        },
    )
    assert response.status_code == 302
    assert Tag.objects.get(slug="hope").keyword_list == ["hoping"]


def test_the_taxonomy_version_changes_whenever_editors_change_what_a_drafter_sees():
    theme = Axis.objects.get(slug="theme")
    grief = Tag.objects.create(axis=theme, slug="grief", label="Grief")
    versions = [services.taxonomy_version()]
    assert services.taxonomy_version() == versions[0]  # stable while nothing changes

    def changed() -> bool:
        versions.append(services.taxonomy_version())
        return versions[-1] != versions[-2]

    grief.label = "Grief and mourning"
    grief.save()
    assert changed()
    grief.keywords = "bereavement"
    grief.save()
    assert changed()
    grief.description = "Sorrow at a loss."
    grief.save()
    assert changed()
    Tag.objects.create(axis=theme, slug="joy", label="Joy")
    assert changed()
    theme.description = "What a passage is about."
    theme.save()
    assert changed()
    theme.ranking_weight = 5  # ranking, not drafting
    theme.save()
    assert not changed()
    assert len(versions[0]) == 12


def test_an_axis_weight_is_bounded_0_to_10_in_the_form_and_the_database(db):
    from django.core.exceptions import ValidationError

    theme = Axis.objects.get(slug="theme")
    theme.ranking_weight = services.MAX_RANKING_WEIGHT
    theme.full_clean()
    theme.ranking_weight = services.MAX_RANKING_WEIGHT + 1
    with pytest.raises(ValidationError, match="ranking_weight"):
        theme.full_clean()  # what the CMS form says to an editor
    with pytest.raises(IntegrityError), transaction.atomic():
        theme.save()  # and what the database refuses whoever writes it


def test_the_taxonomy_announces_its_changes_with_the_tags_readers_see_relabelled(db):
    heard = []

    def listen(sender, relabelled_tag_ids, **kwargs):
        heard.append((sender.__name__, set(relabelled_tag_ids)))

    services.taxonomy_changed.connect(listen)
    try:
        theme = Axis.objects.get(slug="theme")
        grief = Tag.objects.create(axis=theme, slug="grief", label="Grief")
        grief_id = grief.pk
        grief.description = "Sorrow at a loss."  # not shown with the tag on a passage
        grief.save()
        grief.label = "Sorrow"
        grief.save()
        theme.slug = "themes"  # shown with every tag of the axis
        theme.save()
        grief.delete()
    finally:
        services.taxonomy_changed.disconnect(listen)
    theme_tags = set(Tag.objects.filter(axis=theme).values_list("pk", flat=True)) | {grief_id}
    assert heard == [
        ("Tag", set()),
        ("Tag", set()),
        ("Tag", {grief_id}),
        ("Axis", theme_tags),
        ("Tag", {grief_id}),
    ]


def test_the_tag_chooser_finds_a_tag_by_label_or_keyword_within_an_axis(admin_client):
    from django.urls import reverse

    from lewis_tagging.models import Axis, Tag

    theme, motif = Axis.objects.get(slug="theme"), Axis.objects.get(slug="motif")
    Tag.objects.create(axis=theme, slug="joy", label="Joy", keywords="longing, sehnsucht")
    Tag.objects.create(axis=motif, slug="joyful-bells", label="Joyful bells")
    Tag.objects.create(axis=theme, slug="grief", label="Grief")
    chooser = reverse("wagtailsnippetchoosers_lewis_tagging_tag:choose_results")

    def found(**query):
        page = admin_client.get(chooser, query).content.decode()
        return {label for label in ("Joyful bells", "Joy", "Grief") if f" {label} (" in page}

    assert found(q="joy") == {"Joy", "Joyful bells"}
    assert found(q="joy", axis=theme.pk) == {"Joy"}
    assert found(q="SEHNSUCHT") == {"Joy"}
