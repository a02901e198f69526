"""The ledger (往来账) and statements (对账单) over GraphQL."""
