"""A post's "related articles": the editor's picks, else the posts sharing most tags."""

from django.db.models import Count, OuterRef, Subquery
from django.utils.functional import cached_property

# Posts sharing most tags when none are picked, and at most this many picks (the related
# posts tab says so).
AUTOMATIC_RELATED_POSTS = 3
MAX_RELATED_PICKS = 12


class RelatedPostsMixin:
    """For ``BlogPage``: its ``related_posts``, with the cards' data loaded."""

    @cached_property
    def related_posts(self):
        """Posts picked by the editor, else the listed posts sharing most tags with this one.

        Picks go through the same live-and-public rule as every other list, so a picked
        post that was unpublished or made private silently drops out; an unlisted one
        stays, as a link a reader follows. The cards' data
        is loaded together with this post's own authors and categories.
        """
        candidates = type(self).objects.live().public_inline().for_cards().exclude(pk=self.pk)
        if not self.pk or "related_post_links" in getattr(self, "_cluster_related_objects", {}):
            related = self._previewed_picks(candidates)
        elif getattr(self, "has_related_picks", True):  # known when routed from the index
            related = self._saved_picks(candidates)
        else:
            related = []
        related = related or self._automatic_picks(candidates)
        from .models import prefetch_card_data  # here: blog.models imports this module

        # An unsaved post (a preview) has no links to load.
        prefetch_card_data([self, *related] if self.pk else related)
        return related

    def _saved_picks(self, candidates):
        """Saved picks in the editor's order, in one query."""
        picks = self.related_post_links.model.objects.filter(page=self.pk)
        pick_order = picks.filter(related_post=OuterRef("pk")).values("sort_order")[:1]
        # Narrowed to the picked ids first: ordering every live post by a subquery read
        # the whole archive (0.9 s with 20,000 posts).
        return list(
            candidates.filter(pk__in=picks.values("related_post"))
            .annotate(pick_order=Subquery(pick_order))
            .order_by("pick_order")[:MAX_RELATED_PICKS]
        )

    def _automatic_picks(self, candidates):
        """The listed posts sharing most tags; none for an imported post whose named
        related posts are not here (yet), as its Jekyll layout showed none either."""
        if self.unresolved_related_titles:
            return []
        return self._posts_sharing_tags(candidates.listed())

    def _posts_sharing_tags(self, candidates):
        tag_ids = [tag.pk for tag in self.tag_list]
        if not tag_ids:
            return []
        return list(
            candidates.filter(tags__in=tag_ids)
            .annotate(shared_tags=Count("pk"))
            .order_by("-shared_tags", "-date")[:AUTOMATIC_RELATED_POSTS]
        )

    def _previewed_picks(self, candidates):
        """In a preview the picks being edited live in memory, not in the database."""
        picked_ids = [link.related_post_id for link in self.related_post_links.all()]
        visible = candidates.in_bulk(picked_ids) if picked_ids else {}
        return [visible[pk] for pk in picked_ids if pk in visible]
