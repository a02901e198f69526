from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.accounts.permissions import Principal
from app.errors import NotAuthenticated

if TYPE_CHECKING:
    from app.events.live import Audience
    from app.runtime import Runtime


@dataclass
class Context:
    """What every resolver sees: the caller, the request and this worker's services (rate limiter,
    notifier transport, live-event hub, settings).

    A bad token is kept as an error and raised only when a resolver asks who is calling, so
    `login` still works for a client holding an expired token. `credential` is the bearer
    token itself, which live subscriptions present again to re-check the caller; `audience`, set
    for the one execution a fan-out group shares (schema/fanout.py), re-checks each member instead.
    """

    request: Any
    response: Any
    client_address: str | None
    caller: Principal | NotAuthenticated
    services: Runtime
    connection_params: dict | None = None
    credential: str | None = None
    audience: Audience | None = None

    @property
    def principal(self) -> Principal:
        if isinstance(self.caller, NotAuthenticated):
            raise self.caller
        return self.caller
