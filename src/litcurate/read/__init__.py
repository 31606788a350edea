"""Reading a manuscript: the text as written, before anything is looked up.

`manuscript` turns the file into sections, paragraphs, tables and the raw entries of its
reference list (`listfind` finds the list and cuts it into entries, whatever its heading
language or label form); `sentences` splits body text into sentences, `citations` reads
the in-text citations they carry, and `claims` turns each cited sentence into a claim (what
it asserts, how strongly, about what). Nothing here parses an entry's fields or asks a server:
later stages (`refs`, `lookup`) build on what this package hands them.
"""
