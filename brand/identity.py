"""The brand as templates, feeds and structured data show it, found once per request.

``brand_for_request`` reads the site's ``BrandSettings`` (joined to the site's own lookup,
``blog.site_lookup``, so a page makes no extra query for it) and turns it into plain
values: names, link addresses, rendition URLs. With fragment caching on, the result is
kept until the content generation moves (saving the settings moves it), so most requests
do no work for it at all. Nothing here creates a settings row: a site that never saved
its brand gets the defaults.
"""

from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.urls import reverse
from wagtail.models import Site

from blog.renditions import single_rendition
from ops.fragment_cache import cached_fragment

from .blocks import network_label
from .colours import HEX_COLOUR, accent_shades
from .models import DEFAULT_ACCENT, BrandSettings

IMAGE_FIELDS = ("logo", "logo_on_dark", "icon", "default_social_image")


@dataclass
class Brand:
    site_name: str
    accent: str = DEFAULT_ACCENT
    logo: dict | None = None
    logo_on_dark: dict | None = None
    icon: dict | None = None
    touch_icon: dict | None = None
    header_links: list = field(default_factory=list)
    footer_text: str = ""
    footer_links: list = field(default_factory=list)
    social_profiles: list = field(default_factory=list)
    default_social_image: object = None
    # False while a rendition shown is the original standing in for it (not kept long).
    complete: bool = True

    @property
    def accent_stylesheet(self):
        """The stylesheet giving the accent colour, or ``""`` for the default one (in
        folio.css). The colour is in its URL, so the response never changes."""
        if self.accent == DEFAULT_ACCENT:
            return ""
        return reverse("brand_accent_css", args=[self.accent.lstrip("#")])

    @property
    def same_as(self):
        """The social profiles' addresses, as schema.org's ``sameAs`` lists them."""
        return [profile["url"] for profile in self.social_profiles]


def site_name_default(site):
    return (site.site_name if site else "") or django_settings.WAGTAIL_SITE_NAME


def settings_for_site(site):
    """The site's saved brand settings, or ``None``; joined by the site lookup when it can."""
    if site is None:
        return None
    relation = Site._meta.get_field("brandsettings")
    if relation.is_cached(site):
        return relation.get_cached_value(site)
    return BrandSettings.objects.select_related(*IMAGE_FIELDS).filter(site=site).first()


def links_of(stream):
    return [
        {"label": link.value["label"], "href": link.value.href()}
        for link in stream
        if link.value.href()
    ]


def build_brand(site):
    settings = settings_for_site(site)
    brand = Brand(site_name=site_name_default(site))
    if settings is None:
        return brand
    brand.site_name = settings.site_name or brand.site_name
    if HEX_COLOUR.match(settings.accent_colour or ""):  # rows written by code skip the form
        brand.accent = accent_shades(settings.accent_colour)["accent"]
    brand.header_links = links_of(settings.header_links)
    brand.footer_text = settings.footer_text
    brand.footer_links = links_of(settings.footer_links)
    brand.social_profiles = [
        {
            "network": p.value["network"],
            "label": network_label(p.value["network"]),
            "url": p.value["url"],
        }
        for p in settings.social_profiles
    ]
    brand.default_social_image = settings.default_social_image
    for name, image, use in (
        ("logo", settings.logo, "logo"),
        ("logo_on_dark", settings.logo_on_dark, "logo"),
        ("icon", settings.icon, "favicon"),
        ("touch_icon", settings.icon, "touch_icon"),
    ):
        if image is not None:
            rendition, complete = single_rendition(image, use)
            setattr(brand, name, rendition | {"svg": image.is_svg()})
            brand.complete = brand.complete and complete
    return brand


def brand_for_request(request):
    """The request's brand (the default site's when there is no request)."""
    if request is None:
        return build_brand(Site.objects.filter(is_default_site=True).first())
    brand = getattr(request, "_folio_brand", None)
    if brand is None:
        from blog.site_lookup import find_site_with_settings

        site = find_site_with_settings(request)
        brand = cached_fragment(
            request,
            "brand",
            [site.pk if site else 0],
            lambda: build_brand(site),
            keep=lambda value: value.complete,
        )
        request._folio_brand = brand
    return brand
