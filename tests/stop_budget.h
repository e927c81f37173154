#pragma once
// How long Stop may take to end a run, in tests: the 100 ms promise on the plain build.
// AddressSanitizer slows both threads several-fold and CI runs two such tests at once on two
// cores (116 and 157 ms seen), so sanitized builds get 300 ms.
#include <cstdint>

#ifdef __SANITIZE_ADDRESS__
inline constexpr std::int64_t kStopBudgetMs = 300;
#else
inline constexpr std::int64_t kStopBudgetMs = 100;
#endif
