"""Code-first extraction: code reads each sentence's structure (which number counts whom,
whose people they are, who handed them over, who said so) and the model only makes the
small closed choices the structure leaves open."""
