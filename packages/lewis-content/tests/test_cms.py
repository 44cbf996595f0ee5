"""What an editor sees and does in the CMS (Wagtail admin at /cms/)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lewis_audio.models import AudioAsset
from lewis_content.models import Chapter, Passage, PassageTag, Provenance, Register, Work
from lewis_content.reading.models import PassageSnapshot

pytestmark = pytest.mark.django_db

PASSAGES = "/cms/snippets/lewis_content/passage/"


def passage_form(passage, work, register, *, body, **fields) -> dict:
    """The passage edit form as the CMS posts it, with `fields` changed."""
    return nested_form_data(
        {
            "title": passage.title,
            "work": work.pk,
            "chapter": "",
            "position": passage.position,
            "register": register.pk,
            "provenance": "lewis",
            "author_byline": "",
            "tier": "free",
            "body": streamfield(body),
            **fields,
        }
    )


def listed_titles(response) -> set[str]:
    return set(re.findall(r"On [a-z]+ #\d+", response.content.decode()))


def listing_rows(response) -> dict[str, list[str]]:
    """The passage listing's rows: each title with the text of its other cells (work, position,
    register, provenance, status, audio)."""
    rows = {}
    for row in response.content.decode().split("<tr")[1:]:
        if title := re.search(r'_title">(.*?)</span>', row):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[2:]  # past checkbox and title
            rows[title.group(1)] = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]
    return rows


def test_the_passage_listing_shows_every_column_in_the_same_queries_for_5_or_25_passages(
    editor_client, editor, make_passage, register
):
    """At 100,000 passages a page of the listing must not ask per row (docs/benchmarks.md)."""
    scheduled = make_passage(title="On joy #1", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=editor).publish(user=editor)
    moderated = make_passage(title="On doubt #1", live=False)
    moderated.save_revision(user=editor)
    moderated.get_workflow().start(moderated, editor)
    changed = make_passage(title="On hope #1")
    changed.save_revision(user=editor)
    make_passage(title="On notes #1", provenance=Provenance.EDITORIAL, author_byline="R. P.")
    read = make_passage(title="On grief #1")
    PassageSnapshot.objects.update_or_create(
        passage=read, defaults={"register": register, "audio_key": "k1", "detail": "", "card": ""}
    )
    AudioAsset.objects.create(content_hash="k1", provider="fake", voice="v", status="failed")

    def listing():
        with CaptureQueriesContext(connection) as queries:
            rows = listing_rows(editor_client.get(PASSAGES))
        # Work, register, provenance, status, audio (the position is the passage's own).
        return {
            title: [c for i, c in enumerate(cells) if i != 1] for title, cells in rows.items()
        }, len(queries)

    listing()  # warm: content types, the site, the user's profile
    rows, five = listing()
    lewis, editorial = (
        ["A Grief Observed", "Reflective", "C. S. Lewis"],
        ["A Grief Observed", "Reflective", "Editorial"],
    )
    assert rows == {
        "On joy #1": [*lewis, "scheduled", "-"],
        "On doubt #1": [*lewis, "in moderation", "-"],
        "On hope #1": [*lewis, "live + draft", "-"],
        "On notes #1": [*editorial, "live", "-"],
        "On grief #1": [*lewis, "live", "failed"],
    }
    for n in range(2, 22):
        make_passage(title=f"On grace #{n}")
    rows, twenty_five = listing()
    assert len(rows) == 25
    assert twenty_five == five


def test_from_the_works_listing_one_click_lists_a_works_passages(editor_client, make_passage):
    other = Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960)
    make_passage(title="On grief #1")
    make_passage(title="On grief #2")
    make_passage(title="On love #1", work=other)

    works = editor_client.get("/cms/snippets/lewis_content/work/").content.decode()
    link = re.search(r'href="(/cms/snippets/lewis_content/passage/\?work=\d+)">2 passages', works)
    assert link, "the works listing links to each work's passages with a count"
    assert listed_titles(editor_client.get(link.group(1))) == {"On grief #1", "On grief #2"}


def test_passages_filter_by_register_provenance_state_and_unreviewed_tags(
    editor_client, make_passage, tag
):
    imaginative = Register.objects.create(slug="imaginative", label="Imaginative")
    make_passage(title="On grief #1")
    make_passage(title="On myth #1", register=imaginative)
    make_passage(title="On notes #1", provenance=Provenance.EDITORIAL, author_byline="R. P.")
    draft = make_passage(title="On doubt #1", live=False)
    PassageTag.objects.create(passage=draft, tag=tag("theme", "Doubt"), source="ai", confidence=0.6)

    def titles(**params):
        return listed_titles(editor_client.get(PASSAGES, params))

    assert titles(register=imaginative.pk) == {"On myth #1"}
    assert titles(provenance="editorial") == {"On notes #1"}
    assert titles(live="false") == {"On doubt #1"}
    assert titles(unreviewed="true") == {"On doubt #1"}
    assert titles(q="myth") == {"On myth #1"}


def test_the_passage_edit_view_shows_tags_by_axis_with_status_and_confidence(
    editor_client, make_passage, tag
):
    passage = make_passage()
    PassageTag.objects.create(passage=passage, tag=tag("theme", "Grief"), status="accepted")
    PassageTag.objects.create(
        passage=passage, tag=tag("motif", "The veil"), source="ai", confidence=0.73
    )
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()

    theme, motif = page.index(">Theme</h3>"), page.index(">Motif</h3>")
    assert motif < page.index("<td>The veil</td>") < theme < page.index("<td>Grief</td>")
    assert "0.73" in page
    assert "1 suggested tag awaiting review" in page
    assert f"passagetag/add/?passage={passage.pk}" in page


def test_an_editor_schedules_a_passage_to_go_live(
    editor_client, make_passage, work, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its tags drafted
        passage = make_passage(live=False, body=[("paragraph", "<p>Later.</p>")])
    page = editor_client.get(f"{PASSAGES}edit/{passage.pk}/").content.decode()
    assert 'name="go_live_at"' in page
    assert 'name="expire_at"' in page

    form = passage_form(
        passage,
        work,
        register,
        body=[("paragraph", rich_text("<p>Later.</p>"))],
        go_live_at="2099-01-01 09:00",
        expire_at="",
        **{"action-publish": "action-publish"},
    )
    assert editor_client.post(f"{PASSAGES}edit/{passage.pk}/", form).status_code == 302
    passage.refresh_from_db()
    assert not passage.live
    assert passage.latest_revision.approved_go_live_at.year == 2099


def test_an_editor_edits_a_passage_body_and_publishes_it(
    editor_client, make_passage, work, register, django_capture_on_commit_callbacks
):
    passage = make_passage(title="On grief")
    chapter = Chapter.objects.create(work=work, number=1, title="One")
    form = passage_form(
        passage,
        work,
        register,
        title="On grief and fear",
        chapter=chapter.pk,
        body=[
            ("paragraph", rich_text("<p>Grief felt so like fear.</p>")),
            ("pull_quote", {"quote": "Like fear.", "attribution": ""}),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):  # the new text's tags drafted
        draft = editor_client.post(f"{PASSAGES}edit/{passage.pk}/", form)
    assert draft.status_code == 302
    assert Passage.objects.get(pk=passage.pk).title == "On grief"  # saved as a draft

    published = editor_client.post(
        f"{PASSAGES}edit/{passage.pk}/", {**form, "action-publish": "action-publish"}
    )
    assert published.status_code == 302
    passage.refresh_from_db()
    assert passage.title == "On grief and fear"
    assert passage.chapter == chapter
    assert [block.block_type for block in passage.body] == ["paragraph", "pull_quote"]


def test_an_editor_adds_a_tag_from_the_passage_and_is_recorded_as_reviewer(
    editor_client, editor, make_passage, tag
):
    passage, hope = make_passage(), tag("theme", "Hope")
    add_url = f"/cms/snippets/lewis_content/passagetag/add/?passage={passage.pk}"
    form = editor_client.get(add_url).content.decode()
    assert re.search(rf'name="passage" value="{passage.pk}"', form), "the passage is preselected"

    response = editor_client.post(
        add_url, {"passage": passage.pk, "tag": hope.pk, "status": "accepted", "rationale": ""}
    )
    assert response.status_code == 302
    added = PassageTag.objects.get(passage=passage, tag=hope)
    assert (added.source, added.confidence, added.reviewed_by) == ("editor", None, editor)
    assert added.reviewed_at is not None


def test_a_passage_preview_renders_its_body(make_passage):
    passage = make_passage(
        body=[
            ("paragraph", "<p>Joy is the serious business.</p>"),
            ("citation", {"reference": "Psalm 16:11", "kind": "scripture", "note": ""}),
        ]
    )
    response = passage.make_preview_request()
    assert response.status_code == 200
    assert b"Joy is the serious business." in response.content
    assert b"Psalm 16:11" in response.content


def test_the_preview_looks_like_the_app_for_every_block_type(make_passage, settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    image = Image.objects.create(title="The Kilns", file=get_test_image_file(size=(1600, 800)))
    passage = make_passage(
        body=[
            ("paragraph", "<p>Joy is the serious business.</p>"),
            ("pull_quote", {"quote": "Further up and further in!", "attribution": "Jewel"}),
            ("citation", {"reference": "Psalm 16:11", "kind": "scripture", "note": "KJV"}),
            ("image", {"image": image, "caption": "Headington, 1930"}),
            ("footnote", {"marker": "1", "text": "<p>First printed in 1945.</p>"}),
        ]
    )
    html = passage.make_preview_request().content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 36rem" in html  # one readable column, phone to desktop
    assert (
        '<figure class="pull-quote"><blockquote>Further up and further in!</blockquote>'
        "<figcaption>Jewel</figcaption></figure>"
    ) in html
    assert '<span class="citation-kind">Scripture</span> <cite>Psalm 16:11</cite>' in html
    assert '<figure class="image"><img alt="The Kilns"' in html
    assert "<figcaption>Headington, 1930</figcaption>" in html
    assert '<aside class="footnote"><sup class="footnote-marker">1</sup>' in html
    assert "First printed in 1945." in html
    for raw_field_name in ("quote", "attribution", "kind", "marker"):  # struct blocks' fallback
        assert f"<dt>{raw_field_name}</dt>" not in html


def test_an_editor_locks_a_passage(editor_client, make_passage):
    passage = make_passage()
    editor_client.post(f"{PASSAGES}lock/{passage.pk}/")
    assert Passage.objects.get(pk=passage.pk).locked


def test_deleting_a_work_that_has_passages_is_refused_with_a_reason(
    editor_client, work, make_passage
):
    make_passage()
    url = f"/cms/snippets/lewis_content/work/delete/{work.pk}/"
    for attempt in (editor_client.get, editor_client.post):
        response = attempt(url, follow=True)
        assert response.redirect_chain[-1][0] == f"{PASSAGES}?work={work.pk}"
        assert "cannot be deleted: it still has 1 passage." in response.content.decode()
    assert Work.objects.filter(pk=work.pk).exists()

    Passage.objects.filter(work=work).delete()
    editor_client.post(url)
    assert not Work.objects.filter(pk=work.pk).exists()


def test_a_chapter_of_another_work_is_refused_on_the_passage_form(
    editor_client, make_passage, work, register
):
    other = Work.objects.create(title="Out of the Silent Planet", slug="ootsp", year=1938)
    foreign = Chapter.objects.create(work=other, number=1, title="Malacandra")
    own = Chapter.objects.create(work=work, number=1, title="One")
    passage = make_passage(body=[("paragraph", "<p>Text.</p>")])

    def save_with(chapter):
        body = [("paragraph", rich_text("<p>Text.</p>"))]
        form = passage_form(passage, work, register, chapter=chapter.pk, body=body)
        return editor_client.post(f"{PASSAGES}edit/{passage.pk}/", form)

    refused = save_with(foreign)
    assert refused.status_code == 200
    assert "is a chapter of Out of the Silent Planet" in refused.content.decode()
    assert passage.revisions.count() == 0  # nothing saved
    assert save_with(own).status_code == 302
    passage.refresh_from_db()
    assert passage.latest_revision.as_object().chapter == own  # a draft of the live passage


def test_a_daily_drop_for_a_draft_or_an_unreviewed_passage_is_refused(
    editor_client, make_passage, register, tag
):
    drops = "/cms/snippets/lewis_content/dailydrop/"
    draft = make_passage(live=False)
    unreviewed = make_passage()
    PassageTag.objects.create(
        passage=unreviewed, tag=tag("theme", "Grief"), source="ai", confidence=0.8
    )
    ready = make_passage()

    def add(passage):
        data = {"date": "2026-12-24", "register": register.pk, "passage": passage.pk}
        return editor_client.post(f"{drops}add/", data)

    assert "This passage is not published" in add(draft).content.decode()
    assert "tags awaiting review" in add(unreviewed).content.decode()
    assert add(ready).status_code == 302
    from lewis_content.models import DailyDrop

    assert list(DailyDrop.objects.values_list("passage_id", flat=True)) == [ready.pk]


def test_a_tag_added_by_hand_is_accepted_by_its_editor_and_the_editor_is_back_on_the_passage(
    editor_client, editor, make_passage, tag
):
    passage = make_passage()
    grief = tag("theme", "Grief")
    add = f"/cms/snippets/lewis_content/passagetag/add/?passage={passage.pk}"
    form = editor_client.get(add).content.decode()
    assert re.search(r'<option value="accepted" selected>', form)
    response = editor_client.post(
        add, {"passage": passage.pk, "tag": grief.pk, "status": "accepted", "rationale": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PASSAGES}edit/{passage.pk}/"
    added = PassageTag.objects.get(passage=passage)
    assert (added.source, added.status, added.reviewed_by) == ("editor", "accepted", editor)

    edit = f"/cms/snippets/lewis_content/passagetag/edit/{added.pk}/"
    response = editor_client.post(
        edit, {"passage": passage.pk, "tag": grief.pk, "status": "rejected", "rationale": ""}
    )
    assert response["Location"] == f"{PASSAGES}edit/{passage.pk}/"


def test_the_listings_say_live_or_draft_not_true_or_false(editor_client, make_passage):
    make_passage(title="On grief #1")
    make_passage(title="On grief #2", live=False)
    for listing in (PASSAGES, "/cms/snippets/lewis_content/work/"):
        page = editor_client.get(listing).content.decode()
        assert re.search(r'class="w-status[^"]*">\s*live\s*<', page), listing
        assert ">True<" not in page
    assert re.search(
        r'class="w-status[^"]*">\s*draft\s*<', editor_client.get(PASSAGES).content.decode()
    )


def test_choosers_find_passages_and_offer_the_passages_own_works_chapters(
    editor_client, make_passage, work, register
):
    from django.urls import reverse

    other = Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960)
    make_passage(title="On grief #1")
    make_passage(title="On grief #2", live=False)
    make_passage(title="On love #1", work=other)
    passages = reverse("wagtailsnippetchoosers_lewis_content_passage:choose_results")

    def found(url, **query):
        return listed_titles(editor_client.get(url, query))

    assert found(passages, q="GRIEF") == {"On grief #1", "On grief #2"}
    assert found(passages, q="grief", live="true") == {"On grief #1"}
    assert found(passages, work=other.pk) == {"On love #1"}
    assert found(passages, register=register.pk, live="false") == {"On grief #2"}

    Chapter.objects.create(work=work, number=1, title="One")
    Chapter.objects.create(work=other, number=1, title="Affection")
    chapters = reverse("wagtailsnippetchoosers_lewis_content_chapter:choose_results")
    page = editor_client.get(chapters, {"work": work.pk}).content.decode()
    assert "A Grief Observed: 1. One" in page
    assert "Affection" not in page
    # The passage form hands its work to the chapter chooser.
    edit = editor_client.get(f"{PASSAGES}edit/{Passage.objects.first().pk}/").content.decode()
    assert "#id_work" in edit


def test_the_schedule_shows_the_next_30_days_per_register_with_gaps_marked(
    editor_client, make_passage, register
):
    from datetime import timedelta

    from django.utils import timezone

    from lewis_content.models import DailyDrop

    today = timezone.localdate()
    shown = make_passage(title="On grief #1")
    gone = make_passage(title="On grief #2")
    DailyDrop.objects.create(date=today, register=register, passage=shown)
    DailyDrop.objects.create(date=today + timedelta(days=1), register=register, passage=gone)
    Passage.objects.filter(pk=gone.pk).update(live=False)  # unpublished after it was scheduled

    dashboard = editor_client.get("/cms/").content.decode()
    assert "/cms/schedule/ahead/" in dashboard
    page = editor_client.get("/cms/schedule/ahead/").content.decode()
    assert "On grief #1" in page
    assert "Not published: readers get another passage" in page
    assert page.count("No drop: today") == 28
    assert "29 days and registers without a drop readers will get" in page
