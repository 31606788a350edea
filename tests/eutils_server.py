"""An NCBI E-utilities-compatible HTTP server on 127.0.0.1 for tests: esearch, efetch, ECitMatch.

Its answers are built from the real recorded answers in ../shared/api-samples/pubmed/
(efetch-*/: each PubmedArticle is served as recorded; esearch-eutils/test_esearch_0.xml:
the eSearchResult shape; the ECitMatch line format of NCBI's documentation, the key echoed
and the PMID appended). It enforces NCBI's rate, 3 requests a second without an API key
(10 with one), answering 429 with NCBI's JSON error body, and plays scripted faults.
"""

from __future__ import annotations

import glob
import re
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "api-samples" / "pubmed"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/api-samples/pubmed")

HEAD = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
        '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
        "<PubmedArticleSet>\n")


def sample_articles() -> dict[str, str]:
    """PMID → the PubmedArticle element as recorded (raw XML text), from every efetch sample."""
    articles = {}
    for path in sorted(glob.glob(str(SAMPLES / "efetch-*" / "*.xml"))):
        text = Path(path).read_text(encoding="utf-8")
        for chunk in re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S):
            pmid = re.search(r"<PMID[^>]*>(\d+)</PMID>", chunk).group(1)
            articles.setdefault(pmid, chunk)
    return articles


class EutilsServer:
    def __init__(self, articles: dict[str, str] | None = None, rate: int = 3) -> None:
        self.articles = sample_articles() if articles is None else articles
        self.rate = rate
        self.faults: dict[str, list[str]] = {}
        self.log: list[tuple[float, str, int]] = []
        self.params: list[dict] = []
        self._lock = threading.Lock()
        self._window: list[float] = []
        self._index = {pmid: ET.fromstring(xml) for pmid, xml in self.articles.items()}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/entrez/eutils"

    def start(self) -> EutilsServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault(self, path_part: str, *kinds: str) -> None:
        """Answer the next requests whose path contains `path_part` with: 429, 503, html, drop."""
        self.faults.setdefault(path_part, []).extend(kinds)

    def count(self, status: int | None = None) -> int:
        return sum(1 for _, _, s in self.log if status is None or s == status)

    def _next_fault(self, path: str) -> str:
        with self._lock:
            for part, queue in self.faults.items():
                if part in path and queue:
                    return queue.pop(0)
        return ""

    def _over_rate(self) -> bool:
        now = time.monotonic()
        with self._lock:
            self._window = [t for t in self._window if now - t < 1.0]
            self._window.append(now)
            return len(self._window) > self.rate

    # --- the utilities ------------------------------------------------------------------
    def _field(self, pmid: str, path: str) -> str:
        node = self._index[pmid].find(path)
        return "".join(node.itertext()).strip() if node is not None else ""

    def doi_of(self, pmid: str) -> str:
        for node in self._index[pmid].findall("PubmedData/ArticleIdList/ArticleId"):
            if node.get("IdType") == "doi":
                return (node.text or "").strip().lower()
        return ""

    def esearch(self, term: str) -> list[str]:
        match = re.fullmatch(r'"?(.+?)"?\[doi\]', term.strip(), re.I)
        if match:
            return [p for p in self.articles if self.doi_of(p) == match.group(1).lower()]
        wanted = {w.lower() for w in re.findall(r"(\w+)\[ti\]", term)}
        year = re.search(r"(\d{4})\[dp\]", term)
        found = []
        for pmid in self.articles:
            title = set(re.findall(r"\w+", self._field(
                pmid, "MedlineCitation/Article/ArticleTitle").lower()))
            got = self._field(pmid, "MedlineCitation/Article/Journal/JournalIssue/PubDate/Year")
            if wanted and wanted <= title and (not year or got == year.group(1)):
                found.append(pmid)
        return found

    def ecitmatch(self, line: str) -> str:
        journal, year, volume, page, author, key = (line.split("|") + [""] * 6)[:6]
        hits = []
        for pmid in self.articles:
            issue = "MedlineCitation/Article/Journal/JournalIssue/"
            pages = self._field(pmid, "MedlineCitation/Article/Pagination/MedlinePgn")
            if (self._field(pmid, issue + "Volume") == volume
                    and self._field(pmid, issue + "PubDate/Year") == year
                    and pages.split("-")[0] == page):
                hits.append(pmid)
        answer = hits[0] if len(hits) == 1 else ("AMBIGUOUS" if hits else "NOT_FOUND")
        return f"{journal}|{year}|{volume}|{page}|{author}|{key}|{answer}\n"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                status = self._answer()
                server.log.append((time.monotonic(), self.path, status))

            def _send(self, status, body: str, kind="text/xml; charset=UTF-8"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-RateLimit-Limit", str(server.rate))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return status

            def _answer(self) -> int:
                split = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(split.query).items()}
                server.params.append(params)
                fault = server._next_fault(self.path)
                if server._over_rate() or fault == "429":
                    return self._send(429, '{"error":"API rate limit exceeded","count":"4",'
                                      f'"limit":"{server.rate}"}}', "application/json")
                if fault == "503":
                    return self._send(503, "<html>Service unavailable</html>", "text/html")
                if fault == "html":
                    return self._send(200, "<html><body>maintenance</body></html>", "text/html")
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return 0
                name = split.path.rsplit("/", 1)[-1]
                if name == "esearch.fcgi":
                    ids = server.esearch(params.get("term", ""))
                    retmax = int(params.get("retmax", "20"))
                    return self._send(200, (
                        '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
                        '"-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/'
                        'eutils/dtd/20060628/esearch.dtd">\n'
                        f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{min(len(ids), retmax)}"
                        "</RetMax><RetStart>0</RetStart><IdList>\n"
                        + "".join(f"<Id>{i}</Id>\n" for i in ids[:retmax])
                        + "</IdList><TranslationSet/><QueryTranslation>"
                        f"{params.get('term', '')}</QueryTranslation></eSearchResult>\n"))
                if name == "efetch.fcgi":
                    ids = [i for i in params.get("id", "").split(",") if i]
                    body = HEAD + "".join(server.articles[i] for i in ids
                                          if i in server.articles) + "</PubmedArticleSet>\n"
                    return self._send(200, body)
                if name == "ecitmatch.cgi":
                    lines = params.get("bdata", "").replace("\r", "\n").split("\n")
                    return self._send(200, "".join(server.ecitmatch(x) for x in lines if x),
                                      "text/plain; charset=UTF-8")
                return self._send(404, "Not found", "text/plain")

        return Handler
