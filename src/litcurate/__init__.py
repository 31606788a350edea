"""litcurate: verify, export and audit the references of a review manuscript."""

__version__ = "0.1.0"
