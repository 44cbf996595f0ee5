"""A fake Anthropic API behind the real SDK: only the HTTP transport is replaced."""

import json
from collections.abc import Callable

import httpx2

Reply = httpx2.Response | Exception | Callable[[httpx2.Request], httpx2.Response]


def message(suggestions, *, usage=None, stop_reason="tool_use", tool_input=None) -> httpx2.Response:
    """A Messages API answer whose tool call carries `suggestions`."""
    return httpx2.Response(
        200,
        json={
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-6",
            "content": [
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": "record_tag_suggestions",
                    "input": tool_input if tool_input is not None else {"suggestions": suggestions},
                }
            ],
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": usage
            or {
                "input_tokens": 120,
                "output_tokens": 80,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 2000,
            },
        },
    )


def error(status: int, kind: str, headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(
        status,
        headers=headers,
        json={"type": "error", "error": {"type": kind, "message": f"{kind} (fake)"}},
    )


class FakeAnthropic:
    """Answers each request with the next queued reply (the last one repeats); keeps requests."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[httpx2.Request] = []

    def reply(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply(request) if callable(reply) else reply

    def http_client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handle))

    def bodies(self) -> list[dict]:
        return [json.loads(r.content) for r in self.requests]
