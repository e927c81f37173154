#include "lab_view.h"

#include "chart_panel.h"
#include "figure_view.h"
#include "parameter_form.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QGraphicsOpacityEffect>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mlwb::ui {

namespace {
// The fastest pace RunMailbox::setSpeed allows: a run paced over 4 s takes 4 ms.
constexpr double kFullSpeed = 1000.0;

QString readText(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("*This step has no text yet (%1).*").arg(path);
    return QString::fromUtf8(f.readAll());
}
} // namespace

LabView::LabView(QWidget* parent) : QWidget(parent)
{
    // Left: explanation and controls.
    auto* left = new QWidget;
    left->setMinimumWidth(380);  // the parameter sliders need room to be usable
    auto* lv = new QVBoxLayout(left);
    title_ = new QLabel;
    QFont tf = title_->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.35);
    tf.setBold(true);
    title_->setFont(tf);
    title_->setWordWrap(true);
    text_ = new QTextBrowser;
    text_->setOpenExternalLinks(true);
    text_->setObjectName(QStringLiteral("stepText"));

    auto* params = new QGroupBox(tr("Parameters"));
    auto* pv = new QVBoxLayout(params);
    form_ = new ParameterForm;
    pv->addWidget(form_);
    auto* seedRow = new QHBoxLayout;
    seed_ = new QSpinBox;
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, 999999);
    seed_->setToolTip(tr("Random seed: the same seed gives the same numbers on every run"));
    seedRow->addWidget(new QLabel(tr("Seed:")));
    seedRow->addWidget(seed_, 1);
    auto* defaults = new QPushButton(tr("Defaults"));
    defaults->setToolTip(tr("Reset this step's parameters to their defaults, including those the lab's steps "
                            "share, such as its data set."));
    seedRow->addWidget(defaults);
    pv->addLayout(seedRow);

    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("Run"));
    run_->setObjectName(QStringLiteral("run"));
    run_->setToolTip(tr("Run this step (Ctrl+R)"));
    run_->setDefault(true);
    stop_ = new QPushButton(tr("Stop"));
    stop_->setObjectName(QStringLiteral("stop"));
    stop_->setEnabled(false);
    buttons->addWidget(run_, 1);
    buttons->addWidget(stop_, 1);
    // Watching a run: hold it, advance it one animation point (an iteration, a proposal) at a
    // time, or change how fast an animated run goes.
    auto* watch = new QHBoxLayout;
    pause_ = new QPushButton(tr("Pause"));
    pause_->setObjectName(QStringLiteral("pause"));
    pause_->setCheckable(true);
    pause_->setToolTip(tr("Hold the run at its next step; press again to resume (F8)"));
    step_ = new QPushButton(tr("Step"));
    step_->setObjectName(QStringLiteral("stepOnce"));
    step_->setToolTip(tr("Advance a paused run by one step; when nothing runs, start the run paused at its first "
                         "step (F10)"));
    speed_ = new QComboBox;
    speed_->setObjectName(QStringLiteral("speed"));
    speed_->setToolTip(tr("How fast animated runs go (View → Animate Runs)"));
    // From a crawl, where one MCMC proposal or one epoch at a time can be followed, to full speed,
    // where pacing stops and the run goes as fast as the engine does.
    for (double f : {0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 16.0})
        speed_->addItem(tr("%1× speed").arg(f), f);
    speed_->addItem(tr("full speed"), kFullSpeed);
    speed_->setCurrentIndex(3);
    watch->addWidget(pause_, 1);
    watch->addWidget(step_, 1);
    watch->addWidget(speed_, 1);
    connect(pause_, &QPushButton::toggled, this, [this](bool paused) {
        pause_->setText(paused ? tr("Resume") : tr("Pause"));
        emit pauseToggled(paused);
    });
    connect(step_, &QPushButton::clicked, this, &LabView::stepRequested);
    connect(speed_, &QComboBox::currentIndexChanged, this,
            [this](int i) { emit speedChanged(speed_->itemData(i).toDouble()); });

    notes_ = new QLabel;
    notes_->setWordWrap(true);
    notes_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_ = new QLabel;
    error_->setObjectName(QStringLiteral("error"));
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(QStringLiteral("QLabel { background: #fde2e1; color: #7a1212; border: 1px solid #e0a0a0;"
                                         " border-radius: 4px; padding: 6px; }"));
    error_->hide();

    // The notes scroll in a box of their own: when they grew, everything above moved and a
    // click meant for one parameter landed on the next.
    auto* results = new QWidget;
    auto* rv = new QVBoxLayout(results);
    rv->setContentsMargins(0, 0, 4, 0);
    rv->addWidget(error_);
    rv->addWidget(notes_);
    rv->addStretch(1);
    auto* resultsScroll = new QScrollArea;
    resultsScroll->setObjectName(QStringLiteral("notesArea"));
    resultsScroll->setWidgetResizable(true);
    resultsScroll->setWidget(results);
    resultsScroll->setFrameShape(QFrame::NoFrame);
    resultsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    resultsScroll->setMinimumHeight(70);
    text_->setMinimumHeight(60);

    lv->addWidget(title_);
    lv->addWidget(text_, 3);
    lv->addWidget(params);
    lv->addLayout(buttons);
    lv->addLayout(watch);
    lv->addWidget(resultsScroll, 2);
    // A short window scrolls the column instead of squashing the parameter rows.
    auto* leftScroll = new QScrollArea;
    leftScroll->setObjectName(QStringLiteral("controlsArea"));
    leftScroll->setWidgetResizable(true);
    leftScroll->setWidget(left);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftScroll->setMinimumWidth(left->minimumWidth() + 16);

    // Right: the charts, two per row.
    chartArea_ = new QWidget;
    grid_ = new QGridLayout(chartArea_);
    grid_->setContentsMargins(4, 4, 4, 4);
    scroll_ = new QScrollArea;
    scroll_->setWidgetResizable(true);
    scroll_->setWidget(chartArea_);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->viewport()->installEventFilter(this);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("labSplitter"));
    splitter->addWidget(leftScroll);
    splitter->addWidget(scroll_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({420, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(run_, &QPushButton::clicked, this, &LabView::runRequested);
    connect(stop_, &QPushButton::clicked, this, &LabView::stopRequested);
    connect(defaults, &QPushButton::clicked, this, &LabView::defaultsRequested);
    connect(form_, &ParameterForm::valueChanged, this, &LabView::parameterChanged);
    connect(seed_, &QSpinBox::valueChanged, this, [this](int s) { emit seedChanged(quint64(s)); });
}

void LabView::showStep(const Lab& lab, int stepIndex, const ParameterValues& values, quint64 seed)
{
    const Step& step = lab.steps.at(stepIndex);
    title_->setText(QStringLiteral("%1 · %2. %3").arg(lab.title).arg(stepIndex + 1).arg(step.title));
    text_->setMarkdown(readText(step.textFile));
    form_->setParameters(step.parameters, values);
    {
        QSignalBlocker block(seed_);
        seed_->setValue(static_cast<int>(seed));
    }
    qDeleteAll(charts_);
    charts_.clear();
    qDeleteAll(figures_);
    figures_.clear();
    publishedThisRun_.clear();
    figuresThisRun_.clear();
    current_ = nullptr;
    notes_->clear();
    clearError();
}

ParameterValues LabView::values() const { return form_->values(); }

quint64 LabView::seed() const { return quint64(seed_->value()); }

void LabView::setRunning(bool running)
{
    run_->setEnabled(!running);
    stop_->setEnabled(running);
}

void LabView::setPaused(bool paused)
{
    QSignalBlocker block(pause_);
    pause_->setChecked(paused);
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
}

void LabView::showCharts(const QList<ChartSpec>& charts)
{
    for (const ChartSpec& spec : charts) {
        ChartPanel* panel = nullptr;
        for (ChartPanel* p : std::as_const(charts_))
            if (p->spec().id == spec.id)
                panel = p;
        if (!panel) {
            panel = new ChartPanel;
            panel->setObjectName(QStringLiteral("chart-") + spec.id);
            panel->setMinimumHeight(340);
            panel->setDark(dark_);
            charts_.append(panel);
            connect(panel, &ChartPanel::activated, this, [this](ChartPanel* p) { current_ = p; });
            connect(panel, &ChartPanel::exportRequested, this, &LabView::exportRequested);
            connect(panel, &ChartPanel::figureExportRequested, this,
                    [this](ChartPanel* p, ExportFormat format, int scale) {
                        if (FigureView* f = figureOf(p))
                            emit figureExportRequested(f, format, scale);
                    });
            panel->setSpec(spec);
            placeCharts();
            panel->redraw();  // thinned again for the size its cell gave it
        } else {
            panel->setSpec(spec);
        }
        publishedThisRun_.insert(spec.id);
        setStale(panel, false);
    }
}

void LabView::appendStreams(const QList<SeriesBlock>& blocks, const QList<HistogramUpdate>& histograms)
{
    for (ChartPanel* panel : std::as_const(charts_)) {
        QList<SeriesBlock> mine;
        for (const SeriesBlock& b : blocks)
            if (b.chart == panel->spec().id)
                mine.append(b);
        for (const HistogramUpdate& h : histograms)
            if (h.chart == panel->spec().id)
                panel->setHistogramBins(h.index, h.edges, h.counts);
        if (!mine.isEmpty())
            panel->appendPoints(mine);
    }
}

void LabView::showFigures(const QList<FigureSpec>& figures)
{
    for (const FigureSpec& spec : figures) {
        FigureView* view = nullptr;
        for (FigureView* f : std::as_const(figures_))
            if (f->spec().id == spec.id)
                view = f;
        if (!view) {
            view = new FigureView;
            view->setDark(dark_);
            figures_.append(view);
        }
        view->setSpec(spec);
        figuresThisRun_.insert(spec.id);
    }
    placeCharts();
}

FigureView* LabView::figureOf(const ChartPanel* panel) const
{
    for (FigureView* f : figures_)
        if (f->spec().panelFor(panel->spec().id))
            return f;
    return nullptr;
}

FigureView* LabView::currentFigure() const
{
    if (ChartPanel* p = currentChart())
        if (FigureView* f = figureOf(p))
            return f;
    return figures_.isEmpty() ? nullptr : figures_.front();
}

void LabView::beginRun()
{
    publishedThisRun_.clear();
    figuresThisRun_.clear();
}

void LabView::finishRun()
{
    for (qsizetype i = charts_.size() - 1; i >= 0; --i)
        if (!publishedThisRun_.contains(charts_[i]->spec().id)) {
            if (current_ == charts_[i])
                current_ = nullptr;
            delete charts_.takeAt(i);
        }
    for (qsizetype i = figures_.size() - 1; i >= 0; --i)
        if (!figuresThisRun_.contains(figures_[i]->spec().id)) {
            // Its charts this run published stay, as loose charts below.
            for (ChartPanel* p : figures_[i]->findChildren<ChartPanel*>(Qt::FindDirectChildrenOnly))
                p->setParent(chartArea_);
            delete figures_.takeAt(i);
        }
    placeCharts();
}

void LabView::setStale(ChartPanel* panel, bool stale)
{
    if (isStale(panel) == stale)
        return;
    if (!stale) {
        panel->setGraphicsEffect(nullptr);
        panel->setToolTip({});
        return;
    }
    auto* dim = new QGraphicsOpacityEffect(panel);
    dim->setOpacity(0.35);
    panel->setGraphicsEffect(dim);
    panel->setToolTip(tr("From the last run that worked: it does not match the parameters shown."));
}

bool LabView::isStale(const ChartPanel* panel) { return panel->graphicsEffect() != nullptr; }

// Two charts side by side when each still gets a readable width, otherwise one per row.
void LabView::layOutCharts()
{
    constexpr int kMinChartWidth = 520;
    const int columns = scroll_->viewport()->width() >= 2 * kMinChartWidth ? 2 : 1;
    if (columns == columns_)
        return;
    columns_ = columns;
    placeCharts();
}

void LabView::placeCharts()
{
    for (FigureView* f : std::as_const(figures_))
        grid_->removeWidget(f);
    for (ChartPanel* p : std::as_const(charts_))
        grid_->removeWidget(p);
    int row = 0;
    for (FigureView* f : std::as_const(figures_)) {
        f->setMinimumHeight(f->spec().rows * FigureView::kRowHeight + 40);
        grid_->addWidget(f, row++, 0, 1, columns_);
    }
    int n = 0;
    for (ChartPanel* p : std::as_const(charts_)) {
        FigureView* f = figureOf(p);
        if (f && f->place(p))
            continue;
        p->setInFigure(false);
        p->setMinimumHeight(340);
        grid_->addWidget(p, row + n / columns_, n % columns_);
        ++n;
    }
}

bool LabView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize)
        layOutCharts();
    return QWidget::eventFilter(watched, event);
}

void LabView::showNotes(const QStringList& notes)
{
    notes_->setText(notes.join(QLatin1Char('\n')));
}

void LabView::showError(const QString& message, bool chartsStillMatch)
{
    bool dimmed = false;
    if (!chartsStillMatch)
        for (ChartPanel* p : std::as_const(charts_))
            if (!publishedThisRun_.contains(p->spec().id)) {
                setStale(p, true);
                dimmed = true;
            }
    error_->setText(tr("The run failed: %1").arg(message) +
                    (dimmed ? QLatin1Char('\n') + tr("The dimmed charts are from the last run that worked, with other "
                                                      "parameters.")
                            : QString()));
    error_->show();
}

void LabView::clearError()
{
    error_->clear();
    error_->hide();
}

ChartPanel* LabView::currentChart() const
{
    if (current_)
        return current_;
    return charts_.isEmpty() ? nullptr : charts_.front();
}

void LabView::setDark(bool dark)
{
    dark_ = dark;
    for (ChartPanel* p : std::as_const(charts_))
        p->setDark(dark);
    for (FigureView* f : std::as_const(figures_))
        f->setDark(dark);
}

} // namespace mlwb::ui
