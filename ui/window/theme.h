#pragma once

namespace mlwb::ui {

// Fusion style with a light or dark palette for the whole application (Qt 6.4 has no
// colour-scheme hint to follow the desktop's).
void applyTheme(bool dark);

} // namespace mlwb::ui
