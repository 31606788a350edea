"""Reference entries: reading each entry's fields with a trained sequence labeller (a CRF
over tokens) plus exact rules for what is exact (DOIs, PMIDs, URLs, page ranges).

The entries come from `read.listfind`. The flow inside: `tokens` (words, punctuation,
markup kept as features) → `features` → `crf` (the model, loaded once) → `fields` (labelled
tokens into a Reference) → `references` (the Reference record of every entry). `examples`
is the one format of labelled training text, and `training` builds the model from real
metadata rendered in many CSL styles and from the printed entries of the corpus's
development part.
"""
