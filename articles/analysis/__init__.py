"""What comes after a search: the matching stories counted over time (timeline), every
entity and source with its story count (directories), every facet value (facets), the
matches written out (export), and searches kept by a reader (saved, alerts).

Every number here counts stories, one per article and its versions, from one SQL recipe
(`stories.matching`), so the search total, the timeline total, the export's rows and a
directory's count agree for the same query and filters."""
