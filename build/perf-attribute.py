#!/usr/bin/env python3
"""Attributes the CPU samples of one profiled build to the processes and to FlowForge's code (build/profile-cold-build.sh).

Input: the text of `perf script -F comm,pid,tid,ip,sym,dso` for a `perf record -a -g` of one build, the build's
processes run with DOTNET_PerfMapEnabled=1 (JIT-compiled methods named in /tmp/perf-<pid>.map) and
DOTNET_EnableWriteXorExecute=0 (JIT-compiled code in anonymous memory, where perf looks those maps up), and a folder
holding FlowForge's ReadyToRun images with their crossgen2 perfmaps (<assembly>.ni.{guid}.map): perf names precompiled
code only by image and file offset, which this script turns into the method through the image's section table.

A sample is FlowForge's when any frame of its call stack is FlowForge code, so the time of what FlowForge calls
(hashing, JSON, file system calls) is FlowForge's too; except the SDK's Csc task that FlowForge wraps to capture the
compile's warnings (WarningCapturingCompiler): a sample whose only FlowForge frames are that wrapper's Execute is the
Csc task's own work, which a plain build does as well. MSBuild's own work for FlowForge's targets (evaluating them,
running their property and item groups, passing task parameters) is MSBuild code and not counted as FlowForge's.

Prints one JSON object: samples per process kind (MSBuild nodes, compiler server, other; idle left out), FlowForge's
samples, FlowForge's samples by entry (the task or background job: the outermost FlowForge type) and the FlowForge
methods with the most samples inclusive of what they call.
Usage: perf-attribute.py PERF_SCRIPT_TXT IMAGE_FOLDER [--server-pid PID ...]
"""
import bisect
import collections
import glob
import json
import os
import re
import struct
import sys

# The Csc task FlowForge wraps (src/FlowForge.Build.Tasks/CompilerWarnings): its Execute runs the SDK's Csc.
CSC_WRAPPER = ("WarningCapturingCompiler::Execute", "WarningCapturingCompilerFactory::")
# The base class every FlowForge task derives from: its Execute is the way in, not the entry's name.
TASK_BASE = "FlowForge.Build.Tasks.Infrastructure.FlowForgeTask::"


def text_sections(image):
    """(file offset, size, RVA) of each section of a PE image: perf gives offsets in the file, perfmaps give RVAs."""
    data = open(image, "rb").read(4096)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    count = struct.unpack_from("<H", data, pe + 6)[0]
    optional = struct.unpack_from("<H", data, pe + 20)[0]
    sections = []
    for i in range(count):
        _, _, rva, raw_size, raw_offset = struct.unpack_from("<8sIIII", data, pe + 24 + optional + 40 * i)
        sections.append((raw_offset, raw_size, rva))
    return sections


def load_images(folder):
    """assembly name -> (sections, sorted [(rva, size, method)])."""
    images = {}
    for map_file in glob.glob(os.path.join(folder, "*.ni.*.map")):
        name = os.path.basename(map_file).split(".ni.")[0]
        image = os.path.join(folder, name + ".dll")
        if not os.path.exists(image):
            continue
        rows = []
        for line in open(map_file, encoding="utf-8", errors="replace"):
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) < 3:
                continue
            rva, size = int(parts[0], 16), int(parts[1], 16)
            if rva >= 0xFFFFFF00:  # the map's header lines (signature, version, target)
                continue
            rows.append((rva, size, parts[2]))
        rows.sort()
        images[name] = (text_sections(image), rows)
    return images


def resolve(images, assembly, offset):
    sections, rows = images[assembly]
    rva = next((offset - raw + va for raw, size, va in sections if raw <= offset < raw + size), None)
    if rva is None:
        return None
    i = bisect.bisect_right(rows, (rva, 1 << 62, "")) - 1
    if i >= 0 and rows[i][0] <= rva < rows[i][0] + rows[i][1]:
        return rows[i][2]
    return None


R2R_FRAME = re.compile(r"^([0-9a-f]+) \[unknown\] \((?:.*/)?(FlowForge\.[A-Za-z.]+)\.dll\)$")
FRAME = re.compile(r"^[0-9a-f]+ (.*?)(?: \((?:[^()]*)\))?$")


