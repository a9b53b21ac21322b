from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..helpers import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture()
def mini_root(tmp_path: Path) -> Path:
    """A writable copy of a tiny knowledge root (ontology, shapes, data)."""
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    return root
