"""The comments of requirements*.txt say which file needs each pin: every repository path they name exists
(a file that was moved or deleted leaves a comment that sends the reader nowhere)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

# A path into the repository: a top-level folder of ours, then path parts (a file or a folder ending in /).
PATH = re.compile(r"\b((?:app_pages|bench|components|core|data|deploy|docs|scripts|tests)/[\w./-]*\w/?)")


def named_paths(text: str) -> list[str]:
    """The repository paths named in the comments of a requirements file."""
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    return [match for comment in comments for match in PATH.findall(comment)]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_path_a_requirements_comment_names_exists(name):
    paths = named_paths((REPO / name).read_text(encoding="utf-8"))
    assert paths, f"{name} names no file: is the pattern still right?"
    missing = [p for p in paths if not (REPO / p).exists()]
    assert not missing, f"{name} comments name files that do not exist: {missing}"


def test_named_paths_finds_files_and_folders_in_comments_only():
    text = "# The engine (core/store.py) and core/query/.\npandas==3.1.1  # tests/unit/test_x.py\ncore/not_a_comment.py"
    assert named_paths(text) == ["core/store.py", "core/query/", "tests/unit/test_x.py"]
