"""The post editor's Import tab: where an imported post came from, in words.

Shown only for imported posts (a post written in the admin has nothing to say there;
a tab whose only panel is hidden is left out of the edit view).
"""

from wagtail.admin.panels import Panel


class ImportDetailsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/panels/import_details.html"

        def is_shown(self):
            return bool(self.instance.source_path)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            post = self.instance
            context.update(
                source_path=post.source_path,
                waiting_titles=list(post.unresolved_related_titles or []),
                edited_since_import=bool(
                    post.imported_revision_id
                    and post.latest_revision_id
                    and post.latest_revision_id != post.imported_revision_id
                ),
            )
            return context
