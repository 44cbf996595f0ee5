"""Making and keeping readings: one per key, claimed by one worker, nothing paid for twice."""

import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, transaction
from django.test import override_settings

from lewis_audio import services
from lewis_audio.conf import audio_storage
from lewis_audio.models import AudioAsset
from lewis_audio.types import CharacterTimings, Speech, SpeechFailed

pytestmark = pytest.mark.django_db
# A passage's text with curly quotes, a dash and punctuation, as its words are read aloud.
READ_ALOUD = "\u201cJoy,\u201d he said \u2014 it is the serious business. Aslan is on the move!"


class CountingVoice:
    """A provider that reads text as its UTF-8 bytes and counts how often it is asked; it fails
    as told by `failures` first."""

    provider, model, voice, output_format = "counting", "m1", "counting", "mp3_44100_128"
    calls: list[str] = []
    failures: list[SpeechFailed] = []
    started = threading.Event()
    go_on = threading.Event()

    def synthesize(self, text: str) -> Speech:
        type(self).calls.append(text)
        type(self).started.set()
        type(self).go_on.wait(5)
        if type(self).failures:
            raise type(self).failures.pop(0)
        return Speech(
            audio=text.encode(),
            duration_seconds=len(text) / 10,
            characters_billed=len(text),
            request_id="req-1",
            timings=CharacterTimings(
                list(text),
                [n / 10 for n in range(len(text))],
                [(n + 1) / 10 for n in range(len(text))],
            ),
        )


@pytest.fixture
def counting_voice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CountingVoice.calls, CountingVoice.failures = [], []
    CountingVoice.started.clear()
    CountingVoice.go_on.set()
    with override_settings(LEWIS_AUDIO={"TTS": f"{__name__}.CountingVoice"}):
        yield CountingVoice


TEXT = "Joy is the serious business of Heaven."


def test_a_reading_is_stored_once_and_reused_for_the_same_text(counting_voice):
    first = services.generate_reading(TEXT)
    again = services.generate_reading("  Joy is the serious\nbusiness of Heaven. ")

    assert first == again
    assert counting_voice.calls == [TEXT]
    key = services.reading_key(TEXT)
    assert first.url == f"/media/audio/{key}.mp3"
    asset = AudioAsset.objects.get()
    assert asset.file.read() == TEXT.encode()
    assert (asset.status, asset.content_type, asset.size_bytes, asset.characters_billed) == (
        "ready",
        "audio/mpeg",
        len(TEXT),
        len(TEXT),
    )
    assert (asset.provider_request_id, asset.attempts, asset.error) == ("req-1", 1, "")
    assert services.readings([key, "unknown"]) == {key: first}
    assert services.missing_readings([key, "unknown"]) == {"unknown"}


def test_the_key_names_provider_model_voice_and_format_as_well_as_the_text(counting_voice):
    key = services.reading_key(TEXT)
    assert services.reading_key(f" {TEXT}\n") == key  # whitespace is not read
    assert services.reading_key(TEXT.replace("Joy", "joy")) != key
    for attribute, value in [
        ("provider", "other"),
        ("model", "m2"),
        ("voice", "other"),
        ("output_format", "mp3_22050_32"),
    ]:
        original = getattr(CountingVoice, attribute)
        setattr(CountingVoice, attribute, value)
        try:
            assert services.reading_key(TEXT) != key, attribute
        finally:
            setattr(CountingVoice, attribute, original)


def test_a_changed_text_gets_a_new_reading(counting_voice):
    services.generate_reading("First words.")
    services.generate_reading("First words, edited.")
    assert len(counting_voice.calls) == 2
    assert AudioAsset.objects.filter(status="ready").count() == 2


def test_without_a_speech_provider_there_is_no_audio():
    assert not services.speaks()
    assert services.generate_reading("Any text at all.") is None
    assert services.readings([services.reading_key("Any text at all.")]) == {}
    assert not AudioAsset.objects.exists()


def test_the_provider_is_never_called_inside_a_transaction(counting_voice):
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable atomic block"):
        services.generate_reading(TEXT)
    assert counting_voice.calls == []


def test_a_transient_failure_leaves_the_reading_queued_a_permanent_one_failed(counting_voice):
    counting_voice.failures = [SpeechFailed("429 slow down", transient=True, retry_after=3)]
    with pytest.raises(SpeechFailed):
        services.generate_reading(TEXT)
    asset = AudioAsset.objects.get()
    assert (asset.status, asset.error) == ("queued", "429 slow down")
    assert services.readings([asset.content_hash]) == {}

    counting_voice.failures = [SpeechFailed("voice_not_found", transient=False)]
    with pytest.raises(SpeechFailed):
        services.generate_reading(TEXT)
    asset.refresh_from_db()
    assert (asset.status, asset.error, asset.attempts) == ("failed", "voice_not_found", 2)

    assert services.generate_reading(TEXT).url.endswith(".mp3")  # asked again: made
    asset.refresh_from_db()
    assert (asset.status, asset.error, asset.attempts) == ("ready", "", 3)


