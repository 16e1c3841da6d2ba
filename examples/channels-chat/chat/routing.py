"""WebSocket URL routes for the chat app."""

from django.urls import re_path

from . import consumers

websocket_urlpatterns = [
    re_path(r"ws/rooms/(?P<slug>[-\w]+)/$", consumers.RoomConsumer.as_asgi()),
]
