"""recoupe: cross-check what many news articles claim about one crisis."""

__version__ = "0.1.0"
