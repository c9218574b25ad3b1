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
