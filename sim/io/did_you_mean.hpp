#pragma once
// Suggestions for misspelt keys and choices, so an error can say what was meant.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gigsim {

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance: a swap of two
// neighbouring letters costs 1, which is the commonest typing slip.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if close enough to be a plausible slip; case,
// '-' and '_' are ignored so that `arrivalsPerDay` finds `arrivals_per_day`.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" for listing the valid choices in a message.
std::string join_names(const std::vector<std::string>& names);

}  // namespace gigsim
