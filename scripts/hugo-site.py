#!/usr/bin/env python3
"""Turns a gongkai site into an equivalent Hugo site for the benchmark: one Hugo page per project
(its funding and indicator tables as Markdown tables, its narrative) and per Markdown page, with a
minimal layout. Hugo does far less than gongkai (no disclosure filter, no leak audit, no open data,
no search index): it is the bar for raw page rendering.

    scripts/hugo-site.py /tmp/large-site /tmp/large-site-hugo
"""
import os, re, shutil, sys
import yaml

def split(text):
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}, m.group(2)) if m else ({}, text)

def cell(v):
    return str(v if v is not None else "").replace("|", "\\|").replace("\n", " ")

def value(v):
    return v.get("value") if isinstance(v, dict) else v

def project_page(meta, body):
    lines = [f"# {meta.get('name')}", "", f"编码 {meta.get('code')}，{meta.get('year')} 年度，部门 {meta.get('department')}", ""]
    funding = meta.get("funding") or {}
    if funding.get("lines"):
        lines += ["## 资金", "", "| 来源 | 年初预算 | 全年预算 | 全年执行 |", "|---|---|---|---|"]
        for l in funding["lines"]:
            lines.append("| " + " | ".join(cell(l.get(k)) for k in ("source", "initial", "budget", "spent")) + " |")
        lines.append("")
    targets = meta.get("targets") or {}
    if targets:
        lines += ["## 绩效目标", "", cell(value(targets.get("goal"))), "",
                  "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |", "|---|---|---|---|---|---|---|"]
        for g in targets.get("indicators") or []:
            for s in g.get("children") or []:
                for leaf in s.get("children") or []:
                    lines.append("| " + " | ".join(cell(x) for x in (g.get("name"), s.get("name"), leaf.get("name"), leaf.get("target"),
                                                                    leaf.get("actual"), leaf.get("weight"), leaf.get("score"))) + " |")
        lines.append("")
    return "\n".join(lines) + "\n" + re.sub(r"^\s*[:：]{3}.*$", "", body, flags=re.M)

def main():
    src, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "layouts", "_default"))
    open(os.path.join(out, "config.yaml"), "w").write(
        "baseURL: https://example.gov.cn/\nlanguageCode: zh-cn\ntitle: 基准\ndisableKinds: [taxonomy, term, RSS, sitemap]\n"
        "markup: {goldmark: {renderer: {unsafe: false}}}\n")
    layout = os.path.join(out, "layouts", "_default")
    open(os.path.join(layout, "baseof.html"), "w").write(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body><header><a href="/">首页</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
    open(os.path.join(layout, "single.html"), "w").write('{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n')
    open(os.path.join(layout, "list.html"), "w").write(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
        '{{ end }}</ul>{{ end }}\n')
    count = 0
    for folder, _, files in os.walk(os.path.join(src, "content")):
        for name in files:
            if not name.endswith(".md"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), os.path.join(src, "content"))
            meta, body = split(open(os.path.join(folder, name), encoding="utf-8").read())
            if rel.startswith("projects"):
                title, text, date = meta.get("name"), project_page(meta, body), "2025-01-01"
            else:
                title, text, date = meta.get("title"), body, str(meta.get("date") or "2025-01-01")
            target = os.path.join(out, "content", rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "w", encoding="utf-8").write(f"---\ntitle: {yaml.safe_dump(str(title), allow_unicode=True).strip().splitlines()[0]}\ndate: {date}\n---\n{text}")
            count += 1
    print(f"{count} Hugo pages in {out}")

main()
