"""The only code that touches the network: a polite, cached Crossref REST client.

Politeness, as Crossref's API asks it today: a User-Agent with a mailto (the editor's own
address, from the config or LITCURATE_MAILTO; a placeholder is never sent: without a real
one, the public pool, and the run says once where to set it). Since December 2025 single-DOI
lookups and list/search requests have separate budgets (public 5/s and 1/s, polite 10/s and
3/s), so there is one pacer per budget, each fed by the `x-rate-limit-*` and
`x-concurrency-limit` headers of its own answers (one request in flight until the server
allows more, at most `workers`). A 429 holds every request of the run for its Retry-After
(or an exponential back-off), not just the one that got it; 5xx are retried, a 404 never.
An error budget stops asking once half of at least ERROR_BUDGET_MIN attempts have failed,
and says so: the rest are `failed`, never `not_found`. Searches ask only for the fields the
verifier reads (`select`: 2–4 kB instead of 40–540 kB). Every answer received is cached
raw, one file per DOI or query, written atomically; nothing else is ever written to the
cache. The first failed connection opens a circuit: the rest are answered `offline` at once.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError  # NameResolutionError is one

from .. import __version__
from ..fileio import write_text_atomic

log = logging.getLogger("litcurate")

DEFAULT_URL = "https://api.crossref.org"
MAILTO_ENV = "LITCURATE_MAILTO"
# Domains reserved for examples (RFC 2606, RFC 6761): an address there reaches nobody, so
# Crossref's polite pool cannot use it. Such an address is never sent.
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
PLACEHOLDER_TLDS = (".invalid", ".example", ".test", ".localhost", ".local")
WHERE_TO_SET = (f"set crossref.mailto in config/config.yaml or the environment variable "
                f"{MAILTO_ENV} to your own e-mail address")
TIMEOUT = (5.0, 20.0)  # connect, read
MAX_ATTEMPTS = 5
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 120.0
PACE_MARGIN = 1.10  # 10% under the announced rate: arrival jitter (a loaded machine, a
# request held up on its way) must not put six requests into a window that allows five
MAX_NAME = 200  # file-name length kept well under the usual 255-byte limit
ERROR_BUDGET_MIN = 20  # attempts before the share of failures is judged
ERROR_BUDGET_SHARE = 0.5  # stop asking once this share of the attempts failed
# The fields a search answer needs for choosing a candidate and for its findings.
SELECT = ("DOI,title,subtitle,author,issued,published-print,published-online,published,"
          "container-title,short-container-title,volume,issue,page,article-number,type,"
          "updated-by,update-to,relation")


def contact(configured: str = "", environ=None) -> tuple[str, str]:
    """(address to send, why there is none): the environment wins over the config.

    Crossref's polite pool needs an address that reaches a person; a placeholder or a
    malformed one is never sent (the public pool serves the run instead).
    """
    environ = os.environ if environ is None else environ
    address = (environ.get(MAILTO_ENV) or configured or "").strip()
    source = MAILTO_ENV if environ.get(MAILTO_ENV) else "crossref.mailto"
    if not address:
        return "", f"no contact address for Crossref: using the public pool; {WHERE_TO_SET}"
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if not local or "." not in domain or any(c.isspace() for c in address):
        return "", f"{source} {address!r} is not an e-mail address: using the public pool; " \
                   f"{WHERE_TO_SET}"
    if domain in PLACEHOLDER_DOMAINS or domain.endswith(PLACEHOLDER_TLDS) or any(
            domain.endswith("." + d) for d in PLACEHOLDER_DOMAINS):
        return "", f"{source} {address!r} is a placeholder that reaches nobody: using the " \
                   f"public pool; {WHERE_TO_SET}"
    return address, ""


@dataclass(frozen=True)
class Answer:
    """One answer as received (or the reason there is none)."""

    kind: str  # "record", "not_found", "offline" (never asked), "failed" (asked, no answer)
    status: int | None = None
    body: str = ""
    fetched: str = ""
    from_cache: bool = False
    note: str = ""

    def message(self) -> dict | None:
        if self.kind != "record":
            return None
        return json.loads(self.body).get("message")

    def age_days(self, now: datetime | None = None) -> float | None:
        if not self.fetched:
            return None
        fetched = datetime.fromisoformat(self.fetched)
        return ((now or datetime.now(UTC)) - fetched).total_seconds() / 86400


class Pacer:
    """Keeps to the rate and concurrency the server announces; cautious before the first answer.

    Thread-safe: each request takes the next free slot on the rate's clock and one of the
    in-flight places (the smaller of the server's x-concurrency-limit and our workers).
    """

    def __init__(self, clock=time.monotonic, sleep=time.sleep, workers: int = 1) -> None:
        self.limit = 1
        self.interval = 1.0
        self.concurrency = 1
        self.workers = max(1, workers)
        self._clock, self._sleep = clock, sleep
        self._last: float | None = None
        self._in_flight = 0
        self._cond = threading.Condition()

    @property
    def spacing(self) -> float:
        return self.interval / max(self.limit, 1) * PACE_MARGIN

    def acquire(self) -> None:
        with self._cond:
            while self._in_flight >= min(self.concurrency, self.workers):
                self._cond.wait()
            self._in_flight += 1
            now = self._clock()
            slot = now if self._last is None else max(now, self._last + self.spacing)
            self._last = slot
        delay = slot - self._clock()
        if delay > 0:
            self._sleep(delay)

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    def update(self, headers) -> None:
        try:
            with self._cond:
                if "x-rate-limit-limit" in headers:
                    self.limit = max(1, int(headers["x-rate-limit-limit"]))
                if "x-rate-limit-interval" in headers:
                    self.interval = max(0.001,
                                        float(headers["x-rate-limit-interval"].rstrip("s")))
                if "x-concurrency-limit" in headers:
                    self.concurrency = max(1, int(headers["x-concurrency-limit"]))
                self._cond.notify_all()
        except ValueError:
            log.warning("ignoring unreadable rate-limit headers %r", dict(headers))


KINDS = ("works", "search", "agency")  # the cache's only sub-folders
# Which budget (pacer) each kind of request draws on: a DOI's record and its registration
# agency are single-DOI lookups; a search is a list request.
BUDGET = {"works": "single", "agency": "single", "search": "list"}


class Cache:
    """One JSON file per DOI or query: the raw body, HTTP status and time fetched.

    Subclassed by the PubMed client (lookup/pubmed.py), which names its own kinds of answer
    and its own test of a damaged body."""

    kinds = KINDS

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path(self, kind: str, key: str) -> Path:
        name = quote(key.lower(), safe="")
        if len(name) > MAX_NAME or name.strip(".") == "":
            name = name[:80] + "-" + hashlib.sha256(key.encode()).hexdigest()[:32]
        path = self.folder / kind / f"{name}.json"
        if path.resolve().parent != (self.folder.resolve() / kind) or kind not in self.kinds:
            # a real check, not an assert: `python -O` must not let a key escape the cache
            raise ValueError(f"cache key {key!r} would leave {self.folder / kind}")
        return path

    def damaged(self, kind: str, body: str) -> bool:
        """Whether a stored 200 body is not an answer (a damaged entry is a miss)."""
        try:
            json.loads(body)
        except ValueError:
            return True
        return False

    def get(self, kind: str, key: str) -> Answer | None:
        try:
            data = json.loads(self.path(kind, key).read_text(encoding="utf-8"))
            status = int(data["status"])
            if status == 200 and self.damaged(kind, data["body"]):
                return None  # a damaged entry is a miss, never a record
            return Answer("record" if status == 200 else "not_found", status, data["body"],
                          data["fetched"], True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, kind: str, key: str, url: str, status: int, body: str, fetched: str) -> None:
        record = {"url": url, "status": status, "fetched": fetched, "body": body}
        write_text_atomic(self.path(kind, key),
                          json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


class Client:
    def __init__(
        self,
        cache: Cache,
        mailto: str = "",
        base_url: str | None = None,
        offline: bool | None = None,
        max_age_days: float = 30,
        refresh: bool = False,
        session: requests.Session | None = None,
        sleep=time.sleep,
        workers: int = 1,
    ) -> None:
        self.cache = cache
        self.base_url = (base_url or os.environ.get("LITCURATE_CROSSREF_URL") or DEFAULT_URL
                         ).rstrip("/")
        self.offline = (os.environ.get("LITCURATE_OFFLINE") == "1") if offline is None else offline
        self.max_age_days = max_age_days
        self.refresh = refresh
        self.mailto, self.mailto_problem = contact(mailto)
        self.user_agent = (
            f"litcurate/{__version__} (https://github.com/litcurate; mailto:{self.mailto})"
            if self.mailto else f"litcurate/{__version__}"
        )
        self._shared_session = session
        self._local = threading.local()  # a requests.Session per worker thread
        self._counts = threading.Lock()
        self.pacers = {budget: Pacer(sleep=sleep, workers=workers)
                       for budget in ("single", "list")}
        self._sleep = sleep
        self._hold_until = 0.0  # run-wide back-off after a 429 (time.monotonic)
        self.attempts = 0
        self.failures = 0
        self.budget_spent = ""  # why the client stopped asking, once it has
        self.circuit_open = False
        self.requests_sent = 0
        self.from_cache = 0
        self.retries = 0
        self.throttled = 0
        self.oldest_cached_days = 0.0  # age of the oldest cached answer used, for the summary

    @property
    def pacer(self) -> Pacer:
        """The single-DOI budget's pacer (its `workers` are the run's)."""
        return self.pacers["single"]

    @property
    def session(self) -> requests.Session:
        if self._shared_session is not None:
            return self._shared_session
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
            self._local.session.headers["User-Agent"] = self.user_agent
        return self._local.session

    def _bump(self, counter: str) -> None:
        with self._counts:
            setattr(self, counter, getattr(self, counter) + 1)

    # --- public surface -------------------------------------------------------------
    def work(self, doi: str) -> Answer:
        return self._get("works", doi, f"/works/{quote(doi, safe='')}", {})

    def agency(self, doi: str) -> Answer:
        """Which registration agency holds the DOI (Crossref, DataCite, mEDRA, JaLC …): what
        Crossref's documentation says to ask when /works/{doi} answers 404."""
        return self._get("agency", doi, f"/works/{quote(doi, safe='')}/agency", {})

    def search(self, bibliographic: str, rows: int = 5) -> Answer:
        return self._get("search", bibliographic, "/works",
                         {"query.bibliographic": bibliographic, "rows": str(rows),
                          "select": SELECT})

    # --- internals --------------------------------------------------------------------
    def _get(self, kind: str, key: str, path: str, params: dict) -> Answer:
        cached = self.cache.get(kind, key)
        fresh = cached is not None and (cached.age_days() or 0) <= self.max_age_days
        usable = (fresh and not self.refresh) or self.offline or self.circuit_open
        if cached is not None and usable:
            return self._used(cached)
        if self.offline:
            return Answer("offline", note="LITCURATE_OFFLINE=1: no request sent")
        if self.circuit_open:
            return cached or Answer("offline", note="Crossref unreachable earlier in this run")
        if self.budget_spent:
            return cached or Answer("failed", note=self.budget_spent)
        if self.mailto:
            params = {**params, "mailto": self.mailto}
        elif self.mailto_problem:
            log.warning("%s", self.mailto_problem)
            print(f"litcurate: {self.mailto_problem}", file=sys.stderr)
            self.mailto_problem = ""  # said once per run
        answer = self._fetch(kind, key, self.base_url + path, params)
        if answer.kind in ("offline", "failed") and cached is not None:
            return self._used(cached)
        return answer

    def _used(self, cached: Answer) -> Answer:
        self._bump("from_cache")
        with self._counts:
            self.oldest_cached_days = max(self.oldest_cached_days, cached.age_days() or 0.0)
        return cached

    def _request(self, pacer: Pacer, url: str, params: dict):
        """One paced request: (response, None) or (None, the exception)."""
        for _ in range(MAX_ATTEMPTS):  # a 429 holds the whole run (it may be extended)
            hold = self._hold_until - time.monotonic()
            if hold <= 0:
                break
            self._sleep(hold)
        pacer.acquire()
        try:
            self._bump("requests_sent")
            response = self.session.get(url, params=params, timeout=TIMEOUT)
            response.text  # read the body while holding the slot  # noqa: B018
            return response, None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            return None, exc
        finally:
            pacer.release()

    def _count(self, failed: bool) -> None:
        """One attempt's outcome for the error budget; spends it when too many failed."""
        with self._counts:
            self.attempts += 1
            self.failures += failed
            if (not self.budget_spent and self.attempts >= ERROR_BUDGET_MIN
                    and self.failures >= ERROR_BUDGET_SHARE * self.attempts):
                self.budget_spent = (
                    f"Crossref failed {self.failures} of {self.attempts} requests: stopped "
                    "asking (error budget spent); the rest are not checked")
                log.warning("%s", self.budget_spent)
                print(f"litcurate: {self.budget_spent}", file=sys.stderr)

    def _hold(self, seconds: float) -> None:
        with self._counts:
            self._hold_until = max(self._hold_until, time.monotonic() + seconds)

    def _fetch(self, kind: str, key: str, url: str, params: dict) -> Answer:
        last_problem = ""
        pacer = self.pacers[BUDGET[kind]]
        for attempt in range(MAX_ATTEMPTS):
            if self.circuit_open:
                return Answer("offline", note="Crossref unreachable earlier in this run")
            if self.budget_spent:
                return Answer("failed", note=self.budget_spent)
            response, error = self._request(pacer, url, params)
            wait = None
            if isinstance(error, requests.exceptions.ConnectionError) and _cannot_connect(error):
                self.circuit_open = True
                log.warning("Crossref unreachable (%s): the rest is marked offline", url)
                return Answer("offline", note=f"cannot connect: {type(error).__name__}")
            if isinstance(error, requests.exceptions.Timeout):
                last_problem = "no answer within the timeout"
            elif error is not None:
                last_problem = f"connection dropped ({type(error).__name__})"
            else:
                pacer.update(response.headers)
                body = response.text
                fetched = datetime.now(UTC).isoformat(timespec="seconds")
                if response.status_code == 404:
                    self._count(False)
                    self.cache.put(kind, key, response.url, 404, body, fetched)
                    return Answer("not_found", 404, body, fetched)
                if response.status_code == 200:
                    problem = _not_a_record(response, body)
                    if not problem:
                        self._count(False)
                        self.cache.put(kind, key, response.url, 200, body, fetched)
                        return Answer("record", 200, body, fetched)
                    last_problem = problem
                elif response.status_code == 429 or response.status_code >= 500:
                    last_problem = f"HTTP {response.status_code}"
                    wait = _retry_after(response.headers.get("Retry-After"))
                    if response.status_code == 429:
                        self._bump("throttled")
                        if wait is None:
                            wait = _backoff(attempt)
                        self._hold(wait)  # every request of the run waits, not this one only
                else:
                    self._count(True)
                    return Answer("failed", response.status_code,
                                  note=f"HTTP {response.status_code} from Crossref")
            self._count(True)
            if attempt + 1 < MAX_ATTEMPTS:
                self._bump("retries")
                self._sleep(wait if wait is not None else _backoff(attempt))
        log.warning("giving up on %s after %d attempts: %s", url, MAX_ATTEMPTS, last_problem)
        return Answer("failed", note=f"gave up after {MAX_ATTEMPTS} attempts: {last_problem}")


def _backoff(attempt: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * random.uniform(0.5, 1)


def _cannot_connect(exc: requests.exceptions.ConnectionError) -> bool:
    """A refused or unresolvable host (open the circuit), not a connection dropped mid-answer."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    inner = exc.args[0] if exc.args else None
    return isinstance(getattr(inner, "reason", inner), NewConnectionError)


def _not_a_record(response: requests.Response, body: str) -> str:
    """Why a 200 answer is not a Crossref message (HTML page, truncated JSON …), or ''."""
    if "json" not in response.headers.get("content-type", ""):
        return f"not JSON ({response.headers.get('content-type', 'no content type')})"
    try:
        data = json.loads(body)
    except ValueError:
        return "invalid or truncated JSON"
    if not isinstance(data, dict) or data.get("status") != "ok" or "message" not in data:
        return "JSON without a Crossref message"
    return ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)
