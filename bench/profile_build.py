"""Profile one build of the benchmark's synthetic project with cProfile.

Why: the benchmark says *whether* a target is met; this says where the time
goes when it is not.  The profiled build runs in this process with ``-j 1``, so
that the reading and writing that ``-j auto`` spreads over worker processes
are seen too (cProfile sees only its own process).

Usage::

    .venv/bin/python bench/profile_build.py --size 5000                 # clean build
    .venv/bin/python bench/profile_build.py --size 5000 --step edit     # YAML edit
    .venv/bin/python bench/profile_build.py --size 5000 --variant plain
    .venv/bin/python bench/profile_build.py --size 5000 --step check    # make check
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # a sibling module, not a package
import run


def profile(
    size: int, step: str, variant: str, work: Path, chunk: int
) -> tuple[pstats.Stats, float]:
    """Build (or check) once under cProfile; return the stats and the wall time.

    ``edit`` and ``nochange`` first build in a subprocess, unprofiled, so that
    only the incremental build is measured.
    """
    os.environ["SOURCE_DATE_EPOCH"] = generate.SOURCE_DATE_EPOCH
    data = generate.generate(size, chunk=chunk)
    v = run.Variant(variant, work / variant, work / f"out-{variant}", data)
    if variant == "pipeline":
        generate.write_pipeline(data, v.root)
    else:
        generate.write_plain(data, v.root)
    dest = v.out / "one"
    command = v.command("zh_CN", dest)
    command[command.index("auto")] = "1"  # all the work in this process
    os.chdir(v.root)
    if step in ("edit", "nochange"):
        subprocess.run(command, check=True, env=run._env())
        if step == "edit":
            v.edit("（修订）")

    profiler = cProfile.Profile()
    start = time.perf_counter()
    if step == "check":
        sys.path.insert(0, str(v.root / "_ext"))
        from licence_needs.check import cli  # noqa: PLC0415 - the copy being profiled

        status = profiler.runcall(
            cli.main, ["--root", str(v.root), "--reports", str(v.out / "reports")]
        )
    else:
        from sphinx.cmd.build import build_main  # noqa: PLC0415 - after chdir

        status = profiler.runcall(build_main, command[3:])
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"the profiled {step} exited with {status}")
    return pstats.Stats(profiler), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument(
        "--step", choices=("clean", "nochange", "edit", "check"), default="clean"
    )
    parser.add_argument("--variant", choices=run.VARIANTS, default="pipeline")
    parser.add_argument("--chunk", type=int, default=generate.DEFAULT_CHUNK)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key")
    parser.add_argument("--output", type=Path, help="also save the .prof file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="licence-profile-") as work:
        stats, wall = profile(
            args.size, args.step, args.variant, Path(work), args.chunk
        )
    if args.output:
        stats.dump_stats(args.output)
    print(f"{args.variant} {args.step}, {args.size} needs, -j 1: {wall:.2f} s")
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