def method_of(frame, images, counts):
    """(method text, is FlowForge code) of one stack frame line."""
    match = R2R_FRAME.match(frame)
    if match and match.group(2) in images:
        name = resolve(images, match.group(2), int(match.group(1), 16))
        counts["r2r_resolved" if name else "r2r_unresolved"] += 1
        return (name or "%s+0x%s" % (match.group(2), match.group(1))), True
    match = FRAME.match(frame)
    text = match.group(1) if match else frame
    text = re.sub(r"\[(QuickJitted|Optimized|OptimizedTier1|Tier0|Tier1|InstrumentedTier|PreJIT)[^\]]*\]$", "", text).strip()
    # By the declaring type only: the runtime's map names a P/Invoke stub ("dynamicClass::IL_STUB_PInvoke") after
    # whichever module first needed that signature, and a framework generic over a FlowForge type is framework code;
    # both count when FlowForge code is among their callers.
    return text, type_of(text).startswith("FlowForge.")


def type_of(method):
    """The declaring type of a method text ('System.String FlowForge.X.Y::M(...)' -> 'FlowForge.X.Y'): the last
    space-separated word before '::', generic arguments in brackets included."""
    if "::" not in method:
        return ""
    head = method.split("::", 1)[0]
    depth, i = 0, len(head)
    while i > 0:
        c = head[i - 1]
        if c == "]":
            depth += 1
        elif c == "[":
            depth -= 1
        elif c == " " and depth == 0:
            break
        i -= 1
    return head[i:]


def short(method):
    """'Type::Method' without namespace, generic arguments, return type and parameters."""
    if "::" not in method:
        return method[:100]
    kind = re.sub(r"\[.*\]$", "", type_of(method)).split(".")[-1]
    return kind + "::" + method.split("::", 1)[1].split("(")[0]


def entry_of(flowforge_frames):
    """The outermost FlowForge type, past the task base class: the task (EvaluateCompileGate) or background job."""
    for method in reversed(flowforge_frames):
        if TASK_BASE in method:
            continue
        kind = re.sub(r"\[.*\]$", "", type_of(method)).split(".")[-1].split("+")[0]
        return kind or short(method)
    return "FlowForgeTask"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    script, folder = sys.argv[1], sys.argv[2]
    server_pids = {int(p) for p in sys.argv[4:]} if len(sys.argv) > 3 and sys.argv[3] == "--server-pid" else set()
    images = load_images(folder)
    counts = collections.Counter()
    per_pid = collections.Counter()
    msbuild_pids = set()
    flowforge_total = 0
    by_entry = collections.Counter()
    inclusive = collections.Counter()

    def finish(pid, frames):
        nonlocal flowforge_total
        if pid == 0:  # the idle task
            return
        per_pid[pid] += 1
        methods = [method_of(f, images, counts) for f in frames]
        if any("Microsoft.Build" in f for f in frames):
            msbuild_pids.add(pid)
        flowforge = [m for m, own in methods if own]
        if not flowforge or all(any(w in m for w in CSC_WRAPPER) for m in flowforge):
            return
        flowforge_total += 1
        by_entry[entry_of(flowforge)] += 1
        for name in {short(m) for m in flowforge if TASK_BASE not in m}:
            inclusive[name] += 1

    pid, frames = None, []
    with open(script, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                if pid is not None:
                    finish(pid, frames)
                pid, frames = None, []
            elif line.startswith("\t") or line.startswith(" " * 8):
                frames.append(line.strip())
            else:
                match = re.match(r"\s*.*?\s+(\d+)/(\d+)", line)
                pid, frames = (int(match.group(1)) if match else -1), []
    if pid is not None:
        finish(pid, frames)

    kinds = collections.Counter()
    for p, n in per_pid.items():
        kinds["compiler server" if p in server_pids else "MSBuild nodes" if p in msbuild_pids else "other"] += n
    json.dump({
        "busy_samples": sum(per_pid.values()),
        "by_process": dict(kinds),
        "flowforge_samples": flowforge_total,
        "by_entry": dict(by_entry.most_common()),
        "inclusive": dict(inclusive.most_common(40)),
        "precompiled_frames": {"resolved": counts["r2r_resolved"], "unresolved": counts["r2r_unresolved"]},
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
