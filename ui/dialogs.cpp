#include "dialogs.h"

#include <QFileDialog>
#include <QMessageBox>

namespace mlwb::ui {

QString Dialogs::saveFile(QWidget* parent, const QString& title, const QString& suggestedPath, const QString& filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
}

QString Dialogs::openFile(QWidget* parent, const QString& title, const QString& filter, const QString& dir)
{
    return QFileDialog::getOpenFileName(parent, title, dir, filter);
}

QString Dialogs::directory(QWidget* parent, const QString& title, const QString& startDir)
{
    return QFileDialog::getExistingDirectory(parent, title, startDir);
}

void Dialogs::error(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox::warning(parent, title, text);
}

void Dialogs::about(QWidget* parent, const QString& title, const QString& richText)
{
    QMessageBox::about(parent, title, richText);
}

} // namespace mlwb::ui
