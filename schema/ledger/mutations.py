"""The ledger (往来账) and statements (对账单) over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.ledger import service as ledger
from app.ledger import statements
from app.ledger.models import StatementDecision
from schema.errors import mutation_payload
from schema.ledger.inputs import LedgerAdjustInput, StatementIssueInput, StatementRespondInput, account_id_of
from schema.ledger.loaders import statement_type
from schema.ledger.types import LedgerAdjustPayload, StatementPayload, entry_types


async def _respond(info: strawberry.Info, input: StatementRespondInput, decision: StatementDecision) -> StatementPayload:
    found = await statements.respond(
        info.context.principal,
        account_id_of(input.customer_account_id, ("input", "customerAccountId")),
        input.period_from,
        input.period_to,
        decision,
        input.comment,
    )
    return StatementPayload(statement=statement_type(found))


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="The buyer confirms a statement period.")
    @mutation_payload(StatementPayload)
    async def statement_confirm(self, info: strawberry.Info, input: StatementRespondInput) -> StatementPayload:
        return await _respond(info, input, StatementDecision.CONFIRMED)

    @strawberry.mutation(description="Supplier finance sends a period's statement; the customer's users are told it is ready.")
    @mutation_payload(StatementPayload)
    async def statement_issue(self, info: strawberry.Info, input: StatementIssueInput) -> StatementPayload:
        found = await statements.issue(
            info.context.principal,
            account_id_of(input.customer_account_id, ("input", "customerAccountId")),
            input.period_from,
            input.period_to,
        )
        return StatementPayload(statement=statement_type(found))

    @strawberry.mutation(description="The buyer disputes a statement period; the comment says why.")
    @mutation_payload(StatementPayload)
    async def statement_dispute(self, info: strawberry.Info, input: StatementRespondInput) -> StatementPayload:
        return await _respond(info, input, StatementDecision.DISPUTED)

    @strawberry.mutation(description="Supplier finance or admin corrects an account with a reason (an ADJUSTMENT entry).")
    @mutation_payload(LedgerAdjustPayload)
    async def ledger_adjust(self, info: strawberry.Info, input: LedgerAdjustInput) -> LedgerAdjustPayload:
        entry = await ledger.adjust(
            info.context.principal, account_id_of(input.customer_account_id, ("input", "customerAccountId")), input.amount, input.reason
        )
        return LedgerAdjustPayload(entry=(await entry_types([entry]))[0])
