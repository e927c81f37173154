#pragma once
// Dialogs that answer from fields instead of asking: what the tests choose, the
// questions asked recorded.
#include "dialogs.h"

#include <QStringList>

class FakeDialogs : public mlwb::ui::Dialogs {
public:
    QString savePath, directoryPath, openPath;
    QStringList errors;
    QStringList openFilters, openDirs;  // one per openFile() call
    QStringList saveFilters;  // one per saveFile() call
    QString saveFile(QWidget*, const QString&, const QString&, const QString& filter) override
    {
        saveFilters << filter;
        return savePath;
    }
    QString openFile(QWidget*, const QString&, const QString& filter, const QString& dir) override
    {
        openFilters << filter;
        openDirs << dir;
        return openPath;
    }
    QString directory(QWidget*, const QString&, const QString&) override { return directoryPath; }
    void error(QWidget*, const QString&, const QString& text) override { errors << text; }
    void about(QWidget*, const QString&, const QString&) override {}
    bool confirmAnswer = false;
    QStringList questions;
    bool confirm(QWidget*, const QString&, const QString& text, const QString&) override
    {
        questions << text;
        return confirmAnswer;
    }
};
