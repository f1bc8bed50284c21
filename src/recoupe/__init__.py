"""recoupe: cross-check what many news articles claim about one crisis."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("recoupe")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"
