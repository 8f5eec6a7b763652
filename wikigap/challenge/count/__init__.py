"""The Challenge's count layer (see wikigap/challenge/__init__.py for the inner order)."""
