"""A machine-translation server for tests that follows the LibreTranslate and DeepL API contracts.

No real engine with English-Arabic or Kurdish models runs offline, so this server answers
the way those APIs do, shapes and error statuses included, with a transparent fake
translation (``"<target>: <text>"``, placeholders untouched):

LibreTranslate (``libretranslate/app.py``): ``GET /languages`` -> ``[{code, name, targets}]``;
``POST /translate`` (JSON or form) with ``q`` (string or list), ``source``, ``target``,
``format``, ``api_key`` in the body -> ``{"translatedText": str | list}``; errors are
``{"error": ...}``: 400 invalid or unsupported parameters and batches over the limit, 403 an
invalid key, 429 slow down, 500 translation failure.

DeepL (``api-reference/openapi.yaml``): ``POST /v2/translate`` with the header
``Authorization: DeepL-Auth-Key <key>`` (no key in query or body since 2025) and a JSON body
``text`` (list, at most 50), ``target_lang``, ``source_lang`` ->
``{"translations": [{"detected_source_language", "text"}]}``; errors are ``{"message": ...}``:
400, 403 wrong key, 413 too many texts, 429 too many requests, 456 quota exceeded, 5xx.

Tests script failures with :meth:`MTServer.fail` (status, how many times, ``Retry-After``),
slow answers with ``delay``, and read every request back from ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LIBRE_LANGUAGES = {"en": ["ar", "ckb", "kmr"], "ar": ["en"]}
DEEPL_TARGETS = {"AR", "CKB", "KMR", "EN-GB", "EN-US", "DE", "FR", "TR"}
DEEPL_MAX_TEXTS = 50


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: object
    time: float


@dataclass
class MTServer:
    api_key: str | None = None
    deepl_key: str = "deepl-test-key"
    languages: dict = field(default_factory=lambda: dict(LIBRE_LANGUAGES))
    batch_limit: int | None = None
    delay: float = 0.0
    #: Optional hook changing each translation (e.g. to lose a placeholder).
    mangle: object = None
    #: ``(n, status)``: after ``n`` answered translation requests every further one gets
    #: ``status`` (an engine going down mid-run); ``None`` when healthy.
    outage: tuple[int, int] | None = None
    answered: int = 0
    requests: list = field(default_factory=list)
    _failures: deque = field(default_factory=deque)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail(self, status: int, times: int = 1, retry_after: str | None = None, message: str = "") -> None:
        """The next ``times`` translation requests answer ``status`` (with ``Retry-After``)."""
        for _ in range(times):
            self._failures.append((status, retry_after, message or f"scripted failure {status}"))

    def translations(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/translate")]

    def start(self) -> "MTServer":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def translate(self, text: str, target: str) -> str:
        out = f"{target.lower()}: {text}"
        return self.mangle(out) if callable(self.mangle) else out


def _handler(server: MTServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def do_GET(self):
            self._record(None)
            if urlsplit(self.path).path == "/languages":
                return self._send(200, [{"code": code, "name": code, "targets": targets}
                                        for code, targets in server.languages.items()])
            self._send(404, {"error": "Not Found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                try:
                    body = json.loads(raw or "{}")
                except ValueError:
                    return self._send(400, {"error": "Invalid JSON"})
            else:
                body = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(raw).items()}
            self._record(body)
            if server.delay:
                time.sleep(server.delay)
            path = urlsplit(self.path).path
            deepl = path == "/v2/translate"
            if path not in ("/translate", "/v2/translate"):
                return self._send(404, {"error": "Not Found"})
            key = "message" if deepl else "error"
            if server._failures:
                status, retry_after, message = server._failures.popleft()
                headers = {"Retry-After": retry_after} if retry_after else {}
                return self._send(status, {key: message}, headers)
            if server.outage and server.answered >= server.outage[0]:
                return self._send(server.outage[1], {key: "Cannot translate text: engine down"})
            server.answered += 1
            return self._deepl(body) if deepl else self._libre(body)

        def _libre(self, body: dict):
            q, source, target = body.get("q"), body.get("source"), body.get("target")
            if server.api_key and body.get("api_key") != server.api_key:
                return self._send(403 if body.get("api_key") else 400, {
                    "error": "Invalid API key" if body.get("api_key")
                    else "Please contact the server operator to get an API key"})
            for name, value in (("q", q), ("source", source), ("target", target)):
                if not value:
                    return self._send(400, {"error": f"Invalid request: missing {name} parameter"})
            if source not in server.languages:
                return self._send(400, {"error": f"{source} is not supported"})
            if target not in server.languages[source]:
                return self._send(400, {"error": f"{target} is not supported"})
            texts = q if isinstance(q, list) else [q]
            if server.batch_limit and len(texts) > server.batch_limit:
                return self._send(400, {"error": f"Invalid request: request ({len(texts)}) exceeds "
                                                 f"text limit ({server.batch_limit})"})
            out = [server.translate(t, target) for t in texts]
            self._send(200, {"translatedText": out if isinstance(q, list) else out[0]})

        def _deepl(self, body: dict):
            auth = self.headers.get("Authorization") or ""
            if "auth_key" in body or "auth_key" in self.path:
                return self._send(403, {"message": "auth_key parameter is no longer supported; "
                                                   "use the Authorization header"})
            if auth != f"DeepL-Auth-Key {server.deepl_key}":
                return self._send(403, {"message": "Wrong auth key"})
            texts, target = body.get("text"), body.get("target_lang")
            if not isinstance(texts, list) or not texts:
                return self._send(400, {"message": "Value for 'text' not supported."})
            if len(texts) > DEEPL_MAX_TEXTS:
                return self._send(413, {"message": "Request Entity Too Large"})
            if target not in DEEPL_TARGETS:
                return self._send(400, {"message": "Value for 'target_lang' not supported."})
            self._send(200, {"translations": [{"detected_source_language": body.get("source_lang") or "EN",
                                               "text": server.translate(t, target)} for t in texts]})

        def _record(self, body):
            server.requests.append(Recorded(self.command, urlsplit(self.path).path,
                                            dict(self.headers), body, time.monotonic()))

        def _send(self, status: int, data, headers: dict | None = None):
            send_json(self, status, data, headers)

    return Handler


def send_json(handler: BaseHTTPRequestHandler, status: int, data, headers: dict | None = None):
    """Answer ``handler``'s request with ``data`` as JSON (the test servers' one reply)."""
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        handler.wfile.write(payload)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (a timeout test)
