"""Display zones: a step of the releases before Alembic, frozen in
``server.storage.migrations.v7_display_zones`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v07"
down_revision = "v06"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v7_display_zones(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
