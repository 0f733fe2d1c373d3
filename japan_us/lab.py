"""``make lab``: JupyterLab on the chapter notebooks.

``python -m japan_us.lab [--port N]`` is what ``make lab`` runs (and the tests start). The
server comes from JupyterLab's own environment (``.venv-lab``, from requirements-lab.lock;
``JAPAN_US_LAB_PYTHON`` names another Python with JupyterLab). It listens on 127.0.0.1
only, opens no browser (it prints the address with its token), fetches nothing (no news
feed, no update check, no extension catalogue), and its kernel is the Python running this
module, the book's environment, with this checkout first on the path, so the chapters
import the package beside them whatever else is installed. The kernel is declared as
``python3``, the name the notebooks ask for, in a folder placed first on ``JUPYTER_PATH``
(under the build folder): it stands before any ``python3`` kernel of the user's own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from japan_us import BUILD_DIR, ROOT

HOST = "127.0.0.1"
DEFAULT_PORT = 8888
KERNEL_NAME = "python3"


def server_python() -> Path:
    """The Python of JupyterLab's environment: kept apart from the book's, whose every start
    its server's dependencies would slow (requirements-lab.txt says how)."""
    return Path(os.environ.get("JAPAN_US_LAB_PYTHON") or ROOT / ".venv-lab" / "bin" / "python")


def jupyter_path() -> Path:
    """The folder put first on ``JUPYTER_PATH``: it holds the project's kernel."""
    return BUILD_DIR / "jupyter"


def write_kernelspec(folder: Path) -> Path:
    """The project's kernel: this Python, the checkout first on its path."""
    spec = folder / "kernels" / KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    kernel = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (japan_us)",
        "language": "python",
        "env": {"PYTHONPATH": _first_on(str(ROOT), "PYTHONPATH")},
        "metadata": {"debugger": True},
    }
    spec.write_text(json.dumps(kernel, indent=1) + "\n")
    return spec


def command(port: int) -> list[str]:
    """The server's command line."""
    return [
        str(server_python()),
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # the port asked for, or a clear failure
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.default_url=/lab/tree/notebooks",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # Jupyter refuses root unless told; containers often run as root, and the server
        # answers only on the loopback interface, with a token.
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
    ]


def environment() -> dict[str, str]:
    """The server's environment: the project's kernel folder first on ``JUPYTER_PATH``."""
    folder = jupyter_path()
    write_kernelspec(folder)
    return os.environ | {"JUPYTER_PATH": _first_on(str(folder), "JUPYTER_PATH")}


def _first_on(folder: str, variable: str) -> str:
    """A search path from the environment with ``folder`` first (and only there)."""
    rest = [entry for entry in os.environ.get(variable, "").split(os.pathsep) if entry and entry != folder]
    return os.pathsep.join([folder, *rest])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m japan_us.lab", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on {HOST} (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    server = server_python()
    if not server.exists():
        raise SystemExit(f"error: no JupyterLab at {server}: `make lab` creates it from requirements-lab.lock")
    # The server replaces this process: Ctrl-C and signals reach it directly.
    os.execve(server, command(args.port), environment())


if __name__ == "__main__":
    main()
