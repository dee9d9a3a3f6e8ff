"""The database's schema steps, as an Alembic script directory (``versions/``).

A new database gets the newest schema at once (``server.storage.schema_upgrade``);
these steps bring an older one up to it. The first thirteen are the steps of the
releases before Alembic, frozen in ``server.storage.migrations``.
"""
