"""Alembic keeps the schema's version (in ``alembic_version``); the old ``schema_version`` goes.

A database from before Alembic was stamped with the revision matching its
``schema_version`` (``server.storage.schema_upgrade``) and reached here by the
frozen steps; from now on steps are written with Alembic's operations, which work
on SQLite (batch mode: a table rebuilt in SQLite's documented way) and PostgreSQL.
"""

from alembic import op

revision = "v14"
down_revision = "v13"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP TABLE IF EXISTS schema_version")  # (a database built by these steps never had it)


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
