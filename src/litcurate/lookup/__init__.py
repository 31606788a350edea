"""Looking references up: Crossref's REST API, its cache and its pacing, and the checks of
a parsed reference against the record found.

`crossref` is the client (one pacer per budget, a cache file per answer, offline mode),
`resolve` asks it for each reference (verify the DOI, or search for one), and `verify`
compares the manuscript's fields with the record. It reads `refs.references.Reference` and
writes plain dicts that `curate` merges with the editor's overrides.
"""
