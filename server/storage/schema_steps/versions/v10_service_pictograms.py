"""Service pictograms: a step of the releases before Alembic, frozen in
``server.storage.migrations.v10_service_pictograms`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v10"
down_revision = "v09"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v10_service_pictograms(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
