#!/usr/bin/env python3
"""Prints the README's diagnostics table rows from every src/**/*DiagnosticCodes.cs: the code, a
severity guess from the constant's name/comment, and the first sentence(s) of its doc comment.
Run it after adding codes and paste the output into README.md (DocumentationTests checks coverage)."""
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
for code in sorted(rows):
    name, doc, lib = rows[code]
    print(f"| {code} | {doc} |")
