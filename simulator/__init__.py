"""mock-interview: an offline voice mock-interview coach."""

__version__ = "0.1.0"
