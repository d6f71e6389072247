#include "framework/common/strings.h"

#include <algorithm>
#include <numeric>

namespace merlab {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> closest_matches(const std::string& word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  // Compare the last dotted component too, so "train.lr" finds "train.optimizer.lr".
  auto last = [](const std::string& s) {
    auto p = s.rfind('.');
    return p == std::string::npos ? s : s.substr(p + 1);
  };
  const std::size_t threshold = std::max<std::size_t>(2, word.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    std::size_t d_last = edit_distance(last(word), last(c)) + 1;  // slightly worse than full match
    std::size_t best = std::min(d, d_last);
    if (best <= threshold) scored.emplace_back(best, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() >= limit) break;
    out.push_back(c);
  }
  return out;
}

std::string suggestion_text(const std::string& word, const std::vector<std::string>& candidates) {
  std::string out;
  auto close = closest_matches(word, candidates);
  if (!close.empty()) out += "; did you mean '" + join(close, "', '") + "'?";
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.size() <= 40) {
    out += " Valid: " + (sorted.empty() ? std::string("(none)") : join(sorted, ", "));
  } else {
    out += " (" + std::to_string(sorted.size()) + " valid keys; run 'mer config show' to list them)";
  }
  return out;
}

}  // namespace merlab
