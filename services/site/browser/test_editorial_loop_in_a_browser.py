"""The editorial loop as editors and moderators do it, in a real browser: an editor reviews a
passage's suggested tags and submits it; a moderator approves; readers get it."""

import json
import re
import urllib.request

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from lewis_content.models import Passage, PassageTag, Register, Work
from lewis_tagging.models import Axis, Tag

# serialized_rollback: the Editors and Moderators groups (made by a migration) survive each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a browser's long passphrase"


@pytest.fixture
def people(django_user_model):
    made = {}
    for username, group in (("editor", "Editors"), ("moderator", "Moderators")):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@lewis.example", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        made[username] = user
    return made


@pytest.fixture
def drafted_passage():
    """A draft passage whose drafted suggestion (Joy) waits for review."""
    theme, _ = Axis.objects.get_or_create(slug="theme", defaults={"label": "Theme"})
    joy = Tag.objects.create(axis=theme, slug="joy", label="Joy")
    now = timezone.now()
    work = Work.objects.create(
        title="Surprised by Joy",
        slug="surprised-by-joy",
        year=1955,
        live=True,
        first_published_at=now,
        last_published_at=now,
    )
    register, _ = Register.objects.get_or_create(
        slug="reflective", defaults={"label": "Reflective"}
    )
    passage = Passage.objects.create(
        title="The stab of Joy",
        work=work,
        register=register,
        position=1,
        live=False,
        body=[
            ("paragraph", "<p>It was a sensation, of course, of desire; but desire for what?</p>")
        ],
    )
    passage.save_revision()  # the offline drafter (inline here) suggests Joy from the title
    assert PassageTag.objects.filter(passage=passage, tag=joy, status="suggested").exists()
    return passage


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/cms/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/cms/$"))


def signed_in_at(open_page, base: str, username: str, url: str):
    """A new browser (their own cookies) for `username`, signed in and at `url`."""
    page = open_page()
    sign_in(page, base, username)
    page.goto(url)
    return page


def act(page, action: str) -> None:
    """An action from the edit view's action menu (below "Save draft")."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile(action)).click()


def published_passage(base: str, passage_id: int) -> dict:
    with urllib.request.urlopen(f"{base}/api/v1/passages/{passage_id}") as answer:
        return json.load(answer)


def test_an_editor_reviews_and_submits_a_moderator_approves_readers_get_it(
    live_server, open_page, people, drafted_passage
):
    base = live_server.url
    edit = f"{base}/cms/snippets/lewis_content/passage/edit/{drafted_passage.pk}/"

    editor = signed_in_at(open_page, base, "editor", edit)
    expect(editor.get_by_text("1 suggested tag awaiting review")).to_be_visible()
    editor.get_by_role("button", name="Accept all").click()
    expect(editor.locator('tr[data-tag-status="accepted"]')).to_contain_text("Joy")
    act(editor, "Submit to Passage review")
    expect(editor.get_by_text("has been submitted for moderation")).to_be_visible()
    expect(editor.get_by_text("In moderation")).to_be_visible()

    moderator = signed_in_at(open_page, base, "moderator", edit)
    act(moderator, "^Approve and Publish$")
    expect(moderator.get_by_text("Passage 'The stab of Joy' updated.")).to_be_visible()

    body = published_passage(base, drafted_passage.pk)
    assert body["title"] == "The stab of Joy"
    assert [tag["slug"] for tag in body["tags"]["theme"]] == ["joy"]


def test_a_new_works_slug_is_filled_from_its_title(live_server, open_page, people):
    add = f"{live_server.url}/cms/snippets/lewis_content/work/add/"
    page = signed_in_at(open_page, live_server.url, "moderator", add)
    page.get_by_label("Title").fill("The Screwtape Letters")
    page.get_by_label("Title").blur()
    expect(page.get_by_label("Slug")).to_have_value("the-screwtape-letters")


def test_submitted_unreviewed_the_moderator_reviews_by_keyboard_and_approves(
    live_server, open_page, people, drafted_passage
):
    base = live_server.url
    edit = f"{base}/cms/snippets/lewis_content/passage/edit/{drafted_passage.pk}/"

    editor = signed_in_at(open_page, base, "editor", edit)
    act(editor, "Submit to Passage review")
    expect(editor.get_by_text("submitted with 1 suggested tag unreviewed")).to_be_visible()
    editor.goto(edit)  # in moderation: the form is locked for the editor, and says why
    expect(editor.locator('[data-tag-review="locked"]')).to_be_visible()
    expect(editor.get_by_role("button", name="Accept all")).to_have_count(0)

    moderator = open_page()
    sign_in(moderator, base, "moderator")
    moderator.goto(edit)
    expect(
        moderator.get_by_text('"Approve" is offered once each is accepted or rejected')
    ).to_be_visible()
    moderator.get_by_role("button", name="Accept all").focus()
    moderator.keyboard.press("Enter")
    expect(moderator.locator('tr[data-tag-status="accepted"]')).to_contain_text("Joy")
    act(moderator, "^Approve and Publish$")
    expect(moderator.get_by_text("Passage 'The stab of Joy' updated.")).to_be_visible()
    assert published_passage(base, drafted_passage.pk)["title"] == "The stab of Joy"
