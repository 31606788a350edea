"""A Crossref-compatible HTTP server on 127.0.0.1 for tests: records, search, rate limits, faults.

It answers `/works/{doi}`, `/works/{doi}/agency` and `/works?query.bibliographic=` (with
`rows` and `select`) in Crossref's shapes (as in the recorded samples: `{"status": "ok",
"message-type": "work", "message": {...}}`, a plain-text 404 `Resource not found.`, and the
`x-rate-limit-*` / `x-concurrency-limit` / `x-api-pool` headers). Like Crossref since
December 2025 it keeps two budgets, one for single-DOI lookups and one for lists and
searches (`list_limit`, `list_concurrency`; by default the same as the single budget), each
announced in its own answers' headers and enforced on its own: a client that goes faster,
or has more requests in flight, gets 429. Faults are scripted per request path as a queue.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from rapidfuzz import fuzz


class CrossrefServer:
    def __init__(self, records: dict[str, dict] | None = None, limit: int = 50,
                 interval: float = 1.0, concurrency: int = 1, latency: float = 0.0,
                 list_limit: int | None = None, list_concurrency: int | None = None,
                 agencies: dict[str, str] | None = None,
                 pools: tuple[str, str] = ("polite", "polite")) -> None:
        self.records = {k.lower(): v for k, v in (records or {}).items()}
        self.limit, self.interval, self.concurrency = limit, interval, concurrency
        self.list_limit = list_limit
        self.list_concurrency = list_concurrency
        self.agencies = {k.lower(): v for k, v in (agencies or {}).items()}  # doi: "datacite"
        self.pools = pools  # x-api-pool of single and list answers
        self.latency = latency  # seconds before each answer, as over a real network
        self.faults: dict[str, list[str]] = {}
        self.log: list[tuple[float, str, int]] = []  # (time, path, status)
        self.in_flight = 0
        self.max_in_flight = 0
        self.in_flight_by = {"single": 0, "list": 0}
        self.max_in_flight_by = {"single": 0, "list": 0}
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._windows: dict[str, list[float]] = {"single": [], "list": []}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> CrossrefServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault(self, path_part: str, *kinds: str) -> None:
        """Answer the next requests whose path contains `path_part` with these faults:
        429, 429-retry-after, 503, html, truncated, slow, drop."""
        self.faults.setdefault(path_part, []).extend(kinds)

    def count(self, status: int | None = None, budget: str | None = None) -> int:
        return sum(1 for _, p, s in self.log if (status is None or s == status)
                   and (budget is None or self.budget(p) == budget))

    @staticmethod
    def budget(path: str) -> str:
        """single: /works/{doi} and its /agency; list: everything else (/works?query …)."""
        return "single" if urlsplit(path).path.startswith("/works/") else "list"

    def limits(self, budget: str) -> tuple[int, int, str]:
        """(rate limit, concurrency, pool name) of a budget."""
        if budget == "list":
            return (self.list_limit or self.limit, self.list_concurrency or self.concurrency,
                    f"{self.pools[1]}-array" if self.list_limit else self.pools[1])
        return (self.limit, self.concurrency,
                f"{self.pools[0]}-single" if self.list_limit else self.pools[0])

    def peak_rate(self, budget: str, window: float | None = None) -> int:
        """The most answered (non-429) requests of a budget in any window of `interval`."""
        window = window or self.interval
        times = sorted(t for t, p, s in self.log if s != 429 and self.budget(p) == budget)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _next_fault(self, path: str) -> str:
        with self._lock:
            for part, queue in self.faults.items():
                if part in path and queue:
                    return queue.pop(0)
        return ""

    def _over_rate(self, budget: str) -> bool:
        now = time.monotonic()
        limit = self.limits(budget)[0]
        with self._lock:
            window = [t for t in self._windows[budget] if now - t < self.interval]
            window.append(now)
            self._windows[budget] = window
            # 5% grace for timer jitter on a loaded machine
            return len(window) > limit * 1.05 + 0.5

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                budget = server.budget(self.path)
                with server._lock:
                    server.in_flight += 1
                    server.in_flight_by[budget] += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    server.max_in_flight_by[budget] = max(server.max_in_flight_by[budget],
                                                          server.in_flight_by[budget])
                    too_many = server.in_flight_by[budget] > server.limits(budget)[1]
                server.user_agents.add(self.headers.get("User-Agent", ""))
                try:
                    time.sleep(server.latency)
                    status = (self._send(429, "Too many concurrent requests", "text/plain")
                              if too_many else self._answer(budget))
                finally:
                    with server._lock:
                        server.in_flight -= 1
                        server.in_flight_by[budget] -= 1
                server.log.append((time.monotonic(), self.path, status))

            def _send(self, status, body: str, kind="application/json", extra=None):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                limit, concurrency, pool = server.limits(server.budget(self.path))
                self.send_header("x-rate-limit-limit", str(limit))
                self.send_header("x-rate-limit-interval", f"{server.interval:g}s")
                self.send_header("x-concurrency-limit", str(concurrency))
                self.send_header("x-api-pool", pool)
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out first
                    pass
                return status

            def _answer(self, budget: str) -> int:
                fault = server._next_fault(self.path)
                if server._over_rate(budget) or fault == "429":
                    return self._send(429, "Too many requests", "text/plain")
                if fault == "429-retry-after":
                    return self._send(429, "Too many requests", "text/plain",
                                      {"Retry-After": "1"})
                if fault == "503":
                    return self._send(503, "<html>Service unavailable</html>", "text/html")
                if fault == "html":
                    return self._send(200, "<html><body>maintenance</body></html>", "text/html")
                if fault == "truncated":
                    return self._send(200, '{"status": "ok", "message": {"DOI": "10.')
                if fault == "slow":
                    time.sleep(3)
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return 0
                split = urlsplit(self.path)
                if split.path.startswith("/works/") and split.path.endswith("/agency"):
                    doi = unquote(split.path[len("/works/"):-len("/agency")]).lower()
                    agency = "crossref" if doi in server.records else server.agencies.get(doi)
                    if agency is None:
                        return self._send(404, "Resource not found.", "text/plain")
                    return self._send(200, json.dumps({
                        "status": "ok", "message-type": "work-agency",
                        "message-version": "1.0.0",
                        "message": {"DOI": doi, "agency": {"id": agency,
                                                           "label": AGENCY_LABELS[agency]}}}))
                if split.path.startswith("/works/"):
                    doi = unquote(split.path[len("/works/"):]).lower()
                    record = server.records.get(doi)
                    if record is None:
                        return self._send(404, "Resource not found.", "text/plain")
                    return self._send(200, json.dumps({"status": "ok", "message-type": "work",
                                                       "message-version": "1.0.0",
                                                       "message": record}))
                if split.path == "/works":
                    query = parse_qs(split.query).get("query.bibliographic", [""])[0]
                    rows = int(parse_qs(split.query).get("rows", ["5"])[0])
                    select = parse_qs(split.query).get("select", [""])[0]
                    return self._send(200, json.dumps(server._search(query, rows, select)))
                return self._send(404, "Resource not found.", "text/plain")

        return Handler

    def _search(self, query: str, rows: int, select: str = "") -> dict:
        scored = sorted(
            ((fuzz.token_set_ratio(query.lower(), " ".join(r.get("title", [""])).lower()), doi)
             for doi, r in self.records.items()),
            reverse=True,
        )[:rows]
        items = [dict(self.records[doi], score=score) for score, doi in scored]
        if select:  # Crossref answers with only the fields asked for
            keep = set(select.split(","))
            items = [{k: v for k, v in item.items() if k in keep} for item in items]
        return {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                "message": {"facets": {}, "total-results": len(items), "items": items}}


AGENCY_LABELS = {"crossref": "Crossref", "datacite": "DataCite", "medra": "mEDRA",
                 "jalc": "JaLC"}


def record(doi: str, title: str, families: list[str], year: int, journal: str,
           volume: str = "", page: str = "", article_number: str = "", **extra) -> dict:
    """A work in Crossref's shape (fields as in the recorded samples)."""
    data = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"given": "A.", "family": f, "sequence": "first" if i == 0 else
                    "additional", "affiliation": []} for i, f in enumerate(families)],
        "container-title": [journal],
        "issued": {"date-parts": [[year]]},
        "published-print": {"date-parts": [[year]]},
        "volume": volume,
    }
    if page:
        data["page"] = page
    if article_number:
        data["article-number"] = article_number
    data.update(extra)
    return data


def record_from_reference(ref) -> dict:
    """A record that agrees with a parsed reference: the server side of an honest test."""
    return record(ref.doi, ref.title, [a.family for a in ref.authors], int(ref.year),
                  ref.journal, ref.volume, ref.pages, ref.article_number)


SAMPLE_DOI = "10.1182/blood.2024024493"
SAMPLE_RECORD = record(SAMPLE_DOI, "Daratumumab in Pediatric ALL", ["Bhatla"], 2024, "Blood",
                       "144", "2237-2247")
