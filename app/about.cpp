#include "about.h"

#include <Eigen/Core>
#include <QCoreApplication>
#include <fmt/core.h>
#include <spdlog/version.h>

namespace mlwb::app {

QString aboutText()
{
    return QStringLiteral(
               "<h3>ML Workbench %1</h3>"
               "<p>Interactive labs for practical machine learning: pick a lab, step through it, "
               "change the parameters and watch a fast C++ engine draw the result.</p>"
               "<p>Built with Qt %2 (running on %3), Eigen %4.%5.%6, spdlog %7.%8.%9 and fmt %10.%11.%12.</p>"
               "<p>Copyright © 2026 the ML Workbench authors. Free software under the "
               "<a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">GNU General Public License, "
               "version 3 or later</a>. There is no warranty.</p>")
        .arg(QCoreApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()))
        .arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION)
        .arg(SPDLOG_VER_MAJOR).arg(SPDLOG_VER_MINOR).arg(SPDLOG_VER_PATCH)
        .arg(FMT_VERSION / 10000).arg(FMT_VERSION / 100 % 100).arg(FMT_VERSION % 100);
}

} // namespace mlwb::app
