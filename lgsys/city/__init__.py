"""The city level (issue 21): the municipality above its organisations."""
