"""Code-first extraction: code reads each sentence's structure (which number counts whom,
whose people they are, who handed them over, who said so) and the model only makes the
small closed choices the structure leaves open."""

# structured: code reads, the model answers what is left; rules: code alone;
# one-call: the earlier single free-form call per article
EXTRACTORS = ("structured", "rules", "one-call")
