"""What every import answers, and who may run one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.accounts.models import Role
from app.accounts.permissions import Principal, Scope, require_authenticated
from app.errors import PermissionDenied
from app.tabular import RowProblem

# Every lookup of an import is one `IN (...)` of at most one value per row: PostgreSQL's driver takes at
# most 32,767 parameters a statement, so a file stays under that (10,000 products of 3 variants fit).
MAX_IMPORT_ROWS = 30_000

Progress = Callable[[str, int, int], None]
"""(step, done, total): the CLI draws its progress bar from it."""


def no_progress(step: str, done: int, total: int) -> None:
    """The API's imports answer once; nobody watches them run."""


IMPORT_REASON = "import"


@dataclass
class ImportResult:
    """What an import wrote, or with dry_run (or problems) what it would have: nothing is written then."""

    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.problems


def require_importer(principal: Principal, scope: Scope) -> int:
    """A supplier's ADMIN, or an app of the supplier whose token carries `scope`; the supplier's id."""
    require_authenticated(principal)
    allowed = scope in principal.scopes if principal.is_app else Role.ADMIN in principal.roles
    if not principal.can_sell or not allowed:
        raise PermissionDenied("Only the supplier's admins (or an app with the scope) import and export.")
    return principal.require_organization_id()
