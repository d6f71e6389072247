// `mer eval-preds` end to end, with parity against scikit-learn on random predictions.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "tests/support/test_support.h"

using namespace merlab::test;

namespace {

// Compares mer's JSON with sklearn: accuracy, macro F1 and macro recall over the classes present
// in y_true (MEGC's rule), per-class support, confusion matrix, and every subject's scores.
const char* kCheckScript = R"PY(
import csv, json, sys
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score, confusion_matrix
def check(name, got, want):
    if abs(got - want) > 1e-12:
        sys.exit(f'{name}: mer {got!r} sklearn {want!r}')
def scores(t, p):
    present = sorted(set(t.tolist()))
    return (accuracy_score(t, p),
            f1_score(t, p, labels=present, average='macro', zero_division=0),
            recall_score(t, p, labels=present, average='macro', zero_division=0))
def check_case(csv_path, json_path, classes):
    rows = list(csv.DictReader(open(csv_path)))
    idx = {c: i for i, c in enumerate(classes)}
    yt = np.array([idx[r['y_true']] for r in rows]); yp = np.array([idx[r['y_pred']] for r in rows])
    subj = np.array([r['subject'] for r in rows])
    out = json.load(open(json_path))
    acc, uf1, uar = scores(yt, yp)
    check('accuracy', out['accuracy'], acc); check('uf1', out['uf1'], uf1); check('uar', out['uar'], uar)
    if out['n'] != len(rows): sys.exit('n')
    if out['classes'] != classes: sys.exit(f"classes {out['classes']}")
    cm = confusion_matrix(yt, yp, labels=list(range(len(classes))))
    if out['confusion_matrix'] != cm.tolist(): sys.exit('confusion matrix')
    for c, pc in enumerate(out['per_class']):
        if pc['support'] != int((yt == c).sum()): sys.exit(f'support {c}')
        if pc['counted'] != bool((yt == c).any()): sys.exit(f'counted {c}')
    means = []
    for s in sorted(set(subj.tolist())):
        m = subj == s
        a, f, r = scores(yt[m], yp[m])
        got = out['per_subject'][s]
        check(f'{s} accuracy', got['accuracy'], a); check(f'{s} uf1', got['uf1'], f); check(f'{s} uar', got['uar'], r)
        means.append(f)
    check('subject_mean uf1', out['subject_mean']['uf1'], float(np.mean(means)))
    print('parity ok', csv_path, acc, uf1, uar)
# Arguments: triples (csv, json, classes); one interpreter start for every case (sklearn is slow to import).
a = sys.argv[1:]
for i in range(0, len(a), 3):
    check_case(a[i], a[i + 1], a[i + 2].split(','))
)PY";

struct Case {
  std::string csv;
  std::vector<std::string> classes;
};

// Random predictions: `n` clips over `subjects` subjects; class `absent` (if >= 0) never occurs as
// ground truth but may be predicted. Columns deliberately not in the canonical order.
Case random_case(std::uint32_t seed, int n, int subjects, std::vector<std::string> classes, int absent) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> cls(0, static_cast<int>(classes.size()) - 1);
  std::uniform_int_distribution<int> sub(1, subjects);
  std::bernoulli_distribution correct(0.55);
  std::ostringstream csv;
  csv << "clip,y_pred,subject,y_true\n";
  for (int i = 0; i < n; ++i) {
    int t = cls(rng);
    while (t == absent) t = cls(rng);
    int p = correct(rng) ? t : cls(rng);
    csv << "c" << i << "," << classes[static_cast<std::size_t>(p)] << ",sub" << sub(rng) << ","
        << classes[static_cast<std::size_t>(t)] << "\n";
  }
  return {csv.str(), classes};
}

}  // namespace

