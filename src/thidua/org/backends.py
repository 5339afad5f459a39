"""Signing in with a username and password: Django's ModelBackend, except that the
signed-in user of each request is read with its unit and organizer."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        # base.html names the user's unit and organizer in the menu of every page, and the
        # rules ask for them: one join here instead of a query for each on every request.
        from .models import User

        user = User._default_manager.select_related("unit", "organizer").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
