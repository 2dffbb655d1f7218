"""Site settings that readers never create.

Wagtail's ``BaseSiteSetting.for_site`` (behind ``for_request`` and the
``{{ settings.app.Model }}`` template context) is a ``get_or_create``: the first reader's
page view on a site whose settings were never saved writes their row. Saving settings is
a content change (``blog/signal_handlers.py`` moves the content generation and every
cached page is retired), and two workers answering readers at once would race to insert
it. With this mixin a site without a row reads an unsaved instance holding the field
defaults. Wagtail's Settings admin reads through ``for_site`` too: it edits that unsaved
instance and saving its form creates the row, as before.
"""


class SettingsReadWithoutSaving:
    """Mix into a ``BaseSiteSetting`` before it: ``for_site`` never writes."""

    @classmethod
    def for_site(cls, site):
        if site is None:
            raise cls.DoesNotExist(f"{cls} does not exist for site None.")
        relation = cls._meta.get_field("site").remote_field
        if relation.is_cached(site):
            # The site lookup (blog/site_lookup.py) joined the settings: no query, and
            # ``None`` there means the site has none.
            instance = relation.get_cached_value(site)
        else:
            instance = cls.base_queryset().filter(site=site).first()
        if instance is None:
            instance = cls(site_id=site.pk)
            # Only this side's cache: the site keeps saying it has no saved settings.
            cls._meta.get_field("site").set_cached_value(instance, site)
        return instance
