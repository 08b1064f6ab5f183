"""Record linkage core (issue 10 §4): pure Python, no Django imports.

``normalise``: Indonesian name keys, phones (E.164), dates. ``engine.link_records``: Splink on
its embedded DuckDB backend, persons clustered and suspects grouped into networks. ``synth``:
a synthetic Indonesian benchmark generator with ground truth. ``metrics``: pairwise
precision/recall/F1 and the adjusted Rand index. For a national deployment the same Splink
settings run on Splink's Spark backend (docs/linkage.md).
"""
