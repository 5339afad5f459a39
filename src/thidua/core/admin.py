from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("id", "chain", "seq", "at", "actor_label", "action", "object_label")
    list_filter = ("action", "chain")
    search_fields = ("object_label", "actor_label", "action")

    # Read-only: the trail is append-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
