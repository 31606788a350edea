"""The peers' side of `scripts/bench.py peers`, run in .venv-peers (see the Makefile).

Input: a JSON file with the reference entries (plain text) and the DOIs, and the URL of
the local Crossref-compatible server. Output: one JSON object of what each peer did.
"""

import json
import sys
import time

import habanero
import refextract


def main(path: str, url: str) -> None:
    data = json.loads(open(path, encoding="utf-8").read())
    started = time.perf_counter()
    parsed = refextract.extract_references_from_string("\n".join(data["entries"]))
    parse_seconds = time.perf_counter() - started
    client = habanero.Crossref(base_url=url, mailto="bench@example.org")
    ok, failed = 0, []
    started = time.perf_counter()
    for doi in data["dois"]:
        try:
            client.works(ids=doi)
            ok += 1
        except Exception as exc:  # habanero raises on 429 and other HTTP errors
            failed.append(type(exc).__name__)
    print(json.dumps({"parsed": parsed, "parse_seconds": parse_seconds, "ok": ok,
                      "failed": failed, "resolve_seconds": time.perf_counter() - started,
                      "habanero": habanero.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
