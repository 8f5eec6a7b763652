"""The Challenge's read layer (see wikigap/challenge/__init__.py for the inner order)."""
