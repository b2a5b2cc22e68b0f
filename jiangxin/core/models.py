from django.db import models


class Stamp(models.Model):
    """A counter per topic ("roster"), bumped after every committed change to that topic.
    Caches key on it, so a cached figure is reused exactly until the data changes."""

    name = models.CharField(max_length=30, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"
