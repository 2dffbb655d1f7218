"""The site's brand settings as a marketing editor would leave them (brand/models.py)."""

from wagtail.models import Site

from brand.models import BrandSettings


def brand_settings(**fields):
    """The default site's brand, with ``fields`` set and saved."""
    settings = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def link(label, url=None, page=None):
    return ("link", {"label": label, "url": url or "", "page": page})
