"""The audio pipeline's own cost per passage, with ElevenLabs faked at a fixed latency.

On the reader API bench's database (PostgreSQL + Redis; `--reuse` keeps it), 100 published
passages are read aloud by `generate_audio_reading`, run as a worker runs it (the task body,
in process): rights check, key, claim, the provider (ElevenLabs' SDK against an httpx
MockTransport that answers after LATENCY seconds with audio and character timings), the audio
and timings written to local disk, the row made ready, usage and budget recorded. The overhead is
each run's time minus the provider's latency. Baseline in the same run: a PostgreSQL `SELECT 1`.
Then the bill: the characters sent and their cost at the configured price.
"""

import base64
import json
import os
import statistics
import sys
import tempfile
import time

from reader_api import ENV, lewis, prepare_database
from report import write_section

PASSAGES = 100
LATENCY = 0.2  # seconds the fake provider takes to answer
PRICE = "0.30"  # USD per 1,000 characters (ElevenLabs' overage rate on the Creator plan)


def main() -> int:
    if "--reuse" not in sys.argv:
        prepare_database()
    lewis("migrate", "-v0")  # a reused database may predate the audio tables
    os.environ.update(
        {
            **ENV,
            "VAR_DIR": tempfile.mkdtemp(prefix="lewis-audio-bench-"),
            "ELEVENLABS_API_KEY": "sk-bench",
            "ELEVENLABS_VOICE_ID": "bench-voice",
            "ELEVENLABS_PRICE_PER_1000_CHARACTERS_USD": PRICE,
            "AUDIO_MONTHLY_BUDGET_USD": "1000000",
            "DJANGO_SETTINGS_MODULE": "lewis_site.settings",
        }
    )
    import django

    django.setup()
    import httpx
    from django.db import connection
    from django.db.models import Sum

    from lewis_audio.models import AudioAsset, AudioUsage
    from lewis_audio.tts import elevenlabs
    from lewis_content.models import PassageSnapshot
    from lewis_content.tasks import generate_audio_reading

    def speak(request: httpx.Request) -> httpx.Response:
        text = json.loads(request.content)["text"]
        time.sleep(LATENCY)
        ends = [0.06 * (n + 1) for n in range(len(text))]
        return httpx.Response(
            200,
            headers={"request-id": "bench", "x-character-count": str(len(text))},
            json={
                "audio_base64": base64.b64encode(b"\xff\xfb" * 4000).decode(),
                "alignment": {
                    "characters": list(text),
                    "character_start_times_seconds": [e - 0.06 for e in ends],
                    "character_end_times_seconds": ends,
                },
            },
        )

    elevenlabs.TRANSPORT = httpx.MockTransport(speak)
    AudioAsset.objects.all().delete()
    AudioUsage.objects.all().delete()
    ids = list(PassageSnapshot.objects.order_by("pk").values_list("pk", flat=True)[:PASSAGES])

    overheads = []
    for passage_id in ids:
        start = time.perf_counter()
        assert generate_audio_reading.apply(args=[passage_id]).get() == "ready"
        overheads.append((time.perf_counter() - start - LATENCY) * 1000)
    select_one = []
    for _ in range(200):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        select_one.append((time.perf_counter() - start) * 1000)

    def p(samples, q):
        return statistics.quantiles(samples, n=100)[q - 1]

    billed = AudioUsage.objects.aggregate(c=Sum("characters"), usd=Sum("cost_usd"))
    baseline = p(select_one, 95)
    lines = [
        "## Audio readings: the pipeline per passage, and the bill",
        "",
        f"`generate_audio_reading` run as a worker runs it, in process, for {len(ids)} published "
        "passages of the reader API bench's corpus on PostgreSQL + Redis, ElevenLabs' SDK "
        f"answered by an httpx MockTransport after {LATENCY * 1000:.0f} ms (audio and character "
        "timings), audio and word timings written to local disk. Overhead = each run's time minus "
        "the provider's latency: rights check, key, claim, storage, the row, usage and budget. "
        "Command: `uv run nox -s bench -- --only audio`.",
        "",
        "| what | p50 ms | p95 ms | p95 / PostgreSQL SELECT 1 |",
        "|---|---:|---:|---:|",
        f"| pipeline overhead per passage | {statistics.median(overheads):.2f} | "
        f"{p(overheads, 95):.2f} | {p(overheads, 95) / baseline:.1f} |",
        f"| PostgreSQL SELECT 1 (baseline) | {statistics.median(select_one):.3f} | "
        f"{baseline:.3f} | 1.0 |",
        "",
        f"Bulk generation of these {len(ids)} passages: {billed['c']:,} characters billed, "
        f"${billed['usd']:.2f} at ${PRICE} per 1,000 characters "
        f"(${billed['usd'] / len(ids):.4f} a passage, {billed['c'] / len(ids):,.0f} characters).",
    ]
    write_section("audio", "\n".join(lines))
    print("\n".join(lines))
    AudioAsset.objects.all().delete()
    AudioUsage.objects.all().delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
