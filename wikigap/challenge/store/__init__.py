"""What the Challenge keeps in the state file: revisions' figures, accounts, revisions seen, boards.

May import: the wing's ``kinds``, ground, ``read`` and ``count``, and the package's layers below.
"""
