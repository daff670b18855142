"""Enrichment: an ordered list of small steps, each taking papers and returning papers."""