TEST(MetricsEvalPreds, SklearnParityOnRandomPredictions) {
  // Cases: names sorted without --classes (anger < happiness < other < surprise), and an explicit
  // order with 'contempt' in the label space, predicted sometimes but never true (excluded from
  // the means, as sklearn with labels=<present classes>).
  struct Spec {
    Case c;
    bool pass_classes;
  };
  std::vector<Spec> specs;
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    specs.push_back({random_case(seed, 120, 9, {"anger", "happiness", "other", "surprise"}, -1), false});
  }
  specs.push_back({random_case(7, 90, 6, {"negative", "positive", "surprise", "contempt"}, 3), true});
  specs.push_back({random_case(11, 40, 12, {"negative", "positive", "surprise"}, 0), true});

  TempDir dir("merlab-evalpreds");
  std::string py_args;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& c = specs[i].c;
    auto csv = dir / ("preds" + std::to_string(i) + ".csv");
    auto out = dir / ("mer" + std::to_string(i) + ".json");
    write_file(csv, c.csv);
    std::string joined;
    for (const auto& k : c.classes) joined += (joined.empty() ? "" : ",") + k;
    std::vector<std::string> args = {"eval-preds", csv.string()};
    if (specs[i].pass_classes) {
      args.push_back("--classes");
      args.push_back(joined);
    }
    auto r = run_mer(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_file(out, r.out);
    py_args += " " + shell_quote(csv.string()) + " " + shell_quote(out.string()) + " " + shell_quote(joined);
  }
  write_file(dir / "check.py", kCheckScript);
  auto py = run_shell(reference_python() + " " + shell_quote((dir / "check.py").string()) + py_args);
  EXPECT_EQ(py.exit_code, 0) << py.out << py.err;
  std::size_t oks = 0;
  for (auto pos = py.out.find("parity ok"); pos != std::string::npos; pos = py.out.find("parity ok", pos + 1)) ++oks;
  EXPECT_EQ(oks, specs.size()) << py.out;
}

TEST(MetricsEvalPreds, HandComputedJsonAndIntegerLabels) {
  TempDir dir("merlab-evalpreds");
  // Same data as MetricsClassification.HandComputedThreeClasses, integer labels.
  write_file(dir / "p.csv",
             "subject,y_true,y_pred\n"
             "a,0,0\na,0,0\na,0,0\na,0,1\nb,1,1\nb,1,1\nb,1,2\nb,2,2\nb,2,0\nb,2,2\n");
  auto r = run_mer({"eval-preds", (dir / "p.csv").string(), "--compact"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"accuracy\":0.7,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"classes\":[\"0\",\"1\",\"2\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"confusion_matrix\":[[3,1,0],[0,2,1],[1,0,2]]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"per_subject\":{\"a\":{\"n\":4,\"accuracy\":0.75"), std::string::npos) << r.out;
  for (const char* key : {"\"uf1\":", "\"uar\":", "\"per_class\":", "\"n\":10", "\"subject_mean\":"}) {
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  }
}

