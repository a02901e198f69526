"""The composition root of the domain: installs each context's hooks on the order process.
Server code (the app, the CLI) and the tests call `install` once at start; the domain packages
never import this module."""

from __future__ import annotations

from app.approvals import service as approvals
from app.ledger import service as ledger
from app.orders import process
from app.orders import service as orders
from app.payments import service as payments
from app.returns import quantities as returned_quantities
from app.returns import service as returns
from app.shipments import service as shipments


def install() -> None:
    """Idempotent: installing again starts from a clean registry."""
    process.reset()
    orders.install()
    approvals.install()
    ledger.install()
    payments.install()
    shipments.install()
    returns.install()
    returned_quantities.install()
    process.mark_installed()
