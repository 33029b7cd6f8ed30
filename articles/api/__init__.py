"""The JSON API beside the pages: one module per resource, shared helpers in common."""
