"""User language: a step of the releases before Alembic, frozen in
``server.storage.migrations.v9_user_language`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v09"
down_revision = "v08"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v9_user_language(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
