"""Chat rooms."""

from django.db import models


class Room(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    is_locked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title
