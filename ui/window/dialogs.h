#pragma once
#include <QString>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace mlwb::ui {

// The modal questions the window asks. Tests replace them; the real ones use Qt's
// native file dialogs and message boxes.
class Dialogs {
public:
    virtual ~Dialogs() = default;
    // Empty string: the user cancelled.
    virtual QString saveFile(QWidget* parent, const QString& title, const QString& suggestedPath,
                             const QString& filter);
    virtual QString openFile(QWidget* parent, const QString& title, const QString& filter, const QString& dir);
    virtual QString directory(QWidget* parent, const QString& title, const QString& startDir);
    virtual void error(QWidget* parent, const QString& title, const QString& text);
    // A yes/no question whose yes button reads acceptLabel; No is the default.
    virtual bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptLabel);
    virtual void about(QWidget* parent, const QString& title, const QString& richText);
};

} // namespace mlwb::ui
