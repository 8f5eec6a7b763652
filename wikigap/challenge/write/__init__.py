"""The Challenge's write layer (see wikigap/challenge/__init__.py for the inner order)."""
