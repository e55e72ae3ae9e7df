"""Benchmark: the handbook's pipeline against plain sphinx-needs, same needs.

Why: the handbook adds a YAML loader, a gate, views, exports and incremental
bookkeeping on top of sphinx-needs.  This measures what that costs, at sizes
far beyond the real handbook, and whether an incremental build still equals a
clean one.  For each size it generates synthetic data (``generate.py``), writes
(a) the pipeline project and (b) a plain sphinx-needs project holding the same
needs, builds both side by side with ``sphinx-build -b html -j auto -q``, and
prints wall time and peak memory per step, the ratios a/b and the targets.

Usage::

    .venv/bin/python bench/run.py                      # 1,000 and 5,000 needs
    .venv/bin/python bench/run.py --sizes 60 --quick   # smoke test
    .venv/bin/python bench/run.py --markdown bench/results.md

See ``bench/README.md`` for what each row measures.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # a sibling module, not a package

LANGUAGES = ("zh_CN", "en")
VARIANTS = ("pipeline", "plain")

#: The rows of the table, in order: key → label.
STEPS = {
    "clean1": "clean build, one language (zh_CN)",
    "clean2": "clean build, both languages in parallel",
    "nochange": "no-change rebuild (zh_CN)",
    "edit": "one-control edit, rebuild (zh_CN)",
    "check_cold": "make check, nothing read before (no cache)",
    "check": "make check after a one-control edit",
}


# -- measuring ---------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Wall time of a step, and the peak resident memory it needed."""

    wall: float  # seconds
    peak_kb: int  # largest process of each build, summed over parallel builds


def measure(
    commands: Sequence[Sequence[str]], cwd: Path, env: dict[str, str]
) -> Measure:
    """Run ``commands`` at once (fresh processes); wait for all of them.

    The peak of each command is the ``ru_maxrss`` that ``wait4`` reports for it:
    the largest process of its tree (Sphinx's parallel workers included), as
    ``getrusage(RUSAGE_CHILDREN)`` of a fresh wrapper process would.  Builds
    that run in parallel need their peaks at the same time, so they are summed.
    """
    peak = 0
    failures = []
    with contextlib.ExitStack() as stack:
        outs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        start = time.perf_counter()
        procs = [
            subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=log)
            for cmd, out, log in zip(commands, outs, logs, strict=True)
        ]
        for proc, out, log, cmd in zip(procs, outs, logs, commands, strict=True):
            _, status, usage = os.wait4(proc.pid, 0)
            end = time.perf_counter()
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak += usage.ru_maxrss
            out.seek(0)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            if proc.returncode != 0:
                stdout = out.read().decode("utf-8", "replace")
                failures.append(
                    f"$ {' '.join(cmd)}\n(exit {proc.returncode})\n{stdout}{output}"
                )
            elif noise := _warnings(output):
                WARNINGS.append(f"$ {' '.join(cmd)}\n{noise}")
    wall = end - start  # the last to finish (they are waited for in order)
    if failures:
        raise RuntimeError("a benchmark command failed:\n" + "\n".join(failures))
    return Measure(wall, peak)


#: What the commands printed on stderr besides jieba's chatter (should stay
#: empty: a warning means the synthetic project is not what the handbook expects).
WARNINGS: list[str] = []
_JIEBA = re.compile(
    r"^(Building prefix dict|Loading model|Prefix dict has been|Dumping model|"
    r"# .* jieba |DEBUG:jieba|\s*$)"
)


def _warnings(output: str) -> str:
    lines = [line for line in output.splitlines() if not _JIEBA.match(line)]
    return "\n".join(lines[:20])


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": generate.SOURCE_DATE_EPOCH}
    env.pop("GITHUB_ACTIONS", None)  # no CI annotations in make check's output
    env.update(extra or {})
    return env


# -- the two projects -----------------------------------------------------------------


@dataclass
class Variant:
    """One side of the comparison: a project and how to build and edit it."""

    name: str
    root: Path
    out: Path
    data: generate.Dataset

    def source(self, language: str) -> Path:
        if self.name == "plain":
            return generate.plain_source(self.root, language)
        return self.root / "source"

    def command(self, language: str, dest: Path) -> list[str]:
        """The build of one language into ``dest`` (html/, doctrees/, reports/)."""
        extra = []
        if self.name == "pipeline":  # its own reports: parallel builds don't share
            extra = ["-D", f"licence_reports_dir={dest / 'reports'}"]
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(self.root),
            "-d",
            str(dest / "doctrees"),
            "-D",
            f"language={language}",
            *extra,
            "-j",
            "auto",
            "-q",
            str(self.source(language)),
            str(dest / "html"),
        ]

    def edit(self, suffix: str) -> None:
        """Change one control's Chinese title: in the YAML, or in the page."""
        if self.name == "pipeline":
            generate.edit_pipeline(self.root, self.data, suffix)
        else:
            generate.edit_plain(self.root, self.data, suffix)


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


