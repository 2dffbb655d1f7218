"""Behaviour shared by every public page type (home, index, post)."""

from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.cache import patch_vary_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction

from ops.fragment_cache import cached_fragment


class AudienceAwarePageMixin:
    """Pages whose HTML depends on guest/member: tell caches so with ``Vary: Cookie``."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        return response


class SocialMetaMixin(models.Model):
    """An optional image for link previews (Open Graph / Twitter cards)."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Defaults to the hero image.",
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading="Common page configuration"),
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    def get_social_image(self):
        return self.social_image

    def get_meta_description(self):
        return self.search_description


def view_restriction_in_path():
    """``EXISTS`` a view restriction on the page of the outer query or on an ancestor.

    The restricted page's path is read with a scalar subquery by primary key rather than
    a join: joined, PostgreSQL planned an anti-join that scanned every page once per
    listed page (100 s to count 10,000 posts). As a scalar subquery it can only walk the
    few restrictions and look each one's page up by id.
    """
    restricted_page_path = Page.objects.filter(pk=OuterRef("page_id")).order_by().values("path")
    return Exists(
        PageViewRestriction.objects.annotate(restricted_path=Subquery(restricted_page_path)).filter(
            restricted_path=Substr(OuterRef("path"), 1, Length("restricted_path"))
        )
    )


class SpecificChildRoutingMixin:
    """Route to a child of a known page type in one query instead of Wagtail's two.

    Wagtail finds the child as a plain ``Page`` and then loads ``.specific``; a parent
    that knows its children's type (the blog's posts, the home page's blog) can ask
    that model directly, with what its template needs joined in.
    """

    child_select_related = ()

    def get_child_page_model(self):
        raise NotImplementedError

    def child_annotations(self):
        """Extra facts about the child to load with it, as ``{name: expression}``."""
        return {}

    def route(self, request, path_components):
        if path_components:
            slug = path_components[0]
            # Kept until the next content change (blog/fragment_cache.py); a slug that
            # finds nothing is not, so random URLs cannot fill the cache.
            child = cached_fragment(
                request, "child-page", [self.pk, slug], lambda: self.find_child(slug),
                keep=lambda child: child is not None,
            )  # fmt: skip
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def find_child(self, slug):
        children = (
            self.get_child_page_model()
            .objects.child_of(self)
            .select_related(*self.child_select_related)
            .annotate(restricted_in_path=view_restriction_in_path(), **self.child_annotations())
            .filter(slug=slug)
            # Unordered: ``first()`` would order by path, and PostgreSQL then walked
            # every sibling along the path index instead of looking the slug up.
            .order_by()[:1]
        )
        return children[0] if children else None


class PathViewRestrictionsMixin:
    """Find a page's view restrictions in one query, from the ancestors in its path.

    Wagtail's version first loads the ancestors to resolve aliases; a page that is not
    an alias has its ancestors' paths in its own ``path`` already. A page found by
    ``SpecificChildRoutingMixin`` knows from its routing query whether there are any.
    """

    def get_view_restrictions(self):
        if getattr(self, "restricted_in_path", None) is False:
            return PageViewRestriction.objects.none()  # routing asked already (no query)
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)
