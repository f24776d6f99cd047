"""Analysis of copy that rules share: words, and (issue 10) sentence structure."""
