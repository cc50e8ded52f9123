from __future__ import annotations

from django.urls import path

from batches.consumers import BatchProgressConsumer

websocket_urlpatterns = [
    path("ws/batches/<uuid:batch_id>/", BatchProgressConsumer.as_asgi()),
]
