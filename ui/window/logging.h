#pragma once
#include <QDockWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QStringList>


namespace mlwb::ui {

// spdlog for the whole program: warnings to stderr, every line to a bounded in-memory
// buffer the log dock drains, and (when logDirectory is not empty) a rotating file
// mlwb.log of 5 MiB × 3. Qt's own messages are routed into spdlog.
void initLogging(const QString& logDirectory);
// Uninstalls the Qt message handler and shuts spdlog down; call before QApplication dies.
void shutdownLogging();
// Lines logged since the last call (at most the newest few thousand).
QStringList takeLogLines();

// A dock showing the log live; polls takeLogLines() ten times a second on the GUI thread.
class LogDock : public QDockWidget {
    Q_OBJECT
public:
    explicit LogDock(QWidget* parent = nullptr);
    QPlainTextEdit* view() const { return view_; }

private:
    QPointer<QPlainTextEdit> view_;
};

} // namespace mlwb::ui
