"""Issue order and office day: a step of the releases before Alembic, frozen in
``server.storage.migrations.v3_issue_order_and_office_day`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v03"
down_revision = "v02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v3_issue_order_and_office_day(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
