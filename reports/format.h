// Number formatting and escaping shared by the table, figure and HTML writers. Deterministic:
// the same value always prints the same bytes (tables must be byte-identical across runs).
#pragma once

#include <optional>
#include <string>

#include "reports/table_data.h"

namespace merlab::reports {

inline constexpr int kDecimals = 2;  // percent values in tables: 70.12

// Fraction -> percent text with kDecimals ("70.12"); "-" for NaN (or an absent value).
std::string pct(double fraction);
std::string pct(const std::optional<double>& fraction);
// "70.12 ± 1.03" (plus-minus as given), "70.12" when sd is NaN (one seed), "-" when empty;
// with show_n, " (n=K)" is appended.
std::string mean_sd(const Summary& s, const std::string& plus_minus, bool show_n);
// "+6.42" / "-1.30" (percent, 2 decimals), "-" when absent.
std::string signed_pct(const std::optional<double>& percent);
// p-values: "<0.001", "0.031", "1.000"; "-" for NaN.
std::string p_text(double p);
// Shortest text that reads back to the same double (CSV); empty for NaN.
std::string num(double v);

std::string csv_field(const std::string& s);    // quotes when needed
std::string latex_escape(const std::string& s);
std::string html_escape(const std::string& s);
std::string md_escape(const std::string& s);    // escapes '|' and leading/trailing spaces
// File-name-safe form of a label: [A-Za-z0-9._-] kept, every other byte -> '-'.
std::string slug(const std::string& s);

}  // namespace merlab::reports
