"""The Challenge's readers of wikitext: the bonus list and the organizers' adjustments (pure).

May import: the wing's ``kinds`` and ground, and the package's layers below the wing.
"""
