"""What the Challenge writes: the rules in words, the rules box, the leaderboard, results, awards, export.

May import: the wing's layers below it (not ``gather``), and the package's layers below the wing.
"""
