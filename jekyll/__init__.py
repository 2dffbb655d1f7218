"""Jekyll → Wagtail import.

A pipeline of small steps, each usable and testable alone:

1. ``source``: find the posts and read the site's ``_config.yml``;
2. ``front_matter``: parse a post's front matter into a :class:`PostSource` (YAML read
   as Jekyll reads it, aliases bounded: ``yaml_text``; dates: ``dates``);
3. ``liquid``: expand the Liquid tags and variables Jekyll would have expanded;
4. ``markdown``: render the Markdown to HTML;
5. ``html_to_blocks`` (with ``rich_text`` and ``images``): map the HTML to body blocks;
6. ``writer`` and ``related``: the only steps that touch the database; what a written
   post still waits for (indexing, links to later posts) is recorded with it and
   finished after the last post (``deferred_indexing``, ``pending``);

``runner`` strings the steps together and ``report`` records what happened to each post.
"""
