from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from .api.v3_listing import install as leave_unlisted_posts_out_of_v3_listings

        leave_unlisted_posts_out_of_v3_listings()
