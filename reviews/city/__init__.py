"""The city level's view of the reviews (issue 21, part B): the overview of every
organisation of a city, its exports, each organisation's figures read-only, and
"Stadens sammanställning <år>", compiled from the decided reviews' snapshots."""