# -- incremental = clean ------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader sees: everything but scripts, styles and markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, _attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SNCB = re.compile(r"SNCB-[0-9a-f]+")


def visible_text(page: Path) -> str:
    """A page's visible text, whitespace-normalised, without sphinx-needs'
    random ``SNCB-…`` ids (new on every build, so never equal)."""
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    text = " ".join(" ".join(parser.parts).split())
    return _SNCB.sub("SNCB", text)


def site_differences(incremental: Path, clean: Path) -> list[str]:
    """How an incrementally built site differs from a clean build of the same
    sources: pages present, the visible text of every page, needs.json bytes
    (and the CSV export's, where there is one).  Empty when they agree."""

    def pages(root: Path) -> set[str]:
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*.html")
            if not p.relative_to(root).parts[0].startswith("_")
        }

    found = []
    mine, theirs = pages(incremental), pages(clean)
    for name in sorted(mine ^ theirs):
        found.append(
            f"{name}: only in the {'incremental' if name in mine else 'clean'} build"
        )
    for name in sorted(mine & theirs):
        a, b = visible_text(incremental / name), visible_text(clean / name)
        if a != b:
            at = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            around = slice(max(0, at - 30), at + 30)
            found.append(
                f"{name}: text differs at {at}: incremental {a[around]!r} "
                f"vs clean {b[around]!r}"
            )
    for name in ("needs.json", "exports/traceability.csv"):
        a_file, b_file = incremental / name, clean / name
        if not (a_file.exists() or b_file.exists()):
            continue
        if not (a_file.exists() and b_file.exists()):
            found.append(f"{name}: missing from one build")
        elif a_file.read_bytes() != b_file.read_bytes():
            found.append(f"{name}: bytes differ")
    return found


# -- one size ---------------------------------------------------------------------


@dataclass
class SizeResult:
    """What one size measured: step → variant → measure; and the check."""

    size: int
    counts: dict[str, int]
    pages: int
    steps: dict[str, dict[str, Measure]] = field(default_factory=dict)
    differences: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, step: str, variant: str, value: Measure) -> None:
        """Keep the best of repeated runs: least time, most memory."""
        old = self.steps.setdefault(step, {}).get(variant)
        if old is not None:
            value = Measure(min(old.wall, value.wall), max(old.peak_kb, value.peak_kb))
        self.steps[step][variant] = value

    def wall(self, step: str, variant: str = "pipeline") -> float:
        return self.steps[step][variant].wall

    def has(self, step: str, variant: str = "pipeline") -> bool:
        """Whether ``step`` was measured for ``variant`` (``--steps``)."""
        return variant in self.steps.get(step, {})


