"""Every setting is an ILOKG_* variable, a `serve` flag, and a row of the README's table."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ilokg.config import Settings

from ..helpers import run_cli

README = Path(__file__).resolve().parents[2] / "README.md"
FIELDS = sorted(Settings.model_fields)


def table_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- settings-table -->", 1)[1].split("<!-- /settings-table -->", 1)[0]
    return dict(re.findall(r"^\| `(ILOKG_[A-Z_]+)` \| ([^|]*) \|", table, re.M))


@pytest.fixture(scope="module")
def serve_help() -> str:
    result = run_cli("serve", "--help", env={**os.environ, "COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("field", FIELDS)
def test_setting_is_documented_in_readme(field: str) -> None:
    rows = table_rows()
    assert f"ILOKG_{field.upper()}" in rows, f"README's settings table lacks ILOKG_{field.upper()}"


@pytest.mark.parametrize("field", FIELDS)
def test_setting_has_a_serve_flag(field: str, serve_help: str) -> None:
    flag = "--" + field.replace("_", "-")
    assert re.search(rf"{re.escape(flag)}\b", serve_help), f"`ilokg serve` has no {flag}"


def test_readme_documents_no_setting_that_does_not_exist() -> None:
    extra = set(table_rows()) - {f"ILOKG_{f.upper()}" for f in FIELDS}
    assert not extra, f"README documents unknown settings: {sorted(extra)}"


def test_readme_defaults_match_the_code() -> None:
    rows = table_rows()
    for field, info in Settings.model_fields.items():
        default = info.default
        if default is None or field in ("root", "engine_workers"):
            continue
        documented = rows[f"ILOKG_{field.upper()}"].strip().strip("`")
        value = str(default)
        if isinstance(default, float) and default.is_integer():
            value = str(int(default))
        assert documented == value, f"ILOKG_{field.upper()}: README says {documented}, code {value}"