TEST(MetricsEvalPreds, BadFilesNameFileAndLine) {
  TempDir dir("merlab-evalpreds");
  auto run = [&](const std::string& name, const std::string& content, std::vector<std::string> extra = {}) {
    write_file(dir / name, content);
    std::vector<std::string> args = {"eval-preds", (dir / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_mer(args);
  };
  auto missing = run("missing.csv", "subject,y_true\ns1,a\n");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("missing.csv:1: missing column 'y_pred'"), std::string::npos) << missing.err;

  auto empty = run("empty.csv", "");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("empty.csv:1: empty file"), std::string::npos) << empty.err;

  auto header_only = run("header.csv", "subject,y_true,y_pred\n");
  EXPECT_EQ(header_only.exit_code, 1);
  EXPECT_NE(header_only.err.find("header.csv:2: no prediction rows"), std::string::npos) << header_only.err;

  auto ragged = run("ragged.csv", "subject,y_true,y_pred\ns1,a,a\ns1,a\n");
  EXPECT_EQ(ragged.exit_code, 1);
  EXPECT_NE(ragged.err.find("ragged.csv:3: 2 fields, expected 3"), std::string::npos) << ragged.err;

  auto unknown = run("unknown.csv", "subject,y_true,y_pred\ns1,a,b\ns1,a,zzz\n", {"--classes", "a,b"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown.csv:3: y_pred label 'zzz'"), std::string::npos) << unknown.err;

  auto nofile = run_mer({"eval-preds", (dir / "absent.csv").string()});
  EXPECT_EQ(nofile.exit_code, 1);
  EXPECT_NE(nofile.err.find("absent.csv: cannot open"), std::string::npos) << nofile.err;

  EXPECT_EQ(run_mer({"eval-preds"}).exit_code, 2);
  EXPECT_EQ(run_mer({"eval-preds", "a.csv", "b.csv"}).exit_code, 2);
  auto bad_rule = run("ok.csv", "subject,y_true,y_pred\ns,a,a\n", {"--absent-classes", "skip"});
  EXPECT_EQ(bad_rule.exit_code, 2) << bad_rule.err;
  EXPECT_EQ(run_mer({"eval-preds", "--help"}).exit_code, 0);
}

TEST(MetricsEvalPreds, LabelsAreAllNamesOrAllIndicesBelowTheClassCount) {
  TempDir dir("merlab-evalpreds-labels");
  auto run = [&](const std::string& name, const std::string& rows, std::vector<std::string> extra = {}) {
    write_file(dir / name, "subject,y_true,y_pred\n" + rows);
    std::vector<std::string> args = {"eval-preds", (dir / name).string(), "--compact"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_mer(args);
  };
  auto negative = run("negative.csv", "s1,0,1\ns1,-1,0\n");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_NE(negative.err.find("negative.csv:3: y_true label '-1' is not a class index: expected an integer 0..999"),
            std::string::npos) << negative.err;
  EXPECT_NE(negative.err.find("--max-classes N"), std::string::npos) << negative.err;

  auto fraction = run("fraction.csv", "s1,0,1.5\n");
  EXPECT_EQ(fraction.exit_code, 1);
  EXPECT_NE(fraction.err.find("fraction.csv:2: y_pred label '1.5' is not a class index"), std::string::npos)
      << fraction.err;

  auto big = run("big.csv", "s1,0,2000000000\n");
  EXPECT_EQ(big.exit_code, 1);
  EXPECT_NE(big.err.find("big.csv:2: y_pred label '2000000000' is not a class index"), std::string::npos) << big.err;

  auto mixed = run("mixed.csv", "s1,0,1\ns1,happy,0\n");
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_NE(mixed.err.find("mixed.csv:3: y_true label 'happy' is a class name, but line 2 has the index '0'"),
            std::string::npos) << mixed.err;

  // With a class list: indices below its size, or its names, but not both.
  auto beyond = run("beyond.csv", "s1,0,3\n", {"--classes", "a,b,c"});
  EXPECT_EQ(beyond.exit_code, 1);
  EXPECT_NE(beyond.err.find("beyond.csv:2: y_pred label '3' is not one of the classes (a,b,c) nor an index 0..2"),
            std::string::npos) << beyond.err;
  auto mixed_list = run("mixed_list.csv", "s1,a,1\n", {"--classes", "a,b,c"});
  EXPECT_EQ(mixed_list.exit_code, 1);
  EXPECT_NE(mixed_list.err.find("mixed_list.csv:2: y_true label 'a' is a class name"), std::string::npos)
      << mixed_list.err;
  auto indices = run("indices.csv", "s1,0,2\ns2,1,1\n", {"--classes", "a,b,c"});
  EXPECT_EQ(indices.exit_code, 0) << indices.err;
  EXPECT_NE(indices.out.find("\"classes\":[\"a\",\"b\",\"c\"]"), std::string::npos) << indices.out;
  // Numeric class names that are listed read as names.
  auto numeric_names = run("numeric_names.csv", "s1,3,1\ns2,1,3\n", {"--classes", "3,1"});
  EXPECT_EQ(numeric_names.exit_code, 0) << numeric_names.err;
  EXPECT_NE(numeric_names.out.find("\"accuracy\":0,"), std::string::npos) << numeric_names.out;

  auto lowered = run("lowered.csv", "s1,0,5\n", {"--max-classes", "5"});
  EXPECT_EQ(lowered.exit_code, 1);
  EXPECT_NE(lowered.err.find("limits.max_classes = 5 classes"), std::string::npos) << lowered.err;
}

TEST(MetricsEvalPreds, LongLinesAndLargeFilesAreRefused) {
  TempDir dir("merlab-evalpreds-limits");
  write_file(dir / "long.csv", "subject,y_true,y_pred\ns1,a,a\n" + std::string(5000, 'x') + ",a,a\n");
  auto r = run_mer({"eval-preds", (dir / "long.csv").string(), "--max-line-bytes", "1024"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("long.csv:3: line longer than 1024 bytes (1 KiB); limit limits.csv_max_line_bytes"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("raise it with --max-line-bytes N"), std::string::npos) << r.err;
  EXPECT_EQ(run_mer({"eval-preds", (dir / "long.csv").string()}).exit_code, 0);  // the default allows it

  // A file without any line break is not read whole.
  write_file(dir / "one_line.csv", std::string(3 << 20, 'y'));
  r = run_mer({"eval-preds", (dir / "one_line.csv").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("one_line.csv:1: line longer than 1048576 bytes (1 MiB)"), std::string::npos) << r.err;

  r = run_mer({"eval-preds", (dir / "long.csv").string(), "--max-file-bytes", "100"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("long.csv: predictions file of"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--max-file-bytes N"), std::string::npos) << r.err;
  EXPECT_EQ(run_mer({"eval-preds", (dir / "long.csv").string(), "--max-line-bytes", "0"}).exit_code, 2);
}
