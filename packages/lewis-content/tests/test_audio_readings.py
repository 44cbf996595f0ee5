"""Audio readings of published passages: asked for when a passage is published, made once
through ElevenLabs (its official SDK, faked at the HTTP transport), never for a work without
audio rights, and a visible failure when the provider stays down."""

import base64
import json

import httpx
import pytest

from lewis_audio import services as audio
from lewis_audio.models import AudioAsset
from lewis_audio.tts import elevenlabs
from lewis_content.library.rendering import plain_text

pytestmark = pytest.mark.django_db
# A passage's text with curly quotes, a dash and punctuation, as its words are read aloud.
READ_ALOUD = "\u201cJoy,\u201d he said \u2014 it is the serious business. Aslan is on the move!"
API = "/api/v1"


class FakeElevenLabs:
    """Reads back whatever text it is sent (audio and character timings), unless scripted
    answers are queued in `script`; keeps the texts it was asked to read."""

    def __init__(self):
        self.script: list[httpx.Response] = []
        self.texts: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        text = json.loads(request.content)["text"]
        self.texts.append(text)
        if self.script:
            return self.script.pop(0)
        ends = [0.05 * (n + 1) for n in range(len(text))]
        return httpx.Response(
            200,
            headers={"request-id": f"req-{len(self.texts)}", "x-character-count": str(len(text))},
            json={
                "audio_base64": base64.b64encode(f"mp3 of {text}".encode()).decode(),
                "alignment": {
                    "characters": list(text),
                    "character_start_times_seconds": [e - 0.05 for e in ends],
                    "character_end_times_seconds": ends,
                },
            },
        )


