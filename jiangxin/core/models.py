from django.db import models


class Stamp(models.Model):
    """A counter per topic ("roster"), bumped after every committed change to that topic.
    Caches key on it, so a cached figure is reused exactly until the data changes."""

    name = models.CharField(max_length=30, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


class DataKeyState(models.Model):
    """The fingerprints of the data keys the encrypted data may be under — never the keys.
    One row. Normally one fingerprint, DATA_KEY's; during a rotation also those of the keys
    being retired. Every command and app server compares it with the configured keys at start
    (core/checks.py); ``rotate_data_key`` narrows it to DATA_KEY when the last row is moved."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    fingerprints = models.TextField()  # space-separated, DATA_KEY's first
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="datakey_one_row")]

    def __str__(self):
        return self.fingerprints

    @property
    def fingerprint_set(self) -> set[str]:
        return set(self.fingerprints.split())
