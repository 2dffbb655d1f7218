"""Write prepared posts as pages, and finish what they wait for (indexing, late links)."""
