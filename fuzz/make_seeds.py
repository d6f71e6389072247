#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ (docs/fuzzing.md).

    fuzz/make_seeds.py [fuzz_seed_files binary]

Text seeds come from the test fixtures: the Hydra conformance cases
(tests/config/fixtures/hydra_conformance.yaml) for overrides, sweeps and composition, the
fixture and shipped config trees for YAML, and small sheets in the shapes the dataset adapters
read. Binary seeds (xlsx workbooks, PNG and JPEG frames) are written by the fuzz_seed_files
tool of the fuzz build (fuzz/seed_files.cpp) when its path is given; the structure-aware xlsx
corpus is then cut from those workbooks. Each file is named by the hash of its content, so
rerunning the script is idempotent. Files named regress-* are inputs that once crashed a target
(docs/fuzzing.md) and are kept.
"""
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SEP = "\n%%\n"  # section marker of the multi-part inputs (fuzz/fuzz_support.h split_sections)


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def flow(node):
    return yaml.safe_dump(node, default_flow_style=False, sort_keys=False)


def conformance_seeds():
    cases = yaml.safe_load((ROOT / "tests/config/fixtures/hydra_conformance.yaml").read_text())["cases"]
    fixture_primary = (ROOT / "tests/config/fixtures/conf/config.yaml").read_text()
    for c in cases:
        if "parse" in c:
            put("override", c["parse"])
        if "compose" in c:
            comp = c["compose"]
            put("compose", flow(comp.get("input", {})) + SEP + "\n".join(comp.get("overrides", [])) + "\n")
            for o in comp.get("overrides", []):
                put("override", o)
        if "group" in c:
            put("compose", fixture_primary + SEP + "\n".join(c["group"]) + "\n")
            put("sweep", "\n".join(c["group"]) + "\n")
        if "sweep" in c:
            put("sweep", "\n".join(c["sweep"]) + "\n")
            put("sweep_block", flow({"sweep": {"grid": {o.split("=", 1)[0]: o.split("=", 1)[1]
                                                        for o in c["sweep"] if "=" in o and not o.startswith("zip(")}}}))


def yaml_seeds():
    trees = [ROOT / "tests/config/fixtures", ROOT / "experiments/conf"]
    for tree in trees:
        for f in sorted(tree.rglob("*.yaml")):
            if f.name == "hydra_conformance.yaml":
                continue
            text = f.read_text()
            put("yaml", text)
            put("compose", text)
            if "sweep:" in text:
                put("sweep_block", text)
    # The forms add_sweep_block documents (framework/config/sweep.h).
    put("sweep_block", "sweep:\n  grid: {model: [small, large], seed: range(0,3)}\n"
                       "  zip: {aug: [plain, x], train.epochs: [10, 20]}\n")
    put("sweep_block", "sweep:\n  zip: [{a: [1, 2], b: [x, y]}, {c: [p, q], d: ['1', '2']}]\n")
    put("sweep_block", "sweep:\n  grid: {model: 'glob(*,exclude=large)', lr: 'choice(0.1,0.01)'}\n")
    put("yaml", "a: &x {b: [1, 2.5, ~, true, '010']}\nc: *x\nd: !!str 3\ne: \"${a.b}\"\n")


def table_seeds():
    put("csv", "Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Action Units,Estimated Emotion\n"
               "01,EP02_01f,46,59,86,12,happiness\n02,EP03_02,0,,30,4+L10,disgust\n")
    put("csv", "\ufeffa,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",2,\r\n,,\r\n")
    put("csv", "Title row\n\nsubject;onset\n\"s1\",\"10\"\n")
    put("predictions_csv", "subject,y_true,y_pred\ns1,negative,positive\ns1,surprise,surprise\ns2,positive,negative\n")
    put("predictions_csv", "clip,y_pred,subject,y_true\nc1,0,s1,0\nc2,2,s1,1\nc3,1,s2,2\n")
    put("predictions_csv", "\"subject\",\"y_true\",\"y_pred\"\r\n\"s,1\",\"a\",\"b\"\r\n\"s2\",\"b\",\"b\"\r\n")


def binary_seeds(tool):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([tool, tmp], check=True)
        for f in sorted(pathlib.Path(tmp, "frame").iterdir()):
            put("frame", f.read_bytes())
        for f in sorted(pathlib.Path(tmp, "xlsx").iterdir()):
            put("xlsx", f.read_bytes())
            with zipfile.ZipFile(f) as z:
                names = z.namelist()
                part = lambda n: z.read(n).decode() if n in names else ""
                put("xlsx_parts", SEP.join([part("xl/worksheets/sheet1.xml"), part("xl/sharedStrings.xml"),
                                            part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels")]))


def clear(d):
    for f in (CORPUS / d).glob("*"):
        if not f.name.startswith("regress-"):
            f.unlink()


def main():
    for d in ("override", "sweep", "sweep_block", "yaml", "compose", "csv", "predictions_csv"):
        clear(d)
    conformance_seeds()
    yaml_seeds()
    table_seeds()
    if len(sys.argv) > 1:
        for d in ("frame", "xlsx", "xlsx_parts"):
            clear(d)
        binary_seeds(sys.argv[1])
    for d in sorted(CORPUS.iterdir()):
        files = list(d.iterdir())
        print(f"{d.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
