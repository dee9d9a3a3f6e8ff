"""Reports survey complaints holidays: a step of the releases before Alembic, frozen in
``server.storage.migrations.v11_reports_survey_complaints_holidays`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v11"
down_revision = "v10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v11_reports_survey_complaints_holidays(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
