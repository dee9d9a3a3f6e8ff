"""Phones bookings offline kiosks: a step of the releases before Alembic, frozen in
``server.storage.migrations.v13_phones_bookings_offline_kiosks`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v13"
down_revision = "v12"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v13_phones_bookings_offline_kiosks(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
