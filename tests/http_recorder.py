"""A local HTTP server that records every request: tests that must fetch nothing require it to get none."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Recording:
    port: int
    requests: list[str] = field(default_factory=list)


@contextmanager
def recording_server() -> Iterator[Recording]:
    """Serve on a free port of 127.0.0.1; every GET is recorded and answered 200 with an empty body."""
    recording = Recording(port=0)

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            recording.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    recording.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield recording
    finally:
        httpd.shutdown()
        httpd.server_close()
