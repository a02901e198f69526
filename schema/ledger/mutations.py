"""The ledger (往来账) and statements (对账单) over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.ledger import service as ledger
from app.ledger import statements
from app.ledger.models import StatementDecision
from schema.errors import mutation_payload
from schema.ledger.inputs import (
    LedgerAdjustInput,
    StatementDisputeAnswerInput,
    StatementIssueInput,
    StatementRespondInput,
    account_id_of,
)
from schema.ledger.loaders import statement_type
from schema.ledger.types import (
    LedgerAdjustPayload,
    StatementConfirmPayload,
    StatementDisputeAnswerPayload,
    StatementDisputePayload,
    StatementIssuePayload,
    entry_types,
)


async def _respond(payload_type, info: strawberry.Info, input: StatementRespondInput, decision: StatementDecision):
    found = await statements.respond(
        info.context.principal,
        account_id_of(input.customer_account_id, ("input", "customerAccountId")),
        input.period_from,
        input.period_to,
        decision,
        input.comment,
    )
    return payload_type(statement=statement_type(found))


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="The buyer confirms a statement period.")
    @mutation_payload(StatementConfirmPayload)
    async def statement_confirm(self, info: strawberry.Info, input: StatementRespondInput) -> StatementConfirmPayload:
        return await _respond(StatementConfirmPayload, info, input, StatementDecision.CONFIRMED)

    @strawberry.mutation(
        description="Supplier finance sends a period's statement; the customer's users are told it is ready."
    )
    @mutation_payload(StatementIssuePayload)
    async def statement_issue(self, info: strawberry.Info, input: StatementIssueInput) -> StatementIssuePayload:
        found = await statements.issue(
            info.context.principal,
            account_id_of(input.customer_account_id, ("input", "customerAccountId")),
            input.period_from,
            input.period_to,
        )
        return StatementIssuePayload(statement=statement_type(found))

    @strawberry.mutation(description="The buyer disputes a statement period; the comment says why.")
    @mutation_payload(StatementDisputePayload)
    async def statement_dispute(self, info: strawberry.Info, input: StatementRespondInput) -> StatementDisputePayload:
        return await _respond(StatementDisputePayload, info, input, StatementDecision.DISPUTED)

    @strawberry.mutation(
        description="Supplier finance or admin answers the buyer's dispute of a statement period, once; the buyer's "
        "users are told."
    )
    @mutation_payload(StatementDisputeAnswerPayload)
    async def statement_dispute_answer(
        self, info: strawberry.Info, input: StatementDisputeAnswerInput
    ) -> StatementDisputeAnswerPayload:
        found = await statements.answer_dispute(
            info.context.principal,
            account_id_of(input.customer_account_id, ("input", "customerAccountId")),
            input.period_from,
            input.period_to,
            input.answer,
        )
        return StatementDisputeAnswerPayload(statement=statement_type(found))

    @strawberry.mutation(
        description="Supplier finance or admin corrects an account with a reason (an ADJUSTMENT entry)."
    )
    @mutation_payload(LedgerAdjustPayload)
    async def ledger_adjust(self, info: strawberry.Info, input: LedgerAdjustInput) -> LedgerAdjustPayload:
        entry = await ledger.adjust(
            info.context.principal,
            account_id_of(input.customer_account_id, ("input", "customerAccountId")),
            input.amount,
            input.reason,
        )
        return LedgerAdjustPayload(entry=(await entry_types([entry]))[0])
