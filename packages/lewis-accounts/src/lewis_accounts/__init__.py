"""Reader accounts: the user model, and (growing here) sign-in, the Soul Map and reflections.

Other packages import only `lewis_accounts.services`.
"""
