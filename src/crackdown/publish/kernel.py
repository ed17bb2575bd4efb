"""A report's kernel: `ipykernel_launcher`, that ends when the process that started it ends.

jupyter_client starts each kernel in a session of its own, out of reach of a signal to the
build's process group, so the kernel first asks the system to kill it when its parent (the
build, or its worker) dies; ipykernel's own parent polling is the fallback.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    from crackdown.publish.pool import die_with_parent

    die_with_parent(int(os.environ.get("JPY_PARENT_PID") or os.getppid()))

    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
