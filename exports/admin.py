from __future__ import annotations

from django.contrib import admin

from exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "format", "layout", "status", "rows", "size", "created_at")
    list_filter = ("status", "format", "layout", "created_at")
    search_fields = ("batch__name", "owner__username", "id")
    raw_id_fields = ("batch", "owner")
