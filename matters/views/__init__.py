"""Matter pages: the director's catalogue pages, the reference catalogues, exports and imports, and the public
catalogue, service guides and one-thing bundles (no login, published data only). One module per part; every
object is fetched through a scoped selector (D14), the public pages through the published-only selectors.
matters/urls.py imports the modules themselves (``catalogues.entry_create``), so nothing is re-exported here."""
