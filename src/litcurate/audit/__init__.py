"""The claim audit: every cited sentence of the manuscript against the works it cites.

The claims come from `read.claims`; `checks` runs the audit's rules over claims, curated
references and studies and returns findings. Precision first: a rule that could not read
its input stays silent and says so as a `check_skipped` finding.
"""
