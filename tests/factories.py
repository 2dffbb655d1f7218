"""Factories for the content model; tests build exactly the content they talk about."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from blog.models import BlogIndexPage, BlogPage, BlogPageAuthor, BlogPageCategory
from blog.snippets import Author, CallToAction, Category
from home.models import HomePage


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Author {n}")
    description = "Writes about teams and productivity."
    link = "https://example.com/author"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Category {n}")
    description = "<p>Posts about this category.</p>"


class CallToActionFactory(DjangoModelFactory):
    class Meta:
        model = CallToAction

    name = factory.Sequence(lambda n: f"CTA {n}")
    heading = "Try it free"
    text = "<p>Plan your week with us.</p>"
    button_label = "Sign up"
    url = "https://example.com/signup"
    audience = "guests"


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Image {n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Folio"
    slug = "home"


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"
    intro = "<p>News from the team.</p>"


class BlogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    date = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2021, 1, 1, 9, 0)) + datetime.timedelta(days=n)
        )
    )
    index_intro = factory.LazyAttribute(lambda o: f"Intro of {o.title}.")
    category_intro = ""
    body = factory.LazyAttribute(lambda o: [("paragraph", f"<p>Body of {o.title}.</p>")])

    @factory.post_generation
    def authors(self, create, authors):
        for order, author in enumerate(authors or []):
            BlogPageAuthor.objects.create(page=self, author=author, sort_order=order)

    @factory.post_generation
    def categories(self, create, categories):
        for order, category in enumerate(categories or []):
            BlogPageCategory.objects.create(page=self, category=category, sort_order=order)

    @factory.post_generation
    def tag_names(self, create, tag_names):
        if tag_names:
            self.tags.add(*tag_names)
            self.save_revision().publish()
