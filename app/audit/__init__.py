"""The audit log: who changed what in an organization, when, from where, and for money, prices,
credit and roles the values before and after. Append-only; it imports Accounts and core only."""
