"""Map a post's rendered HTML to body blocks; ``images`` also brings its images into
Wagtail's library, for the writer."""