def run_size(
    size: int,
    work: Path,
    *,
    repeat: int,
    chunk: int,
    seed: int,
    log: Callable[[str], None],
    steps: Sequence[str] = tuple(STEPS),
) -> SizeResult:
    """Generate one size, build and edit both variants, and compare the sites.

    ``steps`` (keys of :data:`STEPS`) limits what is measured, for a run on a
    busy machine: the rebuilds still start from a clean build, and only the
    pipeline's incremental site is compared with a clean one unless every
    step runs.
    """
    data = generate.generate(size, seed=seed, chunk=chunk)
    variants = [
        Variant("pipeline", work / "pipeline", work / "out-pipeline", data),
        Variant("plain", work / "plain", work / "out-plain", data),
    ]
    generate.write_pipeline(data, variants[0].root)
    generate.write_plain(data, variants[1].root)
    # the copied extension's bytecode, so that the first build timed does not
    # pay for compiling it (as no build of a checked-out handbook does twice)
    compileall.compile_dir(variants[0].root / "_ext", quiet=1)
    result = SizeResult(data.size, data.counts(), len(data.files) + 3)
    log(f"{data.size} needs {data.counts()} on {result.pages} pages")
    env = _env()

    def step(key: str, variant: Variant, commands: list[list[str]]) -> None:
        value = measure(commands, variant.root, env)
        result.keep(key, variant.name, value)
        log(
            f"  {data.size:>6} {variant.name:<8} {STEPS[key]:<42} "
            f"{value.wall:7.2f} s {value.peak_kb / 1024:7.0f} MB"
        )

    for run in range(repeat):
        # alternate who goes first, so that drift favours neither
        order = variants if run % 2 == 0 else variants[::-1]
        for v in order:
            first = [v.command("zh_CN", _fresh(v.out / "one"))]
            if "clean1" in steps:
                step("clean1", v, first)
            elif {"nochange", "edit"} & set(steps):  # what the rebuilds start from
                measure(first, v.root, env)
        if "clean2" in steps:
            for v in order:
                both = [v.command(lang, _fresh(v.out / lang)) for lang in LANGUAGES]
                step("clean2", v, both)
        if "nochange" in steps:
            for v in order:
                step("nochange", v, [v.command("zh_CN", v.out / "one")])
        if "edit" in steps:
            for v in order:
                v.edit(f"（修订{run + 1}）")
                step("edit", v, [v.command("zh_CN", v.out / "one")])
        if "check" not in steps:
            continue
        pipeline = variants[0]
        check = [
            sys.executable,
            "-m",
            "licence_needs.check",
            "--root",
            str(pipeline.root),
            "--reports",
            str(pipeline.out / "check-reports"),
        ]
        check_env = _env({"PYTHONPATH": str(pipeline.root / "_ext")})
        cache = pipeline.root / "build" / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        value = measure([check], pipeline.root, check_env)
        result.keep("check_cold", "pipeline", value)
        log(f"  {data.size:>6} pipeline {STEPS['check_cold']:<42} {value.wall:7.2f} s")
        for attempt in range(3):  # sub-second: the best of three
            # the everyday check: one file edited since the data was last read
            pipeline.edit(f"（检查{run + 1}.{attempt + 1}）")
            value = measure([check], pipeline.root, check_env)
            result.keep("check", "pipeline", value)
        log(f"  {data.size:>6} pipeline {STEPS['check']:<42} {value.wall:7.2f} s")
        if "edit" in steps:  # the sources as the rebuild saw them, for the comparison
            pipeline.edit(f"（修订{run + 1}）")

    every = set(steps) == set(STEPS)
    for v in variants:  # the edited sources, built from scratch
        if "edit" not in steps or (v.name == "plain" and not every):
            continue
        dest = _fresh(v.out / "verify")
        measure([v.command("zh_CN", dest)], v.root, env)
        result.differences[v.name] = site_differences(
            v.out / "one" / "html", dest / "html"
        )
    return result


# -- the table --------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    value: str
    met: bool


def _ratio(label: str, value: float, limit: float) -> Target:
    return Target(label, f"{value:.2f}×", value <= limit)


#: the most needs the check's 0.5 s target is held to (the issue's size)
CHECK_TARGET_SIZE = 5_000


def targets(results: Sequence[SizeResult]) -> list[Target]:
    """The issue's targets, from the ratios measured in this run (those whose
    steps ran)."""
    found = []
    for r in results:
        if r.has("clean1", "plain"):
            value = r.wall("clean1") / r.wall("clean1", "plain")
            label = f"clean build, one language ≤ 1.00 × plain ({r.size:,} needs)"
            found.append(_ratio(label, value, 1.00))
    for r in results:
        if r.has("clean2") and r.has("clean1"):
            value = r.wall("clean2") / r.wall("clean1")
            label = f"both languages ≤ 1.3 × one language ({r.size:,} needs)"
            found.append(_ratio(label, value, 1.3))
    for r in results:
        if r.has("edit") and r.has("clean1"):
            value = r.wall("edit") / r.wall("clean1")
            label = f"one YAML edit ≤ 0.30 × a clean build ({r.size:,} needs)"
            found.append(_ratio(label, value, 0.30))
    for r in results:
        # a time, not a ratio: the issue sets it at 5,000 needs, and a check
        # of more needs takes longer by rights
        if r.has("check") and r.size <= CHECK_TARGET_SIZE:
            seconds = r.wall("check")
            found.append(
                Target(
                    f"make check after one edit < 0.50 s ({r.size:,} needs)",
                    f"{seconds:.2f} s",
                    seconds < 0.50,
                )
            )
    big = max(results, key=lambda r: r.size)
    small = min(results, key=lambda r: r.size)
    if big.size > small.size and big.has("clean1") and small.has("clean1"):
        # 12.5 % above linear: 4.5× for 5,000 → 20,000, issue 20's bound
        limit = 1.125 * big.size / small.size
        label = (
            f"{small.size:,} → {big.size:,} cost growth ≤ {limit:.1f}× "
            "(clean build, one language)"
        )
        found.append(_ratio(label, big.wall("clean1") / small.wall("clean1"), limit))
    return found


def machine() -> dict[str, str]:
    """Where the numbers come from: they mean little without it."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "handbook": _revision(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sphinx": version("sphinx"),
        "sphinx-needs": version("sphinx-needs"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def _revision() -> str:
    """The commit measured, and whether the copied files differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=generate.REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        local = subprocess.run(
            ["git", "status", "--porcelain", "--", *generate.COPIED],
            cwd=generate.REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} + local changes" if local else commit


