"""The Challenge's store layer (see wikigap/challenge/__init__.py for the inner order)."""
