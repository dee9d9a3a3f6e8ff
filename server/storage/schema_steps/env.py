"""Alembic's entry point: runs the steps on the connection ``schema_upgrade`` hands over,
inside the one transaction it opened (all steps, or none)."""

from alembic import context

from server.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite rebuilds tables to alter them
with context.begin_transaction():
    context.run_migrations()