def rows(results: Sequence[SizeResult]) -> list[list[str]]:
    """The table: one row per size and step, both variants side by side."""
    table = []
    for r in results:
        for key, label in STEPS.items():
            if not r.has(key):
                continue
            a = r.steps[key]["pipeline"]
            b = r.steps[key].get("plain")
            table.append(
                [
                    f"{r.size:,}",
                    label,
                    f"{a.wall:.2f}",
                    f"{a.peak_kb / 1024:.0f}",
                    f"{b.wall:.2f}" if b else "—",
                    f"{b.peak_kb / 1024:.0f}" if b else "—",
                    f"{a.wall / b.wall:.2f}" if b else "—",
                    f"{a.peak_kb / b.peak_kb:.2f}" if b else "—",
                ]
            )
    return table


HEADER = [
    "needs",
    "step",
    "(a) pipeline s",
    "(a) MB",
    "(b) plain s",
    "(b) MB",
    "a/b time",
    "a/b memory",
]


def _check_lines(results: Sequence[SizeResult]) -> list[str]:
    lines = []
    for r in results:
        for name in VARIANTS:
            if name not in r.differences:
                continue  # not compared (--steps)
            diffs = r.differences[name]
            verdict = "yes" if not diffs else f"NO ({len(diffs)} differences)"
            lines.append(
                f"incremental = clean after the edit, {name}, {r.size:,} needs: "
                + verdict
            )
            lines += [f"    {d}" for d in diffs[:5]]
    return lines


def text_report(results: Sequence[SizeResult]) -> str:
    """The table for the terminal: aligned columns."""
    table = [HEADER, *rows(results)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines += _check_lines(results)
    lines.append("")
    for t in targets(results):
        lines.append(f"{'met    ' if t.met else 'NOT met'}  {t.label}: {t.value}")
    return "\n".join(lines)


def markdown_report(
    results: Sequence[SizeResult], repeat: int, info: dict[str, str]
) -> str:
    """The table as Markdown, with the machine, the commit and the date."""
    lines = [
        f"Measured {info['date']} (handbook {info['handbook']}) on "
        f"{info['platform']}, {info['cpu']}, "
        f"{info['cores']} cores; Python {info['python']}, Sphinx {info['sphinx']}, "
        f"sphinx-needs {info['sphinx-needs']}.  "
        f"`sphinx-build -b html -j auto -q`, best of {repeat} "
        f"run{'s' if repeat > 1 else ''}; memory is the peak RSS of the largest "
        "process of each build (summed for the two parallel builds).",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(["---", "---"] + ["---:"] * (len(HEADER) - 2)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    lines.append("")
    lines += [
        f"  - {line.strip()}" if line.startswith(" ") else f"- {line}"
        for line in _check_lines(results)
    ]
    lines.append("")
    lines += ["| target | value | |", "|---|---:|---|"]
    lines += [
        f"| {t.label} | {t.value} | {'met' if t.met else '**NOT met**'} |"
        for t in targets(results)
    ]
    return "\n".join(lines) + "\n"


# -- main ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES") or "1000,5000",
        help="needs per project, comma-separated (default: 1000,5000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: one run, small pages"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (best of)")
    parser.add_argument(
        "--chunk",
        type=int,
        help=f"needs per data file and page (default {generate.DEFAULT_CHUNK}; "
        "0: one per type)",
    )
    parser.add_argument("--seed", type=int, default=2648)
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="steps to measure, comma-separated (default: all: "
        f"{','.join(STEPS)}); fewer builds for a busy machine",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument(
        "--workdir", type=Path, help="build here and keep it (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
    steps = [s for s in args.steps.replace(" ", "").split(",") if s]
    if unknown := set(steps) - set(STEPS):
        parser.error(f"unknown steps {sorted(unknown)}; the steps are {list(STEPS)}")
    repeat = 1 if args.quick else max(1, args.repeat)
    chunk = args.chunk if args.chunk is not None else 10 if args.quick else None
    chunk = generate.DEFAULT_CHUNK if chunk is None else chunk

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine()  # before the run: the commit whose files are copied
    work = args.workdir or Path(tempfile.mkdtemp(prefix="licence-bench-"))
    results = []
    try:
        for size in sizes:
            target = _fresh(work / f"n{size}")
            results.append(
                run_size(
                    size,
                    target,
                    repeat=repeat,
                    chunk=chunk,
                    seed=args.seed,
                    log=log,
                    steps=steps,
                )
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print(text_report(results))
    if WARNINGS:
        print("\nThe builds printed (first lines):\n" + "\n".join(WARNINGS[:3]))
    if args.markdown:
        args.markdown.write_text(
            markdown_report(results, repeat, info), encoding="utf-8"
        )
        print(f"\nMarkdown: {args.markdown}")
    return 0 if all(not r.differences.get("pipeline") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
