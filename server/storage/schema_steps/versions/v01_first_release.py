"""First release: a step of the releases before Alembic, frozen in
``server.storage.migrations.v1_first_release`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v1_first_release(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
