"""The admin upload: an editor uploads a site archive, reads the dry run, confirms."""
