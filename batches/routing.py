from __future__ import annotations

from django.urls import path

from batches.consumers import BatchProgressConsumer, NotificationsConsumer

websocket_urlpatterns = [
    path("ws/batches/<uuid:batch_id>/", BatchProgressConsumer.as_asgi()),
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
]
