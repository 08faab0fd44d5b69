from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importing import SAMPLE_CORPUS_DIR
from articles.models import Article

ROOT = Path(__file__).resolve().parents[2]
STORY = "Flood update\n\nAt least 14 people died in Lorvan on Friday night, police spokeswoman Maria Ortiz said."


def run_manage(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_import_articles_reports_each_file_and_fails_when_one_is_bad(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "copy.md").write_text(STORY.upper())
    (tmp_path / "empty.txt").write_text("")
    out = StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) could not be imported"):
        call_command("import_articles", str(tmp_path), "--outlet-domain", "desk.example", stdout=out, stderr=StringIO())
    lines = out.getvalue()
    assert "created   " in lines and "good.txt" in lines
    assert "duplicate" in lines and "copy.md" in lines
    assert "error" in lines and "empty.txt is empty." in lines
    assert "1 imported, 1 duplicates skipped, 1 failed" in lines
    assert Article.objects.get().status == "done"


def test_import_articles_refuses_missing_paths():
    with pytest.raises(CommandError, match=r"not found: nowhere\.txt"):
        call_command("import_articles", "nowhere.txt", stdout=StringIO())


@pytest.mark.slow
@pytest.mark.django_db
def test_analyze_json_follows_the_contract_and_leaves_the_configured_database_alone():
    files = ["wire-original.txt", "rewrite-of-wire.html", "broadcaster-update.txt", "unrelated-story.txt"]
    result = run_manage("analyze", *files, "--json", cwd=SAMPLE_CORPUS_DIR)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [a["file"] for a in document["articles"]] == files
    by_file = {a["file"]: a for a in document["articles"]}
    for article in document["articles"]:
        assert set(article) >= {
            "file",
            "id",
            "title",
            "published",
            "byline",
            "dateline",
            "source",
            "same_origin_as",
            "claims",
        }
        body = (SAMPLE_CORPUS_DIR / article["file"]).read_text()
        for claim in article["claims"]:
            assert set(claim) >= {
                "id",
                "text",
                "start",
                "end",
                "score",
                "type",
                "speaker",
                "speaker_role",
                "source_type",
                "evidence",
            }
            assert claim["end"] - claim["start"] == len(claim["text"])
            if article["file"].endswith(".txt"):
                assert claim["text"] in body
            # The review page's order: clashes, then confirmations, then context; the most confident first in each.
            rank = {"contradicts": 0, "supports": 1, "related": 2}
            order = [(rank[e["relation"]], -e["score"]) for e in claim["evidence"]]
            assert order == sorted(order)
            for evidence in claim["evidence"]:
                assert set(evidence) >= {"file", "text", "start", "end", "score", "relation", "same_origin"}
                assert evidence["relation"] in {"supports", "contradicts", "related"}
                assert evidence["file"] != article["file"]
    assert by_file["rewrite-of-wire.html"]["same_origin_as"] == ["wire-original.txt"]
    assert by_file["wire-original.txt"]["same_origin_as"] == ["rewrite-of-wire.html"]
    assert by_file["broadcaster-update.txt"]["same_origin_as"] == []
    relations = [e["relation"] for c in by_file["broadcaster-update.txt"]["claims"] for e in c["evidence"]]
    assert "contradicts" in relations
    # The same claim in several files is one group with one review; the unrelated story's claims stand alone.
    files_of_group: dict[int, set[str]] = {}
    for article in document["articles"]:
        for claim in article["claims"]:
            if claim["group_id"] is not None:
                files_of_group.setdefault(claim["group_id"], set()).add(article["file"])
    assert files_of_group and all(len(files) >= 2 for files in files_of_group.values())
    assert all("unrelated-story.txt" not in files for files in files_of_group.values())
    assert not Article.objects.exists()


@pytest.mark.slow
def test_the_demo_runs_the_whole_corpus_on_sqlite_and_refuses_a_database_with_real_data(tmp_path):
    env = {"FACTCHECK_VAR_DIR": str(tmp_path)}
    assert run_manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    result = run_manage("demo", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Sign in" in result.stdout and "reviewer" in result.stdout and "password: demo" in result.stdout
    assert "Failed" not in result.stdout
    assert (tmp_path / "factcheck.sqlite3").is_file()
    # Running it again is harmless: everything is already there.
    again = run_manage("demo", env=env)
    assert again.returncode == 0 and "duplicate" in again.stdout

    shell = "from django.contrib.auth.models import User; User.objects.create_user('real.person', password='x')"
    assert run_manage("shell", "-c", shell, env=env).returncode == 0
    refused = run_manage("demo", env=env)
    assert refused.returncode != 0
    assert "already holds real data (1 other users" in refused.stderr
