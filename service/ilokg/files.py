"""Where the knowledge files (ontology/, shapes/, data/, queries/) are, installed or not."""

from __future__ import annotations

from pathlib import Path

KNOWLEDGE_DIRS = ("ontology", "shapes", "data", "queries")


def knowledge_root(override: Path | None = None) -> Path:
    """The folder that holds ontology/, shapes/, data/ and queries/.

    Order: an explicit override (ILOKG_ROOT); the copy bundled in the wheel
    (`ilokg/knowledge/`); the source checkout this package lives in (editable install).
    """
    if override is not None:
        return Path(override)
    here = Path(__file__).resolve().parent
    bundled = here / "knowledge"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = here.parents[1]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "cannot find the ontology/ and data/ folders: set ILOKG_ROOT to the project folder"
    )


def turtle_files(root: Path, *folders: str) -> list[Path]:
    """All .ttl files below the given folders of root, sorted for reproducible builds."""
    found: list[Path] = []
    for folder in folders:
        base = root / folder
        if base.is_dir():
            found.extend(sorted(base.rglob("*.ttl")))
    return found


def model_files(root: Path) -> list[Path]:
    """The files that make the graph: ontology and vocabularies, then instance data."""
    return turtle_files(root, "ontology", "data")


def shape_files(root: Path) -> list[Path]:
    return turtle_files(root, "shapes")
