"""A polite, cached NCBI E-utilities client (PubMed): esearch, efetch and ECitMatch.

Why beside Crossref: PubMed's indexers assign publication types, MeSH headings and
abstracts, which Crossref rarely carries, and PubMed's ids are what editors want exported.

Politeness (NCBI's usage policy): `tool` and `email` on every request (the editor's address,
from the config or LITCURATE_MAILTO, checked as for Crossref), an API key from
NCBI_API_KEY when set; at most 3 requests a second, 10 with a key, one in flight; back-off on
429/5xx (`Retry-After` when sent); a 200 answer that is not what was asked (an HTML page, an
esearch ERROR, truncated XML) is retried, never cached. Every answer kept is cached raw, one
file per query, written atomically. The first failed connection opens a circuit: the rest
are answered `offline` at once. Pacing and the circuit are the Crossref client's (reused).
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from datetime import UTC, datetime

import requests

from .. import __version__
from . import crossref, pubmed_xml
from .crossref import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    MAX_ATTEMPTS,
    TIMEOUT,
    Answer,
    Pacer,
    _cannot_connect,
    _retry_after,
    contact,
)

log = logging.getLogger("litcurate")

DEFAULT_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
URL_ENV = "LITCURATE_EUTILS_URL"
KEY_ENV = "NCBI_API_KEY"
TOOL = "litcurate"
RATE_WITHOUT_KEY = 3  # requests a second (NCBI: 3 without an API key, 10 with one)
RATE_WITH_KEY = 10
PACE_INTERVAL = 1.1  # seconds per `rate` requests: 10% under NCBI's limit, for arrival jitter
KINDS = ("esearch", "efetch", "ecitmatch")  # the cache's only sub-folders


class Cache(crossref.Cache):
    """One JSON file per query: the raw body (XML or text), HTTP status and time fetched."""

    kinds = KINDS

    def damaged(self, kind: str, body: str) -> bool:
        return _not_an_answer(kind, body)


class Client:
    def __init__(
        self,
        cache: Cache,
        email: str = "",
        api_key: str | None = None,
        base_url: str | None = None,
        offline: bool | None = None,
        max_age_days: float = 30,
        refresh: bool = False,
        session: requests.Session | None = None,
        sleep=time.sleep,
        clock=time.monotonic,
    ) -> None:
        self.cache = cache
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
        self.offline = (os.environ.get("LITCURATE_OFFLINE") == "1") if offline is None else offline
        self.max_age_days = max_age_days
        self.refresh = refresh
        self.email, self.email_problem = contact(email)
        self.api_key = (os.environ.get(KEY_ENV, "") if api_key is None else api_key).strip()
        self.pacer = Pacer(clock=clock, sleep=sleep, workers=1)
        self.pacer.limit = RATE_WITH_KEY if self.api_key else RATE_WITHOUT_KEY
        self.pacer.interval = PACE_INTERVAL
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = f"litcurate/{__version__}"
        self._sleep = sleep
        self._counts = threading.Lock()
        self.circuit_open = False
        self.requests_sent = 0
        self.from_cache = 0
        self.retries = 0
        self.throttled = 0

    def _bump(self, counter: str) -> None:
        with self._counts:
            setattr(self, counter, getattr(self, counter) + 1)

    # --- public surface -------------------------------------------------------------
    def search(self, term: str, retmax: int = 5) -> Answer:
        """esearch db=pubmed: the PMIDs of a query (`10.1/x[doi]`, a title search …)."""
        return self._get("esearch", term, "/esearch.fcgi",
                         {"db": "pubmed", "term": term, "retmax": str(retmax)})

    def fetch(self, pmids: list[str]) -> Answer:
        """efetch db=pubmed, XML: the records of these PMIDs."""
        ids = ",".join(pmids)
        return self._get("efetch", ids, "/efetch.fcgi",
                         {"db": "pubmed", "id": ids, "retmode": "xml"})

    def citmatch(self, line: str) -> Answer:
        """ECitMatch: one `journal|year|volume|first page|author|key|` line."""
        return self._get("ecitmatch", line, "/ecitmatch.cgi",
                         {"db": "pubmed", "retmode": "xml", "bdata": line})

    # --- internals --------------------------------------------------------------------
    def _get(self, kind: str, key: str, path: str, params: dict) -> Answer:
        cached = self.cache.get(kind, key)
        fresh = cached is not None and (cached.age_days() or 0) <= self.max_age_days
        if cached is not None and ((fresh and not self.refresh) or self.offline
                                   or self.circuit_open):
            self._bump("from_cache")
            return cached
        if self.offline:
            return Answer("offline", note="LITCURATE_OFFLINE=1: no request sent")
        if self.circuit_open:
            return Answer("offline", note="PubMed unreachable earlier in this run")
        params = {**params, "tool": TOOL}
        if self.email:
            params["email"] = self.email
        elif self.email_problem:
            log.warning("PubMed: %s", self.email_problem.replace("Crossref", "NCBI"))
            self.email_problem = ""  # said once per run
        if self.api_key:
            params["api_key"] = self.api_key
        answer = self._fetch(kind, key, self.base_url + path, params)
        if answer.kind == "offline" and cached is not None:
            self._bump("from_cache")
            return cached
        return answer

    def _request(self, url: str, params: dict):
        self.pacer.acquire()
        try:
            self._bump("requests_sent")
            response = self.session.get(url, params=params, timeout=TIMEOUT)
            response.text  # read the body while holding the slot  # noqa: B018
            return response, None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            return None, exc
        finally:
            self.pacer.release()

    def _fetch(self, kind: str, key: str, url: str, params: dict) -> Answer:
        last_problem = ""
        for attempt in range(MAX_ATTEMPTS):
            if self.circuit_open:
                return Answer("offline", note="PubMed unreachable earlier in this run")
            response, error = self._request(url, params)
            wait = None
            if isinstance(error, requests.exceptions.ConnectionError) and _cannot_connect(error):
                self.circuit_open = True
                log.warning("PubMed unreachable (%s): the rest is marked offline", url)
                return Answer("offline", note=f"cannot connect: {type(error).__name__}")
            if isinstance(error, requests.exceptions.Timeout):
                last_problem = "no answer within the timeout"
            elif error is not None:
                last_problem = f"connection dropped ({type(error).__name__})"
            else:
                body = response.text
                fetched = datetime.now(UTC).isoformat(timespec="seconds")
                if response.status_code == 200:
                    problem = _not_an_answer(kind, body)
                    if not problem:
                        self.cache.put(kind, key, _public(response.url), 200, body, fetched)
                        return Answer("record", 200, body, fetched)
                    last_problem = problem
                elif response.status_code == 429 or response.status_code >= 500:
                    if response.status_code == 429:
                        self._bump("throttled")
                    last_problem = f"HTTP {response.status_code}"
                    wait = _retry_after(response.headers.get("Retry-After"))
                else:
                    return Answer("offline", response.status_code,
                                  note=f"HTTP {response.status_code} from PubMed")
            if attempt + 1 < MAX_ATTEMPTS:
                self._bump("retries")
                if wait is None:
                    wait = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * random.uniform(0.5, 1)
                self._sleep(wait)
        log.warning("giving up on %s after %d attempts: %s", url, MAX_ATTEMPTS, last_problem)
        return Answer("offline", note=f"gave up after {MAX_ATTEMPTS} attempts: {last_problem}")


def _public(url: str) -> str:
    """The URL as cached: never the API key (the cache is committed)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("api_key", "email")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _not_an_answer(kind: str, body: str) -> str:
    """Why a 200 body is not the answer asked for, or ''."""
    try:
        if kind == "esearch":
            pubmed_xml.esearch_ids(body)
        elif kind == "efetch":
            pubmed_xml.parse(body)
        elif "|" not in body:
            return "not an ECitMatch answer"
    except ValueError as exc:
        return str(exc)
    return ""
