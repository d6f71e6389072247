// Small string helpers shared by the config system, the registry and the CLI.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace merlab {

std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Candidates closest to `word` (edit distance <= max(2, |word|/3), or sharing a prefix/suffix
// component), best first, at most `limit`.
std::vector<std::string> closest_matches(const std::string& word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

// "unknown X 'foo'; did you mean 'fob'? valid: a, b, c" style tail.
std::string suggestion_text(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace merlab
