#include "lab_navigator.h"

#include <QHeaderView>
#include <QSignalBlocker>

namespace mlwb::ui {

namespace {
constexpr int kLabRole = Qt::UserRole;
constexpr int kStepRole = Qt::UserRole + 1;
} // namespace

LabNavigator::LabNavigator(const QList<Lab>& labs, QWidget* parent) : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setObjectName(QStringLiteral("labNavigator"));
    for (int l = 0; l < labs.size(); ++l) {
        auto* labItem = new QTreeWidgetItem(this, {labs[l].title});
        labItem->setToolTip(0, labs[l].summary);
        labItem->setData(0, kLabRole, l);
        labItem->setData(0, kStepRole, 0);
        QFont f = labItem->font(0);
        f.setBold(true);
        labItem->setFont(0, f);
        for (int s = 0; s < labs[l].steps.size(); ++s) {
            auto* stepItem = new QTreeWidgetItem(labItem, {QStringLiteral("%1. %2").arg(s + 1).arg(labs[l].steps[s].title)});
            stepItem->setData(0, kLabRole, l);
            stepItem->setData(0, kStepRole, s);
        }
    }
    expandAll();
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            emit stepChosen(item->data(0, kLabRole).toInt(), item->data(0, kStepRole).toInt());
    });
}

void LabNavigator::select(int lab, int step)
{
    QTreeWidgetItem* labItem = topLevelItem(lab);
    if (!labItem || step < 0 || step >= labItem->childCount())
        return;
    QSignalBlocker block(this);
    setCurrentItem(labItem->child(step));
}

} // namespace mlwb::ui
