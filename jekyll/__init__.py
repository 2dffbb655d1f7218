"""The Jekyll feature in one app: import a Jekyll site into Wagtail, export it back.

The import is a pipeline of small steps, each usable and testable alone; each stage is a
folder, so the folders read in the pipeline's order and an engineer finds a step where its
stage says (the modules keep the names they had under ``blog/importer/``):

1. read (``reading/``): ``source`` finds the posts and reads the site's ``_config.yml``;
   ``front_matter`` parses a post's front matter into a :class:`PostSource` (YAML read as
   Jekyll reads it, aliases bounded: ``yaml_text``; dates as Ruby reads them: ``dates``);
   ``site_index`` reads what the posts' Liquid sees of the whole site (all posts, pages,
   ``_data/``);
2. expand Liquid, then render Markdown (``rendering/``), as Jekyll does: ``post`` strings
   them together; ``liquid`` runs python-liquid with Jekyll's tags, filters, ``site`` and
   ``page`` (``liquid_tags``, ``liquid_filters``, ``liquid_site``, ``liquid_output``);
   ``engines/`` renders the Markdown with the site's engine (kramdown, Redcarpet,
   CommonMark, each with its settings); ``code_blocks`` puts code in one form;
3. map HTML to blocks (``mapping/``): ``html_to_blocks`` (with ``rich_text``,
   ``block_values``, ``links`` and ``images``) makes the body blocks, ``block_checks``
   checks them as an editor's save would;
4. write pages (``writing/``): ``writer`` and ``related`` are the only steps that touch the
   database; what a written post still waits for (indexing, links to later posts) is
   recorded with it and finished after the last post (``deferred_indexing``, ``pending``).

At the top, what spans the stages: ``runner`` strings the steps together, ``preparing``
runs the pure ones ahead of the writer in other processes, ``report`` records what
happened to each post, ``fidelity`` (with ``word_matching``) says how faithfully it
survived, against the reference ``measuring`` chose: the real Jekyll's rendering
(``oracle/`` runs Debian's Jekyll; ``reference`` compares two bodies as a guest reads
them) or Folio's own reading. Beside the pipeline: ``export/`` writes the posts back as a Jekyll site,
``upload/`` is the admin upload (archive checks, the queued dry run and import, its
views), ``models`` holds the upload jobs and the work interrupted imports owe, and
``management/commands/`` has ``import_jekyll``, ``export_jekyll`` and
``process_jekyll_imports``.

The app keeps the label ``imports`` of the app it grew from (see ``apps.py``).
"""
