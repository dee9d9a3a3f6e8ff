"""Numbers per prefix: a step of the releases before Alembic, frozen in
``server.storage.migrations.v2_numbers_per_prefix`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v02"
down_revision = "v01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v2_numbers_per_prefix(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
