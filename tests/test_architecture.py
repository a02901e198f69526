"""The architecture holds: the import contracts in pyproject.toml pass, and they do catch a
context importing one it must not (checked on a copy of the code with such an import added)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_pass():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_ordering_importing_money_breaks_the_contracts(tmp_path):
    for part in ("app", "schema"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "app" / "orders" / "calendar.py").open("a", encoding="utf-8") as module:
        module.write("\nfrom app.approvals import service as approvals  # noqa: E402, F401\n")
    result = _lint_imports(tmp_path)
    report = " ".join(result.stdout.split())
    assert result.returncode != 0
    assert "Ordering never imports Money or Fulfilment: they register hooks on the order process BROKEN" in report
    assert "app.orders.calendar -> app.approvals.service" in report
