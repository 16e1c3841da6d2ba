"""Django Channels chat consumer."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .models import Room

CLOSE_ROOM_NOT_FOUND = 4404


class RoomConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.group = f"room-{self.slug}"
        user = self.scope["user"]
        if not user.is_authenticated:
            await self.close(code=4401)
            return
        room = await database_sync_to_async(Room.objects.filter(slug=self.slug).first)()
        if room is None:
            await self.close(code=CLOSE_ROOM_NOT_FOUND, reason="no such room")
            return
        if room.is_locked and not user.is_staff:
            await self.close(code=4403, reason="room is locked")
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, close_code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        text = str(content.get("text", "")).strip()
        if not text:
            return
        if len(text) > 4000:
            await self.close(code=1009, reason="message too long")
            return
        await self.channel_layer.group_send(
            self.group,
            {"type": "chat.message", "user": self.scope["user"].username, "text": text},
        )

    async def chat_message(self, event):
        await self.send_json({"user": event["user"], "text": event["text"]})

    @classmethod
    async def encode_json(cls, content):
        return json.dumps(content, ensure_ascii=False)
