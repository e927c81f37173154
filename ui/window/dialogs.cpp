#include "dialogs.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

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

bool Dialogs::confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptLabel)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    QPushButton* accept = box.addButton(acceptLabel, QMessageBox::DestructiveRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == accept;
}

void Dialogs::about(QWidget* parent, const QString& title, const QString& richText)
{
    QMessageBox::about(parent, title, richText);
}

} // namespace mlwb::ui
