"""The batch progress socket: owner only, a snapshot on connect, then forwarded events."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from batches import selectors
from batches.progress import batch_group, user_group


@database_sync_to_async
def _owned_snapshot(user, batch_id: str) -> dict | None:
    batch = selectors.batch_get(user=user, batch_id=batch_id)
    return selectors.batch_snapshot(batch=batch) if batch else None


class BatchProgressConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        batch_id = self.scope["url_route"]["kwargs"]["batch_id"]
        snapshot = await _owned_snapshot(user, batch_id) if user and user.is_authenticated else None
        if snapshot is None:
            await self.close(code=4403)
            return
        self.group = batch_group(snapshot["batch"]["id"])
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # read again once subscribed: an event published between the first read and the
        # subscription reached no one (a scan's "OCR" step, seen by this page never)
        await self.send_json(await _owned_snapshot(user, batch_id) or snapshot)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def batch_progress(self, message: dict) -> None:
        await self.send_json(message["event"])


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    """Every page's socket: the signed-in user's own notifications (batch finished)."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if not (user and user.is_authenticated):
            await self.close(code=4403)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def user_notification(self, message: dict) -> None:
        await self.send_json(message["event"])
