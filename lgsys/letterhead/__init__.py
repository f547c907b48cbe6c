"""The organisation's letterhead: the municipality's name and an optional logo,
printed on page 1 and at the top of every page of the review's PDF and shown on
its web preview. The coordinator sets it on /<org>/brevhuvud/."""
