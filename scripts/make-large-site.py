#!/usr/bin/env python3
"""Generates a large synthetic site for benchmarks: the example site's projects copied N times
under new codes (with their withheld parts), spread over many departments, and notices (通知公告)
as Markdown pages — by default one for every ten projects.

    scripts/make-large-site.py 20000 /tmp/large-site [notices] [--distinct]

The copies share the example's wording, as a platform's projects share indicator names, bases and
standard phrases, so equal texts are kept once (TextPool). `--distinct` makes every goal, basis,
deviation, problem, measure and other free text of each copy its own (a numbered note is added), as
a real platform's narratives are: the corpus for measuring memory with little to share.
"""
import os, re, shutil, sys

DISTINCT = re.compile(r"^(\s*(?:-\s+)?(?:goal|basis|problems|measures|goal_achieved|explanation|deviation|reason|summary|"
                      r"content|finding|measure|description):\s*)(\S.*)$")


def distinct(text, i):
    """Every plain free text of one copy made its own: `…（第i号项目第k项说明）`. Quoted, block and flow values stay."""
    lines, k = text.split("\n"), 0
    for n, line in enumerate(lines):
        m = DISTINCT.match(line)
        if m and not m.group(2).startswith(("|", ">", "'", '"', "[", "{")):
            k += 1
            lines[n] = f"{m.group(1)}{m.group(2)}（第{i}号项目第{k}项说明）"
    return "\n".join(lines)


def main():
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    sys.argv = [a for a in sys.argv if not a.startswith("--")]
    unknown = set(flags) - {"--distinct"}
    if unknown:
        sys.exit(f"unknown option: {' '.join(sorted(unknown))}")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/gongkai-large-site"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "content", "projects"))
    shutil.copy(os.path.join(root, "gongkai.yaml"), out)
    shutil.copytree(os.path.join(root, "theme"), os.path.join(out, "theme"))
    shutil.copytree(os.path.join(root, "content", "pages"), os.path.join(out, "content", "pages"))

    templates = []
    for year in sorted(os.listdir(os.path.join(root, "content", "projects"))):
        folder = os.path.join(root, "content", "projects", year)
        for name in sorted(os.listdir(folder)):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            dept = re.search(r"^department:\s*(\S+)", text, re.M).group(1)
            if dept == "GFD":  # keep the classified department's projects out of the copies
                continue
            templates.append((year, text))

    departments = 200
    # Keep the real organisations (pages name them), then add synthetic departments.
    lines = open(os.path.join(root, "content", "organisations.yaml"), encoding="utf-8").read().rstrip("\n").split("\n")
    for d in range(departments):
        lines += [f"  - code: D{d:03d}", f"    name: 青川市第{d + 1}部门", "    units:",
                  f"      - code: D{d:03d}-01", f"        name: 青川市第{d + 1}部门本级"]
    open(os.path.join(out, "content", "organisations.yaml"), "w", encoding="utf-8").write("\n".join(lines) + "\n")

    for i in range(count):
        year, text = templates[i % len(templates)]
        original = re.search(r"^department:\s*(\S+)", text, re.M).group(1)
        # Red Cross projects keep their body: it grades under its own scheme.
        dept = original if original == "HSZ" else f"D{i % departments:03d}"
        code = f"{dept}-{year}-{i:06d}"
        text = re.sub(r"^code:.*$", f"code: {code}", text, count=1, flags=re.M)
        if dept != original:
            text = re.sub(r"^department:.*$", f"department: {dept}", text, count=1, flags=re.M)
            text = re.sub(r"^unit:.*$", f"unit: {dept}-01", text, count=1, flags=re.M)
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}（{i}）", text, count=1, flags=re.M)
        if "--distinct" in flags:
            text = distinct(text, i)
        folder = os.path.join(out, "content", "projects", year)
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, f"{code}.md"), "w", encoding="utf-8").write(text)
    notices = int(sys.argv[3]) if len(sys.argv) > 3 else count // 10
    folder = os.path.join(out, "content", "pages", "tongzhi")
    os.makedirs(folder, exist_ok=True)
    for n in range(notices):
        month, day = 1 + n % 12, 1 + n % 28
        body = "\n\n".join(
            f"{k + 1}．第{n + 1}号通知第{k + 1}段：各部门应按照预算绩效管理办法，于规定时限内公开绩效目标和自评结果，"
            f"并对监控中发现的偏差及时纠偏，确保资金使用效益。本段编号 {n}-{k}。" for k in range(6))
        open(os.path.join(folder, f"n{n:05d}.md"), "w", encoding="utf-8").write(
            f"---\ntitle: 关于做好预算绩效信息公开工作的通知（第{n + 1}号）\ndate: 2025-{month:02d}-{day:02d}\n"
            f"category: 通知公告\n---\n{body}\n")
    print(f"{count} projects and {notices} notices in {out}")

main()
