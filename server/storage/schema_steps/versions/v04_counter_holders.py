"""Counter holders: a step of the releases before Alembic, frozen in
``server.storage.migrations.v4_counter_holders`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v04"
down_revision = "v03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v4_counter_holders(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
