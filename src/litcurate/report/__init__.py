"""What the editor sees: the self-contained HTML page (`page`, with its `plots`) and the
run's closing summary lines (`summary`). It reads every earlier stage's outputs and changes
none of them.
"""
