"""At counter and called indexes: a step of the releases before Alembic, frozen in
``server.storage.migrations.v5_at_counter_and_called_indexes`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v05"
down_revision = "v04"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v5_at_counter_and_called_indexes(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
