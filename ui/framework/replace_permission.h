#pragma once
#include <QString>
#include <QStringList>

#include <stdexcept>

namespace mlwb::ui {

// Which existing files a run may replace although it did not write them. The window grants
// one file at a time, after asking; the command line's --force grants any.
struct ReplacePermission {
    bool anyFile = false;
    QStringList files;  // as canonical paths
    bool allows(const QString& path) const;
};

// Thrown by a step that would replace a file it has no permission for. The window asks the
// learner and, if they agree, runs the step again with permission for this one file.
class ReplaceNeedsConsent : public std::runtime_error {
public:
    ReplaceNeedsConsent(QString path, const std::string& message)
        : std::runtime_error(message), path_(std::move(path)) {}
    const QString& path() const { return path_; }

private:
    QString path_;
};

} // namespace mlwb::ui
