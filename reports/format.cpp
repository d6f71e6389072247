#include "reports/format.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

namespace merlab::reports {

std::string pct(double fraction) {
  if (std::isnan(fraction)) return "-";
  return fmt::format("{:.{}f}", fraction * 100.0, kDecimals);
}

std::string pct(const std::optional<double>& fraction) { return fraction ? pct(*fraction) : "-"; }

std::string mean_sd(const Summary& s, const std::string& plus_minus, bool show_n) {
  if (s.n == 0 || std::isnan(s.mean)) return "-";
  std::string out = pct(s.mean);
  if (!std::isnan(s.sd)) out += plus_minus + pct(s.sd);
  if (show_n) out += fmt::format(" (n={})", s.n);
  return out;
}

std::string signed_pct(const std::optional<double>& percent) {
  if (!percent || std::isnan(*percent)) return "-";
  return fmt::format("{:+.{}f}", *percent, kDecimals);
}

std::string p_text(double p) {
  if (std::isnan(p)) return "-";
  if (p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", p);
}

std::string num(double v) {
  if (std::isnan(v)) return "";
  return fmt::format("{}", v);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string latex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '_': case '&': case '%': case '$': case '#': case '{': case '}':
        out += '\\';
        out += c;
        break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '\\': out += "\\textbackslash{}"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string slug(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    const bool keep = std::isalnum(c) || c == '.' || c == '_' || c == '-';
    out += keep ? static_cast<char>(c) : '-';
  }
  return out.empty() ? "-" : out;
}

}  // namespace merlab::reports
