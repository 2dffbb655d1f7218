"""Expand a post's Liquid and render its Markdown to HTML, as Jekyll would."""
