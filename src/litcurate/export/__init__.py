"""Exports of the curated bibliography: BibTeX (pybtex), CSL-JSON, RIS and the CSV tables.

Each module writes one format from `curate.CuratedReference` records; keys come from
`keys` and never move between runs.
"""
