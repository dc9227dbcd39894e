// Unit tests of the pieces of mlkem bench: statistics, derived figures, the
// JSON report and its validation, --compare, the SVG chart (through the
// test's own XML checker), and that checker itself.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bench/compare.h"
#include "bench/report.h"
#include "bench/stats.h"
#include "xml_check.h"

using namespace mlkem::tool::bench;

namespace {

Figure fig(const char *set, const char *op, const char *backend, double ticks) {
  Figure f;
  f.set = set;
  f.kind = std::string(set).rfind("ML-KEM", 0) == 0 ? "kem" : "hybrid";
  f.op = op;
  f.backend = backend;
  f.median_ticks = ticks;
  f.p90_ticks = ticks * 1.5;
  f.samples = 64;
  return f;
}

Report sample_report(double rate = 2000, const char *unit = "TSC ticks") {
  Report r;
  r.library_version = "9.9.9";
  r.timestamp = "2026-01-01T00:00:00Z";
  r.label = "x";
  r.cpu_model = "Test CPU";
  r.arch = "x86_64";
  r.cpu_features = {"avx2", "bmi2"};
  r.compiler_id = "GNU";
  r.compiler_version = "12.2.0";
  r.build_type = "Release";
  r.timer_unit = unit;
  r.ticks_per_us = rate;
  r.tick_rate_source = "test";
  r.seconds_budget = 1;
  r.seconds_elapsed = 1.5;
  r.figures = {fig("ML-KEM-768", "keygen", "ref", 100000),
               fig("ML-KEM-768", "keygen", "avx2", 40000),
               fig("ML-KEM-768", "decaps", "avx2", 30000),
               fig("X25519MLKEM768", "client_finish", "neon", 8000)};
  fill_derived(r);
  return r;
}

std::string error_of(const std::string &json) {
  try {
    (void)report_from_json(json);
  } catch (const ReportError &e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("median and p90 by nearest rank") {
  CHECK(summarize({}).n == 0);
  const Summary one = summarize({7});
  CHECK(one.median == 7);
  CHECK(one.p90 == 7);
  const Summary odd = summarize({5, 1, 3});
  CHECK(odd.median == 3);
  CHECK(odd.p90 == 5);  // rank ceil(2.7) = 3
  const Summary even = summarize({4, 1, 3, 2});
  CHECK(even.median == 2.5);
  CHECK(even.p90 == 4);  // rank ceil(3.6) = 4
  std::vector<double> ten, twenty;
  for (int i = 10; i >= 1; i--) ten.push_back(i);
  for (int i = 1; i <= 20; i++) twenty.push_back(i);
  CHECK(summarize(ten).median == 5.5);
  CHECK(summarize(ten).p90 == 9);      // rank 9
  CHECK(summarize(twenty).p90 == 18);  // rank 18
  CHECK(summarize(twenty).n == 20);
}

TEST_CASE("derived figures: microseconds, ops/s, speed-up over ref") {
  const Report r = sample_report();
  const Figure *ref = find_figure(r, "ML-KEM-768", "keygen", "ref");
  const Figure *avx2 = find_figure(r, "ML-KEM-768", "keygen", "avx2");
  const Figure *decaps = find_figure(r, "ML-KEM-768", "decaps", "avx2");
  const Figure *hybrid = find_figure(r, "X25519MLKEM768", "client_finish", "neon");
  REQUIRE(ref);
  REQUIRE(avx2);
  REQUIRE(decaps);
  REQUIRE(hybrid);
  CHECK(ref->median_us == Approx(50));  // 100000 ticks at 2000 per µs
  CHECK(ref->p90_us == Approx(75));
  CHECK(ref->ops_per_s == Approx(20000));
  CHECK(avx2->median_us == Approx(20));
  CHECK(avx2->ops_per_s == Approx(50000));
  REQUIRE(ref->speedup_vs_ref);
  CHECK(*ref->speedup_vs_ref == Approx(1));
  REQUIRE(avx2->speedup_vs_ref);
  CHECK(*avx2->speedup_vs_ref == Approx(2.5));
  CHECK(!decaps->speedup_vs_ref);  // no ref figure for decaps
  CHECK(!hybrid->speedup_vs_ref);
  CHECK(find_figure(r, "ML-KEM-768", "encaps", "ref") == nullptr);
}

TEST_CASE("JSON report: written, read back, the same") {
  const Report r = sample_report();
  const Report back = report_from_json(report_to_json(r));
  CHECK(back.library_version == r.library_version);
  CHECK(back.cpu_features == r.cpu_features);
  CHECK(back.timer_unit == r.timer_unit);
  CHECK(back.ticks_per_us == r.ticks_per_us);
  REQUIRE(back.figures.size() == r.figures.size());
  for (std::size_t i = 0; i < r.figures.size(); i++) {
    CHECK(back.figures[i].set == r.figures[i].set);
    CHECK(back.figures[i].op == r.figures[i].op);
    CHECK(back.figures[i].backend == r.figures[i].backend);
    CHECK(back.figures[i].median_ticks == r.figures[i].median_ticks);
    CHECK(back.figures[i].speedup_vs_ref.has_value() == r.figures[i].speedup_vs_ref.has_value());
  }
}

TEST_CASE("JSON report: every kind of bad input is refused with its reason") {
  const std::string good = report_to_json(sample_report());
  CHECK(error_of(good) == "(accepted)");
  CHECK(error_of("{\"format\": ").find("not valid JSON") != std::string::npos);
  CHECK(error_of("[1, 2]") == "not a JSON object");
  CHECK(error_of("{\"format\": \"other\", \"format_version\": 1}")
            .find("not an mlkem bench report") != std::string::npos);
  CHECK(error_of("{\"format\": \"mlkem-bench\", \"format_version\": 2}").find("format_version 2") !=
        std::string::npos);
  auto edited = [&](const std::string &from, const std::string &to) {
    std::string s = good;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return error_of(s);
  };
  CHECK(edited("\"median_ticks\": 100000.0", "\"median_ticks\": -1")
            .find("results[0].median_ticks: not a positive number") != std::string::npos);
  CHECK(edited("\"median_ticks\": 100000.0", "\"median_ticks\": \"fast\"")
            .find("results[0].median_ticks: not a number") != std::string::npos);
  CHECK(edited("\"samples\": 64", "\"samples\": 0").find("results[0].samples") !=
        std::string::npos);
  CHECK(edited("\"kind\": \"kem\"", "\"kind\": \"other\"").find("results[0].kind") !=
        std::string::npos);
  CHECK(edited("\"backend\": \"avx2\"", "\"backend\": \"ref\"").find("a second entry") !=
        std::string::npos);
  CHECK(edited("\"timer\"", "\"clock\"").find("missing key \"timer\"") != std::string::npos);
  CHECK(edited("\"results\": [", "\"results\": [], \"x\": [").find("results: empty") !=
        std::string::npos);
}

TEST_CASE("compare: ratios B/A, faster side, entries in one report only") {
  Report a = sample_report();
  Report b = sample_report();
  b.figures = {fig("ML-KEM-768", "keygen", "ref", 50000),
               fig("ML-KEM-768", "keygen", "avx2", 50000),
               fig("ML-KEM-1024", "encaps", "avx2", 1000)};
  fill_derived(b);
  const Comparison c = compare_reports(a, b);
  CHECK(c.in_ticks);
  REQUIRE(c.ratios.size() == 2);
  CHECK(c.ratios[0].backend == "ref");
  CHECK(c.ratios[0].ratio == Approx(0.5));
  CHECK(c.ratios[1].ratio == Approx(1.25));
  REQUIRE(c.only_a.size() == 2);
  CHECK(c.only_a[0]->op == "decaps");
  CHECK(c.only_a[1]->set == "X25519MLKEM768");
  REQUIRE(c.only_b.size() == 1);
  CHECK(c.only_b[0]->set == "ML-KEM-1024");

  // Another counter (or another rate): the medians are compared in µs.
  Report n = sample_report(1000, "ns");
  const Comparison cn = compare_reports(a, n);
  CHECK(!cn.in_ticks);
  REQUIRE(cn.ratios.size() == 4);
  CHECK(cn.ratios[0].ratio == Approx(2.0));  // same ticks at half the rate: twice the µs
  Report faster_clock = sample_report(2100);
  CHECK(!compare_reports(a, faster_clock).in_ticks);
  Report close_clock = sample_report(2010);  // within 1%: the same counter
  CHECK(compare_reports(a, close_clock).in_ticks);
}

TEST_CASE("xml_escape") {
  CHECK(xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  CHECK(xml_escape("\xc2\xb5s") == "\xc2\xb5s");  // UTF-8 passes through
  CHECK(xml_escape(std::string("a\x01"
                               "b")) == "a b");  // not allowed in XML 1.0
}

TEST_CASE("SVG: well-formed, one bar per figure, label escaped") {
  Report r = sample_report();
  r.label = "a<b & \"c\" 'd' ]]> \xc2\xb5";
  r.cpu_model = "CPU <&>";
  const std::string svg = report_to_svg(r);
  xml_check::Element root;
  REQUIRE_NOTHROW(root = xml_check::parse(svg));
  CHECK(root.name == "svg");
  std::vector<const xml_check::Element *> all;
  xml_check::walk(root, all);
  std::size_t bars = 0;
  bool label_seen = false, model_seen = false;
  for (const xml_check::Element *e : all) {
    const std::string *cls = e->attribute("class");
    if (e->name == "rect" && cls && *cls == "bar") {
      bars++;
      const Figure *f = find_figure(r, *e->attribute("data-set"), *e->attribute("data-op"),
                                    *e->attribute("data-backend"));
      CHECK(f != nullptr);
    }
    if (e->name == "text" && e->text.find(r.label) != std::string::npos) label_seen = true;
    if (e->name == "text" && e->text.find(r.cpu_model) != std::string::npos) model_seen = true;
  }
  CHECK(bars == r.figures.size());
  CHECK(label_seen);
  CHECK(model_seen);
}

TEST_CASE("the test's XML checker accepts XML and refuses what is not") {
  const xml_check::Element e = xml_check::parse(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n"
      "<a x=\"&lt;&#x41;&#66;\" y='&quot;'>t&amp;<b/><![CDATA[<&]]><c z=\"1\"></c ></a>\n");
  CHECK(e.name == "a");
  CHECK(*e.attribute("x") == "<AB");
  CHECK(*e.attribute("y") == "\"");
  CHECK(e.text == "t&<&");
  REQUIRE(e.children.size() == 2);
  CHECK(e.children[1].name == "c");

  const char *const bad[] = {
      "<a>&foo;</a>",                 // unknown entity
      "<a>x & y</a>",                 // raw &
      "<a>x < y</a>",                 // raw <
      "<a><b></a></b>",               // mismatched nesting
      "<a>",                          // not closed
      "<a b='1' b='2'/>",             // duplicate attribute
      "<a b=1/>",                     // unquoted attribute
      "<a b=\"<\"/>",                 // < in an attribute
      "<a b='1'c='2'/>",              // no space between attributes
      "<a/><b/>",                     // two roots
      "<a/>text",                     // text after the root
      "<a>\x01</a>",                  // control character
      "<a>\xff</a>",                  // not UTF-8
      "<a>\xc0\xaf</a>",              // overlong UTF-8
      "<a><!-- x -- y --></a>",       // -- in a comment
      "<a>]]></a>",                   // ]]> in text
      "<a>&#0;</a>",                  // reference to a forbidden character
      "<1a/>",                        // bad name
      "<!DOCTYPE a><a/>",             // DOCTYPE
      "<a/><?xml version=\"1.0\"?>",  // declaration not first
      "",
  };
  for (const char *doc : bad) {
    INFO(doc);
    CHECK_THROWS_AS(xml_check::parse(doc), xml_check::Error);
  }
}
