"""A polite HTTP client for the services litsite asks: timeouts, a pause between requests to one host,
retries with back-off on rate limits and server errors, and one clear error when it cannot go on."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests

from .. import __version__

USER_AGENT = f"litsite/{__version__} (static literature-review site generator; +https://pypi.org/project/litsite/)"
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_WAIT = 120.0  # seconds: a longer Retry-After is not waited for; the fetch stops and says so


class FetchError(Exception):
    """A service could not be reached or kept refusing: the message says which, and what to do."""


@dataclass
class Client:
    """GET with a minimum interval between requests to one service (arXiv asks for 3 s), `retries`
    further attempts after a 429, a 5xx, a timeout or a cut connection, waiting `backoff` x 2^attempt
    seconds (or the server's Retry-After, when it gives one)."""

    interval: dict[str, float] = field(default_factory=dict)  # service address -> seconds between requests
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    session: requests.Session = field(default_factory=requests.Session)
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, params: dict | None = None) -> requests.Response:
        host = urlsplit(url).netloc
        service = max((base for base in self.interval if url.startswith(base)), key=len, default=host)
        problem = ""
        for attempt in range(self.retries + 1):
            self._pause(service)
            try:
                response = self.session.get(url, params=params, timeout=self.timeout,
                                            headers={"User-Agent": USER_AGENT})
            except requests.Timeout:
                problem = f"no answer within {self.timeout:g} s"
            except requests.ConnectionError as error:
                problem = f"cannot connect ({short(error)}); are you offline?"
            except requests.RequestException as error:  # a body cut short, a broken encoding
                problem = f"the answer was cut off or garbled ({short(error)})"
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in RETRY_STATUS:
                    raise FetchError(f"{host} answered HTTP {response.status_code} to {response.url}")
                problem = ("rate-limited (HTTP 429): asked to slow down" if response.status_code == 429
                           else f"HTTP {response.status_code} (the service is unavailable or overloaded)")
                wait = retry_after(response)
                if wait is not None and wait > MAX_WAIT:
                    raise FetchError(f"{host}: {problem}; it asks to wait {wait:.0f} s; try again later")
                if wait is not None and attempt < self.retries:
                    pause(wait)
                    continue
            if attempt < self.retries:
                pause(self.backoff * 2 ** attempt)
        raise FetchError(f"{host}: {problem}, {self.retries + 1} attempts; nothing was written; try again later")

    def _pause(self, service: str) -> None:
        gap = self.interval.get(service, 0.0)
        if service in self._last and gap:
            waited = time.monotonic() - self._last[service]
            if waited < gap:
                pause(gap - waited)
        self._last[service] = time.monotonic()


def pause(seconds: float) -> None:
    """Every wait goes through here (tests record the waits instead of sleeping)."""
    time.sleep(seconds)


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def short(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 160 else text[:157] + "..."
