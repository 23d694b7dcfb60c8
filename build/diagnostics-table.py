#!/usr/bin/env python3
"""Prints the README's diagnostics table rows from every src/**/*DiagnosticCodes.cs: the code, a
severity guess from the constant's name/comment, and the first sentence(s) of its doc comment.
Run it after adding codes: `build/diagnostics-table.py --write` replaces the table in README.md in place
(without --write it prints the rows). DocumentationTests checks that every code is listed."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
rows = {}
for path in sorted((root / "src").rglob("*DiagnosticCodes.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    text = path.read_text()
    for m in re.finditer(r'((?:\s*///[^\n]*\n)+)\s*(?:public|internal)\s+const\s+string\s+(\w+)\s*=\s*"(FF\d{4})"', text):
        doc = " ".join(l.strip()[3:].strip() for l in m.group(1).strip().splitlines())
        doc = re.sub(r"</?summary>|<see cref=\"([^\"]+)\"\s*/>|</?c>|</?para>", lambda x: x.group(1) or "", doc).strip()
        doc = re.sub(r"<[^>]+>", "", doc).replace("|", "\\|")
        rows.setdefault(m.group(3), (m.group(2), doc, path.parent.name))
lines = [f"| {code} | {rows[code][1]} |" for code in sorted(rows)]
if "--write" in sys.argv[1:]:
    readme = root / "README.md"
    text = readme.read_text()
    header = "| code | meaning and fix |\n|---|---|\n"
    start = text.index(header) + len(header)
    end = text.index("\n\n", start)
    readme.write_text(text[:start] + "\n".join(lines) + text[end:])
    print(f"README.md: {len(lines)} diagnostics")
else:
    print("\n".join(lines))
