from tests.factories import AuthorFactory, BlogPageFactory, CategoryFactory


def test_post_factory(blog_index):
    post = BlogPageFactory(
        parent=blog_index,
        authors=[AuthorFactory(name="Ann")],
        categories=[CategoryFactory(name="Tips")],
        tag_names=["a", "b"],
    )
    assert post.url == "/blog/" + post.slug + "/"
    assert [a.name for a in post.authors] == ["Ann"]
    assert sorted(t.name for t in post.tags.all()) == ["a", "b"]
