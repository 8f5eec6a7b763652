"""The Challenge's batched reads through the wikis, kept through the wing's ``store``.

May import: every layer of the wing below it, and the package's layers below the wing.
"""
