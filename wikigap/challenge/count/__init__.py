"""The Challenge's counting, pure: a revision's words and figures, contributions, points and ranks.

May import: the wing's ``kinds``, ground and ``read``, and the package's layers below the wing.
"""
