"""Paid provider calls against monthly budgets (lewis_spend.services)."""
