"""One HTTP client for every remote service (WordPress sites, machine-translation engines).

Every request goes through a :class:`Session`: it names itself with a User-Agent, never waits
without a timeout, verifies TLS certificates, and retries transient failures (connection
errors, 429, 456 and 5xx answers) with exponential backoff through urllib3's ``Retry``,
honouring ``Retry-After``. Answers that are still errors become typed
:class:`~dragoman.errors.HttpError` subclasses whose message says what to do next.

Requests that are not idempotent (creating a post) are not retried after the server has seen
them unless the caller says they are safe to repeat (a translation request is).
"""

from __future__ import annotations

import json

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from dragoman import __version__
from dragoman.errors import HttpError

USER_AGENT = f"dragoman/{__version__} (+news translation toolkit; python-requests/{requests.__version__})"
#: (connect, read) seconds; every call has one.
DEFAULT_TIMEOUT = (10.0, 60.0)
#: Statuses worth asking again: rate limits (DeepL's 456 is "quota exceeded") and server trouble.
RETRY_STATUSES = frozenset({429, 456, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class AuthenticationError(HttpError):
    """401: no credentials, or wrong ones."""


class ForbiddenError(HttpError):
    """403: the credentials are valid but may not do this (or an API key is refused)."""


class NotFoundError(HttpError):
    """404: the URL, route or object does not exist."""


class RateLimitError(HttpError):
    """429 or 456 still answered after every retry: too many requests or quota exhausted."""


class ServerError(HttpError):
    """5xx still answered after every retry."""


class RequestTimeout(HttpError):
    """The server did not answer within the timeout."""


class ConnectionFailed(HttpError):
    """No connection could be made (refused, DNS, TLS verification)."""


_HINTS = {
    400: (HttpError, "the server rejected the request as invalid"),
    401: (AuthenticationError, "authentication failed: the credentials are missing or wrong"),
    403: (ForbiddenError, "forbidden: the account or API key may not do this"),
    404: (NotFoundError, "not found: check the URL"),
    429: (RateLimitError, "too many requests: the server is rate-limiting us; try again later"),
    456: (RateLimitError, "quota exceeded: the account's character quota is used up"),
}


class CappedRetry(Retry):
    """urllib3's Retry with an upper bound on how long a ``Retry-After`` may make us sleep."""

    def __init__(self, *args, max_retry_after: float = 60.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kwargs):
        kwargs.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kwargs)

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)


class Session(requests.Session):
    """A ``requests.Session`` with a default timeout, retries and typed errors.

    ``request(..., check=True)`` raises an :class:`HttpError` subclass for an error status; with
    ``check=False`` the response is returned as it is (the caller inspects the status).
    """

    def __init__(self, timeout=DEFAULT_TIMEOUT, retry: Retry | None = None):
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = USER_AGENT
        self.verify = True
        adapter = HTTPAdapter(max_retries=retry or make_retry())
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method, url, *args, timeout=None, check: bool = True, **kwargs):
        timeout = self.timeout if timeout is None else timeout
        # Passed explicitly, a CA bundle set on the session wins over REQUESTS_CA_BUNDLE (requests
        # otherwise lets the environment override it); True still honours that variable.
        kwargs.setdefault("verify", self.verify)
        try:
            response = super().request(method, url, *args, timeout=timeout, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise ConnectionFailed(f"TLS certificate verification failed: {_reason(exc)}", url) from None
        except requests.exceptions.Timeout:
            raise _timeout(timeout, url) from None
        except requests.exceptions.RetryError as exc:
            raise ServerError(f"still failing after every retry: {_reason(exc)}", url) from None
        except requests.exceptions.ConnectionError as exc:
            # A read timeout on the last retry arrives wrapped as a connection error.
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
                raise _timeout(timeout, url) from None
            raise ConnectionFailed(f"cannot connect: {_reason(exc)}", url) from None
        except requests.exceptions.RequestException as exc:
            raise HttpError(f"request failed: {exc}", url) from None
        if check:
            raise_for_status(response)
        return response


def make_retry(retries: int = 3, backoff: float = 0.5, *, retry_post: bool = False,
               max_retry_after: float = 60.0) -> Retry:
    """The retry policy: ``retries`` attempts after the first, sleeping ``backoff * 2**n``
    seconds (or what ``Retry-After`` says, up to ``max_retry_after``). ``retry_post`` allows
    repeating POSTs, for endpoints where a repeat does no harm."""
    methods = IDEMPOTENT_METHODS | ({"POST"} if retry_post else set())
    return CappedRetry(
        total=retries, connect=retries, read=retries, status=retries,
        backoff_factor=backoff, status_forcelist=RETRY_STATUSES, allowed_methods=methods,
        respect_retry_after_header=True, raise_on_status=False, max_retry_after=max_retry_after,
    )


def session(timeout=DEFAULT_TIMEOUT, retries: int = 3, backoff: float = 0.5, *,
            retry_post: bool = False, max_retry_after: float = 60.0) -> Session:
    """A new :class:`Session`; one per command run, shared by all its calls."""
    retry = make_retry(retries, backoff, retry_post=retry_post, max_retry_after=max_retry_after)
    return Session(timeout=timeout, retry=retry)


def raise_for_status(response: requests.Response) -> None:
    """Raise the typed error for an error status, quoting the server's own explanation."""
    status = response.status_code
    if status < 400:
        return
    cls, hint = _HINTS.get(status, (ServerError if status >= 500 else HttpError,
                                    "the server failed" if status >= 500 else "request refused"))
    detail = server_message(response)
    message = f"HTTP {status} {response.reason or ''}".rstrip() + f": {hint}"
    if detail:
        message += f" (server says: {detail})"
    error = cls(message, response.url)
    error.status = status  # for callers that branch on it (e.g. 404 on a deleted post)
    raise error


def server_message(response: requests.Response) -> str:
    """The human-readable part of an error body (WordPress ``message``, LibreTranslate
    ``error``, DeepL ``message``/``detail``), or a short excerpt of a non-JSON body."""
    try:
        data = response.json()
    except (ValueError, json.JSONDecodeError):
        text = " ".join((response.text or "").split())
        return text[:200]
    if isinstance(data, dict):
        for key in ("message", "error", "detail"):
            value = data.get(key)
            if isinstance(value, str) and value:
                code = data.get("code")
                return f"{value} [{code}]" if isinstance(code, str) and code else value
    return ""


def _timeout(timeout, url: str) -> RequestTimeout:
    seconds = timeout[1] if isinstance(timeout, tuple) else timeout
    return RequestTimeout(f"no answer within {seconds:g} s; the server is down or overloaded", url)


def _reason(exc: Exception) -> str:
    """The innermost cause of a requests/urllib3 exception, without the nested noise."""
    inner = exc.args[0] if exc.args else exc
    inner = getattr(inner, "reason", inner)
    return str(inner).split(": ", 1)[-1] if ":" in str(inner) else str(inner)
