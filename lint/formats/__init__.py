"""Reading articles: bytes to documents, for every input format."""
