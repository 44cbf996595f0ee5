"""Run by the db-bootstrap task (infra/modules/compute/tasks.tf) as `python -c`, in the app image.

Connected as the RDS master user, creates the role that DATABASE_URL names (or sets its password
again) and lets it use the database RDS created, so the app never needs the master user, whose
password RDS rotates. Idempotent. The password goes to the server as a SCRAM verifier, never in
clear text, so statement logging cannot record it.
"""

import os
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
role = unquote(url.username or "")
password = unquote(url.password or "")
database = url.path.lstrip("/")
master = os.environ["MASTER_USERNAME"]

if not role or not password:
    raise SystemExit("DATABASE_URL must name a user and a password")
if role == master:
    raise SystemExit("DATABASE_URL must not use the master user: RDS rotates its password")
if database != os.environ["DB_NAME"]:
    raise SystemExit(
        f"DATABASE_URL names database {database!r}; RDS created {os.environ['DB_NAME']!r}"
    )
if url.hostname != os.environ["DB_HOST"]:
    print(f"note: DATABASE_URL's host {url.hostname!r} is not {os.environ['DB_HOST']!r}")

with psycopg.connect(
    host=os.environ["DB_HOST"],
    port=int(os.environ["DB_PORT"]),
    dbname=database,
    user=master,
    password=os.environ["MASTER_PASSWORD"],
    sslmode="require",
    autocommit=True,
) as conn:
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    statement = "ALTER ROLE {} LOGIN PASSWORD {}" if exists else "CREATE ROLE {} LOGIN PASSWORD {}"
    conn.execute(sql.SQL(statement).format(sql.Identifier(role), sql.Literal(verifier.decode())))
    conn.execute(
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(database), sql.Identifier(role)
        )
    )
    conn.execute(sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(sql.Identifier(role)))
    # The ranking projection's arrays and the CMS's passage search (lewis_ranking migration 0004
    # and lewis_content 0014 ask for them too, which needs CREATE on the database that the app's
    # role does not get): made here, as the master user.
    conn.execute("CREATE EXTENSION IF NOT EXISTS intarray")
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

print(f"role {role!r} {'updated' if exists else 'created'}; it may use database {database!r}")
