"""People's accounts, managed in the product: who manages whose account, invitations with a
one-time link, password reset, deactivation that keeps history, bulk import from .xlsx and
two-factor sign-in. The `User` model itself stays in `org` (it carries the unit and the
organizer a person belongs to)."""
