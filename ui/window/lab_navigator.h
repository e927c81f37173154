#pragma once
#include "lab.h"

#include <QTreeWidget>

namespace mlwb::ui {

// The list of labs and their steps, shown in a dock.
class LabNavigator : public QTreeWidget {
    Q_OBJECT
public:
    explicit LabNavigator(const QList<Lab>& labs, QWidget* parent = nullptr);
    void select(int lab, int step);  // without emitting stepChosen

signals:
    void stepChosen(int lab, int step);
};

} // namespace mlwb::ui
