"""The people's-congress bundle printed to PDF by headless Chromium, read back with pdftotext."""
import json
import os
import re
import subprocess
import zipfile

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GONGKAI = os.environ.get("GONGKAI_BIN", os.path.join(ROOT, ".build", "debug", "gongkai"))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    target = folder / "accounts-2024.zip"
    run = subprocess.run([GONGKAI, "bundle", "--site", ROOT, "--year", "2024", "--stage", "accounts", "--output", str(target), "--pdf"],
                         capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1751328000"})
    assert run.returncode == 0, run.stderr
    digest = re.search(r"根摘要（SHA-256，manifest.json）：([0-9a-f]{64})", run.stdout).group(1)
    return target, folder / "accounts-2024.pdf", digest


def test_the_pdf_carries_the_summary_figures(bundle):
    zip_path, pdf_path, _ = bundle
    manifest = json.loads(zipfile.ZipFile(zip_path).read("manifest.json"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    assert "2024年度决算绩效信息" in compact
    assert f"本材料收录2024年度{manifest['counts']['departments']}个部门的{manifest['counts']['projects']}个项目" in compact
    amount = f"{float(manifest['amount_in_wan']):,.2f}"
    assert f"涉及全年预算{amount}万元" in compact
    assert "第2页" in compact  # page numbers in print
    assert "青峰" not in compact and "禾丰-2" not in compact


def test_verify_accepts_the_bundle_and_prints_its_root_digest(bundle):
    zip_path, _, digest = bundle
    run = subprocess.run([GONGKAI, "verify", str(zip_path), "--expect", digest], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert digest in run.stdout


def test_verify_rejects_a_changed_bundle(bundle, tmp_path):
    zip_path, _, digest = bundle
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data/projects.csv":
                data = data.replace(b"2024", b"2023", 1)
            target.writestr(info, data)
    run = subprocess.run([GONGKAI, "verify", str(changed), "--expect", digest], capture_output=True, text=True)
    assert run.returncode == 1
    assert "摘要不符：data/projects.csv" in run.stderr


LONG = "QingchuanMunicipalBudgetPerformanceDisclosurePlatformForTheYearTwoThousandTwentyFive"


def test_a_long_word_is_printed_whole_not_cut_at_the_page_edge(tmp_path):
    # A run of Latin letters with no space (an English name, a web address) in a department's name, a
    # unit or a goal ran past the A4 page and was cut off on paper: the report the people's congress
    # receives lost the end of those lines.
    site = tmp_path / "site"
    subprocess.run([GONGKAI, "new", str(site)], check=True, capture_output=True)
    orgs = site / "content" / "organisations.yaml"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace("name: 示例市财政局本级", f"name: 本级{LONG}")
                    .replace("name: 示例市财政局", f"name: 财政局{LONG}"), encoding="utf-8")
    project = site / "content" / "projects" / "2025" / "CZJ-001.md"
    project.write_text(project.read_text(encoding="utf-8").replace("goal: 委托第三方机构", f"goal: 见https://example.gov.cn/{LONG}/{LONG}。委托第三方机构"),
                       encoding="utf-8")
    run = subprocess.run([GONGKAI, "bundle", "--site", str(site), "--year", "2025", "--stage", "budget", "--all-projects",
                          "--output", str(tmp_path / "budget-2025.zip"), "--pdf"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "budget-2025.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    assert compact.count("1.财政局" + LONG) == 2  # in the contents and as the department's heading
    assert f"https://example.gov.cn/{LONG}/{LONG}。" in compact
