"""What analytics keeps: counts per page and day, never a visit or a visitor.

Each table grows with pages × days (× a bounded number of sources, devices, audiences and
calls to action per page and day), never with the number of readers. Nothing here says
who read what: no address, no user agent, no identifier (docs/privacy.md).
"""

from django.db import models

PERMISSION = "analytics.view_analytics"


class Audience(models.TextChoices):
    GUEST = "guest", "Guests"
    MEMBER = "member", "Members"


class Device(models.TextChoices):
    DESKTOP = "desktop", "Desktop"
    TABLET = "tablet", "Tablet"
    MOBILE = "mobile", "Mobile"


class Channel(models.TextChoices):
    DIRECT = "direct", "Direct"
    INTERNAL = "internal", "From this site"
    SEARCH = "search", "Search engines"
    SOCIAL = "social", "Social networks"
    EMAIL = "email", "Email"
    PAID = "paid", "Paid"
    CAMPAIGN = "campaign", "Other campaigns"
    REFERRAL = "referral", "Other sites"
    OTHER = "other", "Other (over the day's limit of sources)"


class PageDay(models.Model):
    """A page's totals for one day."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    # Distinct readers of the day, told apart by a hash whose salt changes every day and is
    # then thrown away: the same reader on two days counts twice.
    visitors = models.PositiveIntegerField(default=0)
    # Views that scrolled through a quarter, half, three quarters and all of the post.
    read_25 = models.PositiveIntegerField(default=0)
    read_50 = models.PositiveIntegerField(default=0)
    read_75 = models.PositiveIntegerField(default=0)
    read_100 = models.PositiveIntegerField("finished reads", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="analytics_page_day")]
        indexes = [models.Index(fields=["day"])]
        # The one permission every analytics view and the API ask for (migration 0002
        # grants it to the marketing groups).
        permissions = [("view_analytics", "Can view analytics")]
        default_permissions = ()

    def __str__(self):
        return f"page {self.page_id} on {self.day}"


class SourceDay(models.Model):
    """A page's views for one day by where readers came from, their device and audience."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    audience = models.CharField(max_length=8, choices=Audience.choices)
    device = models.CharField(max_length=8, choices=Device.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    referrer = models.CharField("referring site", max_length=100, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "page", "day", "audience", "device", "channel",
                    "referrer", "utm_source", "utm_medium", "utm_campaign",
                ],
                name="analytics_source_day",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["day", "page"])]
        default_permissions = ()

    def __str__(self):
        return f"{self.channel} {self.referrer} to page {self.page_id} on {self.day}"


class CtaDay(models.Model):
    """A call to action on one page for one day and audience: how often seen, how often clicked.

    ``cta`` names it as the page's links do: ``s<id>`` for a CallToAction snippet (in the
    body or the site-wide guests' one), ``b-<block id>`` for one typed into the body.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    audience = models.CharField(max_length=8, choices=Audience.choices)
    cta = models.CharField("call to action", max_length=80)
    # What editors know it by (the snippet's name, an inline one's heading), as of the
    # last flush: kept so that the numbers stay readable after it is deleted.
    label = models.CharField(max_length=255, blank=True)
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "audience", "cta"], name="analytics_cta_day"
            )
        ]
        indexes = [models.Index(fields=["day", "cta"])]
        default_permissions = ()

    def __str__(self):
        return f"{self.cta} on page {self.page_id} on {self.day}"


class FlushedBatch(models.Model):
    """A buffer batch already added to the tables above: a flush interrupted after its
    commit and run again must not count the same beacons twice. Kept a week."""

    name = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.name