@pytest.fixture
def voice(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT, settings.MEDIA_URL = tmp_path, "/media/"
    settings.LEWIS_AUDIO = {
        "TTS": "lewis_audio.tts.elevenlabs.ElevenLabsVoice",
        "ELEVENLABS": {"API_KEY": "sk-test", "VOICE_ID": "cloned-voice"},
    }
    settings.LEWIS_CONTENT = {"AUDIO_ATTEMPTS": 3, "AUDIO_RETRY_SECONDS": 0}
    fake = FakeElevenLabs()
    monkeypatch.setattr(elevenlabs, "TRANSPORT", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Runs what a commit runs (queued tasks run inline here), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def audio_of(client, passage, *, without: str = "pending"):
    """The passage's `audio`; its `audio_availability` must say ready, or else `without`."""
    response = client.get(f"{API}/passages/{passage.pk}")
    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["audio_availability"] == ("ready" if detail["audio"] else without)
    return detail["audio"]


def test_publishing_a_passage_makes_its_reading_once_and_readers_get_its_url(
    client, voice, published, make_passage
):
    with published():
        passage = make_passage()
    text = plain_text(passage.body.raw_data)
    assert voice.texts == [text]
    key = audio.reading_key(text)
    assert audio_of(client, passage) == {
        "url": f"/media/audio/{key}.mp3",
        "duration_seconds": pytest.approx(0.05 * len(text)),
        "timings_url": f"/media/audio/{key}.json",
        "read_blocks": [passage.body[0].id],
    }
    with published():
        passage.title = "On grief, retitled"  # the text read is the same: nothing new to pay
        passage.save()
    assert voice.texts == [text]
    assert AudioAsset.objects.get().file.read() == f"mp3 of {text}".encode()


def test_a_work_without_audio_rights_is_never_sent_and_shows_no_reading_even_one_stored(
    client, voice, published, work, make_passage
):
    with published():
        work.audio_allowed = False
        work.save()
        passage = make_passage()
    assert voice.texts == []
    assert not AudioAsset.objects.exists()

    key = audio.reading_key(plain_text(passage.body.raw_data))  # made before the rights changed
    with published():
        AudioAsset.objects.create(
            content_hash=key,
            provider="elevenlabs",
            voice="cloned-voice",
            status="ready",
            file=f"audio/{key}.mp3",
            duration_seconds=3.0,
        )
    assert audio_of(client, passage, without="text_only") is None
    with published():
        work.audio_allowed = True
        work.save()
    assert audio_of(client, passage)["url"] == f"/media/audio/{key}.mp3"
    with published():
        work.audio_allowed = False  # switched off: gone from every response at once
        work.save()
    assert audio_of(client, passage, without="text_only") is None
    assert voice.texts == []


def test_a_rate_limit_is_waited_out_and_the_reading_made(client, voice, published, make_passage):
    voice.script = [httpx.Response(429, headers={"retry-after": "0"}, json={"detail": "busy"})]
    with published():
        passage = make_passage()
    assert len(voice.texts) == 2
    asset = AudioAsset.objects.get()
    assert (asset.status, asset.attempts, asset.error) == ("ready", 2, "")
    assert audio_of(client, passage)["url"].endswith(".mp3")


def test_a_provider_that_stays_down_leaves_a_failed_reading_with_why(
    client, voice, published, make_passage
):
    voice.script = [httpx.Response(503, text="upstream busy")] * 3
    with published():
        passage = make_passage()
    assert len(voice.texts) == 3  # AUDIO_ATTEMPTS
    asset = AudioAsset.objects.get()
    assert (asset.status, asset.attempts) == ("failed", 3)
    assert "503" in asset.error
    assert audio_of(client, passage) is None  # the passage reads on, text only


def test_cleanup_keeps_what_published_passages_read_out_and_removes_the_rest(
    voice, published, make_passage
):
    from datetime import timedelta

    from django.utils import timezone

    from lewis_content.tasks import cleanup_audio

    with published():
        read_out = make_passage()
        unpublished = make_passage(body=[("paragraph", "<p>Soon unpublished.</p>")])
    with published():
        unpublished.live = False
        unpublished.save()
    AudioAsset.objects.update(updated_at=timezone.now() - timedelta(days=31))

    assert cleanup_audio.delay().get() == {"readings": 1, "objects": 0}
    kept = AudioAsset.objects.get()
    assert kept.content_hash == audio.reading_key(plain_text(read_out.body.raw_data))


def test_read_along_timings_point_at_the_words_readers_see_in_each_block(
    client, voice, published, make_passage, settings
):
    from django.utils.html import strip_tags
    from wagtail.rich_text import RichText

    from lewis_audio.conf import audio_storage

    body = [
        (
            "paragraph",
            "<p>&ldquo;Joy,&rdquo; he said &mdash; <i>it is</i> the serious\n business.</p>",
        ),
        ("footnote", {"marker": "1", "text": RichText("<p>Letters to Malcolm, 17.</p>")}),
        ("pull_quote", {"quote": "Aslan is on the move!", "attribution": "Mr Beaver"}),
    ]
    with published():
        passage = make_passage(body=body)
    assert voice.texts == [
        "\u201cJoy,\u201d he said \u2014 it is the serious business.\n\nAslan is on the move!"
    ]
    detail = client.get(f"{API}/passages/{passage.pk}").json()
    reading = detail["audio"]
    blocks = {b["id"]: b for b in detail["body"]}
    paragraph, footnote, quote = detail["body"]
    assert footnote["type"] == "footnote"  # shown, not read
    assert reading["read_blocks"] == [paragraph["id"], quote["id"]]

    def shown(block):  # the block's text as the app shows it
        text = block["quote"] if block["type"] == "pull_quote" else strip_tags(block["html"])
        return " ".join(__import__("html").unescape(text).split())

    name = reading["timings_url"].removeprefix(settings.MEDIA_URL)
    words = json.loads(audio_storage().open(name).read())["words"]
    texts = [shown(blocks[reading["read_blocks"][w["segment"]]]) for w in words]
    assert [
        t[w["offset"] : w["offset"] + w["length"]] for t, w in zip(texts, words, strict=True)
    ] == [
        "“Joy,”",
        "he",
        "said",
        "—",
        "it",
        "is",
        "the",
        "serious",
        "business.",
        "Aslan",
        "is",
        "on",
        "the",
        "move!",
    ]
    assert words[0]["start"] == 0.0
    assert words[-1]["end"] == pytest.approx(reading["duration_seconds"])


def test_readings_pause_at_the_monthly_budget_and_resume_when_there_is_budget_again(
    client, voice, published, make_passage, settings
):
    from lewis_content.tasks import resume_audio_readings

    settings.LEWIS_AUDIO = {**settings.LEWIS_AUDIO, "MONTHLY_BUDGET_USD": "0.001"}
    with published():
        first = make_passage()  # the budget is spent by this one
        second = make_passage(body=[("paragraph", "<p>Waits for the budget.</p>")])
    assert len(voice.texts) == 1
    assert AudioAsset.objects.get(status="paused").characters == len("Waits for the budget.")
    assert audio_of(client, second) is None
    assert resume_audio_readings.delay().get() == 0  # still no budget

    settings.LEWIS_AUDIO = {**settings.LEWIS_AUDIO, "MONTHLY_BUDGET_USD": "10"}
    with published():
        assert resume_audio_readings.delay().get() == 1
    assert voice.texts[-1] == "Waits for the budget."
    assert audio_of(client, second)["url"].endswith(".mp3")
    assert audio_of(client, first)["url"].endswith(".mp3")


# Editors: the CMS shows where each reading stands and asks again.

PASSAGES = "/cms/snippets/lewis_content/passage/"


def test_editors_see_a_failed_reading_with_why_and_try_again_from_the_passage(
    client, editor_client, voice, published, make_passage
):
    voice.script = [httpx.Response(401, json={"detail": {"status": "quota_exceeded"}})]
    with published():
        failed = make_passage(title="Fails first")
        made = make_passage(title="Read aloud", body=[("paragraph", "<p>Joy.</p>")])

    listing = editor_client.get(PASSAGES, {"audio": "failed"}).content.decode()
    assert "Fails first" in listing
    assert "Read aloud" not in listing
    assert "Read aloud" in editor_client.get(PASSAGES, {"audio": "ready"}).content.decode()

    page = editor_client.get(f"{PASSAGES}edit/{failed.pk}/").content.decode()
    assert "Audio: Failed" in page
    assert "ElevenLabs answered 401: quota_exceeded" in page
    retry = f"/cms/audio/passages/{failed.pk}/retry/"
    assert retry in page

    with published():  # the provider is back
        response = editor_client.post(retry)
    assert response.status_code == 302
    assert audio_of(client, failed)["url"].endswith(".mp3")
    page = editor_client.get(f"{PASSAGES}edit/{failed.pk}/").content.decode()
    assert "Audio: Ready" in page
    assert '<audio controls preload="none" src="/media/audio/' in page
    assert "Audio: Ready" in editor_client.get(f"{PASSAGES}edit/{made.pk}/").content.decode()


def test_generate_missing_audio_for_a_work_says_what_it_will_bill_before_it_runs(
    client, editor_client, voice, published, make_passage, work, settings
):
    settings.LEWIS_AUDIO = {**settings.LEWIS_AUDIO, "PRICE_PER_1000_CHARACTERS_USD": "0.30"}
    voice.script = [httpx.Response(503, text="busy")] * 3
    with published():
        passage = make_passage(body=[("paragraph", "<p>" + "Joy. " * 200 + "</p>")])
    assert AudioAsset.objects.get().status == "failed"

    url = f"/cms/audio/works/{work.pk}/generate/"
    assert url in editor_client.get("/cms/snippets/lewis_content/work/").content.decode()
    page = editor_client.get(url).content.decode()
    characters = len(("Joy. " * 200).strip())
    assert "1 published passage of this work has no reading" in page
    assert f"{characters} characters" in page
    assert "$0.30" in page  # 999 characters at $0.30 per 1,000
    with published():
        assert editor_client.post(url).status_code == 302
    assert audio_of(client, passage)["url"].endswith(".mp3")
    assert "Every published passage of this work has its reading" in (
        editor_client.get(url).content.decode()
    )


def test_allowing_audio_on_a_work_asks_for_its_published_passages_readings(
    client, voice, published, work, make_passage
):
    with published():
        work.audio_allowed = False
        work.save()
        passage = make_passage()
    assert voice.texts == []
    with published():
        work.audio_allowed = True
        work.save()
    assert len(voice.texts) == 1
    assert audio_of(client, passage)["url"].endswith(".mp3")


def test_without_a_speech_provider_readers_are_told_the_passage_is_text_only(
    client, published, make_passage
):
    with published():
        passage = make_passage()
    detail = client.get(f"{API}/passages/{passage.pk}").json()
    assert (detail["audio"], detail["audio_availability"]) == (None, "text_only")


def test_a_publish_with_the_broker_away_stands_and_its_reading_is_asked_for_later(
    client, voice, published, make_passage, monkeypatch
):
    from kombu.exceptions import OperationalError

    from lewis_content.reading import narration

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(narration.generate_audio_reading, "delay", broker_down)
    with published():
        passage = make_passage()  # published: its reading's task cannot be queued
    assert audio_of(client, passage) is None  # readable, no reading, nothing asked
    assert not AudioAsset.objects.exists()
    with published():
        assert narration.ask_for_missing_readings() == 1  # beat's sweep, broker still away
    assert not AudioAsset.objects.exists()

    monkeypatch.undo()  # the broker is back: the hourly sweep asks for it
    with published():
        assert narration.ask_for_missing_readings() == 1
    assert audio_of(client, passage)["url"].endswith(".mp3")
    with published():
        assert narration.ask_for_missing_readings() == 0  # asked once
    assert len(voice.texts) == 1
