"""The app's traffic, for the capacity run (bench/capacity.py): guests reading (today, passages,
related, connections, walking the list) and signed-in readers reading and writing their Soul
Map and posting reflections. Each simulated user sends its next request as soon as the last is
answered: the concurrency is the number of users.

Environment: CAPACITY_IDS (a file of published passage ids, one per line), CAPACITY_READERS (a
file of "email password" lines, one per signed-in user), CAPACITY_SEED.
"""

import os
import random
from pathlib import Path

from locust import HttpUser, constant, task

IDS = [int(line) for line in Path(os.environ["CAPACITY_IDS"]).read_text().split()]
READERS = [
    line.split(" ", 1) for line in Path(os.environ["CAPACITY_READERS"]).read_text().splitlines()
]
RANDOM = random.Random(int(os.environ.get("CAPACITY_SEED", "7")))  # noqa: S311 (load, not secrets)
REGISTERS = ["reflective", "imaginative", "argumentative", "devotional"]
REFLECTIONS_PER_READER = 150


class Guest(HttpUser):
    weight = 4
    wait_time = constant(0)

    def passage_id(self) -> int:
        return RANDOM.choice(IDS)

    @task(10)
    def today(self):
        self.client.get(f"/api/v1/today?register={RANDOM.choice(REGISTERS)}", name="today")

    @task(30)
    def passage(self):
        self.client.get(f"/api/v1/passages/{self.passage_id()}", name="passage")

    @task(15)
    def related(self):
        self.client.get(f"/api/v1/passages/{self.passage_id()}/related", name="related")

    @task(10)
    def connections(self):
        self.client.get(f"/api/v1/passages/{self.passage_id()}/connections", name="connections")

    @task(10)
    def list_walk(self):
        page = self.client.get("/api/v1/passages?limit=20", name="list").json()
        for _ in range(2):
            if not page.get("next_cursor"):
                break
            page = self.client.get(
                f"/api/v1/passages?limit=20&cursor={page['next_cursor']}", name="list, next page"
            ).json()


class SignedInReader(HttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self):
        email, password = READERS.pop()  # one account per user: its own limits and Soul Map
        answer = self.client.post(
            "/_allauth/app/v1/auth/login",
            json={"email": email, "password": password},
            name="sign in",
        )
        self.client.headers["Authorization"] = f"Bearer {answer.json()['meta']['access_token']}"

    @task(8)
    def soul_map(self):
        self.client.get("/api/v1/me/soul-map", name="soul map")

    @task(4)
    def save(self):
        passage = RANDOM.choice(IDS)
        self.client.put(f"/api/v1/me/soul-map/passages/{passage}", name="save a passage")

    reflections = 0

    @task(1)
    def reflect(self):
        # A reader may post 200 a day (then 429, as documented): a simulated reader, far faster
        # than a person, keeps under it and reads its Soul Map instead.
        if self.reflections >= REFLECTIONS_PER_READER:
            return self.soul_map()
        self.reflections += 1
        passage = RANDOM.choice(IDS)
        self.client.post(
            f"/api/v1/passages/{passage}/reflections",
            json={"text": "The longing itself is a kind of having."},
            name="post a reflection",
        )
