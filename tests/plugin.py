"""Loaded first (`-p tests.plugin`): point Masthead at a throwaway data folder before Django starts.

`MASTHEAD_TEST_DATABASE_URL` selects the database the suite runs on; by default SQLite.
"""

import os
import tempfile

os.environ["MASTHEAD_TESTING"] = "1"
os.environ.setdefault("MASTHEAD_DATA_DIR", tempfile.mkdtemp(prefix="masthead-test-"))
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("EMAIL_URL", "locmem://")
if test_db := os.environ.get("MASTHEAD_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = test_db
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
