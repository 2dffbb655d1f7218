"""Read a Jekyll site: find its posts, read ``_config.yml``, parse front matter."""
