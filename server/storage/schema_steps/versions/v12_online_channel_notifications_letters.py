"""Online channel notifications letters: a step of the releases before Alembic, frozen in
``server.storage.migrations.v12_online_channel_notifications_letters`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v12"
down_revision = "v11"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v12_online_channel_notifications_letters(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
