"""The knowledge files are found from an editable install and from a plain wheel install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from ilokg.files import knowledge_root

from ..helpers import ROOT


def test_editable_install_finds_the_checkout() -> None:
    root = knowledge_root()
    assert (root / "ontology").is_dir() and (root / "data").is_dir()


def test_wheel_ships_and_finds_the_knowledge_files(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wheel = next(wheels.glob("ilokg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "shapes", "data", "queries"):
        assert any(n.startswith(f"ilokg/knowledge/{folder}/") for n in names), folder
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import ilokg.files as f; "
            "r = f.knowledge_root(); print(f.__file__); print(r); "
            "print(len(f.model_files(r)))",
            str(target),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    module, root, count = probe.stdout.split()
    assert module.startswith(str(target))
    assert root == str(target / "ilokg" / "knowledge")
    assert int(count) > 0
