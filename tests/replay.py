"""A local HTTP server on 127.0.0.1 that replays recorded service answers, for fetch and resolve tests.

`Replay.route(path, handler)`: handler(query: dict) -> Answer. Every request is logged (path, query), so a
test can check what was asked and how often. Answers can fail on purpose: a status with Retry-After,
a body cut short of its Content-Length, a delay longer than the client's timeout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    body: bytes | str = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    cut: bool = False  # announce the whole body, send half of it, close
    delay: float = 0.0

    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


class Replay:
    def __init__(self):
        self.routes: dict[str, object] = {}
        self.log: list[tuple[str, dict]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                replay.log.append((parts.path, query))
                handler = replay.routes.get(parts.path)
                answer = handler(query) if handler else Answer("not found", 404)
                time.sleep(answer.delay)
                data = answer.data()
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data[: len(data) // 2] if answer.cut else data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if answer.cut:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, path: str, handler) -> None:
        self.routes[path] = handler

    def __enter__(self) -> "Replay":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def sequence(*answers: Answer):
    """A handler giving these answers in turn, then the last one again."""
    queue = list(answers)

    def handler(query):
        return queue.pop(0) if len(queue) > 1 else queue[0]
    return handler
