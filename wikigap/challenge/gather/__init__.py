"""The Challenge's gather layer (see wikigap/challenge/__init__.py for the inner order)."""
