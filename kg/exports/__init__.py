"""Export stages: HTML graph (and later other formats)."""
