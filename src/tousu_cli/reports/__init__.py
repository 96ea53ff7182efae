"""Reports: queries that return plain rows, and the renderers that show them."""
