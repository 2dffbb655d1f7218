"""Wagtail → Jekyll export: the blog's posts as a Jekyll site ``import_jekyll`` reads back.

``markdown`` turns body blocks into a post's Markdown; ``posts`` writes the post files,
their front matter and their images.
"""
