"""The Celery app: worker `celery -A lewis_site worker`, beat `celery -A lewis_site beat`.

Each task logs one line (task, id, outcome, duration) carrying the request id of the request
that queued it, counts its outcome for /metrics, and the worker and beat keep heartbeat files
for `python -m lewis_site.liveness` (lewis_site.logs, lewis_site.broker).
"""

import logging
import os
import time

from celery import Celery, bootsteps
from celery.beat import PersistentScheduler
from celery.signals import before_task_publish, task_postrun, task_prerun, worker_init

from lewis_site import liveness

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lewis_site.settings")

app = Celery("lewis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

task_logger = logging.getLogger("lewis.task")
REQUEST_ID_HEADER = "lewis_request_id"
OUTCOMES = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}
_started: dict[str, tuple[float, object]] = {}  # task id -> (start, context token)


@worker_init.connect
def refuse_to_start_misconfigured(**kwargs) -> None:
    from lewis_site.startup import verify_swap_points

    verify_swap_points()


@before_task_publish.connect
def carry_request_id(headers=None, **kwargs) -> None:
    """The request (or task) that queues a task hands its request id on in the message."""
    from lewis_site.logs import request_id_var

    if headers is not None and (request_id := request_id_var.get()):
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@task_prerun.connect
def enter_task(task_id=None, task=None, **kwargs) -> None:
    from lewis_site.logs import request_id_var, task_var

    request_id = getattr(task.request, REQUEST_ID_HEADER, None) or request_id_var.get()
    tokens = (request_id_var.set(request_id), task_var.set((task_id, task.name)))
    _started[task_id] = (time.perf_counter(), tokens)


@task_postrun.connect
def leave_task(task_id=None, task=None, state=None, **kwargs) -> None:
    from lewis_site import broker
    from lewis_site.logs import request_id_var, task_var

    started, tokens = _started.pop(task_id, (None, None))
    outcome = OUTCOMES.get(state or "", (state or "unknown").lower())
    broker.record_task_outcome(task.name, outcome)
    fields = {"outcome": outcome}
    if started is not None:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
    level = logging.WARNING if outcome == "failed" else logging.INFO
    task_logger.log(level, "%s %s", task.name, outcome, extra=fields)
    if tokens is not None:
        request_token, task_token = tokens
        task_var.reset(task_token)
        request_id_var.reset(request_token)


class Heartbeat(bootsteps.StartStopStep):
    """Touches the worker's heartbeat file from the worker's own timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        self.timer = None

    def start(self, worker):
        liveness.touch("worker")
        self.timer = worker.timer.call_repeatedly(
            liveness.HEARTBEAT_SECONDS, liveness.touch, ("worker",), priority=10
        )

    def stop(self, worker):
        if self.timer is not None:
            self.timer.cancel()
        liveness.forget("worker")


app.steps["worker"].add(Heartbeat)


class Scheduler(PersistentScheduler):
    """Beat's scheduler (CELERY_BEAT_SCHEDULER): Celery's own, touching beat's heartbeat file
    on every tick."""

    def tick(self, *args, **kwargs):
        liveness.touch("beat")
        return super().tick(*args, **kwargs)

    def close(self):
        liveness.forget("beat")
        super().close()
