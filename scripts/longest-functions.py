#!/usr/bin/env python3
"""The longest functions of the crate: `scripts/longest-functions.py [N] [path…]`.

Counts each `fn` from its signature to the closing brace at the same
indentation (rustfmt style), tests included unless they sit in tests/.
"""
import re
import sys
from pathlib import Path

top = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 15
roots = [a for a in sys.argv[1:] if not a.isdigit()] or ["src"]
sizes = []
for root in roots:
    for path in sorted(Path(root).rglob("*.rs")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^(\s*)(pub(\([a-z]+\))? )?(const )?(async )?fn (\w+)", line)
            if not m:
                continue
            indent = m.group(1)
            for j in range(i, len(lines)):
                if lines[j] == indent + "}" or (j == i and line.rstrip().endswith("}")):
                    sizes.append((j - i + 1, f"{path}:{i + 1}", m.group(6)))
                    break
                if lines[j].rstrip().endswith(";") and j == i:
                    break
for n, where, name in sorted(sizes, reverse=True)[:top]:
    print(f"{n:5}  {name:40} {where}")
