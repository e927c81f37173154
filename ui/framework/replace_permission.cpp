#include "replace_permission.h"

#include <QFileInfo>

namespace mlwb::ui {

bool ReplacePermission::allows(const QString& path) const
{
    return anyFile || files.contains(QFileInfo(path).canonicalFilePath());
}

} // namespace mlwb::ui
