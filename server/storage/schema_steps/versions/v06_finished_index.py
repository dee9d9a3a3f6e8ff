"""Finished index: a step of the releases before Alembic, frozen in
``server.storage.migrations.v6_finished_index`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v06"
down_revision = "v05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v6_finished_index(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
