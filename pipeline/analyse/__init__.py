"""Analysis stage: document type, meeting header, then the registered detectors."""