def test_giving_up_marks_the_reading_failed_with_why(counting_voice):
    counting_voice.failures = [SpeechFailed("503 busy", transient=True)]
    with pytest.raises(SpeechFailed):
        services.generate_reading(TEXT)
    services.give_up_reading(TEXT, "503 busy, 6 attempts")
    assert AudioAsset.objects.values_list("status", "error").get() == (
        "failed",
        "503 busy, 6 attempts",
    )


def test_an_object_left_by_an_earlier_attempt_is_reused_not_duplicated(counting_voice):
    key = services.reading_key(TEXT)
    audio_storage().save(f"audio/{key}.mp3", __import__("io").BytesIO(b"earlier upload"))
    reading = services.generate_reading(TEXT)
    assert reading.url == f"/media/audio/{key}.mp3"
    assert sorted(audio_storage().listdir("audio")[1]) == [f"{key}.json", f"{key}.mp3"]


@pytest.mark.skipif(
    "sqlite" in __import__("os").environ.get("DATABASE_URL", "sqlite"),
    reason="two connections at once: PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_reading_make_it_once(counting_voice):
    counting_voice.go_on.clear()
    results = {}

    def worker(name):
        try:
            results[name] = services.generate_reading(TEXT)
        finally:
            connection.close()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    assert counting_voice.started.wait(5)  # the first holds the claim, inside the provider
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    second.join(5)
    counting_voice.go_on.set()
    first.join(5)

    assert results["second"] is None  # another worker is making it
    assert results["first"].url.endswith(".mp3")
    assert counting_voice.calls == [TEXT]
    assert AudioAsset.objects.get().status == "ready"


@pytest.mark.parametrize(
    ("audio_settings", "error_id"),
    [
        ({"TTS": "lewis_audio.tts.nothing.Voice"}, "lewis_audio.E001"),
        ({"TTS": "lewis_audio.models.AudioAsset"}, "lewis_audio.E002"),
        ({"TTS": "lewis_audio.tts.elevenlabs.ElevenLabsVoice"}, "lewis_audio.E001"),  # no key
        (
            {
                "TTS": "lewis_audio.tts.elevenlabs.ElevenLabsVoice",
                "ELEVENLABS": {"API_KEY": "k", "VOICE_ID": "v", "OUTPUT_FORMAT": "pcm_16000"},
            },
            "lewis_audio.E004",
        ),
        ({"STORAGE": "audio-bucket"}, "lewis_audio.E003"),
    ],
)
def test_misconfigured_audio_fails_the_system_check(audio_settings, error_id):
    with (
        override_settings(LEWIS_AUDIO=audio_settings),
        pytest.raises(SystemCheckError, match=error_id),
    ):
        call_command("check")


def test_a_ready_or_removed_reading_is_announced_with_its_key(counting_voice):
    heard = []

    def listen(sender, keys, **kwargs):
        heard.append(set(keys))

    services.readings_changed.connect(listen)
    try:
        counting_voice.failures = [SpeechFailed("busy", transient=True)]
        with pytest.raises(SpeechFailed):
            services.generate_reading("Affection is humble.")
        assert heard == []  # queued, generating, queued again: nothing to show yet
        services.generate_reading("Affection is humble.")
        key = services.reading_key("Affection is humble.")
        AudioAsset.objects.get(content_hash=key).delete()
    finally:
        services.readings_changed.disconnect(listen)
    assert heard == [{key}, {key}]


def test_cleanup_removes_old_unused_readings_and_orphaned_objects_only(counting_voice):
    import os
    from datetime import timedelta

    from django.utils import timezone

    for text in ("Used.", "Unused and old.", "Unused but new."):
        services.generate_reading(text)
    storage = audio_storage()
    storage.save("audio/orphan-old.mp3", __import__("io").BytesIO(b"left by a failure"))
    storage.save("audio/orphan-new.mp3", __import__("io").BytesIO(b"being stored now"))
    long_ago = timezone.now() - timedelta(days=31)
    os.utime(storage.path("audio/orphan-old.mp3"), (long_ago.timestamp(),) * 2)
    AudioAsset.objects.exclude(content_hash=services.reading_key("Unused but new.")).update(
        updated_at=long_ago
    )
    unused_old = AudioAsset.objects.get(content_hash=services.reading_key("Unused and old."))

    removed = services.remove_unused_readings({services.reading_key("Used.")})

    assert removed == {"readings": 1, "objects": 1}
    assert sorted(AudioAsset.objects.values_list("characters", flat=True)) == [5, 15]
    assert not storage.exists(unused_old.file.name)
    assert not storage.exists("audio/orphan-old.mp3")
    assert storage.exists("audio/orphan-new.mp3")
    assert services.remove_unused_readings({services.reading_key("Used.")}) == {
        "readings": 0,
        "objects": 0,
    }


def test_word_timings_for_reading_along_point_into_each_segment(counting_voice):
    import json

    segments = [
        "\u201cJoy,\u201d he said \u2014 it is\nthe serious business.",
        "Aslan  is on the move!",
    ]
    reading = services.generate_reading(segments)
    assert counting_voice.calls == [
        "\u201cJoy,\u201d he said \u2014 it is the serious business.\n\nAslan is on the move!"
    ]
    asset = AudioAsset.objects.get()
    assert reading.timings_url == f"/media/{asset.timings_file}"
    words = json.loads(audio_storage().open(asset.timings_file).read())["words"]
    spoken = [services.normalised(s) for s in segments]
    assert [spoken[w["segment"]][w["offset"] : w["offset"] + w["length"]] for w in words] == [
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
    # Times come from the provider's characters: "Aslan" starts after the break (2 characters).
    aslan, first = words[9], len(spoken[0]) + 2
    assert (aslan["start"], aslan["end"]) == (first / 10, (first + 5) / 10)
    assert all(a["end"] <= b["start"] for a, b in __import__("itertools").pairwise(words))


def test_timings_that_do_not_match_the_text_give_a_reading_without_read_along(counting_voice):
    original = CountingVoice.synthesize

    def shifted(self, text):
        speech = original(self, text)
        return Speech(**{**speech.__dict__, "timings": CharacterTimings(["x"], [0.0], [0.1])})

    CountingVoice.synthesize = shifted
    try:
        reading = services.generate_reading(TEXT)
    finally:
        CountingVoice.synthesize = original
    assert reading.url.endswith(".mp3")
    assert reading.timings_url is None


def test_paid_readings_are_costed_and_pause_visibly_at_the_monthly_budget(counting_voice):
    from decimal import Decimal

    from django.core import mail
    from django.utils import timezone

    from lewis_audio.models import AudioUsage

    budget = {"TTS": f"{__name__}.CountingVoice", "PRICE_PER_1000_CHARACTERS_USD": "1"}
    with override_settings(LEWIS_AUDIO={**budget, "MONTHLY_BUDGET_USD": "0.05"}):
        services.generate_reading(TEXT)  # 38 characters: $0.038, 76 % of $0.05
        usage = AudioUsage.objects.get()
        assert (usage.characters, usage.cost_usd) == (len(TEXT), Decimal("0.038"))
        month = f"{timezone.localdate():%B %Y}"
        assert [m.subject for m in mail.outbox] == [
            f"[Django] Audio readings spend reached 50 % of the {month} budget"
        ]
        services.generate_reading("Second words, still within.")  # $0.065: over the budget
        assert len(mail.outbox) == 4  # 80, 95 and 100 % too

        assert services.generate_reading("Third words wait.") is None
        paused = AudioAsset.objects.get(content_hash=services.reading_key("Third words wait."))
        assert (paused.status, paused.error) == (
            "paused",
            "Paused: the month's audio budget is spent",
        )
        assert counting_voice.calls[-1] == "Second words, still within."  # never asked
        assert services.paused_readings() == set()  # still no budget

    with override_settings(LEWIS_AUDIO={**budget, "MONTHLY_BUDGET_USD": "1"}):  # raised
        assert services.paused_readings() == {paused.content_hash}
        assert services.generate_reading("Third words wait.").url.endswith(".mp3")


def test_a_reading_paid_for_and_not_stored_is_stored_on_the_next_attempt_not_paid_again(
    counting_voice, monkeypatch
):
    from lewis_audio.models import AudioUsage

    real_save = type(audio_storage()).save

    def storage_down(self, name, content, *args, **kwargs):
        raise OSError("S3 unreachable")

    monkeypatch.setattr(type(audio_storage()), "save", storage_down)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    with pytest.raises(SpeechFailed, match="Storage failed"):
        services.generate_reading(TEXT)
    asset = AudioAsset.objects.get()
    assert (asset.status, len(counting_voice.calls), AudioUsage.objects.count()) == ("queued", 1, 1)

    monkeypatch.setattr(type(audio_storage()), "save", real_save)  # the storage is back
    reading = services.generate_reading(TEXT)  # the task's retry
    assert reading.url.endswith(".mp3")
    assert len(counting_voice.calls) == 1  # the provider was paid once
    assert AudioUsage.objects.count() == 1
    asset.refresh_from_db()
    assert (asset.status, asset.paid_audio, asset.characters_billed) == ("ready", None, len(TEXT))
    assert audio_storage().open(asset.file.name).read() == TEXT.encode()
    assert json.loads(audio_storage().open(asset.timings_file).read())["words"]
