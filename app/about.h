#pragma once
#include <QString>

namespace mlwb::app {

// Help → About: what the program is, the versions it was built with, its licence.
QString aboutText();

} // namespace mlwb::app
