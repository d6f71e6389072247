// index.html in a real browser: Debian's headless Chromium loads the page of a fixture report
// (with its figures when gnuplot is there) inside a test page that, once everything has
// loaded, counts images that did not load, checks that the page's script made every sortable
// table filterable, sorts the results table by UF1 both ways and filters it. Script errors
// and failed loads show in Chromium's console log, which the test reads too.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "framework/common/strings.h"
#include "framework/common/error.h"
#include "reports/gnuplot.h"
#include "reports/report.h"
#include "tests/reports/report_fixture.h"
#include "tests/support/test_support.h"

using namespace merlab;
namespace fs = std::filesystem;

namespace {

const char* kChromium = "/usr/bin/chromium";

// Runs in the test page (not in the report): the report is its iframe, read through
// --allow-file-access-from-files.
const char* kHarness = R"HTML(<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<pre id="result">not run</pre>
<iframe id="page" src="index.html" width="1400" height="900"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {
  var out = [];
  try {
    var d = document.getElementById("page").contentDocument;
    var broken = 0;
    for (var i = 0; i < d.images.length; i++)
      if (!d.images[i].complete || d.images[i].naturalWidth === 0) broken++;
    out.push("images=" + d.images.length, "broken=" + broken);
    out.push("sortable=" + d.querySelectorAll("table.sortable").length);
    out.push("filters=" + d.querySelectorAll("input.filter").length);
    var t = d.querySelector("table.results");
    var heads = t.tHead.rows[0].cells, col = -1;
    for (var h = 0; h < heads.length; h++) if (heads[h].textContent.indexOf("UF1 (%)") === 0) col = h;
    var values = function () {
      return Array.prototype.map.call(t.tBodies[0].rows, function (r) { return r.cells[col].getAttribute("data-v"); });
    };
    out.push("before=" + values().join(","));
    heads[col].click();
    out.push("first=" + values().join(","));
    heads[col].click();
    out.push("second=" + values().join(","));
    out.push("sort_mark=" + heads[col].getAttribute("aria-sort"));
    var box = t.previousElementSibling;
    box.value = "resnet";
    box.dispatchEvent(new Event("input"));
    var shown = Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return r.style.display !== "none"; });
    out.push("shown=" + shown.length + "/" + t.tBodies[0].rows.length);
  } catch (e) {
    out.push("harness_error=" + e);
  }
  document.getElementById("result").textContent = out.join("\n");
});
</script></body></html>
)HTML";

bool have_gnuplot() {
  try {
    reports::find_gnuplot();
    return true;
  } catch (const RuntimeError&) {
    return false;
  }
}

std::vector<double> numbers(const std::string& csv) {
  std::vector<double> out;
  for (const auto& s : split(csv, ',')) out.push_back(std::stod(s));
  return out;
}

}  // namespace

TEST(ReportBrowser, PageLoadsEveryImageRunsItsScriptAndSorts) {
  if (!fs::exists(kChromium))
    GTEST_SKIP() << kChromium << " not found (Debian package chromium, in tools/install-deps.sh): browser test skipped";
  test::TempDir dir("merlab-browser");
  test::ReportFixture spec;
  spec.strategies = 3;
  test::build_report_fixture(dir / "results.sqlite", spec);
  reports::ReportOptions o;
  o.input = dir.path();
  o.bootstrap_resamples = 100;
  o.figures = have_gnuplot();
  o.formats = {"png", "svg"};
  const auto r = reports::generate_report(o);
  test::write_file(r.out_dir / "browser-check.html", kHarness);

  const auto profile = dir / "chromium-profile";
  const auto res = test::run_shell(
      "timeout 120 " + std::string(kChromium) +
      " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
      " --no-first-run --user-data-dir=" + test::shell_quote(profile.string()) +
      " --allow-file-access-from-files --enable-logging=stderr --v=0 --dump-dom " +
      test::shell_quote("file://" + fs::absolute(r.out_dir / "browser-check.html").string()));
  ASSERT_EQ(res.exit_code, 0) << res.err;
  const auto begin = res.out.find("<pre id=\"result\">");
  ASSERT_NE(begin, std::string::npos) << res.out;
  const auto text = res.out.substr(begin + 17, res.out.find("</pre>", begin) - begin - 17);
  std::map<std::string, std::string> got;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) got[line.substr(0, eq)] = line.substr(eq + 1);
  }
  ASSERT_EQ(got.count("harness_error"), 0u) << got["harness_error"];
  ASSERT_TRUE(got.count("shown")) << text;

  // Every image loaded; with figures there are some.
  EXPECT_EQ(got["broken"], "0");
  if (o.figures) EXPECT_GE(std::stoi(got["images"]), 17);
  // The script ran to its end: one filter box per sortable table (results, per-class, config).
  EXPECT_EQ(got["sortable"], "3");
  EXPECT_EQ(got["filters"], got["sortable"]);
  // First click: best first; second click: the other way round.
  const auto before = numbers(got["before"]), first = numbers(got["first"]), second = numbers(got["second"]);
  ASSERT_EQ(first.size(), 6u);  // one row per cell: 2 models x 3 strategies
  EXPECT_TRUE(std::is_sorted(first.rbegin(), first.rend())) << got["first"];
  EXPECT_TRUE(std::is_sorted(second.begin(), second.end())) << got["second"];
  EXPECT_FALSE(std::is_sorted(before.rbegin(), before.rend())) << "fixture already sorted: the sort is not tested";
  EXPECT_EQ(got["sort_mark"], "ascending");
  EXPECT_EQ(got["shown"], "3/6");  // the resnet18 rows
  // No script error and no failed load in the console.
  for (const char* bad : {"Uncaught", "Failed to load resource", "ERR_FILE_NOT_FOUND"})
    EXPECT_EQ(res.err.find(bad), std::string::npos) << bad << "\n" << res.err;
}
