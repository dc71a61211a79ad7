"""Document rendering, template linting and PDF conversion (Qt-free)."""
