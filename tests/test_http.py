"""The shared HTTP session against real servers on loopback: User-Agent, timeouts, retries with
backoff and Retry-After, typed errors with the server's own message, TLS verification."""

from __future__ import annotations

import ssl
import subprocess
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from conftest import require_tool
from mt_server import send_json
from dragoman import http
from dragoman.errors import DragomanError, HttpError


class Scripted:
    """A loopback server answering each path (query ignored) from a queue of ``(status, headers, body)``;
    an exhausted queue repeats its last answer. Every request is recorded."""

    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.script: dict[str, deque] = defaultdict(deque)
        self.seen: list[tuple[str, str, dict, float]] = []
        self.delay = 0.0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.seen.append((self.command, self.path, dict(self.headers), time.monotonic()))
                time.sleep(outer.delay)
                queue = outer.script[urlsplit(self.path).path]
                status, headers, body = queue.popleft() if len(queue) > 1 else (queue[0] if queue else (200, {}, {}))
                send_json(self, status, body, headers)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls_context:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        scheme = "https" if tls_context else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"

    def on(self, path: str, *answers):
        self.script[path].extend(answers)

    def count(self, path: str) -> int:
        return sum(1 for _, p, _, _ in self.seen if urlsplit(p).path == path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    s = Scripted()
    yield s
    s.close()


def fast(**kw) -> http.Session:
    return http.session(**{"retries": 2, "backoff": 0.01, **kw})


def test_user_agent_and_default_timeout_on_every_call(server):
    session = fast()
    assert session.get(f"{server.url}/ok").json() == {}
    assert server.seen[0][2]["User-Agent"].startswith("dragoman/")
    assert session.verify is True
    server.delay = 3.0
    started = time.monotonic()
    with pytest.raises(http.RequestTimeout, match=r"no answer within 0.2 s"):
        http.session(timeout=(1.0, 0.2), retries=0).get(f"{server.url}/slow")
    assert time.monotonic() - started < 2.5  # did not wait for the server's answer


@pytest.mark.parametrize("status, error, words", [
    (401, http.AuthenticationError, "credentials are missing or wrong"),
    (403, http.ForbiddenError, "may not do this"),
    (404, http.NotFoundError, "not found"),
])
def test_client_errors_are_typed_and_quote_the_server(server, status, error, words):
    server.on("/x", (status, {}, {"code": "rest_error", "message": "Sorry, you are not allowed."}))
    with pytest.raises(error) as info:
        fast().get(f"{server.url}/x")
    assert isinstance(info.value, HttpError) and isinstance(info.value, DragomanError)
    assert info.value.status == status and info.value.path == f"{server.url}/x"
    assert f"HTTP {status}" in str(info.value) and words in str(info.value)
    assert "server says: Sorry, you are not allowed. [rest_error]" in str(info.value)
    assert server.count("/x") == 1  # client errors are not retried


def test_5xx_and_429_are_retried_then_succeed(server):
    server.on("/flaky", (503, {}, {"error": "busy"}), (429, {}, {"error": "Slowdown"}), (200, {}, {"ok": 1}))
    assert fast().get(f"{server.url}/flaky").json() == {"ok": 1}
    assert server.count("/flaky") == 3


def test_retry_after_is_respected_and_capped(server):
    server.on("/limited", (429, {"Retry-After": "1"}, {"error": "Slowdown"}), (200, {}, {}))
    fast().get(f"{server.url}/limited")
    (_, _, _, first), (_, _, _, second) = server.seen
    assert second - first >= 0.95
    server.on("/long", (503, {"Retry-After": "3600"}, {}), (200, {}, {}))
    started = time.monotonic()
    fast(max_retry_after=0.2).get(f"{server.url}/long")
    assert time.monotonic() - started < 5  # not an hour


def test_exhausted_retries_give_the_final_status(server):
    server.on("/down", (500, {}, {"error": "Cannot translate text: boom"}))
    with pytest.raises(http.ServerError, match="HTTP 500.*Cannot translate text: boom"):
        fast().get(f"{server.url}/down")
    assert server.count("/down") == 3
    server.on("/quota", (456, {}, {"message": "Quota exceeded"}))
    with pytest.raises(http.RateLimitError, match="quota exceeded"):
        fast(retries=1).get(f"{server.url}/quota")


def test_post_is_retried_only_when_safe_to_repeat(server):
    server.on("/create", (502, {}, {}), (201, {}, {"id": 1}))
    with pytest.raises(http.ServerError):
        fast().post(f"{server.url}/create", json={})
    assert server.count("/create") == 1  # creating twice could duplicate a post
    server.on("/translate", (502, {}, {}), (200, {}, {"translatedText": "x"}))
    assert fast(retry_post=True).post(f"{server.url}/translate", json={}).json() == {"translatedText": "x"}


def test_check_false_returns_the_response(server):
    server.on("/gone", (404, {}, {"message": "gone"}))
    assert fast().get(f"{server.url}/gone", check=False).status_code == 404


def test_connection_refused_is_a_clear_error():
    with pytest.raises(http.ConnectionFailed, match="cannot connect"):
        fast(retries=0).get("http://127.0.0.1:9/")


def test_tls_certificates_are_verified(tmp_path):
    openssl = require_tool("openssl", "install Debian's openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Scripted(tls_context=context)
    try:
        with pytest.raises(http.ConnectionFailed, match="TLS certificate verification failed"):
            fast(retries=0).get(f"{server.url}/secure")
        trusted = fast(retries=0)
        trusted.verify = str(cert)  # a private CA can be trusted explicitly, never skipped
        assert trusted.get(f"{server.url}/secure").status_code == 200
    finally:
        server.close()
