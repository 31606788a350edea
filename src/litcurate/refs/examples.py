"""Labelled reference strings: the one format the training data, the aligner and the
evaluation share. Labels are character spans, so the tokenizer can change without
relabelling anything."""

from __future__ import annotations

import json
from dataclasses import dataclass

# What a span of a printed reference can be. Characters in no span are "other":
# punctuation between fields, "In:", "[J]", "Available from:", "Epub ahead of print" …
LABELS = (
    "author",     # person or group authors, "et al." / "等" included
    "editor",     # editors of the container (book, proceedings), "(eds)" excluded
    "date",       # the issued date as printed: "2015", "2015 Jan 12", "2009a", "(in press)"
    "title",      # the work's own title (article, chapter, book when no container)
    "container",  # journal, book (for a chapter), proceedings, website name
    "volume",
    "issue",
    "pages",      # page range, first page, article number or e-locator
    "edition",
    "publisher",
    "place",      # publisher's place
    "doi",
    "pmid",
    "pmcid",
    "url",
    "accessed",   # access / citation date: "Accessed 3 May 2020", "[cited 2020 May 3]" (date part)
    "note",       # anything else worth keeping: "Epub ahead of print", report numbers, "[Thesis]"
)
LABEL_SET = frozenset(LABELS)


@dataclass(frozen=True)
class Example:
    """One reference string with its labelled character spans (start, end, label)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    type: str = "journal"  # journal, book, chapter, conference, thesis, report, web, preprint, …
    style: str = ""        # the CSL style or house style it was printed in
    source: str = ""       # where the metadata or the string came from

    def __post_init__(self) -> None:
        last = 0
        for start, end, label in self.spans:
            if label not in LABEL_SET:
                raise ValueError(f"unknown label {label!r}")
            if not (last <= start < end <= len(self.text)):
                raise ValueError(f"span {start}-{end} overlaps, is empty or is out of the text")
            last = end

    def value(self, label: str) -> list[str]:
        return [self.text[s:e] for s, e, lab in self.spans if lab == label]

    def to_json(self) -> str:
        return json.dumps(
            {"text": self.text, "spans": [list(s) for s in self.spans], "type": self.type,
             "style": self.style, "source": self.source},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> Example:
        data = json.loads(line)
        return cls(data["text"], tuple((s, e, lab) for s, e, lab in data["spans"]),
                   data.get("type", "journal"), data.get("style", ""), data.get("source", ""))


def read_jsonl(path) -> list[Example]:
    with open(path, encoding="utf-8") as handle:
        return [Example.from_json(line) for line in handle if line.strip()]


def write_jsonl(path, examples) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(example.to_json() + "\n")


__all__ = ["LABELS", "Example", "read_jsonl", "write_jsonl"]
