"""Media: on the embedded default, local disk served under /media/; in production S3 behind
CloudFront (moto stands in for S3): readings stored once under their key, with their content type
and a year's immutable caching, and every media URL on the CDN."""

import base64
import json

import boto3
import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from moto import mock_aws

from lewis_audio import services as audio
from lewis_audio.tts import elevenlabs
from lewis_site.config import LewisSettings

from .conftest import embedded_only

pytestmark = pytest.mark.django_db

BUCKET, CDN = "lewis-media", "media.cdn.example.org"
TEXT = "Joy is the serious business of Heaven."


@pytest.fixture
def bucket(monkeypatch, tmp_path):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    config = LewisSettings(
        _env_file=None, var_dir=tmp_path, aws_storage_bucket_name=BUCKET, media_cdn_domain=CDN
    )
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        with override_settings(STORAGES=config.storages()):
            yield s3


@pytest.fixture
def voice(monkeypatch):
    texts = []

    def read(request: httpx.Request) -> httpx.Response:
        text = json.loads(request.content)["text"]
        texts.append(text)
        return httpx.Response(
            200,
            json={
                "audio_base64": base64.b64encode(b"mp3 bytes").decode(),
                "alignment": {
                    "characters": list(text),
                    "character_start_times_seconds": [0.0] * len(text),
                    "character_end_times_seconds": [0.1] * len(text),
                },
            },
        )

    monkeypatch.setattr(elevenlabs, "TRANSPORT", httpx.MockTransport(read))
    audio_settings = {
        "TTS": "lewis_audio.tts.elevenlabs.ElevenLabsVoice",
        "STORAGE": "audio",
        "ELEVENLABS": {"API_KEY": "sk-test", "VOICE_ID": "cloned-voice"},
    }
    with override_settings(LEWIS_AUDIO=audio_settings):
        yield texts


def test_a_reading_is_stored_once_on_s3_immutable_and_served_from_the_cdn(bucket, voice):
    reading = audio.generate_reading(TEXT)
    key = f"media/audio/{audio.reading_key(TEXT)}.mp3"
    assert reading.url == f"https://{CDN}/{key}"

    stored = bucket.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == b"mp3 bytes"
    assert stored["ContentType"] == "audio/mpeg"
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"

    timings = bucket.get_object(Bucket=BUCKET, Key=key.replace(".mp3", ".json"))
    assert reading.timings_url == f"https://{CDN}/{key.replace('.mp3', '.json')}"
    assert timings["ContentType"] == "application/json"
    assert timings["CacheControl"] == "public, max-age=31536000, immutable"

    assert audio.generate_reading(TEXT) == reading  # asked again: nothing paid or uploaded
    assert voice == [TEXT]
    listed = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert sorted(o["Key"] for o in listed) == [key.replace(".mp3", ".json"), key]


def test_cleanup_removes_unused_readings_and_orphaned_objects_from_the_bucket(bucket, voice):
    from datetime import timedelta

    audio.generate_reading(TEXT)
    audio.generate_reading("A reading no passage reads out any more.")
    orphan = storages["audio"].save("audio/orphan.mp3", ContentFile(b"upload without a row"))
    used = f"media/audio/{audio.reading_key(TEXT)}.mp3"

    removed = audio.remove_unused_readings({audio.reading_key(TEXT)}, timedelta(0))
    assert removed == {"readings": 1, "objects": 1}
    listed = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert sorted(o["Key"] for o in listed) == [used.replace(".mp3", ".json"), used]
    assert orphan == "audio/orphan.mp3"


def test_images_and_documents_go_to_the_same_bucket_and_cdn(bucket):
    name = storages["default"].save("original_images/cover.jpg", ContentFile(b"\xff\xd8 jpeg"))
    assert storages["default"].url(name) == f"https://{CDN}/media/{name}"
    stored = bucket.get_object(Bucket=BUCKET, Key=f"media/{name}")
    assert (stored["ContentType"], stored["CacheControl"]) == (
        "image/jpeg",
        "public, max-age=86400",
    )


def affection():
    """A published passage in a work whose rights allow audio."""
    from lewis_content.models import Passage, Register, Work

    return Passage.objects.create(
        title="Affection",
        work=Work.objects.create(title="The Four Loves", slug="the-four-loves", year=1960),
        register=Register.objects.create(slug="reflective", label="Reflective"),
        position=1,
        body=[("paragraph", "<p>Affection is humble.</p>")],
    )


@embedded_only
def test_on_the_embedded_default_a_published_passage_is_read_aloud_from_local_media(
    client, voice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline at commit
        passage = affection()
    assert voice == ["Affection is humble."]
    reading = client.get(f"/api/v1/passages/{passage.pk}").json()["audio"]
    assert reading["url"] == f"/media/audio/{audio.reading_key('Affection is humble.')}.mp3"
    served = client.get(reading["url"])
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"mp3 bytes"
    assert served["Content-Type"] == "audio/mpeg"


def test_a_passage_published_with_s3_and_elevenlabs_is_read_from_cloudfront(
    client, bucket, voice, django_capture_on_commit_callbacks
):
    from lewis_content.tasks import generate_audio_reading

    with django_capture_on_commit_callbacks():  # queued at commit; the worker's part runs below
        passage = affection()
    with django_capture_on_commit_callbacks(execute=True):
        assert generate_audio_reading.apply(args=[passage.pk]).get() == "ready"
    reading = client.get(f"/api/v1/passages/{passage.pk}").json()["audio"]
    key = audio.reading_key("Affection is humble.")
    assert reading["url"] == f"https://{CDN}/media/audio/{key}.mp3"
    assert reading["timings_url"] == f"https://{CDN}/media/audio/{key}.json"
    assert voice == ["Affection is humble."]
    listed = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert sorted(o["Key"] for o in listed) == [f"media/audio/{key}.json", f"media/audio/{key}.mp3"]


def test_a_storage_outage_leaves_the_reading_queued_with_why_and_it_is_paid_for_once(
    bucket, voice, tmp_path
):
    from lewis_audio.models import AudioAsset, AudioUsage

    config = LewisSettings(
        _env_file=None, var_dir=tmp_path, aws_storage_bucket_name="no-such-bucket"
    )
    with (
        override_settings(STORAGES=config.storages()),
        pytest.raises(audio.SpeechFailed) as failed,
    ):
        audio.generate_reading(TEXT)
    assert failed.value.transient
    asset = AudioAsset.objects.get()
    assert asset.status == "queued"
    assert asset.error.startswith("Storage failed")
    assert AudioUsage.objects.count() == 1  # ElevenLabs was paid: the budget counts it

    assert audio.generate_reading(TEXT).url.startswith(f"https://{CDN}/")  # storage is back
    assert voice == [TEXT]  # the paid answer was kept and stored: ElevenLabs was paid once
    assert AudioUsage.objects.count() == 1
