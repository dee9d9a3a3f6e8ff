"""Outcomes back office and optional nik: a step of the releases before Alembic, frozen in
``server.storage.migrations.v8_outcomes_back_office_and_optional_nik`` (its docstring says why)."""

from alembic import op

from server.storage import migrations

revision = "v08"
down_revision = "v07"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.v8_outcomes_back_office_and_optional_nik(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("restore the backup taken before the upgrade (README: Backup)")
