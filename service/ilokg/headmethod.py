"""HEAD for every GET resource (RFC 9110 §9.3.2): answered as GET, without the body.

FastAPI routes declared with GET do not answer HEAD (405), but link checkers, catalogue
harvesters and caches use HEAD to check a distribution or an entity IRI. This pure ASGI
middleware runs the GET handler and drops the body, keeping the status and every header
(Content-Length, ETag, Link, Vary) so a HEAD tells what a GET would get.
"""

from __future__ import annotations

from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]


class HeadAsGet:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "method": "GET"}

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # swallow streamed chunks; the last one closes the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_headers_only)
