"""Evidence: what each cited study is (design, population, setting, size) and its level.

`studies` reads the design and characteristics of every cited work from the strongest
source that says (the editor's override, the record's metadata, the title) and `levels`
maps designs to Oxford CEBM 2011 levels. The claim audit (`audit`) weighs claims with them.
"""
