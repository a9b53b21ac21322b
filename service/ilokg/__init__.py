"""ilokg — the ILO–China Cooperation Knowledge Graph service."""

__version__ = "0.1.0"

__all__ = ["__version__"]
