import time

from django.core.management.base import BaseCommand, CommandError

from blog.generator import BlogGenerator
from blog.models import BlogIndexPage
from home.site_tree import ensure_site_tree


class Command(BaseCommand):
    help = (
        "Add N generated posts (authors, categories, tags, related posts, images, bodies "
        "with every block type) to the blog, in bulk. For benchmarks and scale tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, required=True)
        parser.add_argument("--images", type=int, default=10, help="Distinct images to make.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, posts, images, seed, batch_size, **options):
        if posts < 1:
            raise CommandError("--posts must be at least 1.")
        ensure_site_tree()
        index = BlogIndexPage.objects.first()
        started = time.monotonic()
        result = BlogGenerator(index, seed=seed, images=images, batch_size=batch_size).generate(
            posts
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.posts} posts ({result.authors} authors, "
                f"{result.categories} categories, {result.tags} tags, {result.images} images) "
                f"in {elapsed:.1f}s ({result.posts / elapsed:.0f} posts/s)."
            )
        )
