// The style sheet and the one script of index.html, inline so that the page needs nothing
// but its own folder (no network, no external file). The script makes every
// <table class="sortable"> sortable (click a header: numbers best first, click again to
// reverse; empty cells "-" always last; a cell's data-v attribute, when present, is its sort
// value) and adds a filter box above it that hides the rows not containing the typed text.
#pragma once

namespace merlab::reports {

extern const char* const kHtmlStyle;
extern const char* const kHtmlScript;

}  // namespace merlab::reports
