"""A normal, non-editable install finds the bundled decks and the compiled translation
catalogs from any directory, and carries the licence."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

from helpers import REPO


def test_wheel_install_finds_bundled_decks(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    # Reuse this environment's dependencies: the test is about our files, not the registry.
    # Paths in a .pth file are added without running the .pth files they hold, so the
    # editable install of the checkout stays out.
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    uv = shutil.which("uv")
    if uv:
        install = [
            uv,
            "pip",
            "install",
            "--python",
            str(python),
            "--no-deps",
            "--reinstall",
            str(REPO),
        ]
    else:
        install = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--prefix",
            str(environment),
            "--no-deps",
            str(REPO),
        ]
    env = {
        key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    subprocess.run(install, check=True, capture_output=True, cwd=tmp_path, env=env, timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def listed_decks(**extra_env: str) -> subprocess.CompletedProcess[str]:
        """`quiz-app decks` as the installed command runs it, away from the checkout."""
        return subprocess.run(
            [str(environment / "bin" / "quiz-app"), "--home", str(tmp_path / "home"), "decks"],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env | extra_env,
            timeout=60,
        )

    def printed(code: str) -> str:
        """What the installed Python prints running `code`, away from the checkout."""
        return subprocess.run(
            [str(python), "-c", code],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
            check=True,
        ).stdout.strip()

    result = listed_decks()
    assert result.returncode == 0, result.stderr
    assert "otan-ue" in result.stdout and "nato-eu" in result.stdout
    located = printed("import quiz_app.paths as p; print(p.bundled_decks_dir())")
    assert str(environment) in located, (
        "decks must come from the installed package, not the checkout"
    )
    # The compiled catalogs ship in the wheel: a French locale gets a French CLI.
    catalogs = printed("import quiz_app.i18n as i; print(i.LOCALE_DIR)")
    assert str(environment) in catalogs
    assert Path(catalogs, "fr", "LC_MESSAGES", "quiz_app.mo").is_file()
    french = listed_decks(LC_ALL="fr_FR.UTF-8")
    assert french.returncode == 0, french.stderr
    assert "fourni" in french.stdout and "éléments" in french.stdout
    # The MIT licence ships with it (`license-files`).
    licence = printed(
        "from importlib.metadata import distribution as d; "
        "print(next(f.locate() for f in d('quiz-app').files if f.name == 'LICENSE'))"
    )
    assert "MIT License" in Path(licence).read_text(encoding="utf-8")
