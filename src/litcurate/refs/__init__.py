"""Reference lists: finding the list in a manuscript, cutting it into entries, and reading
each entry's fields with a trained sequence labeller (a CRF over tokens) plus exact rules
for what is exact (DOIs, PMIDs, URLs, page ranges).

The flow inside: `listfind` (the list and its entries) → `tokens` (words, punctuation,
markup kept as features) → `features` → `crf` (the model, loaded once) → `fields` (labelled
tokens into a Reference). `examples` is the one format of labelled training text, and
`training` builds the model from real metadata rendered in many CSL styles and from the
printed entries of the corpus's development part.
"""
